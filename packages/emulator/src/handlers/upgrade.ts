// Upgrade operations (spec 03): parse, hand to src/domain/upgrade.ts, answer.
import { isTransientPhase } from '@cce-autopilot/models';
import type {
  PreCheckItemStatus, PrecheckClusterTask, PrecheckSpec, PrecheckStatus, PointStatus, SnapshotTaskList, UpgradeInfoStatus, UpgradeTask, UpgradeTaskStatus, UpgradeWorkFlow,
  WorkFlowStatus, precheckItemGroups, precheckItemKinds, precheckItemLevels,
} from '@cce-autopilot/models';
import { clusterTimestamp } from '../clock.js';
import { badRequest, notFound } from '../errors.js';
import { durationOf } from '../domain/transitions.js';
import {
  abnormalAddons, cancelWorkflow, openWorkflow, precheckValidityMs, retryUpgrade, runPostcheck, startPrecheck, startSnapshot, startUpgrade, tasksOf,
} from '../domain/upgrade.js';
import type { ClusterRecord, PrecheckRecord, SnapshotRecord, UpgradeTaskRecord, WorkflowRecord } from '../records.js';
import { clusterVersions, featureGates, findClusterVersion } from '../versions.js';
import type { World } from '../world.js';
import type { Handler, HandlerMap, RequestWith } from './contract.js';

/** `v1.28` -> `v1.28.15-r0`, the long form task outputs use. */
function longVersion(v: string): string {
  const info = findClusterVersion(v);
  return info ? `${info.release}-r0` : v;
}

function cluster(r: RequestWith<'cluster_id'>): ClusterRecord {
  return r.world.cluster(r.projectId, r.params.cluster_id);
}

/** Progress of a running task, moving from 10 to 99 percent over the phase's duration. */
function runningProgress(world: World, t: UpgradeTaskRecord): string {
  const duration = durationOf(world, 'upgradeTasks', 'Running');
  if (duration <= 0) return t.progress;
  const fraction = Math.min(1, (world.now() - t.phaseSince) / duration);
  return (10 + fraction * 89).toFixed(2);
}

function renderTask(world: World, t: UpgradeTaskRecord): UpgradeTask {
  const progress = t.phase === 'Init' || t.phase === 'Queuing' ? '0.00' : t.phase === 'Running' ? runningProgress(world, t) : t.progress;
  const status: UpgradeTaskStatus = { phase: t.phase, progress };
  if (t.completionTime !== undefined) status.completionTime = clusterTimestamp(t.completionTime);
  return {
    kind: 'UpgradeTask',
    apiVersion: 'v3',
    metadata: { uid: t.id, creationTimestamp: clusterTimestamp(t.createdAt), updateTimestamp: clusterTimestamp(t.updatedAt) },
    spec: { version: longVersion(t.version), targetVersion: longVersion(t.targetVersion), items: {} },
    status,
  };
}

const upgrade: Handler<'UpgradeAutopilotCluster'> = (r) => {
  const t = startUpgrade(r.world, cluster(r), r.body.spec.clusterUpgradeAction);
  return {
    body: {
      metadata: { uid: t.id },
      spec: { clusterUpgradeAction: { version: longVersion(t.version), targetVersion: longVersion(t.targetVersion), targetPlatformVersion: t.targetPlatformVersion, strategy: t.strategy, config: {} } },
    },
  };
};

const showTask: Handler<'ShowAutopilotUpgradeClusterTask'> = (r) => {
  const c = cluster(r);
  const t = r.world.upgradeTasks.get(r.params.task_id);
  if (!t || t.clusterId !== c.id) throw notFound(`upgrade task ${r.params.task_id} does not exist for cluster ${c.id}.`);
  return { body: renderTask(r.world, t) };
};

const retry: Handler<'RetryAutopilotUpgradeClusterTask'> = (r) => {
  retryUpgrade(r.world, cluster(r));
  return { body: undefined };
};

