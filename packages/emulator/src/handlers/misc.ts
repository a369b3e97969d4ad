import { badRequest } from '../errors.js';
import type { Handler } from '../server.js';

type Obj = Record<string, unknown>;

function tagList(body: unknown): Obj[] {
  const tags = (body as Obj | undefined)?.tags;
  if (!Array.isArray(tags)) throw badRequest('tags is required and must be a list.');
  return tags.map((t, i) => {
    if (!t || typeof t !== 'object' || Array.isArray(t)) throw badRequest(`tags[${i}] must be an object.`);
    return t as Obj;
  });
}

function checkKey(key: unknown, i: number, allowed: RegExp): string {
  if (typeof key !== 'string' || key === '') throw badRequest(`tags[${i}].key is required and must not be empty.`);
  if (key.length > 128) throw badRequest(`tags[${i}].key must be at most 128 characters.`);
  if (key.startsWith('_sys_')) throw badRequest(`tags[${i}].key must not start with _sys_.`);
  if (key !== key.trim()) throw badRequest(`tags[${i}].key must not start or end with a space.`);
  if (!allowed.test(key)) throw badRequest(`tags[${i}].key ${JSON.stringify(key)} may contain only letters, digits, spaces and the characters of the reference.`);
  return key;
}

// Character sets of spec 04: create keys `_ . : = + - @`, delete keys `_ . : / = - @`, values `_ . : / = - + @`.
const createKey = /^[\p{L}\p{N} _.:=+\-@]+$/u;
const deleteKey = /^[\p{L}\p{N} _.:/=\-@]+$/u;
const tagValue = /^[\p{L}\p{N} _.:/=\-+@]*$/u;

/** A cluster has at most 20 tags (spec 04 4.5.1). */
export const maxTagsPerCluster = 20;

const createTags: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  const tags = tagList(r.body).map((t, i) => {
    const key = checkKey(t.key, i, createKey);
    if (typeof t.value !== 'string') throw badRequest(`tags[${i}].value is required (it may be empty, but not left out).`);
    if (t.value.length > 255) throw badRequest(`tags[${i}].value must be at most 255 characters.`);
    if (!tagValue.test(t.value)) throw badRequest(`tags[${i}].value ${JSON.stringify(t.value)} contains characters the reference does not allow.`);
    return { key, value: t.value };
  });
  const next = c.tags.map((t) => ({ ...t }));
  for (const t of tags) {
    const existing = next.find((x) => x.key === t.key);
    if (existing) existing.value = t.value;
    else next.push(t);
  }
  if (next.length > maxTagsPerCluster) throw badRequest(`a cluster can have at most ${maxTagsPerCluster} tags; this request would give cluster ${c.id} ${next.length}.`);
  c.tags = next;
  c.updatedAt = r.world.now();
  r.world.put('clusters', c.id, c);
  return { status: 204 };
};

const deleteTags: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  const keys = new Set(tagList(r.body).map((t, i) => checkKey(t.key, i, deleteKey)));
  c.tags = c.tags.filter((t) => !keys.has(t.key));
  c.updatedAt = r.world.now();
  r.world.put('clusters', c.id, c);
  return { status: 204 };
};

const quotas: Handler = (r) => ({
  body: {
    quotas: [{ quotaKey: 'autopilot_cluster', quotaLimit: r.world.quotas.clustersPerRegion, used: r.world.clustersOf(r.projectId).length, unit: 'count', regionId: r.project.region }],
  },
});

export const miscHandlers: Record<string, Handler> = {
  ShowAutopilotQuotas: quotas,
  BatchCreateAutopilotClusterTags: createTags,
  BatchDeleteAutopilotClusterTags: deleteTags,
};
