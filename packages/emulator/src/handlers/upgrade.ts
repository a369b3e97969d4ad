import { clusterTimestamp } from '../clock.js';
import { badRequest, coded, notFound, ServiceError } from '../errors.js';
import type { ClusterRecord, PrecheckRecord, SnapshotRecord, UpgradeTaskRecord, WorkflowRecord } from '../records.js';
import type { Handler, OpRequest } from '../server.js';
import { clusterVersions, featureGates, findClusterVersion } from '../versions.js';
import { isSettledPhase, isTransientPhase, sameMinorVersion } from '@cce-autopilot/models';
import { precheckValidityMs } from '../world.js';
import type { World } from '../world.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** `v1.28` -> `v1.28.15-r0`, the long form task outputs use. */
function longVersion(v: string): string {
  const info = findClusterVersion(v);
  return info ? `${info.release}-r0` : v;
}

function cluster(r: OpRequest): ClusterRecord {
  return r.world.cluster(r.projectId, r.params.cluster_id ?? '');
}

function tasksOf<T extends { clusterId: string; createdAt: number }>(world: World, coll: string, clusterId: string): T[] {
  return world.list<T>(coll).filter((t) => t.clusterId === clusterId).sort((a, b) => a.createdAt - b.createdAt);
}

function checkTarget(c: ClusterRecord, target: unknown): string {
  if (typeof target !== 'string' || target === '') throw badRequest('spec.clusterUpgradeAction.targetVersion is required.');
  const current = findClusterVersion(String(c.spec.version));
  const wanted = findClusterVersion(target);
  if (!current || !wanted || !current.targetVersions.includes(wanted.version)) {
    throw coded('CCE.01400015', `cluster ${c.id} runs ${String(c.spec.version)}; it can be upgraded to ${current?.targetVersions.join(', ') || 'no other version'}, not ${target}.`);
  }
  return wanted.version;
}

/** Progress of a running task, moving from 10 to 99 percent over the phase's duration. */
function runningProgress(world: World, t: UpgradeTaskRecord): string {
  const duration = world.phaseDuration('upgradeTasks', 'Running');
  if (duration <= 0) return t.progress;
  const fraction = Math.min(1, (world.now() - t.phaseSince) / duration);
  return (10 + fraction * 89).toFixed(2);
}

function renderTask(world: World, t: UpgradeTaskRecord): Obj {
  const progress = t.phase === 'Init' || t.phase === 'Queuing' ? '0.00' : t.phase === 'Running' ? runningProgress(world, t) : t.progress;
  const status: Obj = { phase: t.phase, progress };
  if (t.completionTime !== undefined) status.completionTime = clusterTimestamp(t.completionTime);
  return {
    kind: 'UpgradeTask',
    apiVersion: 'v3',
    metadata: { uid: t.id, creationTimestamp: clusterTimestamp(t.createdAt), updateTimestamp: clusterTimestamp(t.updatedAt) },
    spec: { version: longVersion(t.version), targetVersion: longVersion(t.targetVersion), items: {} },
    status,
  };
}

/** The cluster's upgrade task that has not ended yet, if any: a cluster runs one upgrade at a time. */
export function unfinishedUpgradeTask(world: World, clusterId: string): UpgradeTaskRecord | undefined {
  return tasksOf<UpgradeTaskRecord>(world, 'upgradeTasks', clusterId).find((t) => isTransientPhase('upgradeTask', t.phase));
}

/**
 * Starts an upgrade task of a cluster that may upgrade now (checked by the caller), as of `at`:
 * the request's time, or for an automatic upgrade plan the instant it became due.
 */
export function startUpgradeTask(world: World, c: ClusterRecord, target: string, strategy: Obj, addons: Obj[], at: number): UpgradeTaskRecord {
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
  world.put('upgradeTasks', t.id, t);
  c.phase = 'Upgrading';
  c.phaseSince = at;
  c.updatedAt = at;
  delete c.reason;
  delete c.message;
  world.put('clusters', c.id, c);
  world.syncWorkflowPoint(c.id, 'Cluster', t, at);
  return t;
}

