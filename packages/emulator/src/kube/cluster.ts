import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { apiVersionOf, type ResourceType, RESOURCE_TYPES } from './resources.js';

export type KubeObject = Record<string, any>;

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: ResourceType;
  object: KubeObject;
}

/** An apiserver-style failure: becomes a `Status` object with the same code and reason. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function qualifiedName(type: ResourceType): string {
  return type.group ? `${type.plural}.${type.group}` : type.plural;
}

export function notFound(type: ResourceType, name: string): KubeError {
  return new KubeError(404, 'NotFound', `${qualifiedName(type)} "${name}" not found`, {
    name,
    group: type.group,
    kind: type.plural,
  });
}

export const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public'];
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const ADDON_LABEL = 'addon.cce.io/name';

function typeOf(kind: string): ResourceType {
  const t = RESOURCE_TYPES.find((x) => x.kind === kind);
  if (!t) throw new Error(`unknown kind ${kind}`);
  return t;
}

/**
 * One cluster's objects, in memory. Workloads are not persisted: an emulator restart starts every
 * cluster again from its default namespaces (and its addons' workloads).
 */
export class ClusterObjects {
  private readonly objects = new Map<string, KubeObject>();
  private revision = 1;
  private readonly listeners = new Set<(e: WatchEvent) => void>();
  private addonNames: string[] = [];
  private addressCounter = 1;
  private readonly nextAddress = (): number => ++this.addressCounter;

