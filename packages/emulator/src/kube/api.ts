import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { ClusterObjects, KubeError, type KubeObject, type WatchEvent } from './cluster.js';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch.js';
import { apiVersionOf, findType, groupsOf, RESOURCE_TYPES, type ResourceType } from './resources.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import { openApiV2Json, openApiV2Protobuf, openApiV3 } from './openapi.js';
import { renderTable, wantsTable } from './table.js';

const MAX_BODY = 3 * 1024 * 1024;

export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): KubeObject {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}

export function sendStatus(res: ServerResponse, err: KubeError): void {
  send(res, err.code, statusBody(err.code, err.reason, err.message, err.details));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new KubeError(413, 'RequestEntityTooLarge', 'the request body is larger than 3 MiB'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string, contentType: string): unknown {
  if (text.trim() === '') throw new KubeError(400, 'BadRequest', 'the request body is empty');
  try {
    return contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw new KubeError(400, 'BadRequest', `the request body is not valid ${contentType.includes('yaml') ? 'YAML' : 'JSON'}: ${(err as Error).message}`);
  }
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
  sub?: string;
}

/** Splits `/api/v1/...` or `/apis/{group}/{version}/...` into the resource it addresses. */
function route(segments: string[]): Route | undefined {
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api') {
    group = '';
    version = segments[1] ?? '';
    rest = segments.slice(2);
  } else {
    group = segments[1] ?? '';
    version = segments[2] ?? '';
    rest = segments.slice(3);
  }
  let namespace: string | undefined;
  const nsType = findType('', 'v1', 'namespaces');
  if (rest[0] === 'namespaces' && rest.length >= 3 && findType(group, version, rest[2] ?? '')) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 3 && group !== '') {
    return undefined;
  }
  if (rest[0] === 'namespaces' && group === '' && nsType && rest.length <= 3 && namespace === undefined) {
    return { type: nsType, name: rest[1], sub: rest[2] };
  }
  const type = findType(group, version, rest[0] ?? '');
  if (!type || rest.length > 3) return undefined;
  if (!type.namespaced && namespace !== undefined) return undefined;
  return { type, namespace, name: rest[1], sub: rest[2] };
}

