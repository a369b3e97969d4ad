import { MAX_NESTING_DEPTH } from './depth.js';
import { parseFast, type ParsedYaml, type SyntaxProblem } from './parse.js';
import { shiftTree, type PathSegment, type YEntry, type YMapNode, type YNode, type YSeqNode } from './tree.js';

/**
 * Re-parses only the block entry (mapping entry or list item) that encloses an edit, and patches
 * the previous tree and value in place. Returns undefined when that cannot be done safely; the
 * caller then parses the whole document. `previous` must come from the fast parser.
 */
export function reparseIncrementally(oldText: string, newText: string, previous: ParsedYaml): ParsedYaml | undefined {
  const root = previous.root;
  if (!previous.fast || !root || root.kind === 'scalar' || root.flow) return undefined;
  const oldLen = oldText.length;
  const newLen = newText.length;
  const minLen = Math.min(oldLen, newLen);
  let p = 0;
  while (p < minLen && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  if (p === oldLen && p === newLen) return previous;
  let s = 0;
  while (s < minLen - p && oldText.charCodeAt(oldLen - 1 - s) === newText.charCodeAt(newLen - 1 - s)) s++;
  const oldEnd = oldLen - s;
  const delta = newLen - oldLen;

  // The chain of block entries/items that contain the edit, outermost first.
  interface Candidate {
    parent: YMapNode | YSeqNode;
    index: number;
    path: PathSegment[];
    /** Offset of the key (entries) or of the dash (items). */
    anchor: number;
    end: number;
  }
  const chain: Candidate[] = [];
  let node: YNode = root;
  const path: PathSegment[] = [];
  for (;;) {
    if (node.kind === 'scalar' || node.flow) break;
    let next: Candidate | undefined;
    if (node.kind === 'map') {
      const entries = node.entries;
      for (let i = 0; i < entries.length; i++) {
        const e: YEntry = entries[i]!;
        const end = Math.max(e.value.end, e.keyEnd);
        if (p > e.keyStart && oldEnd <= end) {
          next = { parent: node, index: i, path: [...path, e.key], anchor: e.keyStart, end };
          break;
        }
        if (e.keyStart > oldEnd) break;
      }
    } else {
      const items = node.items;
      for (let i = 0; i < items.length; i++) {
        const it = items[i]!;
        const dash = dashBefore(oldText, it.start);
        if (dash < 0) return undefined;
        if (p > dash && oldEnd <= it.end) {
          next = { parent: node, index: i, path: [...path, i], anchor: dash, end: it.end };
          break;
        }
        if (dash > oldEnd) break;
      }
    }
    if (!next) break;
    chain.push(next);
    path.push(next.path[next.path.length - 1]!);
    node = next.parent.kind === 'map' ? next.parent.entries[next.index]!.value : next.parent.items[next.index]!;
  }

  for (let c = chain.length - 1; c >= 0; c--) {
    const cand = chain[c]!;
    const lineStart = Math.max(oldText.lastIndexOf('\n', cand.anchor - 1), oldText.lastIndexOf('\r', cand.anchor - 1)) + 1;
    const column = cand.anchor - lineStart;
    const newEnd = cand.end + delta;
    if (newEnd < cand.anchor) continue;
    // Everything after the region on its last line must be blank or a comment, as it was before.
    if (!restOfLineIsTrivia(newText, newEnd)) continue;
    const body = newText.slice(cand.anchor, newEnd);
    // A lone CR ends a line in YAML; the line checks below only look for LF.
    if (/\r(?!\n)/.test(body)) continue;
    if (!linesStayInside(body, column, cand.parent.kind === 'map')) continue;
    const snippet = ' '.repeat(column) + body;
    // The region sits c + 1 levels down; it may only nest what is left of the document's limit.
    const parsed = parseFast(snippet, MAX_NESTING_DEPTH - (c + 1));
    if (!parsed || parsed.problems.length > 0 || !parsed.root || parsed.root.kind === 'scalar' || parsed.root.flow) continue;
    const base = cand.anchor - column;
    let replacement: YEntry | YNode;
    let value: unknown;
    if (cand.parent.kind === 'map') {
      if (parsed.root.kind !== 'map' || parsed.root.entries.length !== 1) continue;
      const entry = parsed.root.entries[0]!;
      const oldEntry = cand.parent.entries[cand.index]!;
      if (entry.key !== oldEntry.key) continue;
      shiftTree(entry.value, 0, base);
      entry.keyStart += base;
      entry.keyEnd += base;
      replacement = entry;
      value = (parsed.value as Record<string, unknown>)[entry.key];
    } else {
      if (parsed.root.kind !== 'seq' || parsed.root.items.length !== 1) continue;
      const item = parsed.root.items[0]!;
      shiftTree(item, 0, base);
      replacement = item;
      value = (parsed.value as unknown[])[0];
    }
    // Commit: move everything after the edit, swap in the new subtree, fix the ancestors' ends.
    shiftTree(root, oldEnd, delta);
    if (cand.parent.kind === 'map') cand.parent.entries[cand.index] = replacement as YEntry;
    else cand.parent.items[cand.index] = replacement as YNode;
    for (let a = c; a >= 0; a--) fixEnd(chain[a]!.parent);
    fixEnd(root);
    setAtPath(previous.value, cand.path, value);
    // Duplicate keys elsewhere are still there: keep them (moved), drop those of the re-parsed
    // region (it parsed clean), and keep the entry's own key when it duplicates a sibling.
    const problems: SyntaxProblem[] = [];
    for (const pr of previous.problems) {
      if (pr.start < cand.anchor) problems.push(pr);
      else if (pr.start >= cand.end) problems.push({ ...pr, start: pr.start + delta, end: pr.end + delta });
      else if (pr.start === cand.anchor && cand.parent.kind === 'map') {
        const e = replacement as YEntry;
        problems.push({ ...pr, start: e.keyStart, end: e.keyEnd });
      }
    }
    return { root, value: previous.value, problems, fast: true };
  }
  return undefined;
}

function fixEnd(n: YMapNode | YSeqNode): void {
  const last = n.kind === 'map' ? n.entries[n.entries.length - 1]?.value : n.items[n.items.length - 1];
  if (last) n.end = Math.max(n.start, last.end);
}

function dashBefore(text: string, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text.charCodeAt(i);
    if (c === 0x2d /* - */) return i;
    if (c !== 0x20) return -1;
    i--;
  }
  return -1;
}

