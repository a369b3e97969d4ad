import type { ResourceType } from './resources.js';
import { at, isObject, objectOrEmpty, objectsOf, type JsonObject } from './fields.js';
import { KubeError, type KubeObject } from './store.js';

/**
 * Server-side apply's field ownership, reduced to what clients see: `metadata.managedFields`
 * with one FieldsV1 set per manager and operation, ownership moving to whoever last changed a
 * field, and an apply that would change a field another manager owns refused with 409 Conflict
 * (one `FieldManagerConflict` cause per field) unless `force=true`.
 * Lists of objects with a `name` are keyed by it (`k:{"name":"nginx"}`); other lists are atomic.
 */
type Path = string[];
const SEP = '\u0000';

function keyed(list: unknown[]): boolean {
  return list.length > 0 && list.every((i) => isObject(i) && typeof i.name === 'string');
}

/** The object's `metadata.managedFields` entries (none when it has none). */
function managedFieldsOf(obj: KubeObject | undefined): JsonObject[] {
  return objectsOf(at(obj, 'metadata', 'managedFields'));
}

/** Every leaf field of an object with its value (canonical JSON), by path. */
export function flatten(obj: unknown, prefix: Path = [], out = new Map<string, string>(), top = true): Map<string, string> {
  if (!isObject(obj)) return out;
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (top && ['apiVersion', 'kind', 'status'].includes(k)) continue;
    if (top && k === 'metadata') {
      for (const mk of ['labels', 'annotations']) {
        for (const [lk, lv] of Object.entries(objectOrEmpty(at(v, mk)))) out.set([...prefix, 'f:metadata', `f:${mk}`, `f:${lk}`].join(SEP), JSON.stringify(lv));
      }
      continue;
    }
    const p = [...prefix, `f:${k}`];
    if (Array.isArray(v) && keyed(v)) {
      for (const item of v.filter(isObject)) {
        const ip = [...p, `k:${JSON.stringify({ name: item.name })}`];
        out.set([...ip, '.'].join(SEP), '{}');
        flatten(item, ip, out, false);
      }
    } else if (isObject(v) && Object.keys(v).length > 0) flatten(v, p, out, false);
    else out.set(p.join(SEP), JSON.stringify(v));
  }
  return out;
}

export function toFieldsV1(paths: Iterable<string>): JsonObject {
  const root: JsonObject = {};
  for (const p of paths) {
    let node = root;
    for (const seg of p.split(SEP)) {
      const child = node[seg];
      node = isObject(child) ? child : (node[seg] = {});
    }
  }
  return root;
}

export function fromFieldsV1(tree: unknown, prefix: Path = [], out = new Set<string>()): Set<string> {
  for (const [k, v] of Object.entries(objectOrEmpty(tree))) {
    const p = [...prefix, k];
    if (isObject(v) && Object.keys(v).length > 0) fromFieldsV1(v, p, out);
    else out.add(p.join(SEP));
  }
  return out;
}

/** `.spec.template.spec.containers[name="nginx"].image`, as the apiserver prints a conflicting field. */
function display(path: string): string {
  return path
    .split(SEP)
    .filter((s) => s !== '.')
    .map((s) => (s.startsWith('f:') ? `.${s.slice(2)}` : `[${Object.entries(JSON.parse(s.slice(2))).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}]`))
    .join('');
}

