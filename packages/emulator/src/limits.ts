/**
 * Bounds on the documents a request can make the emulator keep. Everything stored ends up in
 * `JSON.stringify` (the store) and in recursive code (schema checks, renderers), so a document
 * nested thousands of levels deep or expanding (YAML aliases) to hundreds of megabytes must be
 * refused where it comes in, with the field named, instead of failing later where nobody can say why.
 */
export interface DocumentLimits {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Largest size of the document written out as JSON, in bytes (estimated from below). */
  maxBytes: number;
}

/**
 * Depth 100 is far beyond any Helm values file or add-on values seen in the cloud's examples
 * (they nest under 10 levels) and far below where recursion in V8 runs out of stack (~5,000).
 * 16 MiB holds the largest request body (12 MB) however it is nested.
 */
export const documentLimits: DocumentLimits = { maxDepth: 100, maxBytes: 16 * 1024 * 1024 };

export interface DocumentProblem {
  /** Where the problem starts, as `a.b[3].c` (empty for the top level). */
  field: string;
  message: string;
}

function fieldPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else out += /^[A-Za-z_$][\w$-]*$/.test(s) ? (out === '' ? s : `.${s}`) : `[${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}]`;
  }
  return out;
}

/** Names at most the first `keep` segments of a long path. */
function shortPath(segments: readonly (string | number)[], keep = 6): string {
  return segments.length <= keep ? fieldPath(segments) : `${fieldPath(segments.slice(0, keep))}…`;
}

/**
 * Walks a parsed JSON/YAML value without recursion and reports the first limit it breaks: too deep
 * (named at the field where the nesting passes the limit) or too large (at the field that pushes
 * the estimated JSON size past the limit). Shared subtrees (YAML aliases) count once per use, as
 * JSON.stringify would write them. Stops as soon as a limit is passed, so its cost is bounded too.
 */
export function checkDocument(value: unknown, limits: DocumentLimits = documentLimits): DocumentProblem | undefined {
  // A node knows its parent, so the path is built only when there is something to report.
  interface Node { v: unknown; key: string | number | undefined; parent: Node | undefined; depth: number }
  const pathOf = (n: Node | undefined): (string | number)[] => {
    const out: (string | number)[] = [];
    for (let p = n; p && p.key !== undefined; p = p.parent) out.push(p.key);
    return out.reverse();
  };
  const stack: Node[] = [{ v: value, key: undefined, parent: undefined, depth: 1 }];
  let bytes = 0;
  while (stack.length > 0) {
    const node = stack.pop() as Node;
    const v = node.v;
    if (v === null || typeof v !== 'object') {
      bytes += typeof v === 'string' ? v.length + 2 : 8;
    } else {
      if (node.depth > limits.maxDepth) {
        return { field: shortPath(pathOf(node).slice(0, limits.maxDepth)), message: `is nested deeper than ${limits.maxDepth} levels` };
      }
      bytes += 2;
      if (Array.isArray(v)) {
        for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], key: i, parent: node, depth: node.depth + 1 });
        bytes += v.length;
      } else {
        const entries = Object.entries(v as Record<string, unknown>);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [k, child] = entries[i] as [string, unknown];
          bytes += k.length + 4;
          stack.push({ v: child, key: k, parent: node, depth: node.depth + 1 });
        }
      }
    }
    if (bytes > limits.maxBytes) {
      return { field: shortPath(pathOf(node)), message: `makes the document larger than ${limits.maxBytes} bytes` };
    }
  }
  return undefined;
}

/** `checkDocument` as a sentence, or undefined when the value is within the limits. */
export function documentProblem(what: string, value: unknown, limits: DocumentLimits = documentLimits): string | undefined {
  const p = checkDocument(value, limits);
  if (!p) return undefined;
  return p.field === '' ? `${what} ${p.message}` : `${what} field ${p.field} ${p.message}`;
}