const listTasks: Handler<'ListAutopilotUpgradeClusterTasks'> = (r) => {
  const c = cluster(r);
  return { body: { kind: 'List', apiVersion: 'v3', metadata: {}, items: tasksOf(r.world.upgradeTasks, c.id).map((t) => renderTask(r.world, t)) } };
};

/** A check item: name, kind, group and level, in the catalogue's words. */
type CheckItem = readonly [string, (typeof precheckItemKinds)[number], (typeof precheckItemGroups)[number], (typeof precheckItemLevels)[number]];

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
} as const satisfies Record<string, readonly CheckItem[]>;

function renderPrecheck(world: World, p: PrecheckRecord, brief = false): PrecheckClusterTask {
  const done = !isTransientPhase('precheck', p.phase);
  const groupPhase = p.phase === 'Init' ? 'Init' : p.phase === 'Running' ? 'Running' : 'Success';
  const skipped = new Set(p.skipped.map((s) => s.name));
  const abnormal = abnormalAddons(world, p.clusterId);
  const items = (rows: readonly CheckItem[], failing?: string) =>
    rows.filter(([name]) => !skipped.has(name)).map(([name, kind, group, level]) => {
      const failed = done && p.phase === 'Failed' && name === failing;
      const item: PreCheckItemStatus = { name, kind, group, level, phase: done ? (failed ? 'Failed' : 'Success') : groupPhase, message: failed ? p.message : done ? 'check item succeed' : '', riskSource: {} };
      if (failed && name === 'AddonLimit') {
        item.riskSource = { addonRisks: abnormal.map((a) => ({ addonTemplateName: a.templateName, alias: a.templateName })) };
      }
      return item;
    });
  const addonFails = p.phase === 'Failed' && p.message.startsWith('addon');
  const status: PrecheckStatus = {
    phase: p.phase,
    clusterCheckStatus: brief ? { phase: 'Init' } : { phase: done ? (p.phase === 'Failed' && !addonFails ? 'Failed' : 'Success') : groupPhase, itemsStatus: items(checkItems.cluster, addonFails ? undefined : 'ResiduePackageVersion') },
    addonCheckStatus: brief ? { phase: 'Init' } : { phase: done ? (addonFails ? 'Failed' : 'Success') : groupPhase, itemsStatus: items(checkItems.addon, addonFails ? 'AddonLimit' : undefined) },
    nodeCheckStatus: { phase: brief ? 'Init' : done ? 'Success' : groupPhase },
  };
  if (p.message && done) status.message = p.message;
  if (p.completedAt !== undefined) status.expireTimeStamp = clusterTimestamp(p.completedAt + precheckValidityMs);
  const spec: PrecheckSpec = { clusterID: p.clusterId, clusterVersion: longVersion(p.clusterVersion), targetVersion: longVersion(p.targetVersion) };
  if (p.skipped.length > 0) spec.skippedCheckItemList = p.skipped;
  return {
    kind: 'PreCheckTask',
    apiVersion: 'v3',
    metadata: brief ? { uid: p.id } : { uid: p.id, creationTimestamp: clusterTimestamp(p.createdAt), updateTimestamp: clusterTimestamp(p.updatedAt) },
    spec,
    status,
  };
}

const precheck: Handler<'CreateAutopilotPreCheck'> = (r) => ({ body: renderPrecheck(r.world, startPrecheck(r.world, cluster(r), r.body.spec), true) });

const showPrecheck: Handler<'ShowAutopilotPreCheck'> = (r) => {
  const c = cluster(r);
  const p = r.world.prechecks.get(r.params.task_id);
  if (!p || p.clusterId !== c.id) throw notFound(`pre-check task ${r.params.task_id} does not exist for cluster ${c.id}.`);
  return { body: renderPrecheck(r.world, p) };
};

const listPrechecks: Handler<'ListAutopilotPreCheckTasks'> = (r) => {
  const c = cluster(r);
  return { body: { kind: 'List', apiVersion: 'v3', metadata: {}, items: tasksOf(r.world.prechecks, c.id).map((p) => renderPrecheck(r.world, p)) } };
};

