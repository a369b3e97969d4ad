// Cluster upgrades (spec 03): upgrade tasks, pre-checks, post-checks, master snapshots and the
// upgrade workflow whose points follow them; the version rules; and their lifecycle rows.
import { isSettledPhase, isTransientPhase, sameMinorVersion } from '@cce-autopilot/models';
import type { ClusterUpgradeAction, PrecheckPhase, SkippedCheckItem, UpgradeAddonConfig, UpgradeStrategy, SnapshotPhase, UpgradeTaskPhase, WorkflowPhase, WorkflowPointStatus } from '@cce-autopilot/models';
import { badRequest, coded, ServiceError } from '../errors.js';
import { step } from '../lifecycle.js';
import type { Step } from '../lifecycle.js';
import type { ClusterRecord, Phased, PrecheckRecord, SnapshotRecord, UpgradeTaskRecord, WorkflowPoint, WorkflowRecord } from '../records.js';
import { findClusterVersion } from '../versions.js';
import type { World } from '../world.js';
import { fitAddonsToClusterVersion } from './addons.js';
import { clusterBecameAvailable } from './clusters.js';

/** How long a pre-check result stays valid after it finished (examples: one hour). */
export const precheckValidityMs = 3_600_000;

/** The cluster's documents of one collection, oldest first. */
export function tasksOf<T extends { clusterId: string; createdAt: number }>(coll: { list(): T[] }, clusterId: string): T[] {
  return coll.list().filter((t) => t.clusterId === clusterId).sort((a, b) => a.createdAt - b.createdAt);
}

/** The target must be on the cluster version's upgrade path; answers the target's short form. */
export function checkTarget(c: ClusterRecord, target: unknown): string {
  if (typeof target !== 'string' || target === '') throw badRequest('spec.clusterUpgradeAction.targetVersion is required.');
  const current = findClusterVersion(String(c.spec.version));
  const wanted = findClusterVersion(target);
  if (!current || !wanted || !current.targetVersions.includes(wanted.version)) {
    throw coded('CCE.01400015', `cluster ${c.id} runs ${String(c.spec.version)}; it can be upgraded to ${current?.targetVersions.join(', ') || 'no other version'}, not ${target}.`);
  }
  return wanted.version;
}

/** The cluster's upgrade task that has not ended yet, if any: a cluster runs one upgrade at a time. */
export function unfinishedUpgradeTask(world: World, clusterId: string): UpgradeTaskRecord | undefined {
  return tasksOf(world.upgradeTasks, clusterId).find((t) => isTransientPhase('upgradeTask', t.phase));
}

