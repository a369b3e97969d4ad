import { parseEvents, getScalarValue, EVENT_ID, SCALAR_STYLE, COLLECTION_STYLE, type Event } from 'js-yaml';
import { parseDocument, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { MAX_NESTING_DEPTH, findTooDeep, hideRegions, tooDeepMessage } from './depth.js';
import type { YEntry, YMapNode, YNode, YScalarNode, YSeqNode } from './tree.js';

export interface SyntaxProblem {
  message: string;
  start: number;
  end: number;
  severity: 'error' | 'warning';
  /** The diagnostic code when it is not `syntax`/`duplicate-key` (read from the message). */
  code?: string;
}

export interface ParsedYaml {
  root: YNode | undefined;
  value: unknown;
  problems: SyntaxProblem[];
  /**
   * True when the document came through the fast event parser: no syntax errors, no anchors,
   * aliases or tags. Only such trees are patched in place after an edit.
   */
  fast: boolean;
}

export function parseYaml(text: string): ParsedYaml {
  const fast = parseFast(text);
  if (fast) return fast;
  // The fast parser stops at the depth limit by itself; `yaml` does not (it overflows the stack at
  // about 10,000 levels), so what is too deep is hidden from it first, and said once where it starts.
  const deep = findTooDeep(text);
  if (deep.length === 0) return parseFull(text);
  const hidden = hideRegions(text, deep);
  const parsed = parseFast(hidden) ?? parseFull(hidden);
  for (const r of deep) {
    let end = r.start + 1;
    while (end < r.end && !/[\s:,\[\]{}]/.test(text[end]!)) end++;
    parsed.problems.push({ message: tooDeepMessage(), start: r.start, end, severity: 'error', code: 'too-deep' });
  }
  parsed.problems.sort((a, b) => a.start - b.start);
  // The tree describes the hidden text, so it is never patched from a diff of the real one.
  parsed.fast = false;
  return parsed;
}

interface Frame {
  node: YMapNode | YSeqNode;
  value: Record<string, unknown> | unknown[];
  key: { key: string; start: number; end: number } | undefined;
}

const PLAIN = SCALAR_STYLE.PLAIN;
const SINGLE = SCALAR_STYLE.SINGLE_QUOTED;
const DOUBLE = SCALAR_STYLE.DOUBLE_QUOTED;

/**
 * The fast path: js-yaml's event parser keeps source offsets and is several times quicker than
 * building `yaml`'s full document model. It gives up (returns undefined) on anything it does not
 * model exactly, and the caller then takes the full-fidelity path, which also recovers from errors.
 */
export function parseFast(text: string, maxDepth = MAX_NESTING_DEPTH): ParsedYaml | undefined {
  if (maxDepth < 1) return undefined;
  let events: Event[];
  try {
    events = parseEvents(text, { maxDepth });
  } catch {
    return undefined;
  }
  const stack: Frame[] = [];
  const problems: SyntaxProblem[] = [];
  let root: YNode | undefined;
  let rootValue: unknown = null;
  let documents = 0;
  let lastEnd = 0;

  const attach = (node: YNode, value: unknown): boolean => {
    const top = stack[stack.length - 1];
    if (!top) {
      root = node;
      rootValue = value;
      return true;
    }
    if (top.node.kind === 'seq') {
      top.node.items.push(node);
      (top.value as unknown[]).push(value);
      return true;
    }
    const pending = top.key;
    if (!pending) {
      // A key: only scalar keys are modelled here.
      if (node.kind !== 'scalar') return false;
      top.key = { key: value === null ? '' : String(value), start: node.start, end: node.end };
      return true;
    }
    top.key = undefined;
    const obj = top.value as Record<string, unknown>;
    if (Object.prototype.hasOwnProperty.call(obj, pending.key)) {
      problems.push({ message: duplicateKeyMessage(pending.key), start: pending.start, end: pending.end, severity: 'error' });
    }
    setOwn(obj, pending.key, value);
    top.node.entries.push({ key: pending.key, keyStart: pending.start, keyEnd: pending.end, value: node });
    return true;
  };

  for (const ev of events) {
    switch (ev.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1) return undefined;
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) return undefined;
        const flow = ev.style === COLLECTION_STYLE.FLOW;
        const frame: Frame =
          ev.type === EVENT_ID.MAPPING
            ? { node: { kind: 'map', start: ev.start, end: ev.start, flow, entries: [] }, value: {}, key: undefined }
            : { node: { kind: 'seq', start: ev.start, end: ev.start, flow, items: [] }, value: [], key: undefined };
        stack.push(frame);
        lastEnd = ev.start + 1;
        break;
      }
      case EVENT_ID.SCALAR: {
        if (ev.anchorStart >= 0 || ev.tagStart >= 0) return undefined;
        let start: number;
        let end: number;
        let value: unknown;
        if (ev.valueStart < 0) {
          // An empty value ("key:" or "-" with nothing after it) has no source of its own: it sits
          // after its indicator and the spaces that follow, where the full parser puts it too.
          const at = emptyValueAt(text, lastEnd, stack[stack.length - 1]);
          if (at < 0) return undefined;
          start = end = at;
          value = null;
        } else if (ev.style === PLAIN) {
          start = ev.valueStart;
          end = ev.valueEnd;
          value = resolvePlain(ev.fast ? text.slice(start, end) : getScalarValue(text, ev));
        } else if (ev.style === SINGLE || ev.style === DOUBLE) {
          start = ev.valueStart - 1;
          end = ev.valueEnd + 1;
          value = getScalarValue(text, ev);
        } else {
          // A block scalar begins at its `|` or `>` header, as in the full parser; the event gives
          // only where its content begins.
          start = blockScalarHeader(text, lastEnd, ev.valueStart);
          if (start < 0) return undefined;
          end = ev.valueEnd;
          while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
          value = getScalarValue(text, ev);
        }
        lastEnd = end;
        const node: YScalarNode = { kind: 'scalar', start, end };
        if (!attach(node, value)) return undefined;
        break;
      }
      case EVENT_ID.ALIAS:
        return undefined;
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (!frame) break; // end of a document
        if (frame.key) return undefined; // a key without a value: not something the parser emits
        const n = frame.node;
        const last = n.kind === 'map' ? n.entries[n.entries.length - 1]?.value : n.items[n.items.length - 1];
        n.end = last ? Math.max(last.end, n.start) : n.start;
        if (n.flow) n.end = closingBracket(text, Math.max(n.end, n.start + 1));
        lastEnd = n.end;
        if (!attach(n, frame.value)) return undefined;
        break;
      }
    }
  }
  return { root, value: rootValue, problems, fast: true };
}

