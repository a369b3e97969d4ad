import { createHash } from 'node:crypto';
import { at, isObject, objectsOf, stringOf, type JsonObject } from './fields.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { definitions, KUBERNETES_OPENAPI_VERSION, type Schema } from './schema.js';

/**
 * OpenAPI from the upstream definitions (release-1.30, `data/openapi-v1.30.json`): `/openapi/v3`
 * with one document per group version (what `kubectl explain` reads) and `/openapi/v2` as JSON.
 * Paths carry the `fieldValidation` parameter, which is how kubectl >= 1.27 learns the server
 * validates fields itself (`--validate=strict` is then sent as `fieldValidation=Strict`).
 */
const V2 = '#/definitions/';
const V3 = '#/components/schemas/';

function gvPath(type: ResourceType): string {
  return type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`;
}

function closure(roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name) || !definitions[name]) return;
    seen.add(name);
    JSON.stringify(definitions[name], (k, v) => {
      if (k === '$ref' && typeof v === 'string') visit(v.slice(V2.length));
      return v;
    });
  };
  roots.forEach(visit);
  return seen;
}

function toV3(schema: unknown): unknown {
  return JSON.parse(JSON.stringify(schema), (k, v) => (k === '$ref' && typeof v === 'string' ? v.replace(V2, V3) : v));
}

const COMMON = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta',
];

function customSchema(type: ResourceType): Schema {
  const s = toV3(structuredClone(type.customSchema ?? {})) as Schema;
  s.type ??= 'object';
  s.properties = {
    apiVersion: { type: 'string', description: 'APIVersion defines the versioned schema of this representation of an object.' },
    kind: { type: 'string', description: 'Kind is a string value representing the REST resource this object represents.' },
    metadata: { $ref: `${V3}io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta` },
    ...(s.properties ?? {}),
  };
  s['x-kubernetes-group-version-kind'] = [{ group: type.group, version: type.version, kind: type.kind }];
  return s;
}

function customName(type: ResourceType): string {
  return `${type.group.split('.').reverse().join('.')}.${type.version}.${type.kind}`;
}

function pathsOf(gv: string, types: ResourceType[]): Record<string, JsonObject> {
  const paths: Record<string, JsonObject> = {};
  const queryParam = (name: string): JsonObject => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });
  for (const t of types) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const op = (id: string, params: JsonObject[] = []): JsonObject => ({
      operationId: id,
      tags: [gv],
      'x-kubernetes-group-version-kind': gvk,
      parameters: params,
      responses: { '200': { description: 'OK' }, '401': { description: 'Unauthorized' } },
    });
    const base = t.namespaced ? `/${gv}/namespaces/{namespace}/${t.plural}` : `/${gv}/${t.plural}`;
    const writeParams = ['dryRun', 'fieldManager', 'fieldValidation'].map(queryParam);
    if (t.verbs.length === 1 && t.verbs[0] === 'create') {
      paths[base] = { post: op(`create${t.kind}`, writeParams) };
      continue;
    }
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
  return paths;
}

function gvDocument(gv: string, types: ResourceType[], version: string): JsonObject {
  const schemas: Record<string, unknown> = {};
  for (const name of closure([...COMMON, ...types.flatMap((t) => (t.definition ? [t.definition] : []))])) schemas[name] = toV3(definitions[name]);
  for (const t of types) if (t.customSchema) schemas[customName(t)] = customSchema(t);
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version }, paths: pathsOf(gv, types), components: { schemas } };
}

/** The documents of one cluster, cached until its set of types changes (a CRD comes or goes). */
export class OpenApiDocuments {
  private key = '';
  private docs = new Map<string, { doc: JsonObject; hash: string; text: string }>();

  constructor(private readonly gitVersion: string) {}

  private build(types: readonly ResourceType[]): void {
    const key = types.map((t) => `${apiVersionOf(t)}/${t.kind}/${t.customSchema ? JSON.stringify(t.customSchema) : ''}`).join('|');
    if (key === this.key) return;
    this.key = key;
    const byGv = new Map<string, ResourceType[]>();
    for (const t of types) byGv.set(gvPath(t), [...(byGv.get(gvPath(t)) ?? []), t]);
    this.docs = new Map();
    for (const [gv, ts] of byGv) {
      const doc = gvDocument(gv, ts, this.gitVersion);
      const text = JSON.stringify(doc);
      this.docs.set(gv, { doc, text, hash: createHash('sha512').update(text).digest('hex').slice(0, 128).toUpperCase() });
    }
  }

  /** `/openapi/v3` (the index) or `/openapi/v3/<gv>` as JSON text; undefined when unknown. */
  v3(segments: string[], types: readonly ResourceType[]): string | undefined {
    this.build(types);
    if (segments.length === 2) {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const [gv, d] of this.docs) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${d.hash}` };
      return JSON.stringify({ paths });
    }
    return this.docs.get(segments.slice(2).join('/'))?.text;
  }

  v2(types: readonly ResourceType[]): JsonObject {
    const defs: Record<string, unknown> = {};
    for (const name of closure([...COMMON, ...types.flatMap((t) => (t.definition ? [t.definition] : []))])) defs[name] = definitions[name];
    const paths: Record<string, JsonObject> = {};
    for (const t of types) Object.assign(paths, pathsOf(gvPath(t), [t]));
    // v2 puts a parameter's type on the parameter itself, v3 under `schema`.
    for (const p of Object.values(paths)) for (const op of Object.values(p).filter(isObject)) op.parameters = objectsOf(op.parameters).map(({ schema, ...rest }) => ({ ...rest, type: stringOf(at(schema, 'type')) ?? 'string' }));
    return { swagger: '2.0', info: { title: 'Kubernetes', version: this.gitVersion }, paths, definitions: defs };
  }
}

export { KUBERNETES_OPENAPI_VERSION };

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

function field(num: number, payload: Buffer | string): Buffer {
  const data = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([varint((num << 3) | 2), varint(data.length), data]);
}

/**
 * `/openapi/v2` for clients that ask for the gnostic protobuf form (kubectl before 1.27): swagger
 * 2.0 with `info` and empty `paths`, no definitions. Those clients then skip client-side
 * validation and leave it to the server; kubectl >= 1.27 reads the full schemas from `/openapi/v3`.
 */
export function openApiV2Protobuf(version: string): Buffer {
  return Buffer.concat([field(1, '2.0'), field(2, Buffer.concat([field(1, 'Kubernetes'), field(2, version)])), field(8, Buffer.alloc(0))]);
}
