// What runs in a cluster, for the tree: a small reader of the cluster's Kubernetes API (TLS
// verified against the cluster CA, a short-lived client certificate fetched from the service) and
// the rows it shows (namespaces, workloads with status and ready counts, a release's objects).
import { request } from 'node:https';
import type { CceApi } from './api.js';

export interface KubeConnection {
  readonly server: string;
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
}

/** Lists of the cluster's API; tests and the extension use the HTTPS one below. */
export interface KubeReader {
  list(path: string, signal?: AbortSignal): Promise<KubeObject[]>;
  /** Any request; the answer's text, or a KubeUnavailableError with the API's message. */
  send?(method: 'GET' | 'PATCH' | 'DELETE', path: string, body?: { type: string; text: string }, signal?: AbortSignal): Promise<string>;
  /** A GET whose answer is passed on as it arrives (`pods/log?follow=true`); resolves when it ends or the signal aborts. */
  stream?(path: string, onText: (text: string) => void, signal: AbortSignal): Promise<void>;
  /** The resourceVersion of the last list of `path` this reader made (a watch of what a row shows starts there). */
  listedVersion?(path: string): string | undefined;
}

export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; deletionTimestamp?: string };
  readonly spec?: Record<string, any>;
  readonly status?: Record<string, any>;
  readonly data?: Record<string, string>;
}

/** Why the API could not be used; `unreachable` means the address did not answer (offer Bind EIP). */
export class KubeUnavailableError extends Error {
  constructor(message: string, readonly unreachable: boolean) {
    super(message);
  }
}

const b64 = (s: string | undefined) => (s ? Buffer.from(s, 'base64').toString('utf8') : '');

/**
 * A one-day client certificate from CreateAutopilotKubernetesClusterCert, for the internal endpoint
 * (the only one whose CA the answer carries: the external one comes with TLS verification off, which
 * the tree does not accept).
 */
export async function fetchConnection(api: CceApi, clusterId: string, signal?: AbortSignal): Promise<KubeConnection> {
  const answer = await api.call('CreateAutopilotKubernetesClusterCert', { cluster_id: clusterId, body: { duration: 1 } }, signal);
  const cluster = answer.clusters?.map((c) => c.cluster).find((c) => typeof c?.['certificate-authority-data'] === 'string' && c['insecure-skip-tls-verify'] !== true);
  const user = answer.users?.[0]?.user;
  if (!cluster || !user) throw new KubeUnavailableError('The certificate answer has no cluster with a CA to verify the API server against.', false);
  return {
    server: String(cluster.server),
    caPem: b64(cluster['certificate-authority-data'] as string),
    certPem: b64(user['client-certificate-data'] as string),
    keyPem: b64(user['client-key-data'] as string),
  };
}

/** GET of lists over HTTPS with the cluster CA (rejectUnauthorized stays on) and the client certificate. */
export function httpsReader(conn: KubeConnection, timeoutMs = 10_000): KubeReader {
  const send = (method: 'GET' | 'PATCH' | 'DELETE', path: string, body?: { type: string; text: string }, signal?: AbortSignal): Promise<string> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, conn.server);
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body) headers['Content-Type'] = body.type;
      const req = request(url, { method, ca: conn.caPem, cert: conn.certPem, key: conn.keyPem, headers, timeout: timeoutMs, ...(signal ? { signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 500) >= 300) {
            let message = text.slice(0, 300);
            try { message = (JSON.parse(text) as { message?: string }).message ?? message; } catch { /* not JSON */ }
            reject(new KubeUnavailableError(`${method} ${url.pathname}: HTTP ${res.statusCode}: ${message}`, false));
            return;
          }
          resolve(text);
        });
      });
      req.on('timeout', () => req.destroy(new KubeUnavailableError(`The cluster's API at ${conn.server} did not answer within ${timeoutMs / 1000} s.`, true)));
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (e instanceof KubeUnavailableError) reject(e);
        else if (['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code ?? '')) {
          reject(new KubeUnavailableError(`The cluster's API at ${conn.server} cannot be reached (${e.code}); it is the VPC-internal address: bind an EIP to reach it from here.`, true));
        } else reject(new KubeUnavailableError(`The cluster's API at ${conn.server}: ${e.message}`, false));
      });
      req.end(body?.text);
    });
  const stream = (path: string, onText: (text: string) => void, signal: AbortSignal): Promise<void> =>
    new Promise((resolve, reject) => {
      const url = new URL(path, conn.server);
      const req = request(url, { method: 'GET', ca: conn.caPem, cert: conn.certPem, key: conn.keyPem, signal }, (res) => {
        if ((res.statusCode ?? 500) >= 300) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => reject(new KubeUnavailableError(`GET ${url.pathname}: HTTP ${res.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`, false)));
          return;
        }
        res.setEncoding('utf8');
        res.on('data', (t: string) => onText(t));
        res.on('end', () => resolve());
        res.on('error', () => resolve());
      });
      req.on('error', (e: Error) => (signal.aborted ? resolve() : reject(e)));
      req.end();
    });
  // Per reader (one per cluster in the tree): the version each list path was last read at.
  const versions = new Map<string, string>();
  return {
    send,
    stream,
    async list(path, signal) {
      const answer = JSON.parse(await send('GET', path, undefined, signal)) as { metadata?: { resourceVersion?: string }; items?: KubeObject[] };
      if (answer.metadata?.resourceVersion) versions.set(path, answer.metadata.resourceVersion);
      return answer.items ?? [];
    },
    listedVersion: (path) => versions.get(path),
  };
}