const upgrade: Handler = (r) => {
  const { world } = r;
  const c = cluster(r);
  const action = obj(obj(obj(r.body).spec).clusterUpgradeAction);
  const running = unfinishedUpgradeTask(world, c.id);
  if (running) throw coded('CCE.01429002', `upgrade task ${running.id} of cluster ${c.id} is still ${running.phase}.`);
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; upgrade it while it is Available.`);
  const target = checkTarget(c, action.targetVersion);
  const strategy = obj(action.strategy);
  if (strategy.type !== 'inPlaceRollingUpdate') throw badRequest(`spec.clusterUpgradeAction.strategy.type must be "inPlaceRollingUpdate" (got ${JSON.stringify(strategy.type)}).`);
  const step = obj(strategy.inPlaceRollingUpdate).userDefinedStep;
  if (step !== undefined && (typeof step !== 'number' || !Number.isInteger(step) || step < 1 || step > 40)) {
    throw badRequest(`spec.clusterUpgradeAction.strategy.inPlaceRollingUpdate.userDefinedStep must be an integer from 1 to 40 (got ${JSON.stringify(step)}).`);
  }
  const addons = Array.isArray(action.addons) ? (action.addons as Obj[]) : [];
  for (const [i, a] of addons.entries()) {
    if (a.operation !== 'patch') throw badRequest(`spec.clusterUpgradeAction.addons[${i}].operation must be "patch" (got ${JSON.stringify(a.operation)}).`);
    const tpl = world.templates.find((t) => t.metadata.name === a.addonTemplateName);
    const ver = tpl?.spec.versions.find((v) => v.version === a.version);
    if (!tpl || !ver) throw badRequest(`spec.clusterUpgradeAction.addons[${i}]: add-on ${String(a.addonTemplateName)} has no version ${String(a.version)}.`);
  }
  const t = startUpgradeTask(world, c, target, strategy, addons, world.now());
  return {
    body: {
      metadata: { uid: t.id },
      spec: { clusterUpgradeAction: { version: longVersion(t.version), targetVersion: longVersion(target), targetPlatformVersion: t.targetPlatformVersion, strategy, config: {} } },
    },
  };
};

const showTask: Handler = (r) => {
  const c = cluster(r);
  const t = r.world.store.get<UpgradeTaskRecord>('upgradeTasks', r.params.task_id ?? '');
  if (!t || t.clusterId !== c.id) throw notFound(`upgrade task ${r.params.task_id} does not exist for cluster ${c.id}.`);
  return { body: renderTask(r.world, t) };
};

const retry: Handler = (r) => {
  const { world } = r;
  const c = cluster(r);
  const last = tasksOf<UpgradeTaskRecord>(world, 'upgradeTasks', c.id).at(-1);
  if (!last || last.phase !== 'Failed') throw badRequest(`cluster ${c.id} has no failed upgrade task to retry${last ? ` (the latest is ${last.phase})` : ''}.`);
  const now = world.now();
  last.phase = 'Running';
  last.phaseSince = now;
  last.updatedAt = now;
  delete last.completionTime;
  world.put('upgradeTasks', last.id, last);
  c.phase = 'Upgrading';
  c.phaseSince = now;
  delete c.reason;
  delete c.message;
  world.put('clusters', c.id, c);
  world.syncWorkflowPoint(c.id, 'Cluster', last, now);
  return { body: undefined };
};

const listTasks: Handler = (r) => {
  const c = cluster(r);
  return { body: { kind: 'List', apiVersion: 'v3', metadata: {}, items: tasksOf<UpgradeTaskRecord>(r.world, 'upgradeTasks', c.id).map((t) => renderTask(r.world, t)) } };
};

const checkItems = {
  cluster: [
    ['DeprecatedApiCheck', 'Risk', 'LimitCheck', 'Info'],
    ['NodeContainerdPodRestartRisk', 'Risk', 'LimitCheck', 'Warning'],
    ['ResiduePackageVersion', 'Exception', 'LimitCheck', 'Fatal'],
  ],
  addon: [
    ['AddonLimit', 'Exception', 'AddonCheck', 'Warning'],
    ['CoreDNSConfLimit', 'Exception', 'AddonCheck', 'Fatal'],
  ],
} as const;

function renderPrecheck(world: World, p: PrecheckRecord, brief = false): Obj {
  const done = !isTransientPhase('precheck', p.phase);
  const groupPhase = p.phase === 'Init' ? 'Init' : p.phase === 'Running' ? 'Running' : 'Success';
  const skipped = new Set(p.skipped.map((s) => s.name));
  const abnormal = world.addonsOf(p.clusterId).filter((a) => !['running', 'available'].includes(a.phase));
  const items = (rows: readonly (readonly [string, string, string, string])[], failing?: string) =>
    rows.filter(([name]) => !skipped.has(name)).map(([name, kind, group, level]) => {
      const failed = done && p.phase === 'Failed' && name === failing;
      const item: Obj = { name, kind, group, level, phase: done ? (failed ? 'Failed' : 'Success') : groupPhase, message: failed ? p.message : done ? 'check item succeed' : '', riskSource: {} };
      if (failed && name === 'AddonLimit') {
        item.riskSource = { addonRisks: abnormal.map((a) => ({ addonTemplateName: a.templateName, alias: a.templateName })) };
      }
      return item;
    });
  const addonFails = p.phase === 'Failed' && p.message.startsWith('addon');
  const status: Obj = {
    phase: p.phase,
    clusterCheckStatus: brief ? { phase: 'Init' } : { phase: done ? (p.phase === 'Failed' && !addonFails ? 'Failed' : 'Success') : groupPhase, itemsStatus: items(checkItems.cluster, addonFails ? undefined : 'ResiduePackageVersion') },
    addonCheckStatus: brief ? { phase: 'Init' } : { phase: done ? (addonFails ? 'Failed' : 'Success') : groupPhase, itemsStatus: items(checkItems.addon, addonFails ? 'AddonLimit' : undefined) },
    nodeCheckStatus: { phase: brief ? 'Init' : done ? 'Success' : groupPhase },
  };
  if (p.message && done) status.message = p.message;
  if (p.completedAt !== undefined) status.expireTimeStamp = clusterTimestamp(p.completedAt + precheckValidityMs);
  const spec: Obj = { clusterID: p.clusterId, clusterVersion: longVersion(p.clusterVersion), targetVersion: longVersion(p.targetVersion) };
  if (p.skipped.length > 0) spec.skippedCheckItemList = p.skipped;
  return {
    kind: 'PreCheckTask',
    apiVersion: 'v3',
    metadata: brief ? { uid: p.id } : { uid: p.id, creationTimestamp: clusterTimestamp(p.createdAt), updateTimestamp: clusterTimestamp(p.updatedAt) },
    spec,
    status,
  };
}

const precheck: Handler = (r) => {
  const { world } = r;
  const c = cluster(r);
  const spec = obj(obj(r.body).spec);
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; run the pre-check while it is Available.`);
  if (typeof spec.clusterID === 'string' && spec.clusterID !== '' && spec.clusterID !== c.id) throw badRequest(`spec.clusterID ${spec.clusterID} is not the cluster in the path (${c.id}).`);
  const running = tasksOf<PrecheckRecord>(world, 'prechecks', c.id).find((p) => p.phase === 'Init' || p.phase === 'Running');
  if (running) throw coded('CCE.01429002', `pre-check ${running.id} of cluster ${c.id} is still ${running.phase}.`);
  const target = checkTarget(c, spec.targetVersion ?? findClusterVersion(String(c.spec.version))?.targetVersions[0]);
  const now = world.now();
  const abnormal = world.addonsOf(c.id).filter((a) => !['running', 'available'].includes(a.phase));
  const p: PrecheckRecord = {
    id: world.newId(),
    projectId: r.projectId,
    clusterId: c.id,
    clusterVersion: String(c.spec.version),
    targetVersion: target,
    skipped: Array.isArray(spec.skippedCheckItemList) ? (spec.skippedCheckItemList as Obj[]) : [],
    message: abnormal.length > 0 ? `addon [ ${abnormal.map((a) => a.templateName).join(', ')} ] status is abnormal, check and try again` : '',
    phase: 'Init',
    phaseSince: now,
    createdAt: now,
    updatedAt: now,
  };
  world.put('prechecks', p.id, p);
  world.syncWorkflowPoint(c.id, 'PreCheck', p, now);
  return { body: renderPrecheck(world, p, true) };
};

