import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { formatNumber, goType, printValue, truthy } from './template.js';
import type { Fn, Value } from './template.js';

/**
 * Go's builtins, the sprig functions charts use most, and Helm's own (include, tpl, required, fail,
 * toYaml/fromYaml/toJson/fromJson, lookup). `SUPPORTED_FUNCTIONS` lists them; anything else is a
 * parse error (`function "x" not defined`).
 */

type Obj = Record<string, Value>;

function isObj(v: Value): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: Value): string {
  return v === null || v === undefined ? '' : printValue(v);
}

function num(v: Value, fn: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === null || v === undefined) return 0;
  if (typeof v === 'string') {
    const n = Number(v);
    return Number.isNaN(n) ? 0 : n;
  }
  throw new Error(`${fn}: cannot convert ${goType(v)} to a number`);
}

function toInt(v: Value): number {
  return Math.trunc(num(v, 'int'));
}

function list(v: Value, fn: string): Value[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v;
  throw new Error(`${fn}: cannot treat ${goType(v)} as a list`);
}

/** Helm's toYaml: sigs.k8s.io/yaml (keys sorted), without the final newline. */
export function toYaml(v: Value): string {
  if (v === null || v === undefined) return 'null';
  return stringifyYaml(v, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false }).replace(/\n$/, '');
}

function equal(a: Value, b: Value): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

function compare(fn: string, a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  throw new Error(`incompatible types for comparison (${fn} ${goType(a)} ${goType(b)})`);
}

/** Go's fmt verbs that charts use: %s %v %d %q %f %t %x %%, with widths. */
export function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([-+ 0#]*)(\d+)?(?:\.(\d+))?([svdqftxX%])/g, (_m, flags: string, width: string | undefined, prec: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    if (i >= args.length) return `%!${verb}(MISSING)`;
    const a = args[i++];
    let s: string;
    switch (verb) {
      case 's': case 'v': s = a === null || a === undefined ? (verb === 'v' ? '<nil>' : '%!s(<nil>)') : printValue(a); break;
      case 'd': s = typeof a === 'number' && Number.isInteger(a) ? String(a) : `%!d(${goType(a)}=${printValue(a)})`; break;
      case 'q': s = JSON.stringify(str(a)); break;
      case 'f': s = typeof a === 'number' ? a.toFixed(prec === undefined ? 6 : Number(prec)) : `%!f(${goType(a)}=${printValue(a)})`; break;
      case 't': s = typeof a === 'boolean' ? String(a) : `%!t(${goType(a)}=${printValue(a)})`; break;
      case 'x': case 'X': {
        const h = typeof a === 'number' ? Math.trunc(a).toString(16) : Buffer.from(str(a)).toString('hex');
        s = verb === 'X' ? h.toUpperCase() : h;
        break;
      }
      default: s = printValue(a);
    }
    if (width !== undefined && s.length < Number(width)) s = flags.includes('-') ? s.padEnd(Number(width)) : s.padStart(Number(width), flags.includes('0') ? '0' : ' ');
    return s;
  });
}

function semverParts(v: string): [number, number, number, string] | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0), m[4] ?? ''];
}

function semverCmp(a: [number, number, number, string], b: [number, number, number, string]): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  if (a[3] === b[3]) return 0;
  if (a[3] === '') return 1;
  if (b[3] === '') return -1;
  return a[3] < b[3] ? -1 : 1;
}

/**
 * Masterminds/semver constraints as charts write them: `>=1.19-0`, `<1.25.0`, `~1.2`, `^1.2`,
 * `1.2.x`, several joined by spaces or commas (and), alternatives by `||`. A `-0` suffix in a
 * constraint admits pre-releases, which is what charts use it for.
 */