/** Starts an upgrade task (`Init`) as UpgradeAutopilotCluster asks; the cluster goes `Upgrading`. */
export function startUpgrade(world: World, c: ClusterRecord, action: ClusterUpgradeAction | undefined): UpgradeTaskRecord {
  const running = unfinishedUpgradeTask(world, c.id);
  if (running) throw coded('CCE.01429002', `upgrade task ${running.id} of cluster ${c.id} is still ${running.phase}.`);
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; upgrade it while it is Available.`);
  const target = checkTarget(c, action?.targetVersion);
  const strategy = action?.strategy;
  if (strategy?.type !== 'inPlaceRollingUpdate') throw badRequest(`spec.clusterUpgradeAction.strategy.type must be "inPlaceRollingUpdate" (got ${JSON.stringify(strategy?.type)}).`);
  const stepSize = strategy.inPlaceRollingUpdate?.userDefinedStep;
  if (stepSize !== undefined && (!Number.isInteger(stepSize) || stepSize < 1 || stepSize > 40)) {
    throw badRequest(`spec.clusterUpgradeAction.strategy.inPlaceRollingUpdate.userDefinedStep must be an integer from 1 to 40 (got ${JSON.stringify(stepSize)}).`);
  }
  const addons = (action?.addons ?? []).map((a) => ({ ...a }));
  for (const [i, a] of addons.entries()) {
    if (a.operation !== 'patch') throw badRequest(`spec.clusterUpgradeAction.addons[${i}].operation must be "patch" (got ${JSON.stringify(a.operation)}).`);
    const tpl = world.templates.find((t) => t.metadata.name === a.addonTemplateName);
    const ver = tpl?.spec.versions.find((v) => v.version === a.version);
    if (!tpl || !ver) throw badRequest(`spec.clusterUpgradeAction.addons[${i}]: add-on ${String(a.addonTemplateName)} has no version ${String(a.version)}.`);
  }
  return startUpgradeTask(world, c, target, strategy, addons, world.now());
}

/**
 * Stores a new upgrade task of a cluster the caller has found free to upgrade (Available, no task
 * running, `target` on its path), as of `at`: the request's time, or for an automatic upgrade
 * plan the instant it became due, so a clock jump gives what waiting gives.
 */
export function startUpgradeTask(world: World, c: ClusterRecord, target: string, strategy: UpgradeStrategy, addons: UpgradeAddonConfig[], at: number): UpgradeTaskRecord {
  const info = findClusterVersion(target);
  const t: UpgradeTaskRecord = {
    id: world.newId(),
    projectId: c.projectId,
    clusterId: c.id,
    version: String(c.spec.version),
    targetVersion: target,
    targetPlatformVersion: info?.platformVersion ?? '',
    strategy,
    addons,
    progress: '0.00',
    phase: 'Init',
    phaseSince: at,
    createdAt: at,
    updatedAt: at,
  };
  world.upgradeTasks.put(t);
  c.phase = 'Upgrading';
  c.phaseSince = at;
  c.updatedAt = at;
  delete c.reason;
  delete c.message;
  world.clusters.put(c);
  syncWorkflowPoint(world, c.id, 'Cluster', t, at);
  return t;
}

/** Runs the cluster's failed upgrade task again. */
export function retryUpgrade(world: World, c: ClusterRecord): void {
  const last = tasksOf(world.upgradeTasks, c.id).at(-1);
  if (!last || last.phase !== 'Failed') throw badRequest(`cluster ${c.id} has no failed upgrade task to retry${last ? ` (the latest is ${last.phase})` : ''}.`);
  const now = world.now();
  last.phase = 'Running';
  last.phaseSince = now;
  last.updatedAt = now;
  delete last.completionTime;
  world.upgradeTasks.put(last);
  c.phase = 'Upgrading';
  c.phaseSince = now;
  delete c.reason;
  delete c.message;
  world.clusters.put(c);
  syncWorkflowPoint(world, c.id, 'Cluster', last, now);
}

/** Add-ons that are not running fail a pre-check's AddonLimit item. */
export function abnormalAddons(world: World, clusterId: string) {
  return world.addonsOf(clusterId).filter((a) => !['running', 'available'].includes(a.phase));
}

export function startPrecheck(world: World, c: ClusterRecord, spec: { clusterID?: string; targetVersion?: string; skippedCheckItemList?: SkippedCheckItem[] }): PrecheckRecord {
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; run the pre-check while it is Available.`);
  if (typeof spec.clusterID === 'string' && spec.clusterID !== '' && spec.clusterID !== c.id) throw badRequest(`spec.clusterID ${spec.clusterID} is not the cluster in the path (${c.id}).`);
  const running = tasksOf(world.prechecks, c.id).find((p) => isTransientPhase('precheck', p.phase));
  if (running) throw coded('CCE.01429002', `pre-check ${running.id} of cluster ${c.id} is still ${running.phase}.`);
  const target = checkTarget(c, spec.targetVersion ?? findClusterVersion(String(c.spec.version))?.targetVersions[0]);
  const now = world.now();
  const abnormal = abnormalAddons(world, c.id);
  const p: PrecheckRecord = {
    id: world.newId(),
    projectId: c.projectId,
    clusterId: c.id,
    clusterVersion: String(c.spec.version),
    targetVersion: target,
    skipped: spec.skippedCheckItemList ?? [],
    message: abnormal.length > 0 ? `addon [ ${abnormal.map((a) => a.templateName).join(', ')} ] status is abnormal, check and try again` : '',
    phase: 'Init',
    phaseSince: now,
    createdAt: now,
    updatedAt: now,
  };
  world.prechecks.put(p);
  syncWorkflowPoint(world, c.id, 'PreCheck', p, now);
  return p;
}

