import { Ajv, type ErrorObject, type ValidateFunction, type Options } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { EXPECTED_KEYWORD, UNKNOWN_KEYS_KEYWORD, type JsonSchema } from './derive.js';
import type { PathSegment } from './tree.js';

/** One schema problem, located by JSON path; the service turns the path into a source range. */
export interface SchemaProblem {
  path: PathSegment[];
  /** `key`: underline the key at `path`; `value`: its value. */
  target: 'key' | 'value';
  message: string;
  severity: 'error' | 'warning';
  code: string;
  /** A replacement the user may want: a key or value name from the schema. */
  suggestion?: { kind: 'key' | 'value'; text: string; quoted?: boolean };
}

const OPTIONS: Options = { allErrors: true, strict: false, verbose: true, validateFormats: false, allowUnionTypes: true };

function makeAjv(schema: JsonSchema): Ajv {
  const draft = typeof schema.$schema === 'string' ? schema.$schema : '';
  const ajv = draft.includes('2020-12') ? new Ajv2020(OPTIONS) : draft.includes('2019-09') ? new Ajv2019(OPTIONS) : new Ajv(OPTIONS);
  ajv.addKeyword({ keyword: EXPECTED_KEYWORD, schemaType: 'string' });
  ajv.addKeyword({ keyword: 'defaultSnippets' });
  ajv.addKeyword({ keyword: 'x-enum-descriptions' });
  ajv.addKeyword({
    keyword: UNKNOWN_KEYS_KEYWORD,
    schemaType: 'string',
    errors: true,
    compile(_mode: string, parentSchema: JsonSchema) {
      const props = parentSchema.properties && typeof parentSchema.properties === 'object' ? Object.keys(parentSchema.properties) : [];
      const known = new Set(props);
      const check = (data: unknown): boolean => {
        check.errors = undefined;
        if (typeof data !== 'object' || data === null || Array.isArray(data)) return true;
        let errors: Partial<ErrorObject>[] | undefined;
        for (const k of Object.keys(data)) {
          if (known.has(k)) continue;
          (errors ??= []).push({ keyword: UNKNOWN_KEYS_KEYWORD, message: 'unknown key', params: { unknownKey: k, known: props } });
        }
        check.errors = errors;
        return errors === undefined;
      };
      check.errors = undefined as Partial<ErrorObject>[] | undefined;
      return check;
    },
  });
  return ajv;
}

/**
 * Compiles each schema once. Keyed by the schema object: callers keep the objects they derive
 * (the service caches them per template version), so a schema is compiled on first use only.
 */
export class SchemaValidatorCache {
  private readonly compiled = new WeakMap<JsonSchema, ValidateFunction>();

  get(schema: JsonSchema): ValidateFunction {
    let fn = this.compiled.get(schema);
    if (!fn) {
      const copy = { ...schema };
      const ajv = makeAjv(copy);
      // The draft picks the validator class; the URI itself is not needed, and variants of it
      // (https, draft-04, a missing '#') would make ajv refuse the schema.
      delete copy.$schema;
      fn = ajv.compile(copy);
      this.compiled.set(schema, fn);
    }
    return fn;
  }

  validate(schema: JsonSchema, value: unknown): SchemaProblem[] {
    let fn: ValidateFunction;
    try {
      fn = this.get(schema);
    } catch (error) {
      const message = `the schema cannot be used, so values are not checked against it: ${(error as Error).message}`;
      return [{ path: [], target: 'key', message, severity: 'warning', code: 'schema' }];
    }
    if (fn(value)) return [];
    return describeErrors(fn.errors ?? [], value);
  }
}