const showPrecheck: Handler = (r) => {
  const c = cluster(r);
  const p = r.world.store.get<PrecheckRecord>('prechecks', r.params.task_id ?? '');
  if (!p || p.clusterId !== c.id) throw notFound(`pre-check task ${r.params.task_id} does not exist for cluster ${c.id}.`);
  return { body: renderPrecheck(r.world, p) };
};

const listPrechecks: Handler = (r) => {
  const c = cluster(r);
  return { body: { kind: 'List', apiVersion: 'v3', metadata: {}, items: tasksOf<PrecheckRecord>(r.world, 'prechecks', c.id).map((p) => renderPrecheck(r.world, p)) } };
};

const postcheck: Handler = (r) => {
  const { world } = r;
  const c = cluster(r);
  const spec = obj(obj(r.body).spec);
  const last = tasksOf<UpgradeTaskRecord>(world, 'upgradeTasks', c.id).at(-1);
  const phase = c.phase === 'Available' && last?.phase === 'Success' ? 'Success' : 'Failed';
  const now = world.now();
  const id = world.newId();
  const task = { id, phase, phaseSince: now, targetVersion: last?.targetVersion ?? String(c.spec.version) };
  world.syncWorkflowPoint(c.id, 'PostCheck', task, now);
  return {
    body: {
      kind: 'PostCheckTask',
      apiVersion: 'v3',
      metadata: { uid: id },
      spec: {
        clusterID: c.id,
        clusterVersion: typeof spec.clusterVersion === 'string' ? spec.clusterVersion : longVersion(last?.version ?? String(c.spec.version)),
        targetVersion: typeof spec.targetVersion === 'string' ? spec.targetVersion : longVersion(String(c.spec.version)),
      },
      status: { phase },
    },
  };
};

