import { createHash } from 'node:crypto';
import type { KubeObject } from './cluster.js';
import { RESOURCE_TYPES, type ResourceType } from './resources.js';

/**
 * A minimal OpenAPI v3 publication: one document per group version, with the paths of each
 * resource and the `fieldValidation` query parameter on PATCH. That is what kubectl checks to
 * decide the server validates fields itself, so `kubectl apply` works without `--validate=false`.
 * No object schemas are published (kubectl then computes patches from its built-in types).
 */
function gvPath(type: ResourceType): string {
  return type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`;
}

function gvDocument(gv: string, types: ResourceType[], version: string): KubeObject {
  const paths: Record<string, KubeObject> = {};
  const queryParam = (name: string): KubeObject => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  for (const t of types) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const op = (id: string, params: KubeObject[] = []): KubeObject => ({
      operationId: id,
      tags: [gv],
      'x-kubernetes-group-version-kind': gvk,
      parameters: params,
      responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } },
    });
    const base = t.namespaced ? `/${gv}/namespaces/{namespace}/${t.plural}` : `/${gv}/${t.plural}`;
    const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);
    paths[base] = {
      get: op(`list${t.kind}`, ['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch', 'resourceVersion'].map(queryParam)),
      post: op(`create${t.kind}`, writeParams),
      delete: op(`deletecollection${t.kind}`, ['labelSelector', 'fieldSelector', 'dryRun'].map(queryParam)),
    };
    paths[`${base}/{name}`] = {
      get: op(`read${t.kind}`),
      put: op(`replace${t.kind}`, writeParams),
      patch: op(`patch${t.kind}`, [...writeParams, queryParam('force')]),
      delete: op(`delete${t.kind}`, [queryParam('dryRun')]),
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version }, paths, components: { schemas: {} } };
}

export function openApiV3(segments: string[], version: string): KubeObject | undefined {
  const byGv = new Map<string, ResourceType[]>();
  for (const t of RESOURCE_TYPES) byGv.set(gvPath(t), [...(byGv.get(gvPath(t)) ?? []), t]);
  const docs = new Map([...byGv].map(([gv, types]) => [gv, gvDocument(gv, types, version)]));
  if (segments.length === 2) {
    const paths: Record<string, { serverRelativeURL: string }> = {};
    for (const [gv, doc] of docs) {
      const hash = createHash('sha512').update(JSON.stringify(doc)).digest('hex').slice(0, 64).toUpperCase();
      paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${hash}` };
    }
    return { paths };
  }
  return docs.get(segments.slice(2).join('/'));
}

function varint(n: number): Buffer {
  const bytes: number[] = [];
  let v = n;
  while (v > 0x7f) {
    bytes.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  bytes.push(v);
  return Buffer.from(bytes);
}

/** A length-delimited protobuf field (wire type 2). */
function field(num: number, payload: Buffer | string): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([varint((num << 3) | 2), varint(data.length), data]);
}

/**
 * `/openapi/v2` as kubectl before 1.27 (and Debian's kubectl) asks for it: the gnostic OpenAPI v2
 * `Document` in protobuf, with `swagger` (1), `info` (2: title 1, version 2) and empty `paths` (8).
 * Without definitions kubectl finds no schema for a kind and skips client-side validation.
 */
export function openApiV2Protobuf(version: string): Buffer {
  return Buffer.concat([field(1, '2.0'), field(2, Buffer.concat([field(1, 'Kubernetes'), field(2, version)])), field(8, Buffer.alloc(0))]);
}

export function openApiV2Json(version: string): KubeObject {
  return { swagger: '2.0', info: { title: 'Kubernetes', version }, paths: {}, definitions: {} };
}
