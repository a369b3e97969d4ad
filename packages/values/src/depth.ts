import { Lexer } from 'yaml';

/**
 * How deep a values document may nest (mappings and lists, block and flow together).
 *
 * Why 100: real values files nest under 20 levels (the deepest Helm charts' values are about 15),
 * so nothing a person writes comes near it. Above it, `yaml` is what bounds us: its CST parser
 * and composer use several stack frames per level and overflow Node's default stack between 500
 * and 1,000 levels (measured for block and flow, lists and mappings), and close to the stack's end
 * V8 may abort the whole process instead of throwing (its regexp compiler runs out of room: the
 * exit 134 this guard exists for). 100 keeps a margin of five or more, also when the service runs
 * deep inside a caller's stack; it is js-yaml's default limit too.
 */
export const MAX_NESTING_DEPTH = 100;

export interface TooDeep {
  /** Where the collection that crosses the limit begins. */
  start: number;
  /** Where it ends (end-exclusive): everything in [start, end) is hidden from the parsers. */
  end: number;
}

interface Open {
  col: number;
  kind: 'map' | 'seq';
  /** Offset of the collection's first token. */
  at: number;
}

/**
 * Finds the collections nested deeper than `limit`, without recursion and without building any
 * tree: `yaml`'s lexer is a flat token stream, so quotes, comments and block scalars are read
 * exactly as the parser reads them, and the nesting is counted from indicators and columns.
 * Regions are outermost and do not overlap.
 */
export function findTooDeep(text: string, limit = MAX_NESTING_DEPTH): TooDeep[] {
  const out: TooDeep[] = [];
  const stack: Open[] = [];
  let flow = 0;
  let offset = 0;
  let lineStart = 0;
  /** Offset where the current node's first token is, since the last line break or indicator. */
  let nodeStart = -1;
  /** A region being skipped over: a flow one ends when `flow` drops below `flowLevel`. */
  let skip: { start: number; flowLevel: number; col: number; kind: 'map' | 'seq' | 'flow' } | undefined;
  /** Column of the first content token of the current line, once seen. */
  let lineFirst = true;

  const endSkip = (end: number) => {
    out.push({ start: skip!.start, end });
    skip = undefined;
  };
  const open = (kind: 'map' | 'seq', col: number, at: number) => {
    for (;;) {
      const top = stack[stack.length - 1];
      if (!top) break;
      if (top.col > col) stack.pop();
      else if (top.col === col && top.kind !== kind && !(kind === 'seq' && top.kind === 'map')) stack.pop();
      else break;
    }
    const top = stack[stack.length - 1];
    if (top && top.col === col && top.kind === kind) return;
    stack.push({ col, kind, at });
    if (stack.length + flow > limit && !skip) skip = { start: at, flowLevel: 0, col, kind };
  };

  for (const tok of new Lexer().lex(text)) {
    const c0 = tok.charCodeAt(0);
    // Control tokens carry no source text.
    if (tok.length === 1 && (c0 === 0x02 || c0 === 0x1f || c0 === 0x18)) continue;
    const at = offset;
    offset += tok.length;
    const col = at - lineStart;
    const nl = tok.lastIndexOf('\n');
    const isSpace = c0 === 0x20 || c0 === 0x09;
    const isNewline = c0 === 0x0a || c0 === 0x0d;
    const isComment = c0 === 0x23;

    if (!isSpace && !isNewline && !isComment && lineFirst) {
      lineFirst = false;
      // The first content of a line at or left of a block region's column ends that region.
      if (skip && skip.kind !== 'flow' && (col < skip.col || (col === skip.col && skip.kind === 'seq' && tok !== '-'))) endSkip(lineStart);
    }
    if (nl >= 0) {
      lineStart = at + nl + 1;
      lineFirst = true;
      nodeStart = -1;
    }
    if (isSpace || isNewline || isComment) continue;

    if (tok === '---' || tok === '...') {
      if (skip) endSkip(at);
      stack.length = 0;
      flow = 0;
      nodeStart = -1;
      continue;
    }
    if (tok === '[' || tok === '{') {
      if (nodeStart < 0 && flow === 0) nodeStart = at;
      flow++;
      if (stack.length + flow > limit && !skip) skip = { start: at, flowLevel: flow, col, kind: 'flow' };
      continue;
    }
    if (tok === ']' || tok === '}') {
      if (flow > 0) flow--;
      if (skip && skip.kind === 'flow' && flow < skip.flowLevel) endSkip(offset);
      continue;
    }
    if (flow > 0) continue;
    if (tok === '-') {
      open('seq', col, at);
      nodeStart = -1;
    } else if (tok === '?') {
      open('map', col, at);
      nodeStart = -1;
    } else if (tok === ':') {
      const keyAt = nodeStart >= 0 ? nodeStart : at;
      open('map', keyAt - Math.max(text.lastIndexOf('\n', keyAt - 1), text.lastIndexOf('\r', keyAt - 1)) - 1, keyAt);
      nodeStart = -1;
    } else if (nodeStart < 0) {
      nodeStart = at;
    }
  }
  if (skip) endSkip(text.length);
  return out;
}

/** The text with each region replaced by spaces (line breaks kept), so every offset stays where it was. */
export function hideRegions(text: string, regions: readonly TooDeep[]): string {
  let out = '';
  let from = 0;
  for (const r of regions) {
    out += text.slice(from, r.start) + text.slice(r.start, r.end).replace(/[^\r\n]/g, ' ');
    from = r.end;
  }
  return out + text.slice(from);
}

export function tooDeepMessage(limit = MAX_NESTING_DEPTH): string {
  return `nesting deeper than ${limit} levels starts here: values files are not read past that depth, so what is inside is not checked`;
}
