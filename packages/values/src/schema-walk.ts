import type { JsonSchema } from './derive.js';
import type { PathSegment } from './tree.js';

function isRecord(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows a local `$ref` ("#/definitions/x", "#/$defs/x"); remote references are not fetched. */
export function deref(root: JsonSchema, s: JsonSchema, depth = 0): JsonSchema {
  let cur = s;
  let d = depth;
  while (typeof cur.$ref === 'string' && cur.$ref.startsWith('#') && d < 32) {
    const parts = cur.$ref
      .slice(1)
      .split('/')
      .filter(Boolean)
      .map((x) => decodeURIComponent(x).replace(/~1/g, '/').replace(/~0/g, '~'));
    let target: unknown = root;
    for (const p of parts) target = isRecord(target) ? target[p] : undefined;
    if (!isRecord(target)) break;
    const { $ref: _r, ...rest } = cur;
    cur = { ...target, ...rest };
    d++;
  }
  return cur;
}

/** The schema variants that may apply to a value: the schema itself plus its allOf/anyOf/oneOf branches. */
export function variants(root: JsonSchema, s: JsonSchema): JsonSchema[] {
  const base = deref(root, s);
  const out = [base];
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = base[k];
    if (Array.isArray(list)) for (const b of list) if (isRecord(b)) out.push(...variants(root, b));
  }
  const then = base.then;
  if (isRecord(then)) out.push(...variants(root, then));
  return out;
}

export function childSchema(root: JsonSchema, s: JsonSchema, seg: PathSegment): JsonSchema | undefined {
  for (const v of variants(root, s)) {
    if (typeof seg === 'string') {
      const props = v.properties;
      if (isRecord(props) && isRecord(props[seg])) return deref(root, props[seg] as JsonSchema);
      const pp = v.patternProperties;
      if (isRecord(pp)) {
        for (const [re, sub] of Object.entries(pp)) {
          try {
            if (new RegExp(re, 'u').test(seg) && isRecord(sub)) return deref(root, sub);
          } catch {
            // A pattern JavaScript cannot compile says nothing about this key.
          }
        }
      }
    } else {
      const items = v.items;
      if (isRecord(items)) return deref(root, items);
      if (Array.isArray(items) && isRecord(items[seg])) return deref(root, items[seg] as JsonSchema);
      const prefix = v.prefixItems;
      if (Array.isArray(prefix) && isRecord(prefix[seg])) return deref(root, prefix[seg] as JsonSchema);
    }
  }
  for (const v of variants(root, s)) {
    if (typeof seg === 'string' && isRecord(v.additionalProperties)) return deref(root, v.additionalProperties);
  }
  return undefined;
}

export function schemaAtPath(root: JsonSchema, path: readonly PathSegment[]): JsonSchema | undefined {
  let cur: JsonSchema | undefined = deref(root, root);
  for (const seg of path) {
    if (!cur) return undefined;
    cur = childSchema(root, cur, seg);
  }
  return cur;
}

/** Every property a mapping at this schema may hold, with its schema. */
export function propertiesOf(root: JsonSchema, s: JsonSchema): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const v of variants(root, s)) {
    const props = v.properties;
    if (!isRecord(props)) continue;
    for (const [k, sub] of Object.entries(props)) if (!out.has(k) && isRecord(sub)) out.set(k, deref(root, sub));
  }
  return out;
}

/** First non-empty value of a keyword across a schema's variants. */
export function keywordOf<T = unknown>(root: JsonSchema, s: JsonSchema, keyword: string): T | undefined {
  for (const v of variants(root, s)) if (v[keyword] !== undefined) return v[keyword] as T;
  return undefined;
}

export function typeNames(root: JsonSchema, s: JsonSchema): string[] {
  const t = keywordOf(root, s, 'type');
  if (t === undefined) return [];
  return Array.isArray(t) ? (t as string[]) : [String(t)];
}