export function semverCompare(constraint: string, version: string): boolean {
  const v = semverParts(version);
  if (!v) throw new Error(`invalid semantic version ${JSON.stringify(version)}`);
  return constraint.split('||').some((alt) =>
    alt.trim().split(/[\s,]+/).filter(Boolean).every((c) => {
      const m = /^(>=|<=|!=|=>|=<|>|<|=|~|\^)?\s*(.+)$/.exec(c);
      if (!m) throw new Error(`improper constraint: ${constraint}`);
      const op = m[1] ?? '=';
      const target = m[2] as string;
      const wild = /^v?(\d+)(?:\.(\d+|x|\*))?(?:\.(\d+|x|\*))?$/.exec(target);
      const t = semverParts(target.replace(/\.(x|\*)/g, '.0'));
      if (!t) throw new Error(`improper constraint: ${constraint}`);
      const pre = target.includes('-');
      // A version with a pre-release matches only constraints that carry one (semver rule).
      const vv: [number, number, number, string] = pre ? v : [v[0], v[1], v[2], ''];
      if (!pre && v[3] !== '') return false;
      const cmp = semverCmp(vv, t);
      switch (op) {
        case '>=': case '=>': return cmp >= 0;
        case '<=': case '=<': return cmp <= 0;
        case '>': return cmp > 0;
        case '<': return cmp < 0;
        case '!=': return cmp !== 0;
        case '~': return cmp >= 0 && v[0] === t[0] && (wild?.[2] === undefined || v[1] === t[1]);
        case '^': return cmp >= 0 && v[0] === t[0] && (t[0] !== 0 || v[1] === t[1]);
        default:
          if (wild && (wild[2] === undefined || wild[2] === 'x' || wild[2] === '*')) return v[0] === t[0];
          if (wild && (wild[3] === undefined || wild[3] === 'x' || wild[3] === '*')) return v[0] === t[0] && v[1] === t[1];
          return cmp === 0;
      }
    }),
  );
}

function merge(overwrite: boolean, dst: Value, ...srcs: Value[]): Value {
  if (!isObj(dst)) throw new Error('merge: the first argument must be a dict');
  const into = (d: Obj, s: Obj) => {
    for (const [k, v] of Object.entries(s)) {
      if (isObj(d[k]) && isObj(v)) into(d[k] as Obj, v);
      else if (overwrite || d[k] === undefined || d[k] === null) d[k] = structuredClone(v);
    }
  };
  for (const s of srcs) if (isObj(s)) into(dst, s);
  return dst;
}

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function random(n: number, chars: string): string {
  const bytes = randomBytes(n);
  return Array.from(bytes, (b) => chars[b % chars.length]).join('');
}

/** The callbacks that need the chart and the cluster. */
export interface HelmHooks {
  include(name: string, dot: Value): string;
  tpl(text: string, dot: Value): string;
  lookup(apiVersion: string, kind: string, namespace: string, name: string): Value;
}

