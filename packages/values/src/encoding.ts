import { LineIndex } from './lines.js';
import { valuesDiagnostic, type ValuesDiagnostic } from './diagnostics.js';

export interface DecodedValuesFile {
  /** The text, with U+FFFD where the bytes were not UTF-8, so the rest can still be checked. */
  text: string;
  /** One error per run of bytes that are not UTF-8, at the character that stands for them. */
  diagnostics: ValuesDiagnostic[];
}

/**
 * Reads a values file's bytes as UTF-8 (YAML's encoding here; Helm reads values files the same way)
 * and says where they are not, by byte offset, instead of silently replacing them.
 */
export function decodeValuesFile(bytes: Uint8Array): DecodedValuesFile {
  const bad: Array<{ byte: number; length: number; char: number }> = [];
  let text = '';
  let from = 0;
  let chars = 0;
  let i = 0;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: false });
  const flushGood = (to: number) => {
    if (to > from) {
      // Streaming: a BOM is dropped only at the very start, not after each bad run.
      const part = decoder.decode(bytes.subarray(from, to), { stream: true });
      text += part;
      chars += part.length;
    }
  };
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len > 0) {
      i += len;
      continue;
    }
    flushGood(i);
    // A run of bad bytes is one finding (a Latin-1 file has many).
    const start = i;
    i++;
    while (i < bytes.length && sequenceLength(bytes, i) === 0) i++;
    bad.push({ byte: start, length: i - start, char: chars });
    text += '\uFFFD';
    chars += 1;
    from = i;
  }
  flushGood(bytes.length);
  const lines = new LineIndex(text);
  const diagnostics: ValuesDiagnostic[] = bad.map((b) => {
    const hex = Array.from(bytes.subarray(b.byte, Math.min(b.byte + b.length, b.byte + 4)), (x) => x.toString(16).padStart(2, '0')).join(' ');
    const message = `not UTF-8: byte ${b.byte} (0x${hex}${b.length > 4 ? ' ...' : ''}) cannot be read; save the file as UTF-8`;
    return valuesDiagnostic(lines.range(b.char, b.char + 1), b.char, b.char + 1, 'error', message, 'encoding');
  });
  return { text, diagnostics };
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7), or 0. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i]!;
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k]! >= lo && b[i + k]! <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/**
 * For text an editor has already decoded (the language server never sees the bytes): each run of
 * U+FFFD is where a decoder most likely met bytes that were not UTF-8. A warning, since the
 * character may also have been typed; Helm refuses values files that are not UTF-8.
 */
export function replacementCharacterDiagnostics(text: string): ValuesDiagnostic[] {
  const out: ValuesDiagnostic[] = [];
  let lines: LineIndex | undefined;
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i)) {
    let end = i + 1;
    while (text.charCodeAt(end) === 0xfffd) end++;
    lines ??= new LineIndex(text);
    const message = 'U+FFFD (\uFFFD) here usually stands for bytes that are not UTF-8, which Helm refuses: save the file as UTF-8 (or check this character)';
    out.push(valuesDiagnostic(lines.range(i, end), i, end, 'warning', message, 'encoding'));
    i = end;
  }
  return out;
}