const snapshot: Handler = (r) => {
  const { world } = r;
  const c = cluster(r);
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; back it up while it is Available.`);
  const running = tasksOf<SnapshotRecord>(world, 'snapshots', c.id).find((s) => s.phase === 'Running');
  if (running) throw coded('CCE.01429002', `backup task ${running.id} of cluster ${c.id} is still running.`);
  const now = world.now();
  const s: SnapshotRecord = { id: world.newId(), projectId: r.projectId, clusterId: c.id, progress: '0', phase: 'Running', phaseSince: now, createdAt: now, updatedAt: now };
  world.put('snapshots', s.id, s);
  world.syncWorkflowPoint(c.id, 'Snapshot', s, now);
  return { body: { uid: s.id, metadata: { kind: 'Snapshot', apiVersion: 'v3.1' } } };
};

const listSnapshots: Handler = (r) => {
  const c = cluster(r);
  const tasks = tasksOf<SnapshotRecord>(r.world, 'snapshots', c.id);
  const latest = tasks.filter((s) => s.phase === 'Success').at(-1);
  const body: Obj = {
    kind: 'List',
    apiVersion: 'v3.1',
    metadata: {},
    items: tasks.map((s) => ({
      kind: 'SnapshotTask',
      apiVersion: 'v3.1',
      metadata: { uid: s.id, creationTimestamp: clusterTimestamp(s.createdAt), updateTimestamp: clusterTimestamp(s.updatedAt) },
      spec: { items: [{ id: `${s.id}-etcd`, type: 'EtcdSnapshot', status: s.phase, creationTimestamp: clusterTimestamp(s.createdAt), updateTimestamp: clusterTimestamp(s.updatedAt), message: '' }] },
      status: { phase: s.phase, progress: s.phase === 'Running' ? progressOf(r.world, s) : s.progress, ...(s.completedAt !== undefined ? { completionTime: clusterTimestamp(s.completedAt) } : {}) },
    })),
    status: latest?.completedAt !== undefined ? { latestBackupTime: clusterTimestamp(latest.completedAt) } : {},
  };
  return { body };
};

function progressOf(world: World, s: SnapshotRecord): string {
  const total = world.speed === 'instant' ? 1 : 4000;
  return String(Math.min(99, Math.floor(((world.now() - s.phaseSince) / total) * 100)));
}

const upgradeInfo: Handler = (r) => {
  const c = cluster(r);
  const info = findClusterVersion(String(c.spec.version));
  const last = tasksOf<UpgradeTaskRecord>(r.world, 'upgradeTasks', c.id).at(-1);
  const lastInfo: Obj = last ? { phase: last.phase === 'Queuing' ? 'Init' : last.phase, progress: last.progress, ...(last.completionTime !== undefined ? { completionTime: clusterTimestamp(last.completionTime) } : {}) } : {};
  return {
    body: {
      kind: 'UpgradeInfo',
      apiVersion: 'v3',
      metadata: {},
      spec: {
        lastUpgradeInfo: lastInfo,
        versionInfo: { release: info?.release ?? String(c.spec.version), patch: 'r0', suggestPatch: 'r0', targetVersions: info?.targetVersions ?? [] },
        upgradeFeatureGates: { supportUpgradePageV4: true },
      },
      status: lastInfo,
    },
  };
};

const upgradePaths: Handler = () => ({
  body: {
    kind: 'ClusterUpgradePaths',
    apiVersion: 'v3',
    metadata: {},
    upgradePaths: clusterVersions.map((v) => ({ version: v.version, platformVersion: v.platformVersion, targetVersions: v.targetVersions })),
  },
});

const upgradeFeatureGates: Handler = () => ({ body: { kind: 'ClusterUpgradeFeatureGates', apiVersion: 'v3', metadata: {}, upgradeFeatureGates: { ...featureGates } } });

function renderWorkflow(w: WorkflowRecord): Obj {
  const status: Obj = {
    phase: w.phase,
    pointStatuses: w.points.map((p) => {
      const out: Obj = { taskType: p.taskType };
      if (p.taskID) out.taskID = p.taskID;
      if (p.status) out.status = p.status;
      if (p.startTimeStamp !== undefined) out.startTimeStamp = clusterTimestamp(p.startTimeStamp);
      if (p.endTimeStamp !== undefined) out.endTimeStamp = clusterTimestamp(p.endTimeStamp);
      if (p.expireTimeStamp !== undefined) out.expireTimeStamp = clusterTimestamp(p.expireTimeStamp);
      return out;
    }),
    lineStatuses: [
      { startPoint: { taskType: 'PreCheck' }, endPoint: { taskType: 'Cluster' } },
      { startPoint: { taskType: 'Cluster' }, endPoint: { taskType: 'PostCheck' } },
    ],
  };
  return {
    kind: 'WorkFlowTask',
    apiVersion: 'v3',
    metadata: { uid: w.id, creationTimestamp: clusterTimestamp(w.createdAt), updateTimestamp: clusterTimestamp(w.updatedAt) },
    spec: { clusterID: w.clusterId, clusterVersion: longVersion(w.clusterVersion), targetVersion: longVersion(w.targetVersion) },
    status,
  };
}

const createWorkflow: Handler = (r) => {
  const { world } = r;
  const c = cluster(r);
  const spec = obj(obj(r.body).spec);
  const target = checkTarget(c, spec.targetVersion);
  const open = world.list<WorkflowRecord>('workflows').find((w) => w.clusterId === c.id && !isSettledPhase('workflow', w.phase));
  if (open) {
    if (sameMinorVersion(open.targetVersion, target)) return { status: 201, body: renderWorkflow(open) };
    throw coded('CCE.01409001', `cluster ${c.id} already has upgrade workflow ${open.id} (to ${open.targetVersion}) in phase ${open.phase}; cancel it first.`);
  }
  const now = world.now();
  const w: WorkflowRecord = {
    id: world.newId(),
    projectId: r.projectId,
    clusterId: c.id,
    clusterVersion: String(c.spec.version),
    targetVersion: target,
    points: [{ taskType: 'PreCheck' }, { taskType: 'Snapshot' }, { taskType: 'Cluster' }, { taskType: 'PostCheck' }],
    phase: 'Init',
    phaseSince: now,
    createdAt: now,
    updatedAt: now,
  };
  world.put('workflows', w.id, w);
  return { status: 201, body: renderWorkflow(w) };
};

function workflow(r: OpRequest): WorkflowRecord {
  const c = cluster(r);
  const w = r.world.store.get<WorkflowRecord>('workflows', r.params.upgrade_workflow_id ?? '');
  if (!w || w.clusterId !== c.id) throw notFound(`upgrade workflow ${r.params.upgrade_workflow_id} does not exist for cluster ${c.id}.`);
  return w;
}

const listWorkflows: Handler = (r) => {
  const c = cluster(r);
  return { body: { kind: 'List', apiVersion: 'v3', items: tasksOf<WorkflowRecord>(r.world, 'workflows', c.id).map(renderWorkflow) } };
};

const showWorkflow: Handler = (r) => ({ body: renderWorkflow(workflow(r)) });

const updateWorkflow: Handler = (r) => {
  const w = workflow(r);
  const phase = obj(obj(r.body).status).phase;
  if (phase !== 'Cancel') throw badRequest(`status.phase must be "Cancel", the only supported change (got ${JSON.stringify(phase)}).`);
  if (['Running', 'Success', 'Cancel'].includes(w.phase)) throw badRequest(`upgrade workflow ${w.id} is ${w.phase}; only a workflow in Init or Pending can be cancelled.`);
  const busy = w.points.find((p) => p.status && ['Running', 'Init', 'Pause', 'Queuing'].includes(p.status));
  if (busy) throw badRequest(`the ${busy.taskType} task of workflow ${w.id} is ${busy.status}; wait for it to finish before cancelling.`);
  w.phase = 'Cancel';
  w.phaseSince = r.world.now();
  w.updatedAt = w.phaseSince;
  r.world.put('workflows', w.id, w);
  return { body: renderWorkflow(w) };
};

export const upgradeHandlers: Record<string, Handler> = {
  UpgradeAutopilotCluster: upgrade,
  ShowAutopilotUpgradeClusterTask: showTask,
  RetryAutopilotUpgradeClusterTask: retry,
  ListAutopilotUpgradeClusterTasks: listTasks,
  CreateAutopilotPreCheck: precheck,
  ShowAutopilotPreCheck: showPrecheck,
  ListAutopilotPreCheckTasks: listPrechecks,
  CreateAutopilotPostCheck: postcheck,
  CreateAutopilotClusterMasterSnapshot: snapshot,
  ListAutopilotClusterMasterSnapshotTasks: listSnapshots,
  ShowAutopilotClusterUpgradeInfo: upgradeInfo,
  ListAutopilotClusterUpgradePaths: upgradePaths,
  ListAutopilotClusterUpgradeFeatureGates: upgradeFeatureGates,
  CreateAutopilotUpgradeWorkFlow: createWorkflow,
  ListAutopilotUpgradeWorkFlows: listWorkflows,
  ShowAutopilotUpgradeWorkFlow: showWorkflow,
  UpgradeAutopilotWorkFlowUpdate: updateWorkflow,
};
