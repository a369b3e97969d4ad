// Tree rows of the operations only the official SDK describes: the maintenance window and the
// automatic upgrade plans (under a cluster's Upgrade node), the cluster's log collection, the
// project's feature gates, and v2 jobs. Pure: each takes the answer and builds rows.
import { listItems, type ClusterLogConfig, type FeatureGates, type MaintenanceWindow, type UpgradePlanList, type V2Job } from '@cce-autopilot/models';
import { taskLook } from './present.js';
import { clusterKey, regionKey, row, type NodeRef, type TreeNode } from './treeNode.js';

const leaf = (parent: TreeNode, ref: NodeRef, rest: Omit<TreeNode, 'id' | 'ref' | 'kind' | 'collapsible' | 'ctx'>): TreeNode =>
  row(ref, { collapsible: 'none', ctx: parent.ctx, ...rest });

export function maintenanceWindowRows(parent: TreeNode, w: MaintenanceWindow): TreeNode[] {
  return [leaf(parent, { kind: 'maintenanceWindow', ...clusterKey(parent) }, {
    label: `${w.weekly_period} ${w.start_time} UTC`, description: `${w.duration_hours} h${w.upgrade_scope ? ` · ${w.upgrade_scope}` : ''}`,
    tooltip: `Automatic upgrades run on ${w.weekly_period.split(',').join(', ')} from ${w.start_time} UTC for ${w.duration_hours} hours.`,
    look: { icon: 'calendar', transient: false }, contextValue: 'maintenanceWindow', data: w,
  })];
}

export function upgradePlanRows(parent: TreeNode, answer: UpgradePlanList): TreeNode[] {
  return listItems(answer.items).map((p, i) => leaf(parent, { kind: 'upgradePlan', planId: p.metadata?.uid ?? String(i), ...clusterKey(parent) }, {
    label: `${p.spec.clusterVersion} → ${p.spec.targetVersion}`,
    description: `${p.status.phase} · not before ${p.spec.notBefore}`,
    tooltip: [`plan ${p.metadata?.uid ?? '?'}`, `phase: ${p.status.phase}`, `window: ${p.spec.notBefore} – ${p.spec.notAfter}`, `can be delayed until ${p.spec.notBeforeDeadline}`].join('\n'),
    look: taskLook(p.status.phase === 'Upgrading' ? 'Running' : p.status.phase === 'Failed' ? 'Failed' : undefined),
    // Only a Pending plan can be delayed; the menu matches `upgradePlan.pending`.
    contextValue: p.status.phase === 'Pending' ? 'upgradePlan.pending' : 'upgradePlan', data: p,
  }));
}

export function logConfigRows(parent: TreeNode, answer: ClusterLogConfig): TreeNode[] {
  return (answer.log_configs ?? []).map((c, i) => leaf(parent, { kind: 'logConfig', name: c.name ?? String(i), ...clusterKey(parent) }, {
    label: c.name ?? '?', description: c.enable ? `collected · ${answer.ttl_in_days ?? '?'} days` : 'not collected',
    look: { icon: c.enable ? 'pass' : 'circle-slash', transient: false }, contextValue: 'logConfig', data: c,
  }));
}

export function featureGateRows(parent: TreeNode, answer: FeatureGates): TreeNode[] {
  return Object.entries(answer.spec ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => leaf(parent, { kind: 'featureGate', name, ...regionKey(parent) }, {
    label: name, description: typeof value === 'string' ? value : JSON.stringify(value),
    look: { icon: 'symbol-boolean', transient: false }, contextValue: 'featureGate', data: { name, value },
  }));
}

export function v2JobRows(parent: TreeNode, jobs: readonly V2Job[], clusterId: string): TreeNode[] {
  return jobs.filter((j) => j.spec?.clusteruid === clusterId).map((j, i) => leaf(parent, { kind: 'job', jobId: j.metadata?.uid ?? String(i), ...clusterKey(parent) }, {
    label: String(j.spec?.type ?? 'Job'),
    description: [j.status?.status, j.spec?.resourcename, j.metadata?.creationTimestamp].filter(Boolean).join(' · '),
    tooltip: [`job ${j.metadata?.uid}`, `status: ${j.status?.status ?? '?'}`, j.status?.reason, j.status?.completionTime && `completed: ${j.status.completionTime}`].filter(Boolean).join('\n'),
    look: taskLook(j.status?.status), contextValue: 'job.v2', data: j,
  }));
}
