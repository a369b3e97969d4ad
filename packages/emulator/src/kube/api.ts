import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import type { FieldValidation } from './admission.js';
import { ClusterObjects, KubeError, type KubeObject, type PropagationPolicy, type WatchEvent } from './cluster.js';
import { formatLine, logLines, PERIOD_MS } from './logs.js';
import { applyConflicts, pruneUnapplied } from './managed-fields.js';
import { OpenApiDocuments, openApiV2Protobuf } from './openapi.js';
import { jsonPatch, mergePatch, PatchError, strategicMergePatch } from './patch.js';
import type { ProtobufDecoder } from './protobuf.js';
import { apiVersionOf, builtinType, VIRTUAL_KINDS, type ResourceType, type TypeRegistry } from './resources.js';
import { parseFieldSelector, parseLabelSelector, SelectorError } from './selectors.js';
import { renderTable, wantsTable } from './table.js';

const MAX_BODY = 3 * 1024 * 1024;

export function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): KubeObject {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

function sendText(res: ServerResponse, code: number, text: string, warnings: string[] = []): void {
  const headers: Record<string, string | number | string[]> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' };
  // The apiserver's warnings (fieldValidation=Warn) are RFC 7234 Warning headers kubectl prints.
  if (warnings.length > 0) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(text);
}

function sendBuffer(res: ServerResponse, body: Buffer): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length, 'Cache-Control': 'no-cache, private' });
  res.end(body);
}

function send(res: ServerResponse, code: number, body: unknown, warnings: string[] = []): void {
  sendText(res, code, JSON.stringify(body), warnings);
}

export function sendStatus(res: ServerResponse, err: KubeError): void {
  send(res, err.code, statusBody(err.code, err.reason, err.message, err.details));
}

function readBody(req: IncomingMessage): Promise<Buffer> {
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
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseBody(ctx: ApiContext, raw: Buffer, contentType: string): unknown {
  if (contentType.startsWith('application/vnd.kubernetes.protobuf')) return ctx.protobuf.decode(raw);
  const text = raw.toString('utf8');
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
function route(types: TypeRegistry, segments: string[]): Route | undefined {
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
  if (rest[0] === 'namespaces' && rest.length >= 3 && types.find(group, version, rest[2] ?? '')) {
    namespace = rest[1];
    rest = rest.slice(2);
  } else if (rest[0] === 'namespaces' && rest.length >= 3 && group !== '') {
    return undefined;
  }
  if (rest[0] === 'namespaces' && group === '' && rest.length <= 3 && namespace === undefined) {
    return { type: builtinType('Namespace'), name: rest[1], sub: rest[2] };
  }
  const type = types.find(group, version, rest[0] ?? '');
  if (!type || rest.length > 3) return undefined;
  if (!type.namespaced && namespace !== undefined) return undefined;
  return { type, namespace, name: rest[1], sub: rest[2] };
}

const SUB_VERBS: Record<string, string[]> = {
  log: ['get'],
  exec: ['create', 'get'],
  attach: ['create', 'get'],
  portforward: ['create', 'get'],
  proxy: ['create', 'delete', 'get', 'patch', 'update'],
  binding: ['create'],
  eviction: ['create'],
  token: ['create'],
  finalize: ['update'],
};

function discoveryResources(types: TypeRegistry, group: string, version: string): KubeObject[] {
  const out: KubeObject[] = [];
  for (const t of types.all.filter((x) => x.group === group && x.version === version)) {
    out.push({
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs,
      ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      ...(t.categories ? { categories: t.categories } : {}),
      storageVersionHash: Buffer.from(`${group}/${version}/${t.kind}`).toString('base64').slice(0, 11),
    });
    for (const sub of t.subresources ?? []) {
      out.push({
        name: `${t.plural}/${sub}`,
        singularName: '',
        namespaced: t.namespaced,
        ...(sub === 'scale' ? { group: 'autoscaling', version: 'v1', kind: 'Scale' } : sub === 'eviction' ? { group: 'policy', version: 'v1', kind: 'Eviction' } : sub === 'token' ? { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' } : { kind: sub === 'log' || sub === 'exec' || sub === 'attach' || sub === 'portforward' ? ({ log: 'Pod', exec: 'PodExecOptions', attach: 'PodAttachOptions', portforward: 'PodPortForwardOptions' } as Record<string, string>)[sub] : t.kind }),
        verbs: SUB_VERBS[sub] ?? ['get', 'patch', 'update'],
      });
    }
  }
  return out;
}

function discovery(types: TypeRegistry, segments: string[], host: string): KubeObject | undefined {
  const path = segments.join('/');
  if (path === 'api') return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: host }] };
  if (path === 'api/v1') return { kind: 'APIResourceList', groupVersion: 'v1', resources: discoveryResources(types, '', 'v1') };
  const groupDoc = (g: { group: string; versions: string[] }): KubeObject => ({
    name: g.group,
    versions: g.versions.map((v) => ({ groupVersion: `${g.group}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.group}/${g.versions[0]}`, version: g.versions[0] },
  });
  const groups = types.groups();
  if (path === 'apis') return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.map(groupDoc) };
  if (segments[0] === 'apis' && segments.length === 2) {
    const g = groups.find((x) => x.group === segments[1]);
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) } : undefined;
  }
  if (segments[0] === 'apis' && segments.length === 3) {
    const g = groups.find((x) => x.group === segments[1] && x.versions.includes(segments[2] ?? ''));
    return g ? { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: `${g.group}/${segments[2]}`, resources: discoveryResources(types, g.group, segments[2] ?? '') } : undefined;
  }
  return undefined;
}

