// Cluster tags (spec 04 4.5) and the project's cluster quota.
import { addClusterTags, removeClusterTags } from '../domain/clusters.js';
import { badRequest } from '../errors.js';
import { isObject } from '../json.js';
import type { JsonObject } from '../json.js';
import type { Handler, HandlerMap } from './contract.js';

function tagList(tags: unknown): JsonObject[] {
  if (!Array.isArray(tags)) throw badRequest('tags is required and must be a list.');
  return tags.map((t: unknown, i) => {
    if (!isObject(t)) throw badRequest(`tags[${i}] must be an object.`);
    return t;
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

const createTags: Handler<'BatchCreateAutopilotClusterTags'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  const tags = tagList(r.body.tags).map((t, i) => {
    const key = checkKey(t.key, i, createKey);
    if (typeof t.value !== 'string') throw badRequest(`tags[${i}].value is required (it may be empty, but not left out).`);
    if (t.value.length > 255) throw badRequest(`tags[${i}].value must be at most 255 characters.`);
    if (!tagValue.test(t.value)) throw badRequest(`tags[${i}].value ${JSON.stringify(t.value)} contains characters the reference does not allow.`);
    return { key, value: t.value };
  });
  addClusterTags(r.world, c, tags);
  return { status: 204 };
};

const deleteTags: Handler<'BatchDeleteAutopilotClusterTags'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  removeClusterTags(r.world, c, new Set(tagList(r.body.tags).map((t, i) => checkKey(t.key, i, deleteKey))));
  return { status: 204 };
};

const quotas: Handler<'ShowAutopilotQuotas'> = (r) => ({
  body: {
    quotas: [{ quotaKey: 'autopilot_cluster', quotaLimit: r.world.quotas.clustersPerRegion, used: r.world.clustersOf(r.projectId).length, unit: 'count', regionId: r.project.region }],
  },
});

export const miscHandlers = {
  ShowAutopilotQuotas: quotas,
  BatchCreateAutopilotClusterTags: createTags,
  BatchDeleteAutopilotClusterTags: deleteTags,
} satisfies Partial<HandlerMap>;