/** The kinds shown under a namespace, in this order, with their list paths. */
export const WORKLOAD_KINDS: readonly { kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'Job' | 'Pod' | 'Service' | 'ConfigMap'; plural: string; base: string }[] = [
  { kind: 'Deployment', plural: 'deployments', base: '/apis/apps/v1' },
  { kind: 'StatefulSet', plural: 'statefulsets', base: '/apis/apps/v1' },
  { kind: 'DaemonSet', plural: 'daemonsets', base: '/apis/apps/v1' },
  { kind: 'Job', plural: 'jobs', base: '/apis/batch/v1' },
  { kind: 'Pod', plural: 'pods', base: '/api/v1' },
  { kind: 'Service', plural: 'services', base: '/api/v1' },
  { kind: 'ConfigMap', plural: 'configmaps', base: '/api/v1' },
];

export type WorkloadKind = (typeof WORKLOAD_KINDS)[number]['kind'];

/** The API path of one object a row shows (rows of kinds outside WORKLOAD_KINDS carry theirs). */
export function objectPath(row: { kind: string; namespace: string; name: string; path?: string }): string {
  if (row.path) return row.path;
  const k = WORKLOAD_KINDS.find((x) => x.kind === row.kind);
  if (!k) throw new Error(`No API path known for ${row.kind} ${row.name}.`);
  return `${k.base}/namespaces/${encodeURIComponent(row.namespace)}/${k.plural}/${encodeURIComponent(row.name)}`;
}

/** One object a row shows: a workload kind of the namespace view, or any kind a release made. */
export interface ObjectRow {
  readonly kind: string;
  /** Empty for cluster-scoped objects (ClusterRole, CustomResourceDefinition, APIService...). */
  readonly namespace: string;
  readonly name: string;
  /** e.g. `2/3 ready`, `Running 1/1`, `ClusterIP 10.247.0.12`, `3 keys`, `cluster-scoped`. */
  readonly description: string;
  readonly state: 'ok' | 'progressing' | 'failed' | 'none';
  /** The object's API path, for kinds outside WORKLOAD_KINDS (found by discovery). */
  readonly path?: string;
}

export interface WorkloadRow extends ObjectRow {
  readonly kind: WorkloadKind;
}

const ready = (have: number, want: number): WorkloadRow['state'] => (have >= want ? 'ok' : 'progressing');

/** Status and ready counts of one object, as `kubectl get` summarizes them. */
export function summarize(kind: WorkloadKind, o: KubeObject): WorkloadRow {
  const base = { kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name };
  const s = o.status ?? {};
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  if (o.metadata.deletionTimestamp) return { ...base, description: 'Terminating', state: 'progressing' };
  switch (kind) {
    case 'Deployment': case 'StatefulSet': {
      const want = typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1;
      return { ...base, description: `${n(s.readyReplicas)}/${want} ready`, state: ready(n(s.readyReplicas), want) };
    }
    case 'DaemonSet': return { ...base, description: `${n(s.numberReady)}/${n(s.desiredNumberScheduled)} ready`, state: ready(n(s.numberReady), n(s.desiredNumberScheduled)) };
    case 'Job': {
      const conds = (s.conditions ?? []) as { type: string; status: string }[];
      const want = typeof o.spec?.completions === 'number' ? o.spec.completions : 1;
      if (conds.some((c) => c.type === 'Failed' && c.status === 'True')) return { ...base, description: `Failed ${n(s.succeeded)}/${want}`, state: 'failed' };
      if (conds.some((c) => c.type === 'Complete' && c.status === 'True')) return { ...base, description: `Complete ${n(s.succeeded)}/${want}`, state: 'ok' };
      return { ...base, description: `Running ${n(s.succeeded)}/${want}`, state: 'progressing' };
    }
    case 'Pod': {
      const cs = (s.containerStatuses ?? []) as { ready?: boolean }[];
      const total = ((o.spec?.containers ?? []) as unknown[]).length;
      const r = cs.filter((c) => c.ready).length;
      const phase = String(s.phase ?? 'Pending');
      return { ...base, description: `${phase} ${r}/${total}`, state: phase === 'Failed' ? 'failed' : phase === 'Succeeded' || (phase === 'Running' && r === total) ? 'ok' : 'progressing' };
    }
    case 'Service': return { ...base, description: `${String(o.spec?.type ?? 'ClusterIP')} ${String(o.spec?.clusterIP ?? '')}`.trim(), state: 'none' };
    case 'ConfigMap': {
      const keys = Object.keys(o.data ?? {}).length;
      return { ...base, description: `${keys} ${keys === 1 ? 'key' : 'keys'}`, state: 'none' };
    }
  }
}

