import { createHash } from 'node:crypto';
import { lastScheduled, parseSchedule } from './cron.js';
import { apiVersionOf, builtinType, type ResourceType } from './resources.js';
import type { KubeObject, WatchEvent } from './store.js';

/**
 * The controller manager's part: reconcilers that react to watch events, write through the
 * cluster's API like kube-controller-manager does, and read time from the emulator's clock.
 * A write from the API runs the queue to a fixed point before it answers, so a client sees the
 * converged state (pods Running, endpoints filled) at once, and watchers see every step.
 */
export interface ControllerHost {
  now(): number;
  get(type: ResourceType, namespace: string | undefined, name: string): Readonly<KubeObject> | undefined;
  list(type: ResourceType, namespace?: string): readonly Readonly<KubeObject>[];
  create(type: ResourceType, namespace: string | undefined, body: KubeObject): KubeObject;
  update(type: ResourceType, namespace: string | undefined, name: string, body: KubeObject, part?: 'main' | 'status'): KubeObject;
  delete(type: ResourceType, namespace: string | undefined, name: string, propagationPolicy?: string): void;
  nextAddress(): number;
}

const T = {
  pod: builtinType('Pod'),
  rs: builtinType('ReplicaSet'),
  rc: builtinType('ReplicationController'),
  deploy: builtinType('Deployment'),
  sts: builtinType('StatefulSet'),
  ds: builtinType('DaemonSet'),
  job: builtinType('Job'),
  cj: builtinType('CronJob'),
  hpa: builtinType('HorizontalPodAutoscaler', 'autoscaling'),
  svc: builtinType('Service'),
  ep: builtinType('Endpoints'),
  eps: builtinType('EndpointSlice'),
  event: builtinType('Event', ''),
  ns: builtinType('Namespace'),
  sa: builtinType('ServiceAccount'),
  cm: builtinType('ConfigMap'),
};