/**
 * Where an empty value begins: after the `:` of its key (mappings) or after its `-` (block lists),
 * and the spaces after that. `from` is the end of what came before (the key, or the previous item).
 * -1 when the text there is not that shape (an empty key, a flow list, `{a}`): the caller then
 * leaves the document to the full parser rather than guess.
 */
function emptyValueAt(text: string, from: number, top: Frame | undefined): number {
  if (!top) return from;
  let i = from;
  if (top.node.kind === 'map') {
    if (!top.key) return -1;
    while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 9)) i++;
    if (text.charCodeAt(i) !== 0x3a /* : */) return -1;
  } else {
    if (top.node.flow) return -1;
    // The first item's dash is the list's own start, already passed.
    if (top.node.items.length === 0 && from === top.node.start + 1) return skipSpaces(text, from);
    // Past the end of the previous item: blanks, line breaks and comments up to the next dash.
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x23 /* # */) {
        while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      } else if (c === 0x20 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
    if (text.charCodeAt(i) !== 0x2d /* - */) return -1;
  }
  return skipSpaces(text, i + 1);
}

/** The offset of a block scalar's `|` or `>`: the first one between `from` (the key or dash before it) and its content. */
function blockScalarHeader(text: string, from: number, contentStart: number): number {
  for (let i = from; i < contentStart; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c /* | */ || c === 0x3e /* > */) return i;
    if (c === 0x23 /* # */) return -1;
  }
  return -1;
}

function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 9)) i++;
  return i;
}

function closingBracket(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) return i + 1;
    if (c === 0x23 /* # */) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else i++;
  }
  return text.length;
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** YAML 1.2 core schema resolution of a plain scalar (what `yaml` does by default). */
export function resolvePlain(s: string): unknown {
  switch (s) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Infinity;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return -Infinity;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return NaN;
  }
  const c = s.charCodeAt(0);
  // Only strings starting with a digit, a sign or a dot can be numbers.
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46)) return s;
  if (INT.test(s)) return Number(s);
  if (s.length > 2 && c === 48) {
    const p = s.charCodeAt(1);
    if (p === 111 /* o */ && /^0o[0-7]+$/.test(s)) return parseInt(s.slice(2), 8);
    if (p === 120 /* x */ && /^0x[0-9a-fA-F]+$/.test(s)) return parseInt(s.slice(2), 16);
  }
  if (FLOAT.test(s)) return Number(s);
  return s;
}