function selectorFilter(query: URLSearchParams): (obj: Readonly<KubeObject>) => boolean {
  try {
    const labels = query.get('labelSelector') ? parseLabelSelector(query.get('labelSelector') as string) : undefined;
    const fields = query.get('fieldSelector') ? parseFieldSelector(query.get('fieldSelector') as string) : undefined;
    if (!labels && !fields) return () => true;
    return (obj) => (!labels || labels((obj.metadata?.labels ?? {}) as Record<string, string>)) && (!fields || fields(obj as KubeObject));
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
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: {
      replicas: obj.status?.replicas ?? 0,
      selector: Object.entries(selector as Record<string, string>).map(([k, v]) => `${k}=${v}`).join(','),
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
  openapi: OpenApiDocuments;
  protobuf: ProtobufDecoder;
  /** Who the client certificate says the caller is (CN and O). */
  user: { username: string; groups: string[] };
}

export function versionInfo(version: string): KubeObject {
  const m = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version) ?? [];
  const major = m[1] ?? '1';
  const minor = m[2] ?? '30';
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
    // Schedules the clock has passed since the last request run first (CronJobs).
    ctx.objects.tick();
    await dispatch(ctx, req, res);
  } catch (err) {
    if (res.headersSent) res.destroy();
    else if (err instanceof KubeError) sendStatus(res, err);
    else sendStatus(res, new KubeError(500, 'InternalError', `Internal error occurred: ${(err as Error).message}`));
  }
}

function fieldValidationOf(query: URLSearchParams): FieldValidation {
  const v = query.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw new KubeError(400, 'BadRequest', `fieldValidation "${v}" is invalid: supported values are "Ignore", "Warn" and "Strict"`);
}

/** The apiserver names an unnamed field manager after the client's user agent (`kubectl-client-side-apply`, `kubectl-edit`...). */
function fieldManagerOf(req: IncomingMessage, query: URLSearchParams): string {
  return query.get('fieldManager') || String(req.headers['user-agent'] ?? 'unknown').split('/')[0] || 'unknown';
}

const notSupported = (what: string): KubeError =>
  new KubeError(501, 'NotImplemented', `${what} is not supported by the CCE Autopilot emulator: it runs no containers`);