function restOfLineIsTrivia(text: string, at: number): boolean {
  let i = at;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return true;
    if (c === 0x23 /* # */) return i > at || at === 0 || /\s/.test(text[at - 1]!);
    if (c !== 0x20) return false;
    i++;
  }
  return true;
}

/**
 * Every content line after the first must be indented deeper than the entry, so that the region
 * parsed alone means what it means inside the document. A mapping entry may also hold a list
 * written at its own column ("key:\n- a").
 */
function linesStayInside(body: string, column: number, isMapEntry: boolean): boolean {
  let i = body.indexOf('\n');
  while (i >= 0) {
    let j = i + 1;
    while (j < body.length && body.charCodeAt(j) === 0x20) j++;
    const c = body.charCodeAt(j);
    const blank = j >= body.length || c === 10 || c === 13 || c === 0x23;
    if (!blank) {
      const indent = j - i - 1;
      if (indent < column) return false;
      if (indent === column) {
        const next = body.charCodeAt(j + 1);
        const isDash = c === 0x2d && (j + 1 >= body.length || next === 0x20 || next === 10 || next === 13);
        if (!(isMapEntry && isDash)) return false;
      }
      if (c === 9) return false;
    }
    i = body.indexOf('\n', j);
  }
  return true;
}

function setAtPath(root: unknown, path: PathSegment[], value: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]!] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (last === '__proto__') Object.defineProperty(cur, last, { value, enumerable: true, writable: true, configurable: true });
  else cur[last] = value;
}
