/** Patch bodies the apiserver accepts: JSON merge patch, JSON patch and (approximated) strategic merge patch. */

export class PatchError extends Error {}

type Json = unknown;

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386. */
export function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

// Merge keys of the list fields kubectl most often patches; lists of objects not named here are
// merged by `name` when every element has one (how most Kubernetes lists are keyed), else replaced.
// Container ports merge by containerPort, service ports by port.
const MERGE_KEYS: Record<string, string[]> = {
  ports: ['containerPort', 'port'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  hostAliases: ['ip'],
  imagePullSecrets: ['name'],
  ownerReferences: ['uid'],
};

function mergeKeyFor(field: string, list: Json[], patchList: Json[]): string | undefined {
  const all = [...list, ...patchList];
  for (const known of MERGE_KEYS[field] ?? []) {
    if (all.every((e) => isObject(e) && e[known] !== undefined)) return known;
  }
  if (all.length > 0 && all.every((e) => isObject(e) && (typeof e.name === 'string' || e.$patch !== undefined))) return 'name';
  return undefined;
}

/**
 * Strategic merge patch, approximated: objects merge like a merge patch, lists of keyed objects merge
 * element by element (`$patch: delete` removes one), `$setElementOrder` orders them, and the other
 * directives are dropped. Enough for `kubectl apply` and `kubectl edit` of the built-in kinds.
 */
export function strategicMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _ignored, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    // Directives ($patch, $setElementOrder/..., $retainKeys, $deleteFromPrimitiveList/...) are not fields.
    if (k.startsWith('$')) continue;
    if (v === null) {
      delete out[k];
      continue;
    }
    const current = out[k];
    if (Array.isArray(v) && Array.isArray(current)) {
      out[k] = mergeList(k, current, v, patch[`$setElementOrder/${k}`]);
    } else if (isObject(v)) {
      const merged = strategicMergePatch(current, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    } else {
      out[k] = stripDirectives(v);
    }
    const del = patch[`$deleteFromPrimitiveList/${k}`];
    if (Array.isArray(del) && Array.isArray(out[k])) out[k] = (out[k] as Json[]).filter((e) => !del.includes(e));
  }
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$deleteFromPrimitiveList/') && Array.isArray(v)) {
      const field = k.slice('$deleteFromPrimitiveList/'.length);
      if (!(field in patch) && Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((e) => !v.includes(e));
    }
  }
  return out;
}

function mergeList(field: string, current: Json[], patchList: Json[], order: Json): Json[] {
  const key = mergeKeyFor(field, current, patchList);
  if (!key) return patchList.map(stripDirectives);
  const result: Json[] = current.map((e) => e);
  for (const p of patchList) {
    if (!isObject(p)) continue;
    const idx = result.findIndex((e) => isObject(e) && e[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) result.splice(idx, 1);
      continue;
    }
    if (idx >= 0) result[idx] = strategicMergePatch(result[idx], p);
    else result.push(stripDirectives(p));
  }
  if (Array.isArray(order)) {
    const rank = (e: Json): number => {
      const i = order.findIndex((o) => isObject(o) && isObject(e) && o[key] === e[key]);
      return i < 0 ? order.length : i;
    };
    result.sort((a, b) => rank(a) - rank(b));
  }
  return result;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  const out: Record<string, Json> = {};
  for (const [k, e] of Object.entries(v)) if (!k.startsWith('$')) out[k] = stripDirectives(e);
  return out;
}

interface JsonPatchOp {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`invalid JSON pointer "${pointer}": must start with "/"`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, tokens: string[]): Json {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isObject(cur)) cur = cur[t];
    else return undefined;
  }
  return cur;
}

function parentOf(doc: Json, tokens: string[], path: string): { parent: Json; last: string } {
  if (tokens.length === 0) throw new PatchError(`path "${path}" points at the whole document`);
  const parent = getAt(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isObject(parent)) throw new PatchError(`path "${path}": parent does not exist`);
  return { parent, last: tokens[tokens.length - 1] as string };
}

function arrayIndex(arr: Json[], token: string, path: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`path "${path}": "${token}" is not an array index`);
  const i = Number(token);
  if (i > arr.length || (!forInsert && i === arr.length)) throw new PatchError(`path "${path}": index ${i} is out of range`);
  return i;
}

function add(doc: Json, path: string, value: Json): Json {
  const tokens = parsePointer(path);
  if (tokens.length === 0) return value;
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, true), 0, value);
  else (parent as Record<string, Json>)[last] = value;
  return doc;
}

function remove(doc: Json, path: string): Json {
  const tokens = parsePointer(path);
  const { parent, last } = parentOf(doc, tokens, path);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, path, false), 1);
  else {
    if (!(last in (parent as Record<string, Json>))) throw new PatchError(`path "${path}" does not exist`);
    delete (parent as Record<string, Json>)[last];
  }
  return doc;
}

/** RFC 6902, applied to a copy: a failing operation leaves the original untouched. */
export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new PatchError('a JSON patch must be an array of operations');
  let doc = structuredClone(target);
  ops.forEach((raw, i) => {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw new PatchError(`operation ${i}: needs "op" and "path" strings`);
    }
    if (raw.from !== undefined && typeof raw.from !== 'string') throw new PatchError(`operation ${i}: "from" must be a string`);
    const op: JsonPatchOp = { op: raw.op, path: raw.path, ...(typeof raw.from === 'string' ? { from: raw.from } : {}), ...('value' in raw ? { value: raw.value } : {}) };
    switch (op.op) {
      case 'add':
        doc = add(doc, op.path, structuredClone(op.value));
        break;
      case 'remove':
        doc = remove(doc, op.path);
        break;
      case 'replace':
        doc = remove(doc, op.path);
        doc = add(doc, op.path, structuredClone(op.value));
        break;
      case 'move': {
        if (op.from === undefined) throw new PatchError(`operation ${i}: "move" needs "from"`);
        const v = getAt(doc, parsePointer(op.from));
        if (v === undefined) throw new PatchError(`operation ${i}: "from" path "${op.from}" does not exist`);
        doc = remove(doc, op.from);
        doc = add(doc, op.path, v);
        break;
      }
      case 'copy': {
        if (op.from === undefined) throw new PatchError(`operation ${i}: "copy" needs "from"`);
        const v = getAt(doc, parsePointer(op.from));
        if (v === undefined) throw new PatchError(`operation ${i}: "from" path "${op.from}" does not exist`);
        doc = add(doc, op.path, structuredClone(v));
        break;
      }
      case 'test': {
        const v = getAt(doc, parsePointer(op.path));
        if (JSON.stringify(v) !== JSON.stringify(op.value)) throw new PatchError(`operation ${i}: test failed at "${op.path}"`);
        break;
      }
      default:
        throw new PatchError(`operation ${i}: unknown op "${op.op}"`);
    }
  });
  return doc;
}