async function dispatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'https://kube.local');
  const segments = url.pathname.split('/').filter((s) => s !== '').map(decodeURIComponent);
  const method = (req.method ?? 'GET').toUpperCase();
  const query = url.searchParams;
  const path = segments.join('/');
  const types = ctx.objects.types;

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
    return send(res, 200, ctx.openapi.v2(types.all));
  }
  if (method === 'GET' && segments[0] === 'openapi' && segments[1] === 'v3') {
    const doc = ctx.openapi.v3(segments, types.all);
    if (doc) return sendText(res, 200, doc);
  }
  if (segments[0] !== 'api' && segments[0] !== 'apis') throw new KubeError(404, 'NotFound', 'the server could not find the requested resource');
  if (method === 'GET') {
    const doc = discovery(types, segments, ctx.address);
    if (doc) return send(res, 200, doc);
  }
  const r = route(types, segments);
  if (!r) throw new KubeError(404, 'NotFound', 'the server could not find the requested resource');
  const { type: view, namespace, name, sub } = r;
  // Another version of a stored kind: the stored type serves it, through the view's conversion.
  const type = view.storedAs ?? view;
  const toStored = (o: KubeObject): KubeObject => (view.toStored ? view.toStored(o) : o);
  const out = (o: Readonly<KubeObject>): Readonly<KubeObject> => (view.fromStored ? view.fromStored(o) : o);
  if (sub !== undefined && !(type.subresources ?? []).includes(sub)) throw new KubeError(404, 'NotFound', 'the server could not find the requested resource');
  const objects = ctx.objects;
  const dryRun = query.getAll('dryRun').includes('All');
  const contentType = String(req.headers['content-type'] ?? 'application/json').toLowerCase();

  if (VIRTUAL_KINDS.has(type.kind)) {
    if (method !== 'POST' || name !== undefined) throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
    return send(res, 201, review(ctx, type, parseBody(ctx, await readBody(req), contentType) as KubeObject));
  }

  if (name === undefined) {
    if (method === 'GET') {
      const filter = selectorFilter(query);
      if (query.get('watch') === 'true' || query.get('watch') === '1') return watch(ctx, req, res, type, namespace, filter, query, out);
      if (wantsTable(req.headers.accept)) {
        const items = objects.list(type, namespace).filter(filter).map(out);
        return send(res, 200, renderTable(type, { metadata: { resourceVersion: objects.resourceVersion }, items }, objects.now()));
      }
      const head = { kind: `${type.kind}List`, apiVersion: apiVersionOf(view) };
      if (!query.get('labelSelector') && !query.get('fieldSelector')) {
        return sendBuffer(res, objects.listBody(type, namespace, head, view.fromStored));
      }
      const items = objects.list(type, namespace).filter(filter).map(out);
      // The list is written around the stored items' JSON: no copy of thousands of objects.
      const start = JSON.stringify({ ...head, metadata: { resourceVersion: objects.resourceVersion } });
      // Encoded once: measuring and then writing a multi-megabyte string would encode it twice.
      return sendBuffer(res, Buffer.from(`${start.slice(0, -1)},"items":[${items.map((o) => objects.jsonOf(o)).join(',')}]}`, 'utf8'));
    }
    if (method === 'POST') {
      const body = toStored(parseBody(ctx, await readBody(req), contentType) as KubeObject);
      const warnings: string[] = [];
      const created = out(objects.create(type, namespace, body, { dryRun, fieldValidation: fieldValidationOf(query), warnings, fieldManager: fieldManagerOf(req, query) }));
      return send(res, 201, created, warnings);
    }
    if (method === 'DELETE') {
      if (!type.verbs.includes('deletecollection')) throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const filter = selectorFilter(query);
      const deleted = objects
        .list(type, namespace)
        .filter(filter)
        .map((o) => objects.delete(type, o.metadata.namespace, o.metadata.name, { dryRun }));
      return send(res, 200, { kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: objects.resourceVersion }, items: deleted });
    }
    throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }

  if (sub === 'scale') return scale(ctx, req, res, r as Route & { name: string }, method, contentType, dryRun);
  if (sub === 'log') return podLog(ctx, req, res, namespace as string, name, query);
  if (sub === 'exec' || sub === 'attach' || sub === 'portforward') {
    throw notSupported(sub === 'exec' ? '`kubectl exec`' : sub === 'attach' ? '`kubectl attach`' : '`kubectl port-forward`');
  }
  if (sub === 'proxy') throw notSupported('the service proxy');
  if (sub === 'eviction' && method === 'POST') {
    objects.delete(type, namespace, name, { dryRun });
    return send(res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
  }
  if (sub === 'token' && method === 'POST') {
    objects.get(type, namespace, name);
    throw notSupported('issuing service account tokens');
  }
  if (sub === 'binding') throw new KubeError(405, 'MethodNotAllowed', 'pods are bound by the CCE Autopilot scheduler');
  const part = sub === 'status' ? 'status' : 'main';
  switch (method) {
    case 'GET': {
      const obj = out(objects.get(type, namespace, name)) as KubeObject;
      return send(res, 200, wantsTable(req.headers.accept) ? renderTable(type, { metadata: { resourceVersion: obj.metadata.resourceVersion }, items: [obj] }, objects.now()) : obj);
    }
    case 'PUT': {
      const body = toStored(parseBody(ctx, await readBody(req), contentType) as KubeObject);
      const warnings: string[] = [];
      const updated = objects.update(type, namespace, name, body, { dryRun, part, fieldValidation: fieldValidationOf(query), warnings, fieldManager: fieldManagerOf(req, query) });
      return send(res, 200, out(updated), warnings);
    }
    case 'PATCH': {
      const patch = parseBody(ctx, await readBody(req), contentType) as KubeObject;
      const isApply = contentType.startsWith('application/apply-patch');
      const warnings: string[] = [];
      const fieldValidation = fieldValidationOf(query);
      if (isApply && !query.get('fieldManager')) {
        throw new KubeError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', { causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] });
      }
      const fieldManager = fieldManagerOf(req, query);
      let current: KubeObject;
      try {
        current = out(objects.get(type, namespace, name)) as KubeObject;
      } catch (err) {
        // Server-side apply creates what does not exist yet.
        if (err instanceof KubeError && err.code === 404 && isApply && part === 'main') {
          const body = toStored({ ...patch, metadata: { ...patch.metadata, name } });
          return send(res, 201, out(objects.create(type, namespace, body, { dryRun, fieldValidation, warnings, fieldManager, operation: 'Apply' })), warnings);
        }
        throw err;
      }
      if (isApply) applyConflicts(type, current, patch, fieldManager, query.get('force') === 'true');
      const next = toStored(applyPatch(current, patch, contentType));
      if (isApply) pruneUnapplied(current, next, patch, fieldManager);
      if (next.metadata?.resourceVersion === undefined || isApply) next.metadata = { ...next.metadata, resourceVersion: current.metadata.resourceVersion };
      return send(res, 200, out(objects.update(type, namespace, name, next, { dryRun, part, fieldValidation, warnings, fieldManager, operation: isApply ? 'Apply' : 'Update', applied: isApply ? toStored(patch) : undefined })), warnings);
    }
    case 'DELETE': {
      const raw = await readBody(req);
      let options: KubeObject = {};
      if (raw.length > 0) options = parseBody(ctx, raw, contentType.startsWith('application/vnd.kubernetes.protobuf') ? 'application/json' : contentType) as KubeObject;
      const policy = (query.get('propagationPolicy') ?? options.propagationPolicy ?? (options.orphanDependents === true ? 'Orphan' : undefined)) as PropagationPolicy | undefined;
      if (policy !== undefined && !['Background', 'Foreground', 'Orphan'].includes(policy)) {
        throw new KubeError(422, 'Invalid', `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`);
      }
      const obj = objects.delete(type, namespace, name, { dryRun: dryRun || (options.dryRun ?? []).includes('All'), propagationPolicy: policy, preconditions: options.preconditions });
      if (type.kind === 'Namespace') return send(res, 200, { ...obj, status: { phase: 'Terminating' } });
      if (policy === 'Foreground' || policy === 'Orphan') return send(res, 200, obj);
      return send(res, 200, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, group: type.group, kind: type.plural, uid: obj.metadata.uid } });
    }
    default:
      throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
}

