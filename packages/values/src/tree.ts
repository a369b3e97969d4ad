/**
 * A small position tree over a YAML document: just enough structure to map a JSON path to source
 * offsets and an offset back to a JSON path. Both parse paths (the fast event parser and the
 * full-fidelity `yaml` parser) produce it, so everything above the parser is shared.
 * Offsets are zero-based, end-exclusive, absolute in the document text.
 */
export interface YScalarNode {
  kind: 'scalar';
  start: number;
  end: number;
}

export interface YEntry {
  key: string;
  keyStart: number;
  keyEnd: number;
  value: YNode;
}

export interface YMapNode {
  kind: 'map';
  start: number;
  end: number;
  flow: boolean;
  entries: YEntry[];
}

export interface YSeqNode {
  kind: 'seq';
  start: number;
  end: number;
  flow: boolean;
  items: YNode[];
}

export type YNode = YScalarNode | YMapNode | YSeqNode;

export type PathSegment = string | number;

/** Where in the tree an offset falls: the path of the innermost node, and whether it is on a key. */
export interface PathAt {
  path: PathSegment[];
  node: YNode | undefined;
  /** Set when the offset is on a mapping key: the entry that key belongs to. */
  entry: YEntry | undefined;
}

/**
 * Key lookups for callers that look up many paths in one tree (one per schema problem): without it
 * a mapping of n keys with n problems costs n^2.
 */
export type EntryIndex = WeakMap<YMapNode, Map<string, YEntry>>;

export function nodeAtPath(root: YNode | undefined, path: readonly PathSegment[], index?: EntryIndex): { node: YNode | undefined; entry: YEntry | undefined; depth: number } {
  let node = root;
  let entry: YEntry | undefined;
  let depth = 0;
  for (const seg of path) {
    if (!node) break;
    if (node.kind === 'map' && typeof seg === 'string') {
      // The last entry wins, as in the parsed value, when a key is duplicated.
      let found: YEntry | undefined;
      if (index && node.entries.length > 16) {
        let keys = index.get(node);
        if (!keys) {
          keys = new Map();
          for (const e of node.entries) keys.set(e.key, e);
          index.set(node, keys);
        }
        found = keys.get(seg);
      } else for (const e of node.entries) if (e.key === seg) found = e;
      if (!found) break;
      entry = found;
      node = found.value;
    } else if (node.kind === 'seq' && typeof seg === 'number') {
      const item = node.items[seg];
      if (!item) break;
      entry = undefined;
      node = item;
    } else {
      break;
    }
    depth++;
  }
  return { node, entry, depth };
}

export function pathAtOffset(root: YNode | undefined, offset: number): PathAt {
  const path: PathSegment[] = [];
  let node = root;
  let entry: YEntry | undefined;
  while (node) {
    if (node.kind === 'map') {
      let next: YEntry | undefined;
      for (const e of node.entries) {
        if (offset >= e.keyStart && offset <= e.keyEnd) {
          path.push(e.key);
          return { path, node: e.value, entry: e };
        }
        if (offset >= e.keyStart && offset <= Math.max(e.value.end, e.keyEnd)) next = e;
      }
      if (!next) break;
      path.push(next.key);
      entry = next;
      node = next.value;
      if (node.kind === 'scalar') break;
    } else if (node.kind === 'seq') {
      let idx = -1;
      for (let i = 0; i < node.items.length; i++) {
        const it = node.items[i]!;
        if (offset >= it.start && offset <= it.end) idx = i;
      }
      if (idx < 0) break;
      path.push(idx);
      entry = undefined;
      node = node.items[idx]!;
      if (node.kind === 'scalar') break;
    } else {
      break;
    }
  }
  return { path, node, entry };
}

export function countNodes(root: YNode | undefined): number {
  if (!root) return 0;
  if (root.kind === 'scalar') return 1;
  let n = 1;
  if (root.kind === 'map') for (const e of root.entries) n += 1 + countNodes(e.value);
  else for (const it of root.items) n += countNodes(it);
  return n;
}

/** Moves every offset at or after `at` by `delta` (used after an edit re-parsed only one region). */
export function shiftTree(node: YNode, at: number, delta: number): void {
  if (node.end < at) return;
  if (node.start >= at) node.start += delta;
  node.end += delta;
  if (node.kind === 'map') {
    for (const e of node.entries) {
      if (e.keyStart >= at) {
        e.keyStart += delta;
        e.keyEnd += delta;
      }
      shiftTree(e.value, at, delta);
    }
  } else if (node.kind === 'seq') {
    for (const it of node.items) shiftTree(it, at, delta);
  }
}
