import type { OperationDef } from './catalogue.js';
import { networkOperations } from './network.js';
import { operations } from './operations.js';

/** What matchOperation found: the operation and its decoded path parameters. */
export interface OperationMatch {
  operation: OperationDef;
  pathParams: Record<string, string>;
}

interface Route {
  operation: OperationDef;
  /** Literal segment text, or `{ param }` for a placeholder. */
  segments: (string | { param: string })[];
}

function parseTemplate(path: string): Route['segments'] {
  return path.split('/').slice(1).map((segment) => {
    const m = /^\{([^}]+)\}$/.exec(segment);
    return m ? { param: m[1] as string } : segment;
  });
}

// Built once: the catalogues are constants, so the route table is too. The VPC/EIP operations are
// routed too (the emulator serves every service on one port; their `/v1/...` paths never collide).
const routes: Route[] = [...Object.values(operations as Record<string, OperationDef>), ...Object.values(networkOperations as Record<string, OperationDef>)].map((operation) => ({
  operation,
  segments: parseTemplate(operation.path),
}));

/** Earlier literal segments beat parameters: `charts/{project_id}/quotas` stays distinct from `charts/{chart_id}/values`. */
function moreSpecific(a: Route, b: Route): boolean {
  for (let i = 0; i < a.segments.length; i++) {
    const aLiteral = typeof a.segments[i] === 'string';
    const bLiteral = typeof b.segments[i] === 'string';
    if (aLiteral !== bLiteral) return aLiteral;
  }
  return false;
}

/**
 * Finds the operation a request addresses, e.g. for the emulator's router. `pathname` is the URL
 * path without query (a query part is ignored); parameters come back percent-decoded. Returns
 * undefined when nothing matches (or a segment is not valid percent-encoding).
 */
export function matchOperation(method: string, pathname: string): OperationMatch | undefined {
  const upper = method.toUpperCase();
  let path = pathname.split('?')[0] ?? '';
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const parts = path.split('/').slice(1);
  let best: { route: Route; params: Record<string, string> } | undefined;
  for (const route of routes) {
    if (route.operation.method !== upper || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < parts.length && ok; i++) {
      const segment = route.segments[i] as Route['segments'][number];
      const part = parts[i] as string;
      if (typeof segment === 'string') {
        ok = segment === part;
      } else if (part === '') {
        ok = false;
      } else {
        try {
          params[segment.param] = decodeURIComponent(part);
        } catch {
          ok = false;
        }
      }
    }
    if (ok && (!best || moreSpecific(route, best.route))) best = { route, params };
  }
  return best && { operation: best.route.operation, pathParams: best.params };
}

/**
 * RFC 3986 percent-encoding of one path segment, query name or query value: unreserved characters
 * (A-Z a-z 0-9 - . _ ~) stay, every other UTF-8 byte becomes %XX in upper-case hex. The one
 * definition for path expansion here and the client's query strings; what it produces is already
 * in the signer's canonical form (auth's canonicalEncode leaves it unchanged).
 */
export function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Fills an operation's path template. Each value is percent-encoded as one segment; a missing or
 * empty parameter throws an error naming it.
 */
export function expandPath(operation: Pick<OperationDef, 'name' | 'path'>, params: Readonly<Record<string, string | number | undefined>>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
    const value = params[name];
    if (value === undefined || value === '') {
      throw new Error(`${operation.name}: path parameter "${name}" is missing (path ${operation.path})`);
    }
    const text = String(value);
    const bad = loneSurrogateAt(text);
    if (bad >= 0) throw new TypeError(`${operation.name}: path parameter "${name}" is not valid text: a lone UTF-16 surrogate (\\u${text.charCodeAt(bad).toString(16)}) at index ${bad} cannot be put in a URL`);
    return encodeRfc3986(text);
  });
}

/**
 * Index of the first half of a surrogate pair that has no other half, or -1. `encodeURIComponent`
 * throws a bare "URI malformed" on one; callers name the parameter instead.
 */
export function loneSurrogateAt(text: string): number {
  // With the u flag a well-formed pair is one code point, so only a lone half matches.
  const m = /[\uD800-\uDFFF]/u.exec(text);
  return m ? m.index : -1;
}