/** SelfSubjectAccessReview, SelfSubjectRulesReview and SelfSubjectReview: every certificate the emulator issues is cluster-admin. */
function review(ctx: ApiContext, type: ResourceType, body: KubeObject): KubeObject {
  const base = { apiVersion: apiVersionOf(type), kind: type.kind, metadata: { creationTimestamp: null } };
  const admin = ctx.user.groups.includes('system:masters');
  switch (type.kind) {
    case 'SelfSubjectAccessReview':
      if (!body.spec?.resourceAttributes && !body.spec?.nonResourceAttributes) {
        throw new KubeError(422, 'Invalid', 'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified');
      }
      return { ...base, spec: body.spec, status: admin ? { allowed: true, reason: 'the certificate is in group system:masters, which the emulator treats as cluster-admin' } : { allowed: false, denied: true, reason: 'no RBAC policy matched' } };
    case 'SelfSubjectRulesReview':
      return { ...base, spec: body.spec ?? {}, status: { resourceRules: admin ? [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] : [], nonResourceRules: admin ? [{ verbs: ['*'], nonResourceURLs: ['*'] }] : [], incomplete: false } };
    default:
      return { ...base, status: { userInfo: { username: ctx.user.username, groups: [...ctx.user.groups, 'system:authenticated'] } } };
  }
}

