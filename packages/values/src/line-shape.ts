import { parse } from 'yaml';
import type { LineIndex } from './lines.js';
import type { PathSegment } from './tree.js';

/**
 * The line parser: what one line of a block YAML document is, from its text alone. Completion uses
 * it because it keeps working while the document does not parse; on documents that do parse it
 * agrees with the full parser on the path of every key (test/parsers-agree.test.ts).
 */
export interface LineShape {
  /** Nothing but spaces or a comment. */
  blank: boolean;
  /** Column of the first content character (the first dash on item lines). */
  indent: number;
  dash: boolean;
  /** Columns of the dashes that start the line: more than one for a list in a list ("- - a: 1"). */
  dashes: number[];
  /** Column of the key text (after every "- " on item lines). */
  keyColumn: number;
  key: string | undefined;
}

/** A key as written -> the key: quotes removed, YAML's escapes (`''` in single quotes, `\\` ones in double quotes) read. */
export function unquote(k: string): string {
  if (k.length >= 2 && k.startsWith("'") && k.endsWith("'")) return k.slice(1, -1).replace(/''/g, "'");
  if (k.length >= 2 && k.startsWith('"') && k.endsWith('"')) {
    if (!k.includes('\\')) return k.slice(1, -1);
    // YAML's double-quoted escapes are JSON's and more (\x, \U, \N, ...): let the YAML parser read them.
    const v: unknown = parse(k);
    return typeof v === 'string' ? v : k.slice(1, -1);
  }
  return k;
}

/**
 * A key at the start of a line's content: quoted, or plain. A plain key may hold `#` and `:` where
 * YAML allows them (`#` not after a blank, `:` not before one), so `a#b:` and `k8s:io:` are keys.
 */
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|(?:[^\s#:'"]|:(?=\S))(?:[^\s:]|:(?=\S)|[ \t]+(?=[^\s#]))*?)\s*:(?:\s|$)/;

export function shapeOf(line: string): LineShape {
  const m = /^( *)((?:-(?: +|$))*)([\s\S]*)$/.exec(line)!;
  const indent = m[1]!.length;
  const dashes: number[] = [];
  for (let i = 0; i < m[2]!.length; i++) if (m[2]![i] === '-') dashes.push(indent + i);
  const rest = m[3]!;
  const dash = dashes.length > 0;
  const blank = !dash && (rest.trim() === '' || rest.trimStart().startsWith('#'));
  const km = KEY.exec(rest);
  return { blank, indent, dash, dashes, keyColumn: indent + m[2]!.length, key: km ? unquote(km[1]!.trim()) : undefined };
}

/** One list index (0: a list's items share one schema) per dash. */
function zeros(n: number): PathSegment[] {
  return Array.from({ length: n }, () => 0);
}

/**
 * The path of the mapping that holds a key at `column` (mode `map`), or of the list whose dashes
 * are at `column` (mode `seq`), as seen from line `lineNo`. Found from indentation alone so that it
 * works while the document does not parse. List items count as index 0: a list's items share one
 * schema.
 */
export function containerPath(lines: LineIndex, lineNo: number, column: number, mode: 'map' | 'seq'): PathSegment[] {
  const path: PathSegment[] = [];
  let want = mode;
  let col = column;
  for (let l = lineNo - 1; l >= 0; l--) {
    if (want === 'map' && col === 0) break;
    const s = shapeOf(lines.lineText(l));
    if (s.blank) continue;
    if (want === 'map') {
      if (s.dash && s.keyColumn === col && s.indent < col) {
        // The mapping is an item of the list(s) whose dashes start this line.
        path.unshift(...zeros(s.dashes.length));
        want = 'seq';
        col = s.indent;
        continue;
      }
      if (s.keyColumn >= col && s.indent >= col) continue; // a sibling or inside one
    } else {
      if (s.indent > col || (s.dash && s.indent === col)) continue; // inside or at a sibling item
      const inner = s.dashes.indexOf(col);
      if (inner > 0) {
        // The list is an item of the lists whose dashes come before it on this line.
        path.unshift(...zeros(inner));
        col = s.indent;
        continue;
      }
    }
    if (s.key === undefined) break;
    path.unshift(s.key);
    if (s.dash) {
      path.unshift(...zeros(s.dashes.length));
      want = 'seq';
      col = s.indent;
    } else {
      want = 'map';
      col = s.keyColumn;
    }
  }
  return path;
}

/** Keys already present in the mapping the cursor line belongs to (so completion does not offer them twice). */
export function siblingKeys(lines: LineIndex, lineNo: number, column: number, newItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (newItem) return keys;
  const scan = (from: number, step: number) => {
    for (let l = from; l >= 0 && l < lines.lineCount; l += step) {
      const s = shapeOf(lines.lineText(l));
      if (s.blank) continue;
      if (s.dash && s.keyColumn === column) {
        // The first key of this list item belongs to our mapping; earlier items do not.
        if (s.key !== undefined) keys.add(s.key);
        return;
      }
      if (s.keyColumn < column || s.indent < column) return;
      if (s.keyColumn === column && s.key !== undefined) keys.add(s.key);
    }
  };
  scan(lineNo - 1, -1);
  scan(lineNo + 1, 1);
  return keys;
}