/** Throws 409 Conflict when applying `patch` as `manager` would change fields others own (unless forced). */
export function applyConflicts(type: ResourceType, current: KubeObject, patch: KubeObject, manager: string, force: boolean): void {
  if (force) return;
  const have = flatten(current);
  const want = flatten(patch);
  const conflicts: { field: string; manager: string; apiVersion: string }[] = [];
  for (const entry of managedFieldsOf(current)) {
    if (entry.manager === manager) continue;
    const owned = fromFieldsV1(entry.fieldsV1);
    for (const [path, value] of want) {
      if (path.endsWith(`${SEP}.`)) continue;
      if (owned.has(path) && have.has(path) && have.get(path) !== value) conflicts.push({ field: display(path), manager: String(entry.manager), apiVersion: String(entry.apiVersion) });
    }
  }
  if (conflicts.length === 0) return;
  const lines = conflicts.map((c) => `conflict with "${c.manager}"${c.manager.startsWith('kubectl') ? '' : ''} using ${c.apiVersion}: ${c.field}`);
  throw new KubeError(409, 'Conflict', `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${lines.join('\n')}`, {
    name: current.metadata?.name,
    group: type.group,
    kind: type.plural,
    causes: conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with "${c.manager}" using ${c.apiVersion}`, field: c.field })),
  });
}

/**
 * The managedFields after a write: `Update` gives the writer the fields it changed; `Apply` gives
 * it exactly the fields of its applied configuration. Others lose what the writer took.
 */
export function nextManagedFields(
  current: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  operation: 'Update' | 'Apply',
  time: string,
  applied?: KubeObject,
  subresource?: string,
): JsonObject[] {
  const before = current ? flatten(current) : new Map<string, string>();
  const after = flatten(next);
  let taken: Set<string>;
  if (operation === 'Apply') taken = new Set([...flatten(applied ?? next).keys()].filter((p) => after.has(p)));
  else taken = new Set([...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p));
  const entries: JsonObject[] = [];
  let mine: Set<string> | undefined;
  for (const e of managedFieldsOf(current)) {
    const owned = new Set([...fromFieldsV1(e.fieldsV1)].filter((p) => after.has(p)));
    if (e.manager === manager && e.operation === operation) {
      mine = operation === 'Apply' ? new Set<string>() : owned;
      continue;
    }
    // Fields the writer changed (or applied) move to it; an apply with equal values shares them.
    for (const p of taken) if (operation === 'Update' || before.get(p) !== after.get(p)) owned.delete(p);
    if (owned.size > 0) entries.push({ ...e, fieldsV1: toFieldsV1([...owned].sort()) });
  }
  const own = new Set([...(mine ?? []), ...taken]);
  if (own.size > 0 || !current) {
    entries.push({ manager, operation, apiVersion: next.apiVersion, time, fieldsType: 'FieldsV1', fieldsV1: toFieldsV1([...own].sort()), ...(subresource ? { subresource } : {}) });
  }
  return entries;
}

function removePath(obj: KubeObject, segs: string[]): void {
  let node: unknown = obj;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i] as string;
    const last = i === segs.length - 1 || segs[i + 1] === '.';
    if (seg.startsWith('f:') && isObject(node)) {
      const key = seg.slice(2);
      if (last) {
        delete node[key];
        return;
      }
      node = node[key];
    } else if (seg.startsWith('k:') && Array.isArray(node)) {
      const name = at(JSON.parse(seg.slice(2)), 'name');
      const idx = node.findIndex((item) => isObject(item) && item.name === name);
      if (idx < 0) return;
      if (last) {
        node.splice(idx, 1);
        return;
      }
      node = node[idx];
    } else return;
  }
}

/**
 * An apply that leaves out fields the same manager applied before removes them, unless another
 * manager owns them too (how server-side apply deletes what a configuration no longer has).
 */
export function pruneUnapplied(current: KubeObject, next: KubeObject, patch: KubeObject, manager: string): void {
  const mine = managedFieldsOf(current).find((e) => e.manager === manager && e.operation === 'Apply');
  if (!mine) return;
  const applied = new Set(flatten(patch).keys());
  const others = new Set<string>();
  for (const e of managedFieldsOf(current)) if (e !== mine) for (const p of fromFieldsV1(e.fieldsV1)) others.add(p);
  const gone = [...fromFieldsV1(mine.fieldsV1)].filter((p) => !applied.has(p) && !others.has(p));
  // Whole list items first (their '.' entry), then single fields.
  for (const p of gone.sort((a, b) => a.split(SEP).length - b.split(SEP).length)) {
    const segs = p.split(SEP);
    if (segs[0] === 'f:metadata' && !['f:labels', 'f:annotations'].includes(segs[1] ?? '')) continue;
    removePath(next, segs[segs.length - 1] === '.' ? segs.slice(0, -1) : segs);
  }
}
