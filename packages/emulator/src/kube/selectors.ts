/** Label and field selectors in the apiserver's query syntax (`a=b,c!=d,e in (x,y),!f`). */

export class SelectorError extends Error {}

type Requirement = (labels: Record<string, string>) => boolean;

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function parseRequirement(expr: string): Requirement {
  let m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(expr);
  if (m) {
    const [, key = '', op, list = ''] = m;
    const values = list.split(',').map((v) => v.trim()).filter((v) => v !== '');
    return op === 'in'
      ? (l) => key in l && values.includes(l[key] as string)
      : (l) => !(key in l) || !values.includes(l[key] as string);
  }
  m = /^([\w./-]+)\s*(==|=|!=)\s*([\w./-]*)$/.exec(expr);
  if (m) {
    const [, key = '', op, value = ''] = m;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  m = /^(!?)([\w./-]+)$/.exec(expr);
  if (m) {
    const [, not, key = ''] = m;
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw new SelectorError(`unable to parse requirement: "${expr}"`);
}

export function parseLabelSelector(selector: string): Requirement {
  const reqs = splitTopLevel(selector).map(parseRequirement);
  return (labels) => reqs.every((r) => r(labels));
}

/** Field selectors: equality on dotted paths (`metadata.name=x`, `metadata.namespace!=y`, `status.phase=Running`). */
export function parseFieldSelector(selector: string): (obj: Record<string, unknown>) => boolean {
  const reqs = splitTopLevel(selector).map((expr) => {
    const m = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(expr);
    if (!m) throw new SelectorError(`invalid field selector: "${expr}"`);
    const [, path = '', op, value = ''] = m;
    return (obj: Record<string, unknown>) => {
      let cur: unknown = obj;
      for (const p of path.split('.')) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[p] : undefined;
      const actual = cur === undefined || cur === null ? '' : String(cur);
      return op === '!=' ? actual !== value : actual === value;
    };
  });
  return (obj) => reqs.every((r) => r(obj));
}
