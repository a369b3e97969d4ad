import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.js';
import type { DocumentStore } from './store.js';
import { advanceLifecycles } from './lifecycle.js';
import type { Speed, Transition } from './lifecycle.js';
import { notFound } from './errors.js';
import type { Family } from './errors.js';
import type {
  Account,
  AddonRecord,
  ClusterRecord,
  JobRecord,
  PrecheckRecord,
  Project,
  ReleaseRecord,
  EipRecord,
  SnapshotRecord,
  UpgradeTaskRecord,
  WorkflowRecord,
  Phased,
} from './records.js';
import { findClusterVersion } from './versions.js';
import type { ClusterObjects } from './kube/cluster.js';
import { restoreMissing } from './helm/deploy.js';
import { isSettledPhase, sameMinorVersion, supportsCluster } from '@cce-autopilot/models';
import { buildTemplates } from './templates.js';
import type { AddonTemplate } from './templates.js';

/** The part of the Kubernetes hub (src/kube) the service side calls. */
export interface KubeHubLike {
  ensureCluster(cluster: { id: string; name: string; version: string }): Promise<{ server: string; caPem: string }>;
  removeCluster(clusterId: string): Promise<void>;
  issueClientCert(clusterId: string, days: number): Promise<{ certPem: string; keyPem: string; notAfter: Date }>;
  setAddonWorkloads(clusterId: string, addons: { name: string; version: string; values?: Record<string, unknown> }[]): void;
  handleGatewayRequest(clusterId: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void;
  stop(): Promise<void>;
  /** A running cluster's objects (releases and add-ons apply theirs through it). */
  objectsOf(clusterId: string): ClusterObjects | undefined;
}

export interface Quotas {
  clustersPerRegion: number;
  charts: number;
}

/** Which lifecycle step an injected failure hits. */
export const failureKeys = ['cluster.create', 'cluster.delete', 'addon.install', 'addon.upgrade', 'addon.rollback', 'upgrade', 'precheck', 'snapshot', 'release'] as const;
export type FailureKey = (typeof failureKeys)[number];

export type Log = (message: string) => void;

/**
 * All state and the rules that move it. Handlers read and change it; the server flushes the store
 * after each request so every answered change is persisted.
 */
export class World {
  kube: KubeHubLike | undefined;
  readonly templates: AddonTemplate[] = buildTemplates();
  private readonly failures = new Map<string, number>();

  constructor(
    readonly store: DocumentStore,
    readonly clock: Clock,
    public speed: Speed,
    readonly quotas: Quotas,
    readonly log: Log,
  ) {}

  now(): number {
    return this.clock.now();
  }

  newId(): string {
    return randomUUID();
  }

  list<T>(collection: string): T[] {
    return this.store.list<T>(collection);
  }
  put<T>(collection: string, id: string, doc: T): T {
    return this.store.put(collection, id, doc);
  }
  delete(collection: string, id: string): void {
    this.store.delete(collection, id);
  }

  // --- injected lifecycle failures -------------------------------------------------------------

  injectFailure(key: FailureKey, count: number): void {
    this.failures.set(key, (this.failures.get(key) ?? 0) + count);
  }
  takeFailure(key: string): boolean {
    const left = this.failures.get(key) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.failures.delete(key);
    else this.failures.set(key, left - 1);
    return true;
  }
  pendingFailures(): Record<string, number> {
    return Object.fromEntries(this.failures);
  }
  clearFailures(): void {
    this.failures.clear();
  }

  // --- lookups ----------------------------------------------------------------------------------

  accounts(): Account[] {
    return this.list<Account>('accounts');
  }
  project(projectId: string): Project | undefined {
    return this.store.get<Project>('projects', projectId);
  }
  cluster(projectId: string, clusterId: string, family: Family = '01'): ClusterRecord {
    const c = this.store.get<ClusterRecord>('clusters', clusterId);
    if (!c || c.projectId !== projectId) throw notFound(`cluster ${clusterId} does not exist in project ${projectId}.`, family);
    return c;
  }
  clustersOf(projectId: string): ClusterRecord[] {
    return this.list<ClusterRecord>('clusters').filter((c) => c.projectId === projectId);
  }
  addonsOf(clusterId: string): AddonRecord[] {
    return this.list<AddonRecord>('addons').filter((a) => a.clusterId === clusterId);
  }