export const REVISION = 'deployment.kubernetes.io/revision';
const EVENT_TTL_MS = 60 * 60 * 1000;
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** apimachinery's rand.SafeEncodeString: each character mapped into an alphabet without vowels. */
function safeEncode(s: string): string {
  return Array.from(s, (ch) => SAFE[ch.charCodeAt(0) % SAFE.length]).join('');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v).sort().filter((k) => (v as KubeObject)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as KubeObject)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/**
 * pod-template-hash as upstream shapes it: FNV-32a of the pod template, printed as a decimal and
 * safe-encoded. Upstream hashes Go's deep-printed struct; this hashes the canonical JSON (sorted
 * keys) instead, so the value is stable and deterministic but not byte-identical to a real cluster's.
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  let h = 0x811c9dc5;
  const text = canonical(template) + (collisionCount ? String(collisionCount) : '');
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return safeEncode(String(h));
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');
}

function isControlledBy(obj: Readonly<KubeObject>, owner: Readonly<KubeObject>): boolean {
  return (obj.metadata.ownerReferences ?? []).some((r: KubeObject) => r.uid === owner.metadata.uid && r.controller === true);
}

function ownerRef(type: ResourceType, owner: Readonly<KubeObject>): KubeObject {
  return { apiVersion: apiVersionOf(type), kind: type.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function matches(selector: KubeObject | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? selector)) if (typeof v === 'string' && l[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.hasOwn(l, e.key);
    if (e.operator === 'In' && !(has && e.values?.includes(l[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(l[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

export class Controllers {
  private readonly queue: { kind: string; namespace: string | undefined; name: string }[] = [];
  private readonly queued = new Set<string>();
  private eventCount = 0;
  /** Events in creation order with their expiry: the apiserver keeps events for --event-ttl (1 h). */
  private readonly eventExpiry: { at: number; namespace: string; name: string }[] = [];
  private draining = false;

  constructor(private readonly host: ControllerHost) {}

  /** Called for every stored change; enqueues the reconcilers the change concerns. */
  observe(e: WatchEvent): void {
    const o = e.object;
    const ns = o.metadata?.namespace as string | undefined;
    const kind = e.resource.group === '' || ['apps', 'batch', 'autoscaling'].includes(e.resource.group) ? e.resource.kind : '';
    switch (kind) {
      case 'Deployment':
      case 'ReplicaSet':
      case 'ReplicationController':
      case 'StatefulSet':
      case 'DaemonSet':
      case 'Job':
        if (e.type !== 'DELETED') this.enqueue(kind, ns, o.metadata.name);
        break;
      case 'Service':
        if (e.type !== 'DELETED') this.enqueue('Endpoints', ns, o.metadata.name);
        break;
      case 'CronJob':
        if (e.type !== 'DELETED') this.enqueue('CronJob', ns, o.metadata.name);
        break;
      case 'HorizontalPodAutoscaler':
        if (e.type !== 'DELETED') this.enqueue('HorizontalPodAutoscaler', ns, o.metadata.name);
        break;
      case 'Namespace':
        if (e.type === 'ADDED') this.enqueue('Namespace', undefined, o.metadata.name);
        break;
    }
    // Owners hear about their dependents (a deleted pod is replaced; a new ReplicaSet updates the Deployment).
    for (const ref of o.metadata?.ownerReferences ?? []) {
      if (ref.controller && ['ReplicaSet', 'ReplicationController', 'StatefulSet', 'Deployment', 'Job', 'DaemonSet'].includes(ref.kind)) {
        this.enqueue(ref.kind, ns, ref.name);
      }
    }
    if (e.resource.kind === 'Pod' && e.resource.group === '' && ns !== undefined) {
      for (const svc of this.host.list(T.svc, ns)) if (svc.spec?.selector && matches(svc.spec.selector, o.metadata.labels)) this.enqueue('Endpoints', ns, svc.metadata.name);
    }
  }

  private enqueue(kind: string, namespace: string | undefined, name: string): void {
    const key = `${kind}/${namespace ?? ''}/${name}`;
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.queue.push({ kind, namespace, name });
  }

  /** Runs queued reconciles until nothing changes (bounded, so a bug cannot hang a request). */
  drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      for (let i = 0; i < 10000 && this.queue.length > 0; i++) {
        const item = this.queue.shift() as { kind: string; namespace: string | undefined; name: string };
        this.queued.delete(`${item.kind}/${item.namespace ?? ''}/${item.name}`);
        this.reconcile(item.kind, item.namespace, item.name);
      }
    } finally {
      this.draining = false;
    }
  }

  private reconcile(kind: string, ns: string | undefined, name: string): void {
    switch (kind) {
      case 'Deployment':
        return this.deployment(ns as string, name);
      case 'ReplicaSet':
        return this.replicaSet(T.rs, ns as string, name);
      case 'ReplicationController':
        return this.replicaSet(T.rc, ns as string, name);
      case 'StatefulSet':
        return this.statefulSet(ns as string, name);
      case 'DaemonSet':
        return this.daemonSet(ns as string, name);
      case 'Job':
        return this.job(ns as string, name);
      case 'Endpoints':
        return this.endpoints(ns as string, name);
      case 'CronJob':
        return this.cronJob(ns as string, name);
      case 'HorizontalPodAutoscaler':
        return this.hpa(ns as string, name);
      case 'Namespace':
        return this.namespace(name);
    }
  }

  /** Records an Event as the controllers do (`kubectl get events`, `kubectl describe`). */
  event(type: ResourceType, obj: Readonly<KubeObject>, reason: string, message: string, component: string, eventType = 'Normal'): void {
    const ns = obj.metadata.namespace ?? 'default';
    if (!this.host.get(T.ns, undefined, ns)) return;
    const now = iso(this.host.now());
    this.eventCount++;
    const suffix = createHash('sha256').update(`${obj.metadata.uid}/${reason}/${this.eventCount}`).digest('hex').slice(0, 16);
    const eventName = `${obj.metadata.name}.${suffix}`;
    this.eventExpiry.push({ at: this.host.now() + EVENT_TTL_MS, namespace: ns, name: eventName });
    this.host.create(T.event, ns, {
      metadata: { name: eventName, namespace: ns },
      involvedObject: { apiVersion: apiVersionOf(type), kind: type.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
      reason,
      message,
      type: eventType,
      source: { component },
      reportingComponent: component,
      reportingInstance: '',
      firstTimestamp: now,
      lastTimestamp: now,
      eventTime: null,
      count: 1,
    });
  }

  private namespace(name: string): void {
    const ns = this.host.get(T.ns, undefined, name);
    if (!ns || ns.metadata.deletionTimestamp) return;
    // The service account controller and the root CA publisher fill every namespace.
    if (!this.host.get(T.sa, name, 'default')) this.host.create(T.sa, name, { metadata: { name: 'default' } });
    if (!this.host.get(T.cm, name, 'kube-root-ca.crt')) {
      this.host.create(T.cm, name, {
        metadata: { name: 'kube-root-ca.crt', annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } },
        data: { 'ca.crt': '' },
      });
    }
  }

  private deployment(ns: string, name: string): void {
    const d = this.host.get(T.deploy, ns, name);
    if (!d || d.metadata.deletionTimestamp) return;
    const spec = d.spec ?? {};
    const owned = this.host.list(T.rs, ns).filter((rs) => isControlledBy(rs, d));
    const hash = podTemplateHash(spec.template, d.status?.collisionCount ?? 0);
    const rsName = `${name}-${hash}`;
    const maxRevision = owned.reduce((m, rs) => Math.max(m, Number(rs.metadata.annotations?.[REVISION] ?? 0)), 0);
    let current = owned.find((rs) => rs.metadata.name === rsName);
    const replicas = spec.paused ? undefined : (spec.replicas ?? 1);
    if (spec.paused) return;
    const annotations = (revision: number): Record<string, string> => ({
      [REVISION]: String(revision),
      'deployment.kubernetes.io/desired-replicas': String(replicas),
      'deployment.kubernetes.io/max-replicas': String((replicas ?? 1) + 1),
    });
    if (!current) {
      const labels = { ...(spec.template?.metadata?.labels ?? {}), 'pod-template-hash': hash };
      const template = structuredClone(spec.template ?? {});
      template.metadata = { ...template.metadata, labels };
      current = this.host.create(T.rs, ns, {
        metadata: { name: rsName, labels, annotations: annotations(maxRevision + 1), ownerReferences: [ownerRef(T.deploy, d)] },
        spec: { replicas, minReadySeconds: spec.minReadySeconds ?? 0, selector: { ...structuredClone(spec.selector ?? {}), matchLabels: { ...(spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } }, template },
      });
      this.event(T.deploy, d, 'ScalingReplicaSet', `Scaled up replica set ${rsName} to ${replicas}`, 'deployment-controller');
    } else {
      const rev = Number(current.metadata.annotations?.[REVISION] ?? 0);
      // A rollback makes an old ReplicaSet current again: it takes the next revision number, as upstream does.
      const wantedRev = rev < maxRevision ? maxRevision + 1 : rev;
      if (current.spec?.replicas !== replicas || wantedRev !== rev) {
        const before = current.spec?.replicas ?? 0;
        const next = structuredClone(current) as KubeObject;
        next.spec.replicas = replicas;
        next.metadata.annotations = { ...next.metadata.annotations, ...annotations(wantedRev) };
        current = this.host.update(T.rs, ns, current.metadata.name, next);
        if (before !== replicas) this.event(T.deploy, d, 'ScalingReplicaSet', `Scaled ${(replicas ?? 0) > before ? 'up' : 'down'} replica set ${rsName} from ${before} to ${replicas}`, 'deployment-controller');
      }
    }
    const old = this.host.list(T.rs, ns).filter((rs) => isControlledBy(rs, d) && rs.metadata.name !== rsName);
    for (const rs of old) {
      if ((rs.spec?.replicas ?? 0) !== 0) {
        const before = rs.spec?.replicas ?? 0;
        const next = structuredClone(rs) as KubeObject;
        next.spec.replicas = 0;
        this.host.update(T.rs, ns, rs.metadata.name, next);
        this.event(T.deploy, d, 'ScalingReplicaSet', `Scaled down replica set ${rs.metadata.name} from ${before} to 0`, 'deployment-controller');
      }
    }
    // revisionHistoryLimit: the oldest scaled-down ReplicaSets go.
    const limit = spec.revisionHistoryLimit ?? 10;
    const history = old.sort((a, b) => Number(a.metadata.annotations?.[REVISION] ?? 0) - Number(b.metadata.annotations?.[REVISION] ?? 0));
    while (history.length > limit) {
      const gone = history.shift() as KubeObject;
      this.host.delete(T.rs, ns, gone.metadata.name);
    }
    const all = this.host.list(T.rs, ns).filter((rs) => isControlledBy(rs, d));
    const sum = (f: string): number => all.reduce((n, rs) => n + (rs.status?.[f] ?? 0), 0);
    const cur = this.host.get(T.rs, ns, rsName);
    const ready = sum('readyReplicas');
    const available = sum('availableReplicas');
    const status: KubeObject = {
      observedGeneration: d.metadata.generation,
      replicas: sum('replicas'),
      updatedReplicas: cur?.status?.replicas ?? 0,
      readyReplicas: ready,
      availableReplicas: available,
      ...(sum('replicas') - available > 0 ? { unavailableReplicas: sum('replicas') - available } : {}),
    };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
    const now = iso(this.host.now());
    const prev: KubeObject[] = d.status?.conditions ?? [];
    const cond = (type: string, status: string, reason: string, message: string): KubeObject => {
      const p = prev.find((c) => c.type === type);
      const unchanged = p && p.status === status && p.reason === reason;
      return { type, status, lastUpdateTime: unchanged ? p.lastUpdateTime : now, lastTransitionTime: p && p.status === status ? p.lastTransitionTime : now, reason, message };
    };
    const availableOk = available >= (replicas ?? 0) - 0;
    status.conditions = [
      cond('Available', availableOk ? 'True' : 'False', availableOk ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', availableOk ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.'),
      cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${rsName}" has successfully progressed.`),
    ];
    const revision = cur?.metadata.annotations?.[REVISION];
    const needAnnotation = revision !== undefined && d.metadata.annotations?.[REVISION] !== revision;
    if (needAnnotation) {
      const next = structuredClone(d) as KubeObject;
      next.metadata.annotations = { ...next.metadata.annotations, [REVISION]: revision };
      this.host.update(T.deploy, ns, name, next);
    }
    const latest = this.host.get(T.deploy, ns, name);
    if (latest && !same(latest.status, status)) this.host.update(T.deploy, ns, name, { ...structuredClone(latest), status }, 'status');
  }

  private podFor(ownerType: ResourceType, owner: Readonly<KubeObject>, template: KubeObject, extra: KubeObject = {}): KubeObject {
    const t = structuredClone(template ?? {});
    return {
      metadata: {
        ...(t.metadata ?? {}),
        ...(extra.name ? { name: extra.name } : { generateName: `${owner.metadata.name}-` }),
        labels: { ...(t.metadata?.labels ?? {}), ...(extra.labels ?? {}) },
        ownerReferences: [ownerRef(ownerType, owner)],
      },
      spec: { ...(t.spec ?? {}), ...(extra.spec ?? {}) },
    };
  }

  private replicaSet(type: ResourceType, ns: string, name: string): void {
    const rs = this.host.get(type, ns, name);
    if (!rs || rs.metadata.deletionTimestamp) return;
    const wanted = rs.spec?.replicas ?? 1;
    const pods = this.host.list(T.pod, ns).filter((p) => isControlledBy(p, rs) && !p.metadata.deletionTimestamp);
    for (let i = pods.length; i < wanted; i++) {
      const pod = this.host.create(T.pod, ns, this.podFor(type, rs, rs.spec?.template));
      this.event(type, rs, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, 'replicaset-controller');
    }
    // Newest first go when scaling down, as upstream prefers.
    const extra = [...pods].sort((a, b) => String(b.metadata.creationTimestamp).localeCompare(String(a.metadata.creationTimestamp))).slice(0, Math.max(0, pods.length - wanted));
    for (const p of extra) {
      this.host.delete(T.pod, ns, p.metadata.name);
      this.event(type, rs, 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, 'replicaset-controller');
    }
    const now = this.host.list(T.pod, ns).filter((p) => isControlledBy(p, rs));
    const ready = now.filter((p) => p.status?.phase === 'Running').length;
    const status: KubeObject = { replicas: now.length, fullyLabeledReplicas: now.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation };
    for (const k of ['fullyLabeledReplicas', 'readyReplicas', 'availableReplicas']) if (status[k] === 0) delete status[k];
    if (!same(rs.status, status)) this.host.update(type, ns, name, { ...structuredClone(rs), status }, 'status');
  }

  private statefulSet(ns: string, name: string): void {
    const sts = this.host.get(T.sts, ns, name);
    if (!sts || sts.metadata.deletionTimestamp) return;
    const wanted = sts.spec?.replicas ?? 1;
    const revision = `${name}-${podTemplateHash(sts.spec?.template)}`;
    for (let i = 0; i < wanted; i++) {
      const podName = `${name}-${i}`;
      if (this.host.get(T.pod, ns, podName)) continue;
      this.host.create(
        T.pod,
        ns,
        this.podFor(T.sts, sts, sts.spec?.template, {
          name: podName,
          labels: { 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': podName },
          spec: { hostname: podName, ...(sts.spec?.serviceName ? { subdomain: sts.spec.serviceName } : {}) },
        }),
      );
      this.event(T.sts, sts, 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, 'statefulset-controller');
    }
    // Scale down removes the highest ordinals first.
    const pods = this.host.list(T.pod, ns).filter((p) => isControlledBy(p, sts));
    for (const p of pods) {
      const ordinal = Number(p.metadata.name.slice(name.length + 1));
      if (!(ordinal < wanted)) {
        this.host.delete(T.pod, ns, p.metadata.name);
        this.event(T.sts, sts, 'SuccessfulDelete', `delete Pod ${p.metadata.name} in StatefulSet ${name} successful`, 'statefulset-controller');
      }
    }
    const n = Math.min(wanted, this.host.list(T.pod, ns).filter((p) => isControlledBy(p, sts)).length);
    const status: KubeObject = { observedGeneration: sts.metadata.generation, replicas: n, readyReplicas: n, currentReplicas: n, updatedReplicas: n, availableReplicas: n, currentRevision: revision, updateRevision: revision, collisionCount: 0 };
    if (!same(sts.status, status)) this.host.update(T.sts, ns, name, { ...structuredClone(sts), status }, 'status');
  }

  /**
   * A CCE Autopilot cluster has no nodes of the user's to run a DaemonSet's pods on: the DaemonSet
   * is stored and reports zero pods scheduled, and no pod is ever created for it.
   */
  private daemonSet(ns: string, name: string): void {
    const ds = this.host.get(T.ds, ns, name);
    if (!ds) return;
    const status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, observedGeneration: ds.metadata.generation };
    if (!same(ds.status, status)) this.host.update(T.ds, ns, name, { ...structuredClone(ds), status }, 'status');
  }

  private job(ns: string, name: string): void {
    const job = this.host.get(T.job, ns, name);
    if (!job || job.metadata.deletionTimestamp || job.spec?.suspend) return;
    if ((job.status?.conditions ?? []).some((c: KubeObject) => c.type === 'Complete' && c.status === 'True')) return;
    const completions = job.spec?.completions ?? 1;
    const labels = { 'batch.kubernetes.io/controller-uid': job.metadata.uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': job.metadata.uid, 'job-name': name };
    let pods = this.host.list(T.pod, ns).filter((p) => isControlledBy(p, job));
    const start = job.status?.startTime ?? iso(this.host.now());
    for (let i = pods.length; i < completions; i++) {
      const pod = this.host.create(T.pod, ns, this.podFor(T.job, job, job.spec?.template, { labels: { ...labels, ...(job.spec?.completionMode === 'Indexed' ? { 'batch.kubernetes.io/job-completion-index': String(i) } : {}) } }));
      this.event(T.job, job, 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`, 'job-controller');
    }
    pods = this.host.list(T.pod, ns).filter((p) => isControlledBy(p, job));
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const now = iso(this.host.now());
    const done = succeeded >= completions;
    const status: KubeObject = {
      startTime: start,
      active: pods.length - succeeded,
      succeeded,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
      ...(done ? { completionTime: now, conditions: [{ type: 'Complete', status: 'True', lastProbeTime: now, lastTransitionTime: now }] } : {}),
    };
    if (status.active === 0) delete status.active;
    if (!same(job.status, status)) {
      this.host.update(T.job, ns, name, { ...structuredClone(job), status }, 'status');
      if (done) this.event(T.job, job, 'Completed', 'Job completed', 'job-controller');
    }
  }

  /** Re-checks every CronJob against the clock (the API calls this before serving a request). */
  tick(): void {
    const now = this.host.now();
    while (this.eventExpiry.length > 0 && (this.eventExpiry[0] as { at: number }).at <= now) {
      const e = this.eventExpiry.shift() as { namespace: string; name: string };
      if (this.host.get(T.event, e.namespace, e.name)) this.host.delete(T.event, e.namespace, e.name);
    }
    for (const cj of this.host.list(T.cj)) this.enqueue('CronJob', cj.metadata.namespace, cj.metadata.name);
    this.drain();
  }

  /**
   * The CronJob controller on the emulator's clock: when the clock has passed a scheduled minute
   * since the last run, one Job is made for the latest such minute (named after it in minutes,
   * as upstream names them); finished Jobs beyond the history limits go.
   */
  private cronJob(ns: string, name: string): void {
    const cj = this.host.get(T.cj, ns, name);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const jobs = this.host.list(T.job, ns).filter((j) => isControlledBy(j, cj));
    const done = (j: Readonly<KubeObject>, type: string): boolean => (j.status?.conditions ?? []).some((c: KubeObject) => c.type === type && c.status === 'True');
    const keep = (type: string, limit: number): void => {
      const finished = jobs.filter((j) => done(j, type)).sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
      for (const j of finished.slice(0, Math.max(0, finished.length - limit))) this.host.delete(T.job, ns, j.metadata.name);
    };
    keep('Complete', cj.spec?.successfulJobsHistoryLimit ?? 3);
    keep('Failed', cj.spec?.failedJobsHistoryLimit ?? 1);
    const schedule = parseSchedule(String(cj.spec?.schedule ?? ''));
    if (!schedule || cj.spec?.suspend) return;
    const last = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp);
    const due = lastScheduled(schedule, last, this.host.now());
    if (due === undefined) return;
    const active = jobs.filter((j) => !done(j, 'Complete') && !done(j, 'Failed'));
    if (cj.spec?.concurrencyPolicy === 'Forbid' && active.length > 0) return;
    if (cj.spec?.concurrencyPolicy === 'Replace') for (const j of active) this.host.delete(T.job, ns, j.metadata.name);
    const jobName = `${name}-${Math.floor(due / 60_000)}`;
    if (!this.host.get(T.job, ns, jobName)) {
      const template = structuredClone(cj.spec?.jobTemplate ?? {});
      this.host.create(T.job, ns, {
        metadata: { ...(template.metadata ?? {}), name: jobName, annotations: { ...(template.metadata?.annotations ?? {}), 'batch.kubernetes.io/cronjob-scheduled-timestamp': iso(due) }, ownerReferences: [ownerRef(T.cj, cj)] },
        spec: template.spec ?? {},
      });
      this.event(T.cj, cj, 'SuccessfulCreate', `Created job ${jobName}`, 'cronjob-controller');
    }
    const latest = this.host.get(T.cj, ns, name);
    if (latest) {
      const running = this.host.list(T.job, ns).filter((j) => isControlledBy(j, cj) && !done(j, 'Complete') && !done(j, 'Failed'));
      const status = { ...(latest.status ?? {}), lastScheduleTime: iso(due), ...(running.length ? { active: running.map((j) => ({ kind: 'Job', namespace: ns, name: j.metadata.name, uid: j.metadata.uid, apiVersion: 'batch/v1' })) } : {}) };
      if (!running.length) delete status.active;
      const lastDone = this.host.list(T.job, ns).filter((j) => isControlledBy(j, cj) && done(j, 'Complete')).map((j) => j.status?.completionTime).sort().pop();
      if (lastDone) status.lastSuccessfulTime = lastDone;
      if (!same(latest.status, status)) this.host.update(T.cj, ns, name, { ...structuredClone(latest), status }, 'status');
    }
  }

  /** HPA status: the target's current replicas within min and max (no metrics in the emulator). */
  private hpa(ns: string, name: string): void {
    const hpa = this.host.get(T.hpa, ns, name);
    if (!hpa) return;
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const targetType = [T.deploy, T.sts, T.rs, T.rc].find((t) => t.kind === ref.kind);
    const target = targetType ? this.host.get(targetType, ns, ref.name) : undefined;
    const current = target?.status?.replicas ?? 0;
    const desired = Math.min(Math.max(current, hpa.spec?.minReplicas ?? 1), hpa.spec?.maxReplicas ?? current);
    const status = {
      currentReplicas: current,
      desiredReplicas: desired,
      conditions: [
        { type: 'AbleToScale', status: target ? 'True' : 'False', reason: target ? 'SucceededGetScale' : 'FailedGetScale', message: target ? 'the HPA controller was able to get the target\'s current scale' : `the HPA controller was unable to get the target's current scale: ${String(ref.kind ?? '').toLowerCase()}s "${ref.name}" not found` },
        { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: 'the CCE Autopilot emulator has no metrics server' },
      ],
    };
    const prev = hpa.status ?? {};
    if (prev.currentReplicas !== status.currentReplicas || prev.desiredReplicas !== status.desiredReplicas || !same(prev.conditions?.map((c: KubeObject) => c.status), status.conditions.map((c) => c.status))) {
      this.host.update(T.hpa, ns, name, { ...structuredClone(hpa), status: { ...status, conditions: status.conditions.map((c) => ({ ...c, lastTransitionTime: iso(this.host.now()) })) } }, 'status');
    }
  }

  /** The endpoints and EndpointSlice controllers: ready pods the Service selects. */
  private endpoints(ns: string, name: string): void {
    const svc = this.host.get(T.svc, ns, name);
    if (!svc || !svc.spec?.selector || svc.spec.type === 'ExternalName') return;
    const pods = this.host.list(T.pod, ns).filter((p) => matches(svc.spec.selector, p.metadata.labels) && p.status?.podIP && !p.metadata.deletionTimestamp && p.status?.phase === 'Running');
    const ports = (svc.spec.ports ?? []).map((p: KubeObject) => ({
      ...(p.name ? { name: p.name } : {}),
      port: typeof p.targetPort === 'number' ? p.targetPort : p.port,
      protocol: p.protocol ?? 'TCP',
    }));
    const addresses = pods.map((p) => ({ ip: p.status.podIP, targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid } }));
    const subsets = addresses.length > 0 ? [{ addresses, ports }] : undefined;
    const ep = this.host.get(T.ep, ns, name);
    const epBody: KubeObject = { metadata: { name, labels: { ...(svc.metadata.labels ?? {}) } }, ...(subsets ? { subsets } : {}) };
    if (!ep) this.host.create(T.ep, ns, epBody);
    else if (!same(ep.subsets, subsets)) this.host.update(T.ep, ns, name, { ...structuredClone(ep), subsets });
    const sliceName = `${name}-${podTemplateHash(svc.metadata.uid).slice(0, 5)}`;
    const endpoints = pods.map((p) => ({
      addresses: [p.status.podIP],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
    }));
    const slice = this.host.get(T.eps, ns, sliceName);
    const body: KubeObject = {
      metadata: {
        name: sliceName,
        labels: { 'kubernetes.io/service-name': name, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' },
        ownerReferences: [ownerRef(T.svc, svc)],
      },
      addressType: 'IPv4',
      endpoints,
      ports,
    };
    if (!slice) this.host.create(T.eps, ns, body);
    else if (!same(slice.endpoints, endpoints) || !same(slice.ports, ports)) this.host.update(T.eps, ns, sliceName, { ...structuredClone(slice), endpoints, ports });
  }
}