const postcheck: Handler<'CreateAutopilotPostCheck'> = (r) => {
  const c = cluster(r);
  const { spec } = r.body;
  const { id, phase, last } = runPostcheck(r.world, c);
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

const snapshot: Handler<'CreateAutopilotClusterMasterSnapshot'> = (r) => {
  const s = startSnapshot(r.world, cluster(r));
  return { body: { uid: s.id, metadata: { kind: 'Snapshot', apiVersion: 'v3.1' } } };
};

const listSnapshots: Handler<'ListAutopilotClusterMasterSnapshotTasks'> = (r) => {
  const c = cluster(r);
  const tasks = tasksOf(r.world.snapshots, c.id);
  const latest = tasks.filter((s) => s.phase === 'Success').at(-1);
  const body: SnapshotTaskList = {
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

const upgradeInfo: Handler<'ShowAutopilotClusterUpgradeInfo'> = (r) => {
  const c = cluster(r);
  const info = findClusterVersion(String(c.spec.version));
  const last = tasksOf(r.world.upgradeTasks, c.id).at(-1);
  const lastInfo: UpgradeInfoStatus = last ? { phase: last.phase === 'Queuing' ? 'Init' : last.phase, progress: last.progress, ...(last.completionTime !== undefined ? { completionTime: clusterTimestamp(last.completionTime) } : {}) } : {};
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

const upgradePaths: Handler<'ListAutopilotClusterUpgradePaths'> = () => ({
  body: {
    kind: 'ClusterUpgradePaths',
    apiVersion: 'v3',
    metadata: {},
    upgradePaths: clusterVersions.map((v) => ({ version: v.version, platformVersion: v.platformVersion, targetVersions: v.targetVersions })),
  },
});

const upgradeFeatureGates: Handler<'ListAutopilotClusterUpgradeFeatureGates'> = () => ({ body: { kind: 'ClusterUpgradeFeatureGates', apiVersion: 'v3', metadata: {}, upgradeFeatureGates: { ...featureGates } } });

function renderWorkflow(w: WorkflowRecord): UpgradeWorkFlow {
  const status: WorkFlowStatus = {
    phase: w.phase,
    pointStatuses: w.points.map((p) => {
      const out: PointStatus = { taskType: p.taskType };
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

const createWorkflow: Handler<'CreateAutopilotUpgradeWorkFlow'> = (r) => ({ status: 201, body: renderWorkflow(openWorkflow(r.world, cluster(r), r.body.spec.targetVersion)) });

function workflow(r: RequestWith<'cluster_id' | 'upgrade_workflow_id'>): WorkflowRecord {
  const c = cluster(r);
  const w = r.world.workflows.get(r.params.upgrade_workflow_id);
  if (!w || w.clusterId !== c.id) throw notFound(`upgrade workflow ${r.params.upgrade_workflow_id} does not exist for cluster ${c.id}.`);
  return w;
}

const listWorkflows: Handler<'ListAutopilotUpgradeWorkFlows'> = (r) => {
  const c = cluster(r);
  return { body: { kind: 'List', apiVersion: 'v3', items: tasksOf(r.world.workflows, c.id).map(renderWorkflow) } };
};

const showWorkflow: Handler<'ShowAutopilotUpgradeWorkFlow'> = (r) => ({ body: renderWorkflow(workflow(r)) });

const updateWorkflow: Handler<'UpgradeAutopilotWorkFlowUpdate'> = (r) => {
  const w = workflow(r);
  const phase = r.body.status?.phase;
  if (phase !== 'Cancel') throw badRequest(`status.phase must be "Cancel", the only supported change (got ${JSON.stringify(phase)}).`);
  cancelWorkflow(r.world, w);
  return { body: renderWorkflow(w) };
};

export const upgradeHandlers = {
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
} satisfies Partial<HandlerMap>;