  // --- lifecycle --------------------------------------------------------------------------------

  /**
   * Steps due at a time of their own rather than after a phase's duration (automatic upgrade
   * plans); the emulator registers them, as they live with their handlers.
   */
  readonly timedSteps: ((world: World) => number)[] = [];

  /** Runs every due transition; called before each request and by the realistic-speed ticker. */
  tick(): number {
    let moved = 0;
    try {
      // A timed step may start a lifecycle (an upgrade task) whose steps are due at once, and the
      // other way round: repeat until nothing moves.
      for (let round = 0; round < 10; round++) {
        let step = advanceLifecycles(this, transitions);
        for (const timed of this.timedSteps) step += timed(this);
        moved += step;
        if (step === 0) break;
      }
      if (moved > 0) this.store.flush();
    } catch (err) {
      // A step that cannot be stored is undone and logged; the request that ran the tick still
      // gets its answer, so one broken document cannot make every request fail.
      this.store.rollback();
      this.log(`lifecycle step not taken: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
    return moved;
  }

  /** Forgets expired IAM tokens, so a long-running emulator does not keep every token it issued. */
  pruneTokens(): number {
    const now = this.now();
    let removed = 0;
    for (const t of this.list<{ id: string; expiresAt: number }>('tokens')) {
      if (t.expiresAt > now) continue;
      this.delete('tokens', t.id);
      removed++;
    }
    if (removed > 0) this.store.flush();
    return removed;
  }

  /** How long a document stays in `from` at the current speed (0 when the table has no such step). */
  phaseDuration(collection: string, from: string): number {
    return transitions.find((t) => t.collection === collection && t.from === from)?.delay[this.speed] ?? 0;
  }

  /** Tells the Kubernetes side which add-ons run in a cluster. */
  syncAddonWorkloads(clusterId: string): void {
    if (!this.kube) return;
    const addons = this.addonsOf(clusterId)
      .filter((a) => a.phase === 'running' || a.phase === 'upgrading' || a.phase === 'rollbacking')
      .map((a) => ({ name: a.templateName, version: a.version, values: a.values }));
    this.kube.setAddonWorkloads(clusterId, addons);
  }

  clusterBecameAvailable(c: ClusterRecord): void {
    if (!this.kube) return;
    this.kube.ensureCluster({ id: c.id, name: c.name, version: String(c.spec.version) }).then(
      () => {
        this.syncAddonWorkloads(c.id);
        this.syncReleaseObjects(c.id);
      },
      (err: unknown) => this.log(`kubernetes API of cluster ${c.id} did not start: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  /** Creates the objects of the cluster's releases that are missing (objects live in memory; records survive a restart). */
  syncReleaseObjects(clusterId: string): void {
    const kube = this.kube?.objectsOf(clusterId);
    if (!kube) return;
    for (const r of this.list<ReleaseRecord>('releases')) {
      if (r.clusterId !== clusterId || r.phase === 'DELETING') continue;
      const manifest = r.revisions.at(-1)?.manifest;
      if (!manifest) continue;
      for (const e of restoreMissing(kube, manifest)) this.log(`release ${r.namespace}/${r.name}: ${e}`);
    }
  }

  clusterGone(clusterId: string): void {
    for (const coll of ['addons', 'upgradeTasks', 'prechecks', 'snapshots', 'workflows', 'maintenanceWindows', 'upgradePlans']) {
      for (const doc of this.list<{ id: string; clusterId: string }>(coll)) if (doc.clusterId === clusterId) this.delete(coll, doc.id);
    }
    for (const r of this.list<ReleaseRecord>('releases')) if (r.clusterId === clusterId) this.delete('releases', r.id);
    // A deleted cluster's EIP is free again.
    for (const e of this.list<EipRecord>('eips')) {
      if (e.boundTo?.clusterId !== clusterId) continue;
      delete e.boundTo;
      this.put('eips', `${e.projectId}/${e.id}`, e);
    }
    this.kube?.removeCluster(clusterId).catch((err: unknown) => this.log(`stopping the kubernetes API of ${clusterId} failed: ${String(err)}`));
  }

  finishJob(jobId: string | undefined, phase: 'Success' | 'Failed', at: number, reason = ''): void {
    if (!jobId) return;
    const job = this.store.get<JobRecord>('jobs', jobId);
    if (!job) return;
    job.phase = phase;
    job.reason = reason;
    job.updatedAt = at;
    for (const sub of job.subJobs) {
      sub.phase = phase === 'Success' ? 'Success' : sub.phase === 'Success' ? 'Success' : 'Failed';
      sub.updatedAt = at;
    }
    this.put('jobs', job.id, job);
  }

  /** Copies a task's state onto the matching point of the cluster's open workflow. */
  syncWorkflowPoint(clusterId: string, taskType: string, task: Phased & { id: string; targetVersion?: string }, at: number, expireAt?: number): void {
    const open = this.list<WorkflowRecord>('workflows').filter(
      (w) => w.clusterId === clusterId && !isSettledPhase('workflow', w.phase) && (task.targetVersion === undefined || sameMinorVersion(w.targetVersion, task.targetVersion)),
    );
    for (const w of open) {
      const point = w.points.find((p) => p.taskType === taskType);
      if (!point) continue;
      if (point.taskID !== task.id) {
        point.taskID = task.id;
        point.startTimeStamp = at;
        delete point.endTimeStamp;
      }
      point.status = pointStatus(task.phase);
      if (point.status === 'Success' || point.status === 'Failed') point.endTimeStamp = at;
      if (expireAt !== undefined) point.expireTimeStamp = expireAt;
      w.phase = workflowPhase(w);
      w.phaseSince = at;
      w.updatedAt = at;
      this.put('workflows', w.id, w);
    }
  }
}

function pointStatus(phase: string): string {
  if (phase === 'Error') return 'Failed';
  if (phase === 'Pause') return 'Running';
  return phase;
}

function workflowPhase(w: WorkflowRecord): string {
  const statuses = w.points.map((p) => p.status);
  if (statuses.includes('Failed')) return 'Pending';
  const cluster = w.points.find((p) => p.taskType === 'Cluster');
  const post = w.points.find((p) => p.taskType === 'PostCheck');
  if (cluster?.status === 'Success' && post?.status === 'Success') return 'Success';
  if (statuses.some((s) => s !== undefined)) return 'Running';
  return 'Init';
}

const d = (instant: number, realistic: number): Record<Speed, number> => ({ instant, realistic });

/** The lifecycle table (spec 01 4.1, spec 02 2.6.1, spec 03 section 2, spec 04 release statuses). */
export const transitions: readonly Transition<World>[] = [
  {
    collection: 'clusters', from: 'Creating', to: 'Available', failTo: 'Error', failureKey: 'cluster.create', delay: d(0, 8000),
    effect: (w, doc, arrived, at) => {
      const c = doc as unknown as ClusterRecord;
      c.updatedAt = at;
      if (arrived === 'Available') {
        delete c.reason;
        delete c.message;
        w.finishJob(c.jobId, 'Success', at);
        w.clusterBecameAvailable(c);
        for (const a of w.addonsOf(c.id)) if (a.phase === 'pending') {
          a.phase = 'installing';
          a.phaseSince = at;
          w.put('addons', a.id, a);
        }
      } else {
        c.reason = 'CreateFailed';
        c.message = 'Cluster creation failed (injected failure). Delete the cluster and create it again.';
        w.finishJob(c.jobId, 'Failed', at, c.message);
      }
      w.put('clusters', c.id, c);
    },
  },
  {
    collection: 'clusters', from: 'Deleting', to: null, failTo: 'Error', failureKey: 'cluster.delete', delay: d(0, 5000),
    effect: (w, doc, arrived, at) => {
      const c = doc as unknown as ClusterRecord;
      if (arrived === null) {
        w.finishJob(c.deleteJobId, 'Success', at);
        w.clusterGone(c.id);
      } else {
        c.reason = 'DeleteFailed';
        c.message = 'Cluster deletion failed (injected failure). Delete it again.';
        w.finishJob(c.deleteJobId, 'Failed', at, c.message);
        w.put('clusters', c.id, c);
      }
    },
  },
  ...(
    [
      ['installing', 'running', 'installFailed', 'addon.install'],
      ['upgrading', 'running', 'upgradeFailed', 'addon.upgrade'],
      ['rollbacking', 'running', 'rollbackFailed', 'addon.rollback'],
    ] as const
  ).map(([from, to, failTo, failureKey]): Transition<World> => ({
    collection: 'addons', from, to, failTo, failureKey, delay: d(0, 4000),
    effect: (w, doc, arrived, at) => {
      const a = doc as unknown as AddonRecord;
      a.updatedAt = at;
      a.reason = arrived === 'running' ? '' : `addon ${from} failed (injected failure)`;
      a.message = arrived === 'running' ? '' : a.reason;
      w.put('addons', a.id, a);
      w.syncAddonWorkloads(a.clusterId);
    },
  })),
  {
    collection: 'addons', from: 'deleting', to: null, delay: d(0, 3000),
    effect: (w, doc) => w.syncAddonWorkloads((doc as unknown as AddonRecord).clusterId),
  },
  { collection: 'upgradeTasks', from: 'Init', to: 'Queuing', delay: d(0, 1000), effect: (w, doc, _a, at) => upgradeTouched(w, doc, at) },
  { collection: 'upgradeTasks', from: 'Queuing', to: 'Running', delay: d(0, 1000), effect: (w, doc, _a, at) => upgradeTouched(w, doc, at) },
  {
    collection: 'upgradeTasks', from: 'Running', to: 'Success', failTo: 'Failed', failureKey: 'upgrade', delay: d(0, 8000),
    effect: (w, doc, arrived, at) => {
      const t = doc as unknown as UpgradeTaskRecord;
      t.completionTime = at;
      t.progress = arrived === 'Success' ? '100.00' : '50.00';
      const c = w.store.get<ClusterRecord>('clusters', t.clusterId);
      if (c) {
        if (arrived === 'Success') {
          const info = findClusterVersion(t.targetVersion);
          c.spec.version = info?.version ?? t.targetVersion;
          c.spec.platformVersion = info?.platformVersion ?? t.targetPlatformVersion;
          const ext = (c.spec.extendParam ?? {}) as Record<string, unknown>;
          ext.upgradefrom = t.version;
          c.spec.extendParam = ext;
          c.phase = 'Available';
          delete c.reason;
          delete c.message;
          for (const addon of t.addons) {
            const inst = w.addonsOf(c.id).find((a) => a.templateName === addon.addonTemplateName);
            if (inst && typeof addon.version === 'string') {
              inst.history.push({ version: inst.version, values: inst.values });
              inst.previousVersion = inst.version;
              inst.version = addon.version;
              if (addon.values && typeof addon.values === 'object') inst.values = addon.values as Record<string, unknown>;
              inst.updatedAt = at;
              w.put('addons', inst.id, inst);
            }
          }
          // Add-ons the request did not name, whose version does not run on the new version, move to the newest one that does.
          for (const inst of w.addonsOf(c.id)) {
            if (t.addons.some((x) => x.addonTemplateName === inst.templateName)) continue;
            const tpl = w.templates.find((x) => x.metadata.name === inst.templateName);
            const current = tpl?.spec.versions.find((v) => v.version === inst.version);
            if (!tpl || (current && supportsCluster(current, String(c.spec.version)))) continue;
            const next = tpl.spec.versions.find((v) => supportsCluster(v, String(c.spec.version)));
            if (!next) continue;
            inst.history.push({ version: inst.version, values: inst.values });
            inst.previousVersion = inst.version;
            inst.version = next.version;
            inst.updatedAt = at;
            w.put('addons', inst.id, inst);
          }
          w.clusterBecameAvailable(c);
        } else {
          // A failed upgrade leaves the cluster serving on its old version until a retry.
          c.phase = 'Available';
          c.reason = 'UpgradeFailed';
          c.message = `Upgrade to ${t.targetVersion} failed (injected failure); retry the upgrade task.`;
        }
        c.phaseSince = at;
        c.updatedAt = at;
        w.put('clusters', c.id, c);
      }
      upgradeTouched(w, doc, at);
    },
  },
  { collection: 'prechecks', from: 'Init', to: 'Running', delay: d(0, 1000), effect: (w, doc, _a, at) => precheckTouched(w, doc, at) },
  {
    collection: 'prechecks', from: 'Running', to: 'Success', failTo: 'Failed', failureKey: 'precheck', delay: d(0, 4000),
    effect: (w, doc, _a, at) => precheckTouched(w, doc, at),
  },
  {
    collection: 'snapshots', from: 'Running', to: 'Success', failTo: 'Failed', failureKey: 'snapshot', delay: d(0, 4000),
    effect: (w, doc, arrived, at) => {
      const s = doc as unknown as SnapshotRecord;
      s.progress = arrived === 'Success' ? '100' : s.progress;
      s.completedAt = at;
      s.updatedAt = at;
      w.put('snapshots', s.id, s);
      w.syncWorkflowPoint(s.clusterId, 'Snapshot', s, at);
    },
  },
  ...(['PENDING_INSTALL', 'PENDING_UPGRADE', 'PENDING_ROLLBACK'] as const).map((from): Transition<World> => ({
    collection: 'releases', from, to: 'DEPLOYED', failTo: 'FAILED', failureKey: 'release', delay: d(0, 3000),
    effect: (w, doc, arrived, at) => {
      const r = doc as unknown as ReleaseRecord;
      const latest = r.revisions[r.revisions.length - 1];
      if (latest) {
        // The objects were rendered and applied when the request came; a failure then decides the outcome.
        if (latest.error !== undefined && arrived === 'DEPLOYED') {
          r.phase = 'FAILED';
          latest.status = 'FAILED';
          latest.description = latest.error;
        } else {
          latest.status = arrived ?? 'DELETED';
          latest.description = arrived === 'DEPLOYED' ? (from === 'PENDING_INSTALL' ? 'Install complete' : from === 'PENDING_UPGRADE' ? 'Upgrade complete' : `Rollback complete`) : 'Release failed (injected failure)';
        }
        latest.updatedAt = at;
      }
      w.put('releases', r.id, r);
    },
  })),
  { collection: 'releases', from: 'DELETING', to: null, delay: d(0, 2000) },
];

function upgradeTouched(w: World, doc: Phased & { id: string }, at: number): void {
  const t = doc as unknown as UpgradeTaskRecord;
  t.updatedAt = at;
  if (t.phase === 'Running') t.progress = '10.00';
  w.put('upgradeTasks', t.id, t);
  w.syncWorkflowPoint(t.clusterId, 'Cluster', t, at);
}

/** How long a pre-check result stays valid after it finished (examples: one hour). */
export const precheckValidityMs = 3_600_000;

function precheckTouched(w: World, doc: Phased & { id: string }, at: number): void {
  const p = doc as unknown as PrecheckRecord;
  p.updatedAt = at;
  // Add-ons that are not running fail the AddonLimit item, as in the cloud.
  if (p.phase === 'Success' && p.message !== '') p.phase = 'Failed';
  if (p.phase === 'Failed' && p.message === '') p.message = 'ResiduePackageVersion check failed (injected failure)';
  if (p.phase === 'Success' || p.phase === 'Failed') p.completedAt = at;
  w.put('prechecks', p.id, p);
  w.syncWorkflowPoint(p.clusterId, 'PreCheck', p, at, p.completedAt !== undefined ? p.completedAt + precheckValidityMs : undefined);
}