export function duplicateKeyMessage(key: string): string {
  return `duplicate key "${key}": the mapping already has it, and only the last one counts`;
}

/** The full-fidelity path: `yaml`'s document model, which reports every syntax error with its range. */
export function parseFull(text: string): ParsedYaml {
  try {
    return parseFullUnguarded(text);
  } catch (err) {
    // The depth guard keeps `yaml` inside the stack; this is the last line should a shape it does
    // not count still exhaust it. The caller gets a document that says so instead of an exception.
    if (!(err instanceof RangeError)) throw err;
    return { root: undefined, value: null, problems: [{ message: 'the document is too deeply nested to be read', start: 0, end: Math.min(1, text.length), severity: 'error' }], fast: false };
  }
}

function parseFullUnguarded(text: string): ParsedYaml {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  const problems: SyntaxProblem[] = [];
  for (const e of doc.errors) {
    const [s, en] = e.pos;
    if (e.code === 'DUPLICATE_KEY') continue; // reported below from the tree, with our wording
    if (e.code === 'MISSING_CHAR' && /quote/i.test(e.message)) {
      // `yaml` reports an unclosed quote where the document ends; the opening quote is where to look.
      const q = e.message.includes("'") ? "'" : '"';
      const open = text.lastIndexOf(q, Math.max(0, s - 1));
      if (open >= 0) {
        const nl = text.indexOf('\n', open);
        problems.push({ message: `missing closing ${q}: the quoted text that starts here is never closed`, start: open, end: nl < 0 ? text.length : nl, severity: 'error' });
        continue;
      }
    }
    problems.push({ message: syntaxMessage(e.message), start: s, end: Math.max(en, s), severity: 'error' });
  }
  for (const w of doc.warnings) {
    const [s, en] = w.pos;
    problems.push({ message: syntaxMessage(w.message), start: s, end: Math.max(en, s), severity: 'warning' });
  }
  const root = doc.contents ? convert(text, doc.contents as YamlNode, problems) : undefined;
  let value: unknown = null;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const start = 0;
    problems.push({ message: `the document cannot be read as data: ${(err as Error).message}`, start, end: start, severity: 'error' });
  }
  return { root, value, problems, fast: false };
}

function syntaxMessage(m: string): string {
  return m.replace(/ at line \d+, column \d+[\s\S]*$/, '').trim();
}

function convert(text: string, n: YamlNode | null | undefined, problems: SyntaxProblem[], fallbackAt = 0): YNode {
  if (!n || !n.range) return { kind: 'scalar', start: fallbackAt, end: fallbackAt };
  const [start, valueEnd] = n.range;
  if (isMap(n)) {
    const entries: YEntry[] = [];
    const seen = new Set<string>();
    // A block mapping ends with its last entry, as in the fast parser (yaml's range runs on over the
    // line break and trailing comments); a flow mapping at its closing brace.
    let end = start;
    for (const item of n.items) {
      if (!isPair(item)) continue;
      const k = item.key as YamlNode | null;
      let key: string;
      let keyStart: number;
      let keyEnd: number;
      if (isScalar(k) && k.range) {
        key = k.value === null ? '' : String(k.value);
        keyStart = k.range[0];
        keyEnd = k.range[1];
      } else if (k && k.range) {
        key = String(k.toJSON());
        keyStart = k.range[0];
        keyEnd = k.range[1];
      } else continue;
      if (seen.has(key)) problems.push({ message: duplicateKeyMessage(key), start: keyStart, end: keyEnd, severity: 'error' });
      seen.add(key);
      const value = convert(text, item.value as YamlNode | null, problems, keyEnd);
      entries.push({ key, keyStart, keyEnd, value });
      end = Math.max(end, keyEnd, value.end);
    }
    const node: YMapNode = { kind: 'map', start, end: Math.max(start, n.flow ? valueEnd : end), flow: !!n.flow, entries };
    return node;
  }
  if (isSeq(n)) {
    const items = n.items.map((it) => convert(text, it as YamlNode, problems, start));
    const last = items[items.length - 1];
    const node: YSeqNode = { kind: 'seq', start, end: n.flow ? valueEnd : Math.max(start, last ? last.end : valueEnd), flow: !!n.flow, items };
    return node;
  }
  // Block scalars' ranges include their trailing line breaks; keep diagnostics on the content.
  let end = valueEnd;
  while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
  return { kind: 'scalar', start, end };
}
