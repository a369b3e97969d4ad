import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { decode, setDefaults, validate, type FieldValidation } from './admission.js';
import { Controllers, type ControllerHost } from './controllers.js';
import { nextManagedFields } from './managed-fields.js';
import { apiVersionOf, builtinType, TypeRegistry, type ResourceType } from './resources.js';
import { KubeError, notFound, ObjectStore, qualifiedName, type KubeObject, type WatchEvent } from './store.js';

export { KubeError, notFound, qualifiedName, type KubeObject, type WatchEvent } from './store.js';

export const PROTECTED_NAMESPACES = ['default', 'kube-system', 'kube-public'];
import { ADDON_LABEL, addonObjects, type AddonWorkloadSpec } from './addon-workloads.js';

const ADDON_HASH = 'addon.cce.io/applied-hash';
const SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Like the apiserver's generateName suffixes: five characters that never spell words. */
function randomSuffix(): string {
  return Array.from(randomBytes(5), (b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

function hasGeneration(type: ResourceType): boolean {
  return !['Namespace', 'Event', 'ConfigMap', 'Secret', 'Endpoints', 'Node', 'ServiceAccount', 'EndpointSlice', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass'].includes(type.kind) || type.customSchema !== undefined;
}

export interface WriteOptions {
  dryRun?: boolean;
  /** `fieldValidation` of the request; controllers write with `Ignore`. */
  fieldValidation?: FieldValidation;
  /** Collects the `Warning` headers of `fieldValidation=Warn`. */
  warnings?: string[];
  fieldManager?: string;
  /** `Apply` for server-side apply; `applied` is the applied configuration. */
  operation?: 'Update' | 'Apply';
  applied?: KubeObject;
}

export type PropagationPolicy = 'Background' | 'Foreground' | 'Orphan';

/** CCE's default StorageClasses (everest CSI) a CCE Autopilot cluster starts with; Autopilot has no local PVs. */
const STORAGE_CLASSES: [string, string, Record<string, string>, string][] = [
  ['csi-disk', 'disk.csi.everest.io', { 'everest.io/disk-volume-type': 'SAS', 'everest.io/passthrough': 'true' }, 'Immediate'],
  ['csi-disk-topology', 'disk.csi.everest.io', { 'everest.io/disk-volume-type': 'SAS', 'everest.io/passthrough': 'true' }, 'WaitForFirstConsumer'],
  ['csi-nas', 'nas.csi.everest.io', { 'csi.storage.k8s.io/fstype': 'nfs', 'everest.io/share-access-to': '' }, 'Immediate'],
  ['csi-obs', 'obs.csi.everest.io', { 'csi.storage.k8s.io/fstype': 's3fs', 'everest.io/obs-volume-type': 'STANDARD' }, 'Immediate'],
  ['csi-sfsturbo', 'sfsturbo.csi.everest.io', { 'csi.storage.k8s.io/fstype': 'nfs', 'everest.io/share-access-to': '' }, 'Immediate'],
];

/**
 * One cluster's Kubernetes API behind the HTTP layer, in the apiserver's layers: decoding and
 * admission (`admission.ts`), storage and watch (`store.ts`), the registry's own work (names,
 * uids, cluster IPs, pod status as the kubelet would report it, garbage collection) and the
 * controllers (`controllers.ts`). Objects live in memory.
 *
 * Other code of the emulator (releases deploying real objects) uses `applyObject` and
 * `deleteObject`, which go through the same admission and controllers as kubectl's requests.
 */
export class ClusterObjects {
  readonly types = new TypeRegistry();
  private readonly store = new ObjectStore();
  private readonly controllers: Controllers;
  private addonNames: string[] = [];
  private addressCounter = 1;
  private readonly listCache = new Map<string, { rv: string; body: Buffer }>();
  readonly now: () => number;

  constructor(
    readonly cluster: { id: string; name: string; version: string },
    options: { now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    // Controllers write through the same registry as API clients, without a second drain.
    const host: ControllerHost = {
      now: () => this.now(),
      get: (t, ns, n) => this.store.get(t, ns, n),
      list: (t, ns) => this.store.list(t, ns),
      create: (t, ns, body) => this.createInternal(t, ns, body, { fieldValidation: 'Ignore' }),
      update: (t, ns, n, body, part) => this.updateInternal(t, ns, n, body, { fieldValidation: 'Ignore', part: part ?? 'main' }),
      delete: (t, ns, n, p) => void this.deleteInternal(t, ns, n, { propagationPolicy: (p as PropagationPolicy) ?? 'Background' }),
      nextAddress: () => ++this.addressCounter,
    };
    this.controllers = new Controllers(host);
    this.store.subscribe((e) => {
      this.controllers.observe(e);
      if (e.type === 'DELETED') this.collectGarbage(e);
    });
    for (const ns of PROTECTED_NAMESPACES) this.createInternal(builtinType('Namespace'), undefined, { metadata: { name: ns } }, {});
    this.createInternal(builtinType('Service'), 'default', {
      metadata: { name: 'kubernetes', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 5443 }], type: 'ClusterIP', clusterIP: '10.247.0.1' },
    }, {});
    STORAGE_CLASSES.forEach(([name, driver, parameters, binding], i) => {
      this.createInternal(builtinType('StorageClass'), undefined, {
        metadata: { name, ...(i === 0 ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}) },
        provisioner: 'everest-csi-provisioner',
        parameters: { 'csi.storage.k8s.io/csi-driver-name': driver, ...parameters },
        reclaimPolicy: 'Delete',
        allowVolumeExpansion: true,
        volumeBindingMode: binding,
      }, {});
    });
    this.controllers.drain();
  }

  get resourceVersion(): string {
    return this.store.resourceVersion;
  }

  subscribe(listener: (e: WatchEvent) => void): () => void {
    return this.store.subscribe(listener);
  }

  /** Events after a resourceVersion (for watches that resume), or undefined when it is too old. */
  eventsSince(resourceVersion: number): WatchEvent[] | undefined {
    return this.store.since(resourceVersion);
  }

  /** A copy of one object; 404 NotFound when it does not exist. */
  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(type, namespace, name);
    if (!obj) throw notFound(type, name);
    return structuredClone(obj);
  }

  /** The stored objects themselves (read-only: every write stores a new object), for cheap lists. */
  list(type: ResourceType, namespace: string | undefined): readonly Readonly<KubeObject>[] {
    return this.store.list(type, namespace);
  }

  /** Lets the clock-driven controllers (CronJobs) catch up with the emulator's clock. */
  tick(): void {
    this.controllers.tick();
  }

  /**
   * The JSON body of an unfiltered list, kept until the next write anywhere in the cluster (like
   * the apiserver's watch cache, a quiet cluster answers repeated lists without re-encoding).
   */
  listBody(type: ResourceType, namespace: string | undefined, head: { kind: string; apiVersion: string }, view?: (o: Readonly<KubeObject>) => Readonly<KubeObject>): Buffer {
    const key = `${type.group}/${type.version}/${type.plural}/${namespace ?? ''}/${head.apiVersion}`;
    const rv = this.store.resourceVersion;
    const hit = this.listCache.get(key);
    if (hit && hit.rv === rv) return hit.body;
    const items = this.store.list(type, namespace);
    const start = JSON.stringify({ ...head, metadata: { resourceVersion: rv } });
    const text = `${start.slice(0, -1)},"items":[${items.map((o) => (view ? JSON.stringify(view(o)) : this.store.jsonOf(o))).join(',')}]}`;
    const body = Buffer.from(text, 'utf8');
    if (this.listCache.size > 64) this.listCache.clear();
    this.listCache.set(key, { rv, body });
    return body;
  }

  /** The JSON text of an object `list` returned, serialized once per stored version. */
  jsonOf(obj: Readonly<KubeObject>): string {
    return this.store.jsonOf(obj);
  }

  create(type: ResourceType, namespace: string | undefined, input: KubeObject, opts: WriteOptions = {}): KubeObject {
    const out = this.createInternal(type, namespace, input, opts);
    if (!opts.dryRun) this.controllers.drain();
    return structuredClone(out);
  }

  update(type: ResourceType, namespace: string | undefined, name: string, input: KubeObject, opts: WriteOptions & { part?: 'main' | 'status' } = {}): KubeObject {
    const out = this.updateInternal(type, namespace, name, input, opts);
    if (!opts.dryRun) this.controllers.drain();
    return structuredClone(out);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, opts: { dryRun?: boolean; propagationPolicy?: PropagationPolicy; preconditions?: KubeObject } = {}): KubeObject {
    const out = this.deleteInternal(type, namespace, name, opts);
    if (!opts.dryRun) this.controllers.drain();
    return out;
  }

  /** Create or replace an object by its own apiVersion, kind, namespace and name (for releases). */
  applyObject(obj: KubeObject, opts: WriteOptions = {}): KubeObject {
    const type = this.types.byKind(String(obj.apiVersion), String(obj.kind));
    if (!type) throw new KubeError(404, 'NotFound', `the server doesn't have a resource type for ${obj.apiVersion}/${obj.kind}`);
    const ns = type.namespaced ? String(obj.metadata?.namespace ?? 'default') : undefined;
    const current = this.store.get(type, ns, String(obj.metadata?.name));
    if (!current) return this.create(type, ns, obj, opts);
    const next = structuredClone(obj);
    next.metadata = { ...next.metadata, resourceVersion: current.metadata.resourceVersion };
    return this.update(type, ns, current.metadata.name, next, opts);
  }

  /** Delete by apiVersion, kind, namespace and name; false when it did not exist. */
  deleteObject(ref: { apiVersion: string; kind: string; namespace?: string; name: string }, propagationPolicy: PropagationPolicy = 'Background'): boolean {
    const type = this.types.byKind(ref.apiVersion, ref.kind);
    if (!type) return false;
    const ns = type.namespaced ? (ref.namespace ?? 'default') : undefined;
    if (!this.store.get(type, ns, ref.name)) return false;
    this.delete(type, ns, ref.name, { propagationPolicy });
    return true;
  }

  private checkNamespace(type: ResourceType, namespace: string | undefined): void {
    if (!type.namespaced || namespace === undefined) return;
    const ns = this.store.get(builtinType('Namespace'), undefined, namespace);
    if (!ns) throw new KubeError(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' });
    if (ns.metadata.deletionTimestamp) {
      throw new KubeError(403, 'Forbidden', `unable to create new content in namespace ${namespace} because it is being terminated`);
    }
  }

  private checkShape(type: ResourceType, namespace: string | undefined, body: KubeObject, nameFromUrl?: string): void {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new KubeError(400, 'BadRequest', 'the request body must be a JSON object');
    const apiVersion = apiVersionOf(type);
    if (body.kind !== undefined && body.kind !== type.kind) {
      throw new KubeError(400, 'BadRequest', `the kind "${String(body.kind)}" of the object does not match the resource ${qualifiedName(type)} (kind ${type.kind})`);
    }
    if (body.apiVersion !== undefined && body.apiVersion !== apiVersion) {
      throw new KubeError(400, 'BadRequest', `the API version "${String(body.apiVersion)}" of the object does not match the request path (${apiVersion})`);
    }
    const meta = body.metadata;
    if (meta !== undefined && (typeof meta !== 'object' || meta === null || Array.isArray(meta))) throw new KubeError(400, 'BadRequest', 'metadata must be an object');
    if (nameFromUrl !== undefined && meta?.name !== undefined && meta.name !== nameFromUrl) {
      throw new KubeError(400, 'BadRequest', `the name of the object (${String(meta.name)}) does not match the name on the URL (${nameFromUrl})`);
    }
    if (type.namespaced && meta?.namespace !== undefined && meta.namespace !== namespace) {
      throw new KubeError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
    }
  }

  private admit(type: ResourceType, body: KubeObject, opts: WriteOptions): void {
    const warnings = decode(type, body, opts.fieldValidation ?? 'Ignore');
    if (opts.warnings) opts.warnings.push(...warnings);
    body.metadata ??= {};
    setDefaults(type, body);
    validate(type, body);
  }

  private createInternal(type: ResourceType, namespace: string | undefined, input: KubeObject, opts: WriteOptions): KubeObject {
    const body = structuredClone(input ?? {});
    this.checkShape(type, namespace, body);
    if (body.metadata && !body.metadata.name && typeof body.metadata.generateName === 'string') body.metadata.name = `${body.metadata.generateName}${randomSuffix()}`;
    this.admit(type, body, opts);
    this.checkNamespace(type, namespace);
    const name = body.metadata.name as string;
    if (this.store.get(type, namespace, name)) {
      throw new KubeError(409, 'AlreadyExists', `${qualifiedName(type)} "${name}" already exists`, { name, group: type.group, kind: type.plural });
    }
    const now = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const obj: KubeObject = {
      apiVersion: apiVersionOf(type),
      kind: type.kind,
      ...body,
      metadata: {
        ...body.metadata,
        ...(type.namespaced ? { namespace } : {}),
        uid: randomUUID(),
        creationTimestamp: now,
        ...(hasGeneration(type) ? { generation: 1 } : {}),
      },
    };
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    delete obj.metadata.resourceVersion;
    delete obj.metadata.deletionTimestamp;
    if (!type.namespaced) delete obj.metadata.namespace;
    this.onCreate(type, obj);
    this.trackManager(obj, undefined, opts);
    if (opts.dryRun) return obj;
    const stored = this.store.put(type, obj);
    if (type.kind === 'CustomResourceDefinition') this.refreshCustomTypes();
    if (type.kind === 'Pod' && type.group === '') this.podStarted(stored);
    return stored;
  }

  /** The registry's own work on create: what the apiserver (not a controller) fills in. */
  private onCreate(type: ResourceType, obj: KubeObject): void {
    switch (`${apiVersionOf(type)}/${type.kind}`) {
      case 'v1/Service':
        if (obj.spec.type !== 'ExternalName' && !obj.spec.clusterIP) {
          const n = ++this.addressCounter;
          obj.spec.clusterIP = `10.247.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
        }
        if (obj.spec.clusterIP && obj.spec.clusterIP !== 'None') obj.spec.clusterIPs ??= [obj.spec.clusterIP];
        if (obj.spec.type === 'NodePort' || obj.spec.type === 'LoadBalancer') {
          for (const p of obj.spec.ports ?? []) p.nodePort ??= 30000 + ((++this.addressCounter * 7919) % 2768);
        }
        obj.status ??= { loadBalancer: {} };
        break;
      case 'v1/Namespace':
        obj.spec = { finalizers: ['kubernetes'], ...obj.spec };
        obj.status = { phase: 'Active' };
        break;
      case 'batch/v1/Job': {
        // The Job registry's generated selector: the job's own uid.
        const uid = obj.metadata.uid;
        if (!obj.spec.manualSelector) {
          obj.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
          obj.spec.template.metadata = {
            ...obj.spec.template.metadata,
            labels: { ...(obj.spec.template.metadata?.labels ?? {}), 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': obj.metadata.name, 'controller-uid': uid, 'job-name': obj.metadata.name },
          };
        }
        break;
      }
      case 'apiextensions.k8s.io/v1/CustomResourceDefinition': {
        const names = obj.spec?.names ?? {};
        obj.status = {
          acceptedNames: { kind: names.kind, listKind: names.listKind ?? `${names.kind}List`, plural: names.plural, singular: names.singular ?? String(names.kind).toLowerCase(), ...(names.shortNames ? { shortNames: names.shortNames } : {}) },
          conditions: [
            { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: obj.metadata.creationTimestamp },
            { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: obj.metadata.creationTimestamp },
          ],
          storedVersions: (obj.spec?.versions ?? []).filter((v: KubeObject) => v.storage).map((v: KubeObject) => v.name),
        };
        break;
      }
      case 'v1/PersistentVolume':
        obj.status ??= { phase: 'Available' };
        break;
      case 'v1/PersistentVolumeClaim':
        obj.status ??= { phase: 'Pending' };
        break;
      case 'v1/Pod': {
        // Scheduler and kubelet at once: a serverless cluster has no nodes to wait for.
        const n = ++this.addressCounter;
        const ip = `172.16.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
        const started = obj.metadata.creationTimestamp;
        const succeeded = obj.metadata.ownerReferences?.some((r: KubeObject) => r.kind === 'Job' && r.controller);
        const cond = (type: string, status = 'True'): KubeObject => ({ type, status, lastProbeTime: null, lastTransitionTime: started });
        obj.spec.nodeName ??= 'autopilot-virtual-node';
        obj.spec.serviceAccountName ??= 'default';
        obj.spec.serviceAccount ??= obj.spec.serviceAccountName;
        obj.spec.enableServiceLinks ??= true;
        obj.spec.preemptionPolicy ??= 'PreemptLowerPriority';
        obj.spec.priority ??= 0;
        obj.spec.tolerations ??= [
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
          { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ];
        obj.status = {
          phase: succeeded ? 'Succeeded' : 'Running',
          conditions: succeeded
            ? [cond('PodReadyToStartContainers', 'False'), cond('Initialized'), cond('Ready', 'False'), cond('ContainersReady', 'False'), cond('PodScheduled')]
            : [cond('PodReadyToStartContainers'), cond('Initialized'), cond('Ready'), cond('ContainersReady'), cond('PodScheduled')],
          hostIP: '192.168.0.10',
          hostIPs: [{ ip: '192.168.0.10' }],
          podIP: ip,
          podIPs: [{ ip }],
          startTime: started,
          qosClass: (obj.spec.containers ?? []).some((c: KubeObject) => c.resources?.requests || c.resources?.limits) ? 'Burstable' : 'BestEffort',
          containerStatuses: (obj.spec.containers ?? []).map((c: KubeObject) => ({
            name: c.name,
            image: c.image,
            imageID: `${String(c.image).split(':')[0]}@sha256:${'0'.repeat(64)}`,
            containerID: `containerd://${randomUUID().replace(/-/g, '')}`,
            ready: !succeeded,
            restartCount: 0,
            started: !succeeded,
            state: succeeded
              ? { terminated: { exitCode: 0, reason: 'Completed', startedAt: started, finishedAt: started, containerID: '' } }
              : { running: { startedAt: started } },
          })),
        };
        break;
      }
    }
  }

  private podStarted(pod: KubeObject): void {
    const pods = builtinType('Pod');
    this.controllers.event(pods, pod, 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${pod.spec.nodeName}`, 'default-scheduler');
    for (const c of pod.spec.containers ?? []) {
      this.controllers.event(pods, pod, 'Pulled', `Container image "${c.image}" already present on machine`, 'kubelet');
      this.controllers.event(pods, pod, 'Created', `Created container ${c.name}`, 'kubelet');
      this.controllers.event(pods, pod, 'Started', `Started container ${c.name}`, 'kubelet');
    }
  }

  /** metadata.managedFields after a write (see managed-fields.ts); writes without a manager keep the old ones. */
  private trackManager(obj: KubeObject, current: Readonly<KubeObject> | undefined, opts: WriteOptions, part: 'main' | 'status' = 'main'): void {
    if (!opts.fieldManager) {
      if (current?.metadata.managedFields) obj.metadata.managedFields = current.metadata.managedFields;
      else delete obj.metadata.managedFields;
      return;
    }
    const time = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    const base = current ? structuredClone(current) as KubeObject : undefined;
    obj.metadata.managedFields = nextManagedFields(base, obj, opts.fieldManager, opts.operation ?? 'Update', time, opts.applied, part === 'status' ? 'status' : undefined);
  }

  private updateInternal(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    input: KubeObject,
    opts: WriteOptions & { part?: 'main' | 'status' },
  ): KubeObject {
    const current = this.store.get(type, namespace, name);
    if (!current) throw notFound(type, name);
    const body = structuredClone(input ?? {});
    this.checkShape(type, namespace, body, name);
    const rv = body.metadata?.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion) {
      throw new KubeError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`, { name, group: type.group, kind: type.plural });
    }
    let next: KubeObject;
    if (opts.part === 'status') {
      next = { ...structuredClone(current), status: body.status };
    } else {
      body.metadata = { ...body.metadata, name };
      this.admit(type, body, opts);
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
          ...(current.metadata.deletionTimestamp ? { deletionTimestamp: current.metadata.deletionTimestamp } : {}),
          ...(type.namespaced ? { namespace } : {}),
        },
      };
      if (current.metadata.generation !== undefined && next.metadata.generation === undefined) next.metadata.generation = current.metadata.generation;
      const hasStatus = type.subresources?.includes('status');
      if (hasStatus) {
        if (current.status !== undefined) next.status = structuredClone(current.status);
        else delete next.status;
      }
      // Fields the apiserver allocated stay when a client's replace leaves them out.
      if (type.kind === 'Service' && type.group === '') {
        next.spec.clusterIP ??= current.spec?.clusterIP;
        next.spec.clusterIPs ??= current.spec?.clusterIPs;
      }
      if (type.kind === 'Job' && type.group === 'batch') {
        next.spec.selector ??= current.spec?.selector;
        next.spec.template.metadata = { ...next.spec.template.metadata, labels: { ...(current.spec?.template?.metadata?.labels ?? {}), ...(next.spec.template.metadata?.labels ?? {}) } };
      }
      if (hasGeneration(type)) {
        const changed = JSON.stringify(next.spec) !== JSON.stringify(current.spec);
        next.metadata.generation = (current.metadata.generation ?? 1) + (changed ? 1 : 0);
      }
      this.trackManager(next, current, opts);
    }
    if (!type.namespaced) delete next.metadata.namespace;
    if (opts.dryRun) return { ...next, metadata: { ...next.metadata, resourceVersion: current.metadata.resourceVersion } };
    const stored = this.store.put(type, next);
    if (type.kind === 'CustomResourceDefinition') this.refreshCustomTypes();
    // An object whose finalizers are gone while it is being deleted goes now.
    if (stored.metadata.deletionTimestamp && (stored.metadata.finalizers ?? []).length === 0 && type.kind !== 'Namespace') {
      this.store.remove(type, namespace, name);
    }
    return stored;
  }

  private deleteInternal(type: ResourceType, namespace: string | undefined, name: string, opts: { dryRun?: boolean; propagationPolicy?: PropagationPolicy; preconditions?: KubeObject }): KubeObject {
    const current = this.store.get(type, namespace, name);
    if (!current) throw notFound(type, name);
    if (type.kind === 'Namespace' && PROTECTED_NAMESPACES.includes(name)) {
      throw new KubeError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    }
    const pre = opts.preconditions;
    if (pre?.uid && pre.uid !== current.metadata.uid) {
      throw new KubeError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) {
      throw new KubeError(409, 'Conflict', `Operation cannot be fulfilled on ${qualifiedName(type)} "${name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
    if (opts.dryRun) return structuredClone(current);
    const policy = opts.propagationPolicy ?? 'Background';
    const deletionTimestamp = new Date(this.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    if (policy === 'Orphan') {
      // The garbage collector's orphan finalizer: dependents lose their owner reference and stay.
      for (const [t, dep] of this.dependentsOf(current)) {
        const next = structuredClone(dep) as KubeObject;
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r: KubeObject) => r.uid !== current.metadata.uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        this.updateInternal(t, dep.metadata.namespace, dep.metadata.name, next, { fieldValidation: 'Ignore' });
      }
    }
    if (policy === 'Foreground' || type.kind === 'Namespace') {
      // The owner stays, marked, until its dependents (or a namespace's contents) are gone.
      const marked = structuredClone(current) as KubeObject;
      marked.metadata.deletionTimestamp = deletionTimestamp;
      marked.metadata.deletionGracePeriodSeconds = 0;
      if (type.kind === 'Namespace') marked.status = { ...marked.status, phase: 'Terminating' };
      else marked.metadata.finalizers = [...new Set([...(marked.metadata.finalizers ?? []), 'foregroundDeletion'])];
      this.store.put(type, marked);
      if (type.kind === 'Namespace') {
        for (const t of this.types.all) {
          if (!t.namespaced) continue;
          for (const obj of this.store.list(t, name)) if (this.store.get(t, name, obj.metadata.name)) this.deleteInternal(t, name, obj.metadata.name, { propagationPolicy: 'Background' });
        }
      } else {
        for (const [t, dep] of this.dependentsOf(current)) {
          if (this.store.get(t, dep.metadata.namespace, dep.metadata.name)) this.deleteInternal(t, dep.metadata.namespace, dep.metadata.name, { propagationPolicy: 'Foreground' });
        }
      }
    }
    const gone = this.store.remove(type, namespace, name) ?? current;
    if (type.kind === 'CustomResourceDefinition') {
      // Custom resources go with their definition.
      const removed = this.types.all.filter((t) => t.customSchema && t.group === current.spec?.group && t.plural === current.spec?.names?.plural);
      for (const t of removed) for (const o of this.store.list(t)) this.store.remove(t, o.metadata.namespace, o.metadata.name);
      this.refreshCustomTypes();
    }
    return { ...structuredClone(gone), metadata: { ...structuredClone(gone.metadata), deletionTimestamp } };
  }

  private dependentsOf(owner: Readonly<KubeObject>): [ResourceType, Readonly<KubeObject>][] {
    const out: [ResourceType, Readonly<KubeObject>][] = [];
    const uid = owner.metadata.uid;
    for (const t of this.types.all) {
      if (owner.metadata.namespace !== undefined && t.namespaced === false) continue;
      for (const o of this.store.list(t, t.namespaced ? owner.metadata.namespace : undefined)) {
        if ((o.metadata.ownerReferences ?? []).some((r: KubeObject) => r.uid === uid)) out.push([t, o]);
      }
    }
    return out;
  }

  /** Background propagation: the garbage collector removes objects whose every owner is gone. */
  private collectGarbage(e: WatchEvent): void {
    const uid = e.object.metadata?.uid;
    for (const [t, dep] of this.dependentsOf(e.object)) {
      const others = (dep.metadata.ownerReferences ?? []).filter((r: KubeObject) => r.uid !== uid);
      if (others.length > 0) continue;
      if (this.store.get(t, dep.metadata.namespace, dep.metadata.name)) this.deleteInternal(t, dep.metadata.namespace, dep.metadata.name, { propagationPolicy: 'Background' });
    }
  }

  private refreshCustomTypes(): void {
    this.types.setCustomResources(this.store.list(builtinType('CustomResourceDefinition')));
  }

  /**
   * Add-on workloads (`addon-workloads.ts`): each installed add-on's objects, created or replaced
   * when what the add-on's version and values ask for changes; those of removed add-ons deleted.
   */
  setAddonWorkloads(addons: AddonWorkloadSpec[]): void {
    const kinds = [builtinType('Deployment'), builtinType('Service'), this.types.byKind('apiregistration.k8s.io/v1', 'APIService')].filter((t): t is ResourceType => t !== undefined);
    const desired = new Map<string, KubeObject>();
    for (const a of addons) {
      for (const o of addonObjects(a)) {
        const hash = createHash('sha256').update(JSON.stringify(o)).digest('hex').slice(0, 16);
        o.metadata.annotations = { ...(o.metadata.annotations ?? {}), [ADDON_HASH]: hash };
        desired.set(`${String(o.kind)}/${String(o.metadata.namespace ?? '')}/${String(o.metadata.name)}`, o);
      }
    }
    for (const t of kinds) {
      for (const o of this.list(t, undefined)) {
        if (o.metadata.labels?.[ADDON_LABEL] === undefined) continue;
        if (!desired.has(`${t.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`)) this.delete(t, o.metadata.namespace, o.metadata.name);
      }
    }
    for (const o of desired.values()) {
      const t = this.types.byKind(String(o.apiVersion), String(o.kind));
      if (!t) continue;
      const current = this.store.get(t, o.metadata.namespace, o.metadata.name);
      if (current?.metadata.annotations?.[ADDON_HASH] === o.metadata.annotations[ADDON_HASH]) continue;
      if (!current) {
        this.create(t, o.metadata.namespace, o);
        continue;
      }
      // Keep what the registry assigned (cluster IPs) when the add-on changes.
      const next: KubeObject = { ...structuredClone(current), ...o, metadata: { ...structuredClone(current.metadata), labels: o.metadata.labels, annotations: { ...(current.metadata.annotations ?? {}), ...o.metadata.annotations } } };
      if (o.kind === 'Service') next.spec = { ...o.spec, clusterIP: current.spec?.clusterIP, clusterIPs: current.spec?.clusterIPs };
      this.update(t, o.metadata.namespace, o.metadata.name, next);
    }
    this.addonNames = addons.map((a) => a.name);
  }

  get addons(): readonly string[] {
    return this.addonNames;
  }
}