export async function namespaces(reader: KubeReader, signal?: AbortSignal): Promise<{ name: string; phase: string }[]> {
  const items = await reader.list('/api/v1/namespaces', signal);
  return items.map((n) => ({ name: n.metadata.name, phase: String(n.status?.phase ?? 'Active') })).sort((a, b) => a.name.localeCompare(b.name));
}

/** The objects of one kind in a namespace (a kind group's rows, read again when the poller refreshes it). */
export async function workloadsOfKind(reader: KubeReader, namespace: string, kind: WorkloadKind, signal?: AbortSignal): Promise<WorkloadRow[]> {
  const k = WORKLOAD_KINDS.find((x) => x.kind === kind)!;
  const items = await reader.list(`${k.base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}`, signal);
  return items.map((o) => summarize(kind, o)).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every workload of a namespace, grouped by kind in WORKLOAD_KINDS order (kinds with none left out). */
export async function workloads(reader: KubeReader, namespace: string, signal?: AbortSignal): Promise<{ kind: WorkloadKind; rows: WorkloadRow[] }[]> {
  const lists = await Promise.all(WORKLOAD_KINDS.map((k) => reader.list(`${k.base}/namespaces/${encodeURIComponent(namespace)}/${k.plural}`, signal)));
  return WORKLOAD_KINDS.map((k, i) => ({ kind: k.kind, rows: (lists[i] ?? []).map((o) => summarize(k.kind, o)).sort((a, b) => a.name.localeCompare(b.name)) }))
    .filter((g) => g.rows.length > 0);
}

/** A listable kind the cluster serves (API discovery, preferred version of each group). */
export interface ApiResource {
  readonly groupVersion: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

interface ResourceList { resources?: { name: string; kind: string; namespaced: boolean; verbs?: string[] }[] }
interface GroupList { groups?: { name: string; preferredVersion?: { groupVersion: string }; versions?: { groupVersion: string }[] }[] }

async function getJson<T>(reader: KubeReader, path: string, signal?: AbortSignal): Promise<T> {
  if (!reader.send) throw new Error('This connection to the cluster can only list.');
  return JSON.parse(await reader.send('GET', path, undefined, signal)) as T;
}

/**
 * Every kind the cluster lists, as `kubectl api-resources --verbs=list` finds them: the core group
 * and each group's preferred version (so a kind served in two versions is read once). Custom
 * resources and aggregated APIs come with their groups.
 */
export async function discoverResources(reader: KubeReader, signal?: AbortSignal): Promise<ApiResource[]> {
  const groups = (await getJson<GroupList>(reader, '/apis', signal)).groups ?? [];
  const versions = ['v1', ...groups.map((g) => g.preferredVersion?.groupVersion ?? g.versions?.[0]?.groupVersion).filter((v): v is string => !!v)];
  const lists = await Promise.all(versions.map((gv) => getJson<ResourceList>(reader, gv === 'v1' ? '/api/v1' : `/apis/${gv}`, signal)));
  return versions.flatMap((groupVersion, i) => (lists[i]?.resources ?? [])
    // Subresources (pods/log) are not kinds of their own; some kinds cannot be listed (SelfSubjectAccessReview).
    .filter((r) => !r.name.includes('/') && (r.verbs ?? []).includes('list'))
    .map((r) => ({ groupVersion, kind: r.kind, plural: r.name, namespaced: r.namespaced })));
}

const resourceBase = (r: ApiResource) => (r.groupVersion === 'v1' ? '/api/v1' : `/apis/${r.groupVersion}`);

/** Helm 3's ownership label; the release it belongs to is in the annotations. */
export const HELM_SELECTOR = `labelSelector=${encodeURIComponent('app.kubernetes.io/managed-by=Helm')}`;

/** `Available`/`Established`/`Ready` conditions as a row state (APIService, CRD, most custom resources). */
function conditionSummary(o: KubeObject): { text: string; state: ObjectRow['state'] } | undefined {
  const conds = (o.status?.conditions ?? []) as { type: string; status: string }[];
  const c = conds.find((x) => ['Available', 'Established', 'Ready'].includes(x.type));
  if (!c) return undefined;
  return { text: c.status === 'True' ? c.type : `not ${c.type}`, state: c.status === 'True' ? 'ok' : c.status === 'False' ? 'failed' : 'progressing' };
}

function otherRow(r: ApiResource, o: KubeObject, releaseNamespace: string): ObjectRow {
  const namespace = r.namespaced ? o.metadata.namespace ?? '' : '';
  const where = r.namespaced ? (namespace !== releaseNamespace ? `in ${namespace}` : undefined) : 'cluster-scoped';
  const cond = conditionSummary(o);
  const base = resourceBase(r);
  const path = r.namespaced
    ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}/${encodeURIComponent(o.metadata.name)}`
    : `${base}/${r.plural}/${encodeURIComponent(o.metadata.name)}`;
  return { kind: r.kind, namespace, name: o.metadata.name, description: [where, cond?.text].filter(Boolean).join(' · '), state: o.metadata.deletionTimestamp ? 'progressing' : cond?.state ?? 'none', path };
}

/**
 * The objects a release made: every object of every kind the cluster lists (cluster-scoped ones
 * too: ClusterRole, ClusterRoleBinding, CustomResourceDefinition, APIService...) that carries
 * Helm's ownership label and annotations (app.kubernetes.io/managed-by=Helm,
 * meta.helm.sh/release-name / release-namespace), and the pods of its workloads (pods carry no
 * annotation: they are matched by the workloads' selectors, as `kubectl get pods -l` would).
 * Order: the workload kinds of the namespace view, then other kinds (namespaced, then
 * cluster-scoped) by kind and name, then the pods.
 */
export async function releaseObjects(reader: KubeReader, release: { name: string; namespace: string }, signal?: AbortSignal): Promise<ObjectRow[]> {
  const owned = (o: KubeObject) => o.metadata.annotations?.['meta.helm.sh/release-name'] === release.name && o.metadata.annotations['meta.helm.sh/release-namespace'] === release.namespace;
  const resources = (await discoverResources(reader, signal)).filter((r) => r.kind !== 'Pod' && r.kind !== 'Event');
  const lists = await Promise.all(resources.map(async (r) => {
    try {
      return (await reader.list(`${resourceBase(r)}/${r.plural}?${HELM_SELECTOR}`, signal)).filter(owned);
    } catch (e) {
      // A kind this user may not list (403) or one that went away since discovery (404) has nothing to show.
      if (e instanceof KubeUnavailableError && /HTTP (403|404|405)\b/.test(e.message)) return [];
      throw e;
    }
  }));
  const workloads: ObjectRow[] = [];
  const others: ObjectRow[] = [];
  const selectors: { namespace: string; sel: Record<string, string> }[] = [];
  const seen = new Set<string>();
  resources.forEach((r, i) => {
    for (const o of lists[i] ?? []) {
      // The same object served under two groups (a kind moved between groups) is shown once.
      const id = (o.metadata as { uid?: string }).uid ?? `${r.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const k = WORKLOAD_KINDS.find((w) => w.kind === r.kind && w.base === resourceBase(r));
      if (k) {
        workloads.push(summarize(k.kind, o));
        const sel = o.spec?.selector?.matchLabels as Record<string, string> | undefined;
        if (sel && k.kind !== 'Service') selectors.push({ namespace: o.metadata.namespace ?? release.namespace, sel });
      } else others.push(otherRow(r, o, release.namespace));
    }
  });
  const kindOrder = (row: ObjectRow) => WORKLOAD_KINDS.findIndex((w) => w.kind === row.kind);
  workloads.sort((a, b) => kindOrder(a) - kindOrder(b) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  others.sort((a, b) => Number(a.namespace === '') - Number(b.namespace === '') || a.kind.localeCompare(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const podNamespaces = [...new Set(selectors.map((s) => s.namespace))];
  const podLists = await Promise.all(podNamespaces.map((ns) => reader.list(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, signal)));
  const pods: ObjectRow[] = [];
  podNamespaces.forEach((ns, i) => {
    for (const p of podLists[i] ?? []) {
      if (owned(p) || selectors.some((s) => s.namespace === ns && Object.entries(s.sel).every(([key, v]) => p.metadata.labels?.[key] === v))) pods.push(summarize('Pod', p));
    }
  });
  return [...workloads, ...others, ...pods];
}