export function helmFunctions(hooks: HelmHooks): Map<string, Fn> {
  const f: Record<string, Fn> = {
    // Go builtins
    and: (...a) => { for (const x of a) if (!truthy(x)) return x; return a[a.length - 1]; },
    or: (...a) => { for (const x of a) if (truthy(x)) return x; return a[a.length - 1]; },
    not: (a) => !truthy(a),
    len: (a) => {
      if (typeof a === 'string' || Array.isArray(a)) return a.length;
      if (isObj(a)) return Object.keys(a).length;
      throw new Error(`len of type ${goType(a)}`);
    },
    index: (c, ...keys) => {
      let cur = c;
      for (const k of keys) {
        if (Array.isArray(cur)) {
          const i = toInt(k);
          if (i < 0 || i >= cur.length) throw new Error(`index out of range: ${i}`);
          cur = cur[i];
        } else if (isObj(cur)) cur = cur[str(k)];
        else if (cur === null || cur === undefined) return null;
        else throw new Error(`can't index item of type ${goType(cur)}`);
      }
      return cur;
    },
    print: (...a) => a.map((x, i) => (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + (x === null || x === undefined ? '<nil>' : printValue(x))).join(''),
    println: (...a) => `${a.map((x) => (x === null || x === undefined ? '<nil>' : printValue(x))).join(' ')}\n`,
    printf: (fmt, ...a) => sprintf(str(fmt), a),
    eq: (a, ...bs) => bs.some((b) => equal(a, b)),
    ne: (a, b) => !equal(a, b),
    lt: (a, b) => compare('lt', a, b) < 0,
    le: (a, b) => compare('le', a, b) <= 0,
    gt: (a, b) => compare('gt', a, b) > 0,
    ge: (a, b) => compare('ge', a, b) >= 0,
    urlquery: (...a) => encodeURIComponent(a.map(str).join('')),
    // Helm
    include: (name, dot) => hooks.include(str(name), dot),
    tpl: (text, dot) => hooks.tpl(str(text), dot),
    required: (msg, v) => {
      if (v === null || v === undefined || v === '') throw new Error(str(msg));
      return v;
    },
    fail: (msg) => { throw new Error(str(msg)); },
    toYaml: (v) => toYaml(v),
    fromYaml: (s) => { try { return parseYaml(str(s)) ?? {}; } catch (e) { return { Error: e instanceof Error ? e.message : String(e) }; } },
    fromYamlArray: (s) => { try { return parseYaml(str(s)) ?? []; } catch (e) { return [e instanceof Error ? e.message : String(e)]; } },
    toJson: (v) => JSON.stringify(v ?? null),
    toPrettyJson: (v) => JSON.stringify(v ?? null, null, 2),
    toRawJson: (v) => JSON.stringify(v ?? null),
    fromJson: (s) => { try { return JSON.parse(str(s)); } catch (e) { return { Error: e instanceof Error ? e.message : String(e) }; } },
    lookup: (av, kind, ns, name) => hooks.lookup(str(av), str(kind), str(ns), str(name)),
    // sprig: defaults and flow
    default: (d, v) => (truthy(v) ? v : d),
    empty: (v) => !truthy(v),
    coalesce: (...a) => a.find(truthy) ?? null,
    ternary: (a, b, c) => (truthy(c) ? a : b),
    // sprig: strings
    quote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => JSON.stringify(str(x))).join(' '),
    squote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => `'${str(x)}'`).join(' '),
    upper: (s) => str(s).toUpperCase(),
    lower: (s) => str(s).toLowerCase(),
    title: (s) => str(s).replace(/(^|[^\p{L}\p{N}])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase()),
    trim: (s) => str(s).trim(),
    trimSuffix: (suf, s) => (str(s).endsWith(str(suf)) && str(suf) !== '' ? str(s).slice(0, -str(suf).length) : str(s)),
    trimPrefix: (pre, s) => (str(s).startsWith(str(pre)) ? str(s).slice(str(pre).length) : str(s)),
    trimAll: (cut, s) => { const set = new Set(str(cut)); let t = str(s); while (t && set.has(t[0] as string)) t = t.slice(1); while (t && set.has(t[t.length - 1] as string)) t = t.slice(0, -1); return t; },
    trunc: (n, s) => { const i = toInt(n); const t = str(s); return i >= 0 ? t.slice(0, i) : t.slice(Math.max(0, t.length + i)); },
    replace: (old, nw, s) => str(s).split(str(old)).join(str(nw)),
    contains: (sub, s) => str(s).includes(str(sub)),
    hasPrefix: (p, s) => str(s).startsWith(str(p)),
    hasSuffix: (p, s) => str(s).endsWith(str(p)),
    indent: (n, s) => { const pad = ' '.repeat(toInt(n)); return pad + str(s).replace(/\n/g, `\n${pad}`); },
    nindent: (n, s) => { const pad = ' '.repeat(toInt(n)); return `\n${pad}${str(s).replace(/\n/g, `\n${pad}`)}`; },
    repeat: (n, s) => str(s).repeat(Math.max(0, toInt(n))),
    nospace: (s) => str(s).replace(/\s/g, ''),
    cat: (...a) => a.filter((x) => x !== null && x !== undefined).map(str).join(' '),
    join: (sep, l) => (typeof l === 'string' ? l : list(l, 'join').map(str).join(str(sep))),
    splitList: (sep, s) => str(s).split(str(sep)),
    split: (sep, s) => Object.fromEntries(str(s).split(str(sep)).map((x, i) => [`_${i}`, x])),
    substr: (a, b, s) => { const t = str(s); const start = toInt(a); const end = toInt(b); return start < 0 ? t : end < 0 || end > t.length ? t.slice(start) : t.slice(start, end); },
    toString: (v: Value) => str(v),
    toStrings: (l) => list(l, 'toStrings').map(str),
    b64enc: (s) => Buffer.from(str(s), 'utf8').toString('base64'),
    b64dec: (s) => Buffer.from(str(s), 'base64').toString('utf8'),
    sha256sum: (s) => createHash('sha256').update(str(s)).digest('hex'),
    sha1sum: (s) => createHash('sha1').update(str(s)).digest('hex'),
    regexMatch: (re, s) => new RegExp(str(re)).test(str(s)),
    regexReplaceAll: (re, s, repl) => str(s).replace(new RegExp(str(re), 'g'), str(repl).replace(/\$\{?(\d+)\}?/g, '$$$1')),
    regexFind: (re, s) => new RegExp(str(re)).exec(str(s))?.[0] ?? '',
    randAlphaNum: (n) => random(toInt(n), alnum),
    randAlpha: (n) => random(toInt(n), alnum.slice(0, 52)),
    randNumeric: (n) => random(toInt(n), '0123456789'),
    uuidv4: () => randomUUID(),
    // sprig: numbers (int64 results, as sprig's)
    int: (v) => toInt(v),
    int64: (v) => toInt(v),
    float64: (v) => num(v, 'float64'),
    atoi: (v) => { const n = Number.parseInt(str(v), 10); return Number.isNaN(n) ? 0 : n; },
    add: (...a) => a.reduce<number>((s, x) => s + toInt(x), 0),
    add1: (a) => toInt(a) + 1,
    sub: (a, b) => toInt(a) - toInt(b),
    mul: (...a) => a.reduce<number>((s, x) => s * toInt(x), 1),
    div: (a, b) => { if (toInt(b) === 0) throw new Error('integer divide by zero'); return Math.trunc(toInt(a) / toInt(b)); },
    mod: (a, b) => { if (toInt(b) === 0) throw new Error('integer divide by zero'); return toInt(a) % toInt(b); },
    max: (...a) => Math.max(...a.map(toInt)),
    min: (...a) => Math.min(...a.map(toInt)),
    // sprig: lists and dicts
    list: (...a) => a,
    append: (l, v) => [...list(l, 'append'), v],
    prepend: (l, v) => [v, ...list(l, 'prepend')],
    concat: (...ls) => ls.flatMap((l) => list(l, 'concat')),
    first: (l) => list(l, 'first')[0] ?? null,
    last: (l) => list(l, 'last').at(-1) ?? null,
    rest: (l) => list(l, 'rest').slice(1),
    initial: (l) => list(l, 'initial').slice(0, -1),
    has: (v, l) => list(l, 'has').some((x) => equal(x, v)),
    uniq: (l) => list(l, 'uniq').filter((x, i, arr) => arr.findIndex((y) => equal(x, y)) === i),
    without: (l, ...vs) => list(l, 'without').filter((x) => !vs.some((v) => equal(x, v))),
    compact: (l) => list(l, 'compact').filter(truthy),
    sortAlpha: (l) => list(l, 'sortAlpha').map(str).sort(),
    until: (n) => Array.from({ length: Math.max(0, toInt(n)) }, (_, i) => i),
    untilStep: (a, b, s) => { const out: number[] = []; const st = toInt(s); if (st === 0) return out; for (let i = toInt(a); st > 0 ? i < toInt(b) : i > toInt(b); i += st) out.push(i); return out; },
    dict: (...a) => { const o: Obj = {}; for (let i = 0; i < a.length; i += 2) o[str(a[i])] = a[i + 1] ?? null; return o; },
    set: (d, k, v) => { if (!isObj(d)) throw new Error('set: not a dict'); d[str(k)] = v; return d; },
    unset: (d, k) => { if (!isObj(d)) throw new Error('unset: not a dict'); delete d[str(k)]; return d; },
    hasKey: (d, k) => isObj(d) && Object.prototype.hasOwnProperty.call(d, str(k)),
    get: (d, k) => (isObj(d) ? (d[str(k)] ?? '') : ''),
    keys: (...ds) => ds.flatMap((d) => (isObj(d) ? Object.keys(d) : [])),
    values: (d: Value) => (isObj(d) ? Object.values(d) : []),
    pick: (d, ...ks) => (isObj(d) ? Object.fromEntries(ks.map(str).filter((k) => k in d).map((k) => [k, d[k]])) : {}),
    omit: (d, ...ks) => (isObj(d) ? Object.fromEntries(Object.entries(d).filter(([k]) => !ks.map(str).includes(k))) : {}),
    merge: (d, ...s) => merge(false, d, ...s),
    mergeOverwrite: (d, ...s) => merge(true, d, ...s),
    deepCopy: (v) => structuredClone(v),
    // sprig: types and versions
    kindIs: (k, v) => kindOf(v) === str(k),
    kindOf: (v) => kindOf(v),
    typeOf: (v) => goType(v),
    typeIs: (t, v) => goType(v) === str(t),
    semverCompare: (c, v) => semverCompare(str(c), str(v)),
  };
  return new Map(Object.entries(f));
}

function kindOf(v: Value): string {
  if (v === null || v === undefined) return 'invalid';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** The names `helmFunctions` provides (the README lists them). */
export const SUPPORTED_FUNCTIONS = [...helmFunctions({ include: () => '', tpl: () => '', lookup: () => ({}) }).keys()].sort();
void formatNumber;