/** The post-check succeeds when the cluster's last upgrade task did; nothing is stored but the workflow point. */
export function runPostcheck(world: World, c: ClusterRecord): { id: string; phase: 'Success' | 'Failed'; last: UpgradeTaskRecord | undefined } {
  const last = tasksOf(world.upgradeTasks, c.id).at(-1);
  const phase = c.phase === 'Available' && last?.phase === 'Success' ? 'Success' : 'Failed';
  const now = world.now();
  const id = world.newId();
  syncWorkflowPoint(world, c.id, 'PostCheck', { id, phase, phaseSince: now, targetVersion: last?.targetVersion ?? String(c.spec.version) }, now);
  return { id, phase, last };
}

export function startSnapshot(world: World, c: ClusterRecord): SnapshotRecord {
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; back it up while it is Available.`);
  const running = tasksOf(world.snapshots, c.id).find((s) => isTransientPhase('snapshot', s.phase));
  if (running) throw coded('CCE.01429002', `backup task ${running.id} of cluster ${c.id} is still running.`);
  const now = world.now();
  const s: SnapshotRecord = { id: world.newId(), projectId: c.projectId, clusterId: c.id, progress: '0', phase: 'Running', phaseSince: now, createdAt: now, updatedAt: now };
  world.snapshots.put(s);
  syncWorkflowPoint(world, c.id, 'Snapshot', s, now);
  return s;
}

/** The cluster's open workflow to the same minor version, or a new one; another open one is a conflict. */
export function openWorkflow(world: World, c: ClusterRecord, targetVersion: unknown): WorkflowRecord {
  const target = checkTarget(c, targetVersion);
  const open = world.workflows.list().find((w) => w.clusterId === c.id && !isSettledPhase('workflow', w.phase));
  if (open) {
    if (sameMinorVersion(open.targetVersion, target)) return open;
    throw coded('CCE.01409001', `cluster ${c.id} already has upgrade workflow ${open.id} (to ${open.targetVersion}) in phase ${open.phase}; cancel it first.`);
  }
  const now = world.now();
  const w: WorkflowRecord = {
    id: world.newId(),
    projectId: c.projectId,
    clusterId: c.id,
    clusterVersion: String(c.spec.version),
    targetVersion: target,
    points: [{ taskType: 'PreCheck' }, { taskType: 'Snapshot' }, { taskType: 'Cluster' }, { taskType: 'PostCheck' }],
    phase: 'Init',
    phaseSince: now,
    createdAt: now,
    updatedAt: now,
  };
  return world.workflows.put(w);
}

/** Only a workflow in Init or Pending, with no task underway, can be cancelled. */
export function cancelWorkflow(world: World, w: WorkflowRecord): void {
  if (['Running', 'Success', 'Cancel'].includes(w.phase)) throw badRequest(`upgrade workflow ${w.id} is ${w.phase}; only a workflow in Init or Pending can be cancelled.`);
  const busy = w.points.find((p) => p.status && ['Running', 'Init', 'Pause', 'Queuing'].includes(p.status));
  if (busy) throw badRequest(`the ${busy.taskType} task of workflow ${w.id} is ${busy.status}; wait for it to finish before cancelling.`);
  w.phase = 'Cancel';
  w.phaseSince = world.now();
  w.updatedAt = w.phaseSince;
  world.workflows.put(w);
}

/** The phases of the tasks a workflow point follows (post-checks answer Success or Failed only). */
type PointTaskPhase = UpgradeTaskPhase | PrecheckPhase | SnapshotPhase;

function pointStatus(phase: PointTaskPhase): WorkflowPointStatus {
  if (phase === 'Error') return 'Failed';
  if (phase === 'Pause') return 'Running';
  return phase;
}

function workflowPhase(w: WorkflowRecord): WorkflowPhase {
  const statuses = w.points.map((p) => p.status);
  if (statuses.includes('Failed')) return 'Pending';
  const cluster = w.points.find((p) => p.taskType === 'Cluster');
  const post = w.points.find((p) => p.taskType === 'PostCheck');
  if (cluster?.status === 'Success' && post?.status === 'Success') return 'Success';
  if (statuses.some((s) => s !== undefined)) return 'Running';
  return 'Init';
}

/** Copies a task's state onto the matching point of the cluster's open workflow. */
export function syncWorkflowPoint(world: World, clusterId: string, taskType: WorkflowPoint['taskType'], task: Phased<PointTaskPhase> & { id: string; targetVersion?: string }, at: number, expireAt?: number): void {
  const open = world.workflows.list().filter(
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
    world.workflows.put(w);
  }
}

function upgradeTouched(w: World, t: UpgradeTaskRecord, at: number): void {
  t.updatedAt = at;
  if (t.phase === 'Running') t.progress = '10.00';
  w.upgradeTasks.put(t);
  syncWorkflowPoint(w, t.clusterId, 'Cluster', t, at);
}

/** A finished upgrade task: on success the cluster takes the new version and its add-ons follow. */
function upgradeFinished(w: World, t: UpgradeTaskRecord, arrived: string | null, at: number): void {
  t.completionTime = at;
  t.progress = arrived === 'Success' ? '100.00' : '50.00';
  const c = w.clusters.get(t.clusterId);
  if (c) {
    if (arrived === 'Success') {
      const info = findClusterVersion(t.targetVersion);
      c.spec.version = info?.version ?? t.targetVersion;
      c.spec.platformVersion = info?.platformVersion ?? t.targetPlatformVersion;
      c.spec.extendParam = { ...c.spec.extendParam, upgradefrom: t.version };
      c.phase = 'Available';
      delete c.reason;
      delete c.message;
      fitAddonsToClusterVersion(w, c, t.addons, at);
      clusterBecameAvailable(w, c);
    } else {
      // A failed upgrade leaves the cluster serving on its old version until a retry.
      c.phase = 'Available';
      c.reason = 'UpgradeFailed';
      c.message = `Upgrade to ${t.targetVersion} failed (injected failure); retry the upgrade task.`;
    }
    c.phaseSince = at;
    c.updatedAt = at;
    w.clusters.put(c);
  }
  upgradeTouched(w, t, at);
}

function precheckTouched(w: World, p: PrecheckRecord, at: number): void {
  p.updatedAt = at;
  // Add-ons that are not running fail the AddonLimit item, as in the cloud.
  if (p.phase === 'Success' && p.message !== '') p.phase = 'Failed';
  if (p.phase === 'Failed' && p.message === '') p.message = 'ResiduePackageVersion check failed (injected failure)';
  if (p.phase === 'Success' || p.phase === 'Failed') p.completedAt = at;
  w.prechecks.put(p);
  syncWorkflowPoint(w, p.clusterId, 'PreCheck', p, at, p.completedAt !== undefined ? p.completedAt + precheckValidityMs : undefined);
}

const delay = (instant: number, realistic: number) => ({ instant, realistic });

/** Lifecycle rows of upgrade tasks, pre-checks and snapshots (spec 03 section 2). */
export const upgradeSteps: readonly Step<World>[] = [
  step<World, UpgradeTaskRecord>({ collection: (w) => w.upgradeTasks, from: 'Init', to: 'Queuing', delay: delay(0, 1000), effect: (w, t, _a, at) => upgradeTouched(w, t, at) }, 'upgradeTasks'),
  step<World, UpgradeTaskRecord>({ collection: (w) => w.upgradeTasks, from: 'Queuing', to: 'Running', delay: delay(0, 1000), effect: (w, t, _a, at) => upgradeTouched(w, t, at) }, 'upgradeTasks'),
  step<World, UpgradeTaskRecord>({ collection: (w) => w.upgradeTasks, from: 'Running', to: 'Success', failTo: 'Failed', failureKey: 'upgrade', delay: delay(0, 8000), effect: upgradeFinished }, 'upgradeTasks'),
  step<World, PrecheckRecord>({ collection: (w) => w.prechecks, from: 'Init', to: 'Running', delay: delay(0, 1000), effect: (w, p, _a, at) => precheckTouched(w, p, at) }, 'prechecks'),
  step<World, PrecheckRecord>({ collection: (w) => w.prechecks, from: 'Running', to: 'Success', failTo: 'Failed', failureKey: 'precheck', delay: delay(0, 4000), effect: (w, p, _a, at) => precheckTouched(w, p, at) }, 'prechecks'),
  step<World, SnapshotRecord>({
    collection: (w) => w.snapshots, from: 'Running', to: 'Success', failTo: 'Failed', failureKey: 'snapshot', delay: delay(0, 4000),
    effect: (w, s, arrived, at) => {
      s.progress = arrived === 'Success' ? '100' : s.progress;
      s.completedAt = at;
      s.updatedAt = at;
      w.snapshots.put(s);
      syncWorkflowPoint(w, s.clusterId, 'Snapshot', s, at);
    },
  }, 'snapshots'),
];