function discoveryResources(group: string, version: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const t of RESOURCE_TYPES.filter((x) => x.group === group && x.version === version)) {
    out.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(['Deployment', 'StatefulSet', 'Pod', 'Job', 'CronJob', 'ReplicaSet', 'Service', 'ConfigMap', 'Secret', 'Ingress', 'PersistentVolumeClaim'].includes(t.kind)
        ? { categories: ['all'] }
        : {}),
      storageVersionHash: Buffer.from(`${group}/${version}/${t.kind}`).toString('base64').slice(0, 11),
    });
    for (const sub of t.subresources ?? []) {
      out.push({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : { kind: t.kind }),
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return out;
}

function discovery(segments: string[], host: string): KubeObject | undefined {
  const path = segments.join('/');
  if (path === 'api') {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
  }
  if (path === 'api/v1') return { kind: 'APIResourceList', groupVersion: 'v1', resources: discoveryResources('', 'v1') };
  const groupDoc = (g: { group: string; version: string }): KubeObject => ({
    name: g.group,
    versions: [{ groupVersion: `${g.group}/${g.version}`, version: g.version }],
    preferredVersion: { groupVersion: `${g.group}/${g.version}`, version: g.version },
  });
  const groups = groupsOf(RESOURCE_TYPES);
  if (path === 'apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDoc) };
  if (segments[0] === 'apis' && segments.length === 2) {
    const g = groups.find((x) => x.group === segments[1]);
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) } : undefined;
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const g = groups.find((x) => x.group === segments[1] && x.version === segments[2]);
    return g ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${g.group}/${g.version}`, resources: discoveryResources(g.group, g.version) } : undefined;
  }
  return undefined;
}

function labelsOf(obj: KubeObject): Record<string, string> {
  return (obj.metadata?.labels ?? {}) as Record<string, string>;
}

function selectorFilter(query: URLSearchParams): (obj: KubeObject) => boolean {
  try {
    const labels = query.get('labelSelector') ? parseLabelSelector(query.get('labelSelector') as string) : undefined;
    const fields = query.get('fieldSelector') ? parseFieldSelector(query.get('fieldSelector') as string) : undefined;
    return (obj) => (!labels || labels(labelsOf(obj))) && (!fields || fields(obj));
  } catch (err) {
    if (err instanceof SelectorError) throw new KubeError(400, 'BadRequest', err.message);
    throw err;
  }
}

function scaleOf(obj: KubeObject): KubeObject {
  const selector = obj.spec?.selector?.matchLabels ?? obj.spec?.selector ?? {};
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion,
      creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(selector as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(','),
    },
  };
}

function applyPatch(current: KubeObject, patch: unknown, contentType: string): KubeObject {
  try {
    if (contentType.startsWith('application/json-patch+json')) return jsonPatch(current, patch) as KubeObject;
    if (contentType.startsWith('application/merge-patch+json')) return mergePatch(current, patch) as KubeObject;
    if (contentType.startsWith('application/strategic-merge-patch+json')) return strategicMergePatch(current, patch) as KubeObject;
    if (contentType.startsWith('application/apply-patch+yaml') || contentType.startsWith('application/apply-patch+json')) {
      return strategicMergePatch(current, patch) as KubeObject;
    }
  } catch (err) {
    if (err instanceof PatchError) throw new KubeError(422, 'Invalid', `the patch could not be applied: ${err.message}`);
    throw err;
  }
  throw new KubeError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
}

export interface ApiContext {
  objects: ClusterObjects;
  /** host:port clients reach this API at (for `/api`'s serverAddressByClientCIDRs). */
  address: string;
  gitVersion: string;
}

export function versionInfo(version: string): KubeObject {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) ?? [];
  const major = m[1] ?? '1';
  const minor = m[2] ?? '31';
  const patch = m[3] ?? '1';
  return {
    major,
    minor,
    gitVersion: `v${major}.${minor}.${patch}-r0-cce-autopilot-emulator`,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.22.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** Serves one request against one cluster's API. The caller has already authenticated it. */
export async function handleKubeRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    await dispatch(ctx, req, res);
  } catch (err) {
    if (err instanceof KubeError) sendStatus(res, err);
    else if (!res.headersSent) sendStatus(res, new KubeError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
    else res.destroy();
  }
}

async function dispatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://kube.local');
  const segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const method = (req.method ?? 'GET').toUpperCase();
  const query = url.searchParams;
  const path = segments.join('/');

  if (method === 'GET' && path === 'version') return send(res, 200, versionInfo(ctx.gitVersion));
  if (method === 'GET' && ['healthz', 'livez', 'readyz'].includes(path)) {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (method === 'GET' && ((segments[0] === 'openapi' && segments[1] === 'v2' && segments.length === 2) || path === 'swagger-2.0.0.pb-v1')) {
    if (/protobuf/.test(String(req.headers.accept ?? '')) || path === 'swagger-2.0.0.pb-v1') {
      const body = openApiV2Protobuf(versionInfo(ctx.gitVersion).gitVersion as string);
      // Go's mime parser rejects the '@' of the OpenAPI protobuf media type, so kubectl needs a plain one.
      res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
      res.end(body);
      return;
    }
    return send(res, 200, openApiV2Json(versionInfo(ctx.gitVersion).gitVersion as string));
  }
  if (method === 'GET' && segments[0] === 'openapi' && segments[1] === 'v3') {
    const doc = openApiV3(segments, ctx.gitVersion);
    if (doc) return send(res, 200, doc);
  }
  if (segments[0] !== 'api' && segments[0] !== 'apis') {
    throw new KubeError(404, 'NotFound', 'the server could not find the requested resource');
  }
  if (method === 'GET') {
    const doc = discovery(segments, ctx.address);
    if (doc) return send(res, 200, doc);
  }
  const r = route(segments);
  if (!r) throw new KubeError(404, 'NotFound', 'the server could not find the requested resource');
  const { type, namespace, name, sub } = r;
  if (sub !== undefined && !(type.subresources ?? []).includes(sub as 'status') && !(type.kind === 'Namespace' && sub === 'finalize')) {
    throw new KubeError(404, 'NotFound', 'the server could not find the requested resource');
  }
  const objects = ctx.objects;
  const dryRun = query.getAll('dryRun').includes('All');
  const contentType = String(req.headers['content-type'] ?? 'application/json').toLowerCase();

  if (name === undefined) {
    if (method === 'GET') {
      const filter = selectorFilter(query);
      const items = objects.list(type, namespace).filter(filter);
      if (query.get('watch') === 'true' || query.get('watch') === '1') return watch(ctx, req, res, type, namespace, filter, query);
      const list = {
        kind: `${type.kind}List`,
        apiVersion: apiVersionOf(type),
        metadata: { resourceVersion: objects.resourceVersion },
        items,
      };
      return send(res, 200, wantsTable(req.headers.accept) ? renderTable(type, list) : list);
    }
    if (method === 'POST') {
      const body = parseBody(await readBody(req), contentType) as KubeObject;
      return send(res, 201, objects.create(type, namespace, body, { dryRun }));
    }
    if (method === 'DELETE') {
      if (!type.verbs.includes('deletecollection')) throw new KubeError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
      const filter = selectorFilter(query);
      const deleted = objects
        .list(type, namespace)
        .filter(filter)
        .filter(() => type.kind !== 'Namespace')
        .map((o) => objects.delete(type, o.metadata.namespace, o.metadata.name, { dryRun }));
      return send(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: objects.resourceVersion }, items: deleted });
    }
    throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  if (sub === 'scale') return scale(ctx, req, res, r as Required<Pick<Route, 'type' | 'name'>> & Route, method, contentType, dryRun);
  const part = sub === 'status' ? 'status' : 'main';
  switch (method) {
    case 'GET': {
      const obj = objects.get(type, namespace, name);
      return send(res, 200, wantsTable(req.headers.accept) ? renderTable(type, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: obj.metadata.resourceVersion }, items: [obj] }) : obj);
    }
    case 'PUT': {
      const body = parseBody(await readBody(req), contentType) as KubeObject;
      return send(res, 200, objects.update(type, namespace, name, body, { dryRun, part }));
    }
    case 'PATCH': {
      const patch = parseBody(await readBody(req), contentType);
      let current: KubeObject;
      try {
        current = objects.get(type, namespace, name);
      } catch (err) {
        // Server-side apply creates what does not exist yet.
        if (err instanceof KubeError && err.code === 404 && contentType.startsWith('application/apply-patch') && part === 'main') {
          const body = { ...(patch as KubeObject), metadata: { ...(patch as KubeObject).metadata, name } };
          return send(res, 201, objects.create(type, namespace, body, { dryRun }));
        }
        throw err;
      }
      const next = applyPatch(current, patch, contentType);
      if (next.metadata?.resourceVersion === undefined) next.metadata = { ...next.metadata, resourceVersion: current.metadata.resourceVersion };
      return send(res, 200, objects.update(type, namespace, name, next, { dryRun, part }));
    }
    case 'DELETE': {
      const obj = objects.delete(type, namespace, name, { dryRun });
      if (type.kind === 'Namespace') {
        return send(res, 200, { ...obj, metadata: { ...obj.metadata, deletionTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }, status: { phase: 'Terminating' } });
      }
      return send(res, 200, {
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name, group: type.group, kind: type.plural, uid: obj.metadata.uid },
      });
    }
    default:
      throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

async function scale(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  r: Route & { name: string },
  method: string,
  contentType: string,
  dryRun: boolean,
): Promise<void> {
  const current = ctx.objects.get(r.type, r.namespace, r.name);
  if (method === 'GET') return send(res, 200, scaleOf(current));
  let wanted: KubeObject;
  if (method === 'PUT') wanted = parseBody(await readBody(req), contentType) as KubeObject;
  else if (method === 'PATCH') wanted = applyPatch(scaleOf(current), parseBody(await readBody(req), contentType), contentType);
  else throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const replicas = wanted.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new KubeError(422, 'Invalid', `Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  }
  const updated = ctx.objects.update(r.type, r.namespace, r.name, { ...current, spec: { ...current.spec, replicas } }, { dryRun });
  send(res, 200, scaleOf(updated));
}