async function scale(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, r: Route & { name: string }, method: string, contentType: string, dryRun: boolean): Promise<void> {
  const current = ctx.objects.get(r.type, r.namespace, r.name);
  if (method === 'GET') return send(res, 200, scaleOf(current));
  let wanted: KubeObject;
  if (method === 'PUT') wanted = parseBody(ctx, await readBody(req), contentType) as KubeObject;
  else if (method === 'PATCH') wanted = applyPatch(scaleOf(current), parseBody(ctx, await readBody(req), contentType), contentType);
  else throw new KubeError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const replicas = wanted.spec?.replicas;
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw new KubeError(422, 'Invalid', `Scale.autoscaling "${r.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
  }
  const updated = ctx.objects.update(r.type, r.namespace, r.name, { ...current, spec: { ...current.spec, replicas } }, { dryRun });
  send(res, 200, scaleOf(updated));
}

/** `GET pods/{name}/log`: the container's synthetic log (see logs.ts), streamed on `follow=true`. */
function podLog(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, namespace: string, name: string, query: URLSearchParams): void {
  const podType = builtinType('Pod');
  const pod = ctx.objects.get(podType, namespace, name);
  const containers: KubeObject[] = pod.spec?.containers ?? [];
  const wanted = query.get('container');
  const container = wanted ? containers.find((c) => c.name === wanted) : containers.length === 1 ? containers[0] : undefined;
  if (!container) {
    if (wanted) throw new KubeError(400, 'BadRequest', `container ${wanted} is not valid for pod ${name}`);
    throw new KubeError(400, 'BadRequest', `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`);
  }
  if (query.get('previous') === 'true') throw new KubeError(400, 'BadRequest', `previous terminated container "${container.name}" in pod "${name}" not found`);
  const now = ctx.objects.now();
  const sinceSeconds = query.get('sinceSeconds');
  const sinceTime = query.get('sinceTime');
  const from = sinceSeconds ? now - Number(sinceSeconds) * 1000 : sinceTime ? Date.parse(sinceTime) : undefined;
  const tailLines = query.get('tailLines');
  const timestamps = query.get('timestamps') === 'true';
  const limitBytes = query.get('limitBytes') ? Number(query.get('limitBytes')) : undefined;
  let text = logLines(pod, container, now, { from, tail: tailLines === null ? -1 : Number(tailLines) }).map((l) => formatLine(l, timestamps)).join('');
  if (limitBytes !== undefined && Number.isFinite(limitBytes)) text = Buffer.from(text).subarray(0, limitBytes).toString('utf8');
  if (query.get('follow') !== 'true') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.write(text);
  let sent = now;
  // New lines appear as the emulator's clock passes them; the poll only delivers them.
  const timer = setInterval(() => {
    const current = ctx.objects.list(podType, namespace).find((p) => p.metadata.name === name && p.metadata.uid === pod.metadata.uid);
    if (!current) {
      clearInterval(timer);
      res.end();
      return;
    }
    const t = ctx.objects.now();
    if (t <= sent) return;
    const lines = logLines(current as KubeObject, container, t, { from: sent + 1 });
    sent = t;
    if (lines.length > 0) res.write(lines.map((l) => formatLine(l, timestamps)).join(''));
  }, Math.min(1000, PERIOD_MS));
  timer.unref();
  const done = (): void => clearInterval(timer);
  res.on('close', done);
  req.on('close', done);
}

function watch(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  filter: (o: Readonly<KubeObject>) => boolean,
  query: URLSearchParams,
  out: (o: Readonly<KubeObject>) => Readonly<KubeObject>,
): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  // Watchers wait for the headers before they consider the watch started; Node holds them back until the first write.
  res.flushHeaders();
  const table = wantsTable(req.headers.accept);
  const write = (e: { type: string; object: Readonly<KubeObject> }): void => {
    e = { type: e.type, object: out(e.object) };
    // kubectl get -w asks for tables: each event then carries a one-row Table.
    const object = table ? renderTable(type, { metadata: { resourceVersion: e.object.metadata?.resourceVersion }, items: [e.object] }, ctx.objects.now()) : e.object;
    res.write(`${JSON.stringify({ type: e.type, object })}\n`);
  };
  const since = query.get('resourceVersion');
  const relevant = (e: WatchEvent): boolean =>
    e.resource === type && (namespace === undefined || e.object.metadata?.namespace === namespace) && filter(e.object);
  // Without a starting version a watch begins with the current state, as the apiserver does.
  if (!since || since === '0') for (const obj of ctx.objects.list(type, namespace).filter(filter)) write({ type: 'ADDED', object: obj });
  else {
    // From a version: what happened since then first; a version older than the history is 410 Gone.
    const missed = ctx.objects.eventsSince(Number(since));
    if (missed === undefined) {
      write({ type: 'ERROR', object: statusBody(410, 'Expired', `too old resource version: ${since} (${ctx.objects.resourceVersion})`) });
      res.end();
      return;
    }
    for (const e of missed) if (relevant(e)) write({ type: e.type, object: e.object });
  }
  const unsubscribe = ctx.objects.subscribe((e: WatchEvent) => {
    if (relevant(e)) write({ type: e.type, object: e.object });
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