function parsePointer(p: string): PathSegment[] {
  if (p === '') return [];
  return p
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Ajv paths are strings; array indexes must be numbers to walk the tree. */
function typedPath(pointer: string, root: unknown): PathSegment[] {
  const out: PathSegment[] = [];
  let cur: unknown = root;
  for (const seg of parsePointer(pointer)) {
    if (Array.isArray(cur)) {
      const i = Number(seg);
      out.push(i);
      cur = cur[i];
    } else {
      out.push(seg);
      cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

function nameOf(path: PathSegment[]): string {
  const last = path[path.length - 1];
  if (last === undefined) return 'the document';
  if (typeof last === 'number') {
    const parent = path[path.length - 2];
    return parent === undefined ? `item ${last + 1}` : `item ${last + 1} of ${String(parent)}`;
  }
  return last;
}

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (null)';
  if (typeof v === 'string') return v === '' ? 'an empty string' : JSON.stringify(v.length > 60 ? v.slice(0, 57) + '...' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  return 'a mapping';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping (key: value)',
  array: 'a list',
  null: 'null',
};

function typeWords(t: unknown): string {
  const list = Array.isArray(t) ? (t as string[]) : [String(t)];
  return list.map((x) => TYPE_WORDS[x] ?? x).join(' or ');
}

function formatEnumValue(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function listWords(values: readonly unknown[]): string {
  const shown = values.slice(0, 10).map(formatEnumValue);
  return shown.join(', ') + (values.length > 10 ? `, ... (${values.length} in all)` : '');
}

export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[n]!;
}

/** The single candidate close to `word`, if exactly one is; otherwise nothing (the fix would be a guess). */
export function closeMatch(word: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const near = candidates.filter((c) => c !== word && editDistance(word, c) <= limit);
  return near.length === 1 ? near[0] : undefined;
}

function describe(e: ErrorObject, root: unknown): SchemaProblem | undefined {
  const path = typedPath(e.instancePath, root);
  const name = nameOf(path);
  const found = describeValue(e.data);
  const parent = (e.parentSchema ?? {}) as JsonSchema;
  const p = e.params as Record<string, unknown>;
  const isInteger = parent.type === 'integer';
  const base = { path, target: 'value' as const, severity: 'error' as const, code: e.keyword };
  switch (e.keyword) {
    case 'type':
      return { ...base, message: `${name} must be ${typeWords(p.type)}; found ${found}` };
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const words = isInteger ? 'a whole number' : 'a number';
      const bound = p.limit as number;
      const rel = { minimum: `of at least ${bound}`, exclusiveMinimum: `greater than ${bound}`, maximum: `of at most ${bound}`, exclusiveMaximum: `less than ${bound}` }[e.keyword];
      return { ...base, message: `${name} must be ${words} ${rel}; found ${found}` };
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const strings = allowed.map(formatEnumValue);
      const match = typeof e.data === 'string' || typeof e.data === 'number' ? closeMatch(String(e.data), strings) : undefined;
      const matchValue = match === undefined ? undefined : allowed[strings.indexOf(match)];
      return {
        ...base,
        message: `${name} must be one of ${listWords(allowed)}; found ${found}${match !== undefined ? ` (did you mean ${match}?)` : ''}`,
        ...(match !== undefined ? { suggestion: { kind: 'value' as const, text: match, quoted: typeof matchValue === 'string' } } : {}),
      };
    }
    case 'const':
      return { ...base, message: `${name} must be ${formatEnumValue(p.allowedValue)}; found ${found}` };
    case 'pattern': {
      const expected = typeof parent[EXPECTED_KEYWORD] === 'string' ? (parent[EXPECTED_KEYWORD] as string) : `text matching ${String(p.pattern)}`;
      return { ...base, message: `${name} must be ${expected}; found ${found}` };
    }
    case 'required': {
      const missing = String(p.missingProperty);
      return { ...base, target: 'key', message: `${name === 'the document' ? 'the document' : name} is missing the required key ${missing}` };
    }
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = parent.properties && typeof parent.properties === 'object' ? Object.keys(parent.properties) : [];
      const match = closeMatch(key, known);
      return {
        ...base,
        path: [...path, key],
        target: 'key',
        message: `${key} is not allowed here${match ? ` (did you mean ${match}?)` : ''}`,
        ...(match ? { suggestion: { kind: 'key' as const, text: match } } : {}),
      };
    }
    case UNKNOWN_KEYS_KEYWORD: {
      const key = String(p.unknownKey);
      const known = (p.known as string[]) ?? [];
      const match = closeMatch(key, known);
      const where = path.length ? ` under ${nameOf(path)}` : '';
      return {
        ...base,
        path: [...path, key],
        target: 'key',
        severity: 'warning',
        message: `unknown key ${key}${where}: the template does not define it${match ? ` (did you mean ${match}?)` : ''}`,
        ...(match ? { suggestion: { kind: 'key' as const, text: match } } : {}),
      };
    }
    case 'minItems':
      return { ...base, message: `${name} must have at least ${String(p.limit)} item(s); found ${found}` };
    case 'maxItems':
      return { ...base, message: `${name} must have at most ${String(p.limit)} item(s); found ${found}` };
    case 'minLength':
      return { ...base, message: `${name} must be at least ${String(p.limit)} character(s) long; found ${found}` };
    case 'maxLength':
      return { ...base, message: `${name} must be at most ${String(p.limit)} character(s) long; found ${found}` };
    case 'uniqueItems':
      return { ...base, message: `${name} must not repeat items (items ${Number(p.j) + 1} and ${Number(p.i) + 1} are equal)` };
    case 'multipleOf':
      return { ...base, message: `${name} must be a multiple of ${String(p.multipleOf)}; found ${found}` };
    case 'format':
      return { ...base, message: `${name} must be a valid ${String(p.format)}; found ${found}` };
    case 'if':
    case 'anyOf':
    case 'oneOf':
    case 'allOf':
    case 'not':
      // Combinators report their branches' own errors; their summary adds nothing a person can act on,
      // except when nothing else was reported for this value (handled by the caller).
      return { ...base, message: `${name} does not match any of the allowed shapes; found ${found}` };
    default:
      return { ...base, message: `${name} ${e.message ?? 'is not valid'}` };
  }
}

function describeErrors(errors: ErrorObject[], root: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  const summaries: SchemaProblem[] = [];
  for (const e of errors) {
    const d = describe(e, root);
    if (!d) continue;
    if (['if', 'anyOf', 'oneOf', 'allOf', 'not'].includes(e.keyword)) {
      if (e.keyword !== 'if') summaries.push(d);
      continue;
    }
    const k = `${d.path.join('\u0000')}|${d.target}|${d.message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(d);
  }
  // A value of the wrong type fails its enum, pattern and bounds too; the type says it all.
  const typed = new Set(out.filter((o) => o.code === 'type').map((o) => o.path.join('\u0000')));
  for (let i = out.length - 1; i >= 0; i--) {
    const o = out[i]!;
    if (o.code !== 'type' && o.target === 'value' && typed.has(o.path.join('\u0000'))) out.splice(i, 1);
  }
  for (const s of summaries) {
    const p = s.path.join('\u0000');
    if (!out.some((o) => o.path.join('\u0000').startsWith(p))) out.push(s);
  }
  return out;
}