function watch(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  filter: (o: KubeObject) => boolean,
  query: URLSearchParams,
): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  // Watchers wait for the headers before they consider the watch started; Node holds them back until the first write.
  res.flushHeaders();
  const table = wantsTable(req.headers.accept);
  const write = (e: { type: string; object: KubeObject }): void => {
    // kubectl get -w asks for tables: each event then carries a one-row Table.
    const object = table ? renderTable(type, { metadata: { resourceVersion: e.object.metadata?.resourceVersion }, items: [e.object] }) : e.object;
    res.write(`${JSON.stringify({ type: e.type, object })}\n`);
  };
  const since = query.get('resourceVersion');
  // Without a starting version a watch begins with the current state, as the apiserver does.
  if (!since || since === '0') for (const obj of ctx.objects.list(type, namespace).filter(filter)) write({ type: 'ADDED', object: obj });
  const unsubscribe = ctx.objects.subscribe((e: WatchEvent) => {
    if (e.resource !== type) return;
    if (namespace !== undefined && e.object.metadata?.namespace !== namespace) return;
    if (!filter(e.object)) return;
    write({ type: e.type, object: e.object });
  });
  const seconds = Number(query.get('timeoutSeconds') ?? '1800');
  const timer = setTimeout(() => res.end(), Math.max(1, Math.min(seconds, 3600)) * 1000);
  timer.unref();
  const done = (): void => {
    clearTimeout(timer);
    unsubscribe();
  };
  res.on('close', done);
  req.on('close', done);
}