  constructor(readonly cluster: { id: string; name: string; version: string }) {
    for (const ns of PROTECTED_NAMESPACES) this.create(typeOf('Namespace'), undefined, { metadata: { name: ns } });
    this.create(typeOf('Service'), 'default', {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 5443 }], type: 'ClusterIP', clusterIP: '10.247.0.1' },
    });
  }

  get resourceVersion(): string {
    return String(this.revision);
  }

  subscribe(listener: (e: WatchEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    return `${type.group}/${type.plural}/${namespace ?? ''}/${name}`;
  }

  private emit(type: WatchEvent['type'], resource: ResourceType, object: KubeObject): void {
    for (const l of this.listeners) l({ type, resource, object: structuredClone(object) });
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.objects.get(this.key(type, namespace, name));
    if (!obj) throw notFound(type, name);
    return structuredClone(obj);
  }

  list(type: ResourceType, namespace: string | undefined): KubeObject[] {
    const prefix = namespace === undefined ? `${type.group}/${type.plural}/` : `${type.group}/${type.plural}/${namespace}/`;
    const out: KubeObject[] = [];
    for (const [k, v] of this.objects) if (k.startsWith(prefix)) out.push(structuredClone(v));
    return out.sort((a, b) =>
      `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`),
    );
  }

  private checkNamespace(type: ResourceType, namespace: string | undefined): void {
    if (!type.namespaced || namespace === undefined) return;
    if (!this.objects.has(this.key(typeOf('Namespace'), undefined, namespace))) {
      throw new KubeError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    }
    const ns = this.objects.get(this.key(typeOf('Namespace'), undefined, namespace));
    if (ns?.metadata?.deletionTimestamp) {
      throw new KubeError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private validate(type: ResourceType, namespace: string | undefined, body: KubeObject, nameFromUrl?: string): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new KubeError(400, 'BadRequest', 'the request body must be a JSON object');
    }
    const apiVersion = apiVersionOf(type);
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw new KubeError(400, 'BadRequest', `the kind "${String(body.kind)}" of the object does not match the resource ${qualifiedName(type)} (kind ${type.kind})`);
    }
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
      throw new KubeError(400, 'BadRequest', `the API version "${String(body.apiVersion)}" of the object does not match the request path (${apiVersion})`);
    }
    const meta = body.metadata;
    if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) {
      throw invalid(type, '', [{ field: 'metadata', reason: 'FieldValueInvalid', message: 'must be an object' }]);
    }
    const name = meta?.name;
    if (nameFromUrl !== undefined && name !== undefined && name !== nameFromUrl) {
      throw new KubeError(400, 'BadRequest', `the name of the object (${String(name)}) does not match the name on the URL (${nameFromUrl})`);
    }
    if (type.namespaced && meta?.namespace !== undefined && meta.namespace !== namespace) {
      throw new KubeError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
    const causes: { field: string; reason: string; message: string }[] = [];
    if (typeof name !== 'string' || name === '') {
      causes.push({ field: 'metadata.name', reason: 'FieldValueRequired', message: 'Required value: name or generateName is required' });
    } else {
      const pattern = type.kind === 'Namespace' || type.kind === 'Service' ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
      if (!pattern.test(name) || name.length > 253) {
        causes.push({
          field: 'metadata.name',
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${name}": a lowercase RFC 1123 ${pattern === DNS1123_LABEL ? 'label' : 'subdomain'} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
        });
      }
    }
    for (const field of ['labels', 'annotations'] as const) {
      const map = meta?.[field];
      if (map === undefined || map === null) continue;
      if (typeof map !== 'object' || Array.isArray(map)) causes.push({ field: `metadata.${field}`, reason: 'FieldValueInvalid', message: 'must be a map of strings' });
      else for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') causes.push({ field: `metadata.${field}.${k}`, reason: 'FieldValueInvalid', message: `Invalid value: must be a string` });
    }
    if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(type.kind)) {
      if (!body.spec?.selector) causes.push({ field: 'spec.selector', reason: 'FieldValueRequired', message: 'Required value' });
      if (!Array.isArray(body.spec?.template?.spec?.containers) || body.spec.template.spec.containers.length === 0) {
        causes.push({ field: 'spec.template.spec.containers', reason: 'FieldValueRequired', message: 'Required value' });
      }
      const replicas = body.spec?.replicas;
      if (replicas !== undefined && (!Number.isInteger(replicas) || replicas < 0)) {
        causes.push({ field: 'spec.replicas', reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0` });
      }
    }
    if (type.kind === 'Pod' && (!Array.isArray(body.spec?.containers) || body.spec.containers.length === 0)) {
      causes.push({ field: 'spec.containers', reason: 'FieldValueRequired', message: 'Required value' });
    }
    if (causes.length > 0) throw invalid(type, typeof name === 'string' ? name : '', causes);
  }

  create(type: ResourceType, namespace: string | undefined, input: KubeObject, opts: { dryRun?: boolean } = {}): KubeObject {
    const body = structuredClone(input ?? {});
    if (body?.metadata && !body.metadata.name && typeof body.metadata.generateName === 'string') {
      body.metadata.name = `${body.metadata.generateName}${randomSuffix()}`;
    }
    this.validate(type, namespace, body);
    this.checkNamespace(type, namespace);
    const name = body.metadata.name as string;
    const key = this.key(type, type.namespaced ? namespace : undefined, name);
    if (this.objects.has(key)) {
      throw new KubeError(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, { name, group: type.group, kind: type.plural });
    }
    const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const obj: KubeObject = {
      ...body,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      metadata: {
        ...body.metadata,
        ...(type.namespaced ? { namespace } : {}),
        uid: randomUUID(),
        creationTimestamp: now,
        ...(hasGeneration(type) ? { generation: 1 } : {}),
      },
    };
    delete obj.metadata.resourceVersion;
    if (!type.namespaced) delete obj.metadata.namespace;
    reconcile(type, obj, this.nextAddress);
    if (opts.dryRun) return { ...obj, metadata: { ...obj.metadata } };
    obj.metadata.resourceVersion = String(++this.revision);
    this.objects.set(key, obj);
    this.emit('ADDED', type, obj);
    this.runControllers(type, obj);
    return structuredClone(obj);
  }

  /**
   * Replace an object. `part` limits what the new body may change: the `status` subresource only
   * changes status, the main resource keeps the stored status for kinds that have that subresource.
   */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    input: KubeObject,
    opts: { dryRun?: boolean; part?: 'main' | 'status' } = {},
  ): KubeObject {
    const key = this.key(type, type.namespaced ? namespace : undefined, name);
    const current = this.objects.get(key);
    if (!current) throw notFound(type, name);
    const body = structuredClone(input ?? {});
    this.validate(type, namespace, body, name);
    const rv = body.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) {
      throw new KubeError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name, group: type.group, kind: type.plural },
      );
    }
    let next: KubeObject;
    if (opts.part === 'status') {
      next = { ...current, status: body.status };
    } else {
      next = {
        ...body,
        apiVersion: apiVersionOf(type),
        kind: type.kind,
        metadata: {
          ...body.metadata,
          // Identity and bookkeeping are the server's, whatever the client sent.
          name,
          uid: current.metadata.uid,
          creationTimestamp: current.metadata.creationTimestamp,
          ...(type.namespaced ? { namespace } : {}),
        },
      };
      if (type.subresources?.includes('status') && current.status !== undefined) next.status = current.status;
      if (hasGeneration(type)) {
        const changed = JSON.stringify(next.spec) !== JSON.stringify(current.spec);
        next.metadata.generation = (current.metadata.generation ?? 1) + (changed ? 1 : 0);
      }
    }
    if (!type.namespaced) delete next.metadata.namespace;
    reconcile(type, next, this.nextAddress);
    if (opts.dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion } };
    next.metadata.resourceVersion = String(++this.revision);
    this.objects.set(key, next);
    this.emit('MODIFIED', type, next);
    this.runControllers(type, next);
    return structuredClone(next);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, opts: { dryRun?: boolean } = {}): KubeObject {
    const key = this.key(type, type.namespaced ? namespace : undefined, name);
    const current = this.objects.get(key);
    if (!current) throw notFound(type, name);
    if (type.kind === 'Namespace' && PROTECTED_NAMESPACES.includes(name)) {
      throw new KubeError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    }
    if (opts.dryRun) return structuredClone(current);
    this.objects.delete(key);
    if (type.kind === 'Namespace') {
      // The namespace controller would empty it in the background; here it happens at once.
      for (const t of RESOURCE_TYPES) {
        if (!t.namespaced) continue;
        for (const obj of this.list(t, name)) {
          // Dependents may already have gone with their owner.
          if (this.objects.has(this.key(t, name, obj.metadata.name))) this.delete(t, name, obj.metadata.name);
        }
      }
    }
    const gone = { ...current, metadata: { ...current.metadata, resourceVersion: String(++this.revision) } };
    this.emit('DELETED', type, gone);
    this.collectGarbage(current.metadata.uid, current.metadata.namespace);
    return structuredClone(gone);
  }

  /** Dependents go with their owner, as the garbage collector does with foreground deletion. */
  private collectGarbage(ownerUid: string, namespace: string | undefined): void {
    if (namespace === undefined) return;
    for (const t of [typeOf('ReplicaSet'), typeOf('Pod')]) {
      for (const obj of this.list(t, namespace)) {
        if ((obj.metadata.ownerReferences ?? []).some((r: KubeObject) => r.uid === ownerUid) && this.objects.has(this.key(t, namespace, obj.metadata.name))) {
          this.delete(t, namespace, obj.metadata.name);
        }
      }
    }
  }

  private owned(type: ResourceType, namespace: string, owner: KubeObject): KubeObject[] {
    return this.list(type, namespace).filter((o) => (o.metadata.ownerReferences ?? []).some((r: KubeObject) => r.uid === owner.metadata.uid));
  }

  /**
   * The workload controllers, converged at once: a Deployment owns a ReplicaSet per pod template,
   * ReplicaSets, ReplicationControllers and StatefulSets own their pods, a Job's pods succeed.
   */
  private runControllers(type: ResourceType, obj: KubeObject): void {
    const ns = obj.metadata.namespace as string | undefined;
    if (ns === undefined || obj.metadata.deletionTimestamp) return;
    const ref = { apiVersion: apiVersionOf(type), kind: type.kind, name: obj.metadata.name, uid: obj.metadata.uid, controller: true, blockOwnerDeletion: true };
    const template: KubeObject = obj.spec?.template ?? {};
    const replicas: number = obj.spec?.replicas ?? 1;
    switch (type.kind) {
      case 'Deployment': {
        const rsType = typeOf('ReplicaSet');
        const hash = podTemplateHash(template);
        const name = `${obj.metadata.name}-${hash}`.slice(0, 253);
        for (const rs of this.owned(rsType, ns, obj)) {
          if (rs.metadata.name !== name && rs.spec?.replicas !== 0) this.update(rsType, ns, rs.metadata.name, { ...rs, spec: { ...rs.spec, replicas: 0 } });
        }
        const labels = { ...(template.metadata?.labels ?? {}), 'pod-template-hash': hash };
        const spec = {
          replicas,
          selector: { matchLabels: { ...(obj.spec?.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { ...template, metadata: { ...template.metadata, labels } },
        };
        const existing = this.objects.get(this.key(rsType, ns, name));
        if (!existing) this.create(rsType, ns, { metadata: { name, labels, ownerReferences: [ref] }, spec });
        else if (existing.spec?.replicas !== replicas) this.update(rsType, ns, name, { ...structuredClone(existing), spec: { ...existing.spec, replicas } });
        break;
      }
      case 'ReplicaSet':
      case 'ReplicationController':
      case 'StatefulSet': {
        const podType = typeOf('Pod');
        const pods = this.owned(podType, ns, obj);
        const ordinal = type.kind === 'StatefulSet';
        const wanted = ordinal ? new Set(Array.from({ length: replicas }, (_, i) => `${obj.metadata.name}-${i}`)) : undefined;
        const keep = ordinal ? pods.filter((p) => wanted?.has(p.metadata.name)) : pods.slice(0, replicas);
        for (const p of pods) if (!keep.includes(p)) this.delete(podType, ns, p.metadata.name);
        const names = ordinal
          ? [...(wanted ?? [])].filter((n) => !keep.some((p) => p.metadata.name === n))
          : Array.from({ length: Math.max(0, replicas - keep.length) }, () => `${obj.metadata.name}-${randomSuffix()}`);
        for (const name of names) {
          this.create(podType, ns, {
            metadata: { ...template.metadata, name, ownerReferences: [ref] },
            spec: { ...template.spec },
          });
        }
        break;
      }
      case 'Job': {
        const podType = typeOf('Pod');
        if (this.owned(podType, ns, obj).length > 0) break;
        const completions: number = obj.spec?.completions ?? 1;
        for (let i = 0; i < completions; i++) {
          this.create(podType, ns, {
            metadata: { ...template.metadata, name: `${obj.metadata.name}-${randomSuffix()}`, labels: { ...(template.metadata?.labels ?? {}), 'job-name': obj.metadata.name }, ownerReferences: [ref] },
            spec: { restartPolicy: 'Never', ...template.spec },
            status: { phase: 'Succeeded' },
          });
        }
        break;
      }
    }
  }

  /** Addon workloads: one Deployment per installed addon in kube-system, replaced on each call. */
  setAddonWorkloads(addons: { name: string; version: string }[]): void {
    const deployments = typeOf('Deployment');
    const wanted = new Map(addons.map((a) => [a.name, a.version]));
    for (const obj of this.list(deployments, 'kube-system')) {
      const addon = obj.metadata.labels?.[ADDON_LABEL];
      if (addon !== undefined && !wanted.has(addon)) this.delete(deployments, 'kube-system', obj.metadata.name);
    }
    for (const [name, version] of wanted) {
      const workload = name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
      const labels = { app: workload, [ADDON_LABEL]: name, 'addon.cce.io/version': version };
      const body = {
        metadata: { name: workload, labels },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: workload } },
          template: {
            metadata: { labels: { app: workload } },
            spec: { containers: [{ name: workload, image: `swr.cn-north-4.myhuaweicloud.com/hwofficial/${workload}:${version}` }] },
          },
        },
      };
      try {
        const current = this.get(deployments, 'kube-system', workload);
        if (current.metadata.labels?.['addon.cce.io/version'] !== version) {
          this.update(deployments, 'kube-system', workload, { ...current, ...body, metadata: { ...current.metadata, labels } });
        }
      } catch (err) {
        if (!(err instanceof KubeError && err.code === 404)) throw err;
        this.create(deployments, 'kube-system', body);
      }
    }
    this.addonNames = [...wanted.keys()];
  }

  get addons(): readonly string[] {
    return this.addonNames;
  }
}

const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Like the apiserver's generateName suffixes: five characters that never spell words. */
function randomSuffix(): string {
  return Array.from(randomBytes(5), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

function podTemplateHash(template: KubeObject): string {
  const digest = createHash('sha256').update(JSON.stringify(template)).digest();
  return Array.from(digest.subarray(0, 10), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

function hasGeneration(type: ResourceType): boolean {
  return !['Namespace', 'Event', 'ConfigMap', 'Secret', 'Endpoints', 'Node'].includes(type.kind);
}

export function invalid(type: ResourceType, name: string, causes: { field: string; reason: string; message: string }[]): KubeError {
  const summary = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new KubeError(422, 'Invalid', `${type.kind} "${name}" is invalid: ${summary}`, {
    name,
    group: type.group,
    kind: type.kind,
    causes,
  });
}

/**
 * What the controllers of a real cluster would converge to, applied at once: workloads report all
 * replicas ready, pods run, services get a cluster IP. Serverless clusters have no nodes to wait on.
 */
function podAddress(n: number): string {
  return `172.16.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
}

function reconcile(type: ResourceType, obj: KubeObject, nextAddress: () => number): void {
  const gen = obj.metadata.generation;
  switch (type.kind) {
    case 'Namespace':
      obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
      obj.status = { phase: 'Active' };
      break;
    case 'Deployment':
    case 'StatefulSet':
    case 'ReplicaSet':
    case 'ReplicationController': {
      obj.spec = { ...obj.spec };
      if (obj.spec.replicas === undefined) obj.spec.replicas = 1;
      const n = obj.spec.replicas as number;
      obj.status = {
        observedGeneration: gen,
        replicas: n,
        readyReplicas: n,
        availableReplicas: n,
        ...(type.kind === 'Deployment' || type.kind === 'StatefulSet' ? { updatedReplicas: n } : {}),
        ...(type.kind === 'Deployment'
          ? {
              conditions: [
                { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
                { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${obj.metadata.name}" has successfully progressed.` },
              ],
            }
          : {}),
      };
      if (n === 0) for (const k of ['readyReplicas', 'availableReplicas', 'updatedReplicas']) delete obj.status[k];
      break;
    }
    case 'Pod': {
      const ip = obj.status?.podIP ?? podAddress(nextAddress());
      obj.status = {
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
        containerStatuses: (obj.spec?.containers ?? []).map((c: KubeObject) => ({
          name: c.name,
          image: c.image,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: obj.metadata.creationTimestamp } },
        })),
        ...obj.status,
        podIP: ip,
      };
      break;
    }
    case 'Service':
      obj.spec = { type: 'ClusterIP', ...obj.spec };
      if (!obj.spec.clusterIP && obj.spec.type !== 'ExternalName') {
        const n = nextAddress();
        obj.spec.clusterIP = `10.247.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
        obj.spec.clusterIPs = [obj.spec.clusterIP];
      }
      obj.status = obj.status ?? { loadBalancer: {} };
      break;
    case 'Job': {
      const completions = obj.spec?.completions ?? 1;
      obj.status = {
        succeeded: completions,
        startTime: obj.metadata.creationTimestamp,
        completionTime: obj.metadata.creationTimestamp,
        conditions: [{ type: 'Complete', status: 'True' }],
      };
      break;
    }
    case 'PersistentVolume':
      obj.status = obj.status ?? { phase: 'Available' };
      break;
    case 'PersistentVolumeClaim':
      obj.status = obj.status ?? { phase: 'Pending' };
      break;
  }
}
