import type { Command } from 'commander';
import { waitForPreCheck, waitForSnapshot, waitForUpgradeTask, waitForWorkflow } from '@cce-autopilot/client';
import { columns, type CliContext } from '../context.js';
import { addGroup, addOperationCommand, compact, optString, pathParam } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;

const taskColumns = columns(['ID', 'metadata.uid'], ['VERSION', 'spec.version'], ['TARGET', 'spec.targetVersion'], ['PHASE', 'status.phase'], ['PROGRESS', 'status.progress']);
const precheckColumns = columns(['ID', 'metadata.uid'], ['TARGET', 'spec.targetVersion'], ['PHASE', 'status.phase'], ['MESSAGE', 'status.message']);
const snapshotColumns = columns(['ID', 'metadata.uid'], ['PHASE', 'status.phase'], ['PROGRESS', 'status.progress'], ['COMPLETED', 'status.completionTime', 'time']);
const workflowColumns = columns(['ID', 'metadata.uid'], ['FROM', 'spec.clusterVersion'], ['TARGET', 'spec.targetVersion'], ['PHASE', 'status.phase']);

/** The id of the task a create answered, read by the caller from the answer's own type. */
function taskId(id: string | undefined, path: string): string {
  if (id !== undefined && id !== '') return id;
  throw new Error(`the answer carries no task id (${path}) to wait for`);
}

const targetVersion: readonly [string, string] = ['--target-version <version>', 'target cluster version, e.g. v1.30'];

export function registerUpgrade(program: Command, ctx: CliContext): void {
  const upgrade = addGroup(program, 'upgrade', 'Cluster upgrade: info, paths, pre-check, backup, upgrade, post-check, workflows', 'cce-autopilot upgrade run 6ed7a4e0-... --target-version v1.30 --wait');
  const cluster = (c: CliContext, opts: Opts) => c.waitOptions(str(opts, 'waitTimeout'));

  addOperationCommand(upgrade, ctx, { name: 'info', operation: 'ShowAutopilotClusterUpgradeInfo', example: 'cce-autopilot upgrade info 6ed7a4e0-...' });
  addOperationCommand(upgrade, ctx, { name: 'paths', operation: 'ListAutopilotClusterUpgradePaths', example: 'cce-autopilot upgrade paths --output yaml' });
  addOperationCommand(upgrade, ctx, { name: 'feature-gates', operation: 'ListAutopilotClusterUpgradeFeatureGates', example: 'cce-autopilot upgrade feature-gates' });

  const precheck = addGroup(upgrade, 'precheck', 'Pre-upgrade checks', 'cce-autopilot upgrade precheck run 6ed7a4e0-... --target-version v1.30 --wait');
  addOperationCommand(precheck, ctx, {
    name: 'run',
    operation: 'CreateAutopilotPreCheck',
    example: 'cce-autopilot upgrade precheck run 6ed7a4e0-... --target-version v1.30 --wait',
    bodyOptions: [targetVersion, ['--cluster-version <version>', 'current cluster version']],
    body: (o) => (str(o, 'targetVersion') === undefined ? undefined : { apiVersion: 'v3', kind: 'PreCheckTask', spec: compact({ targetVersion: str(o, 'targetVersion'), clusterVersion: str(o, 'clusterVersion') }) }),
    columns: precheckColumns,
    wait: (c, result, input, opts) => waitForPreCheck(c.client(), pathParam(input, 'cluster_id'), taskId(result.metadata?.uid, 'metadata.uid'), cluster(c, opts)),
  });
  addOperationCommand(precheck, ctx, {
    name: 'get',
    operation: 'ShowAutopilotPreCheck',
    example: 'cce-autopilot upgrade precheck get 6ed7a4e0-... 1f0c... --wait',
    columns: precheckColumns,
    wait: (c, _result, input, opts) => waitForPreCheck(c.client(), pathParam(input, 'cluster_id'), pathParam(input, 'task_id'), cluster(c, opts)),
  });
  addOperationCommand(precheck, ctx, { name: 'list', operation: 'ListAutopilotPreCheckTasks', example: 'cce-autopilot upgrade precheck list 6ed7a4e0-...', columns: precheckColumns });

  const snapshot = addGroup(upgrade, 'snapshot', 'Cluster backups (master snapshots) before an upgrade', 'cce-autopilot upgrade snapshot create 6ed7a4e0-... --wait');
  addOperationCommand(snapshot, ctx, {
    name: 'create',
    operation: 'CreateAutopilotClusterMasterSnapshot',
    example: 'cce-autopilot upgrade snapshot create 6ed7a4e0-... --wait',
    wait: (c, result, input, opts) => waitForSnapshot(c.client(), pathParam(input, 'cluster_id'), taskId(result.uid, 'uid'), cluster(c, opts)),
  });
  addOperationCommand(snapshot, ctx, { name: 'list', operation: 'ListAutopilotClusterMasterSnapshotTasks', example: 'cce-autopilot upgrade snapshot list 6ed7a4e0-...', columns: snapshotColumns });

  addOperationCommand(upgrade, ctx, {
    name: 'run',
    operation: 'UpgradeAutopilotCluster',
    destructive: true,
    example: 'cce-autopilot upgrade run 6ed7a4e0-... --target-version v1.30 --wait',
    bodyOptions: [targetVersion, ['--step <n>', 'in-place rolling update step size, 1-40']],
    body: (o) => {
      const target = str(o, 'targetVersion');
      if (target === undefined) return undefined;
      const step = str(o, 'step');
      return {
        metadata: { apiVersion: 'v3', kind: 'UpgradeTask' },
        spec: {
          clusterUpgradeAction: {
            targetVersion: target,
            strategy: { type: 'inPlaceRollingUpdate' as const, ...(step === undefined ? {} : { inPlaceRollingUpdate: { userDefinedStep: Number(step) } }) },
          },
        },
      };
    },
    wait: (c, result, input, opts) => waitForUpgradeTask(c.client(), pathParam(input, 'cluster_id'), taskId(result.metadata?.uid, 'metadata.uid'), cluster(c, opts)),
  });
  addOperationCommand(upgrade, ctx, { name: 'retry', operation: 'RetryAutopilotUpgradeClusterTask', summary: 'Retry the failed upgrade task of a cluster', example: 'cce-autopilot upgrade retry 6ed7a4e0-...' });

  const tasks = addGroup(upgrade, 'tasks', 'Upgrade tasks', 'cce-autopilot upgrade tasks list 6ed7a4e0-...');
  addOperationCommand(tasks, ctx, { name: 'list', operation: 'ListAutopilotUpgradeClusterTasks', example: 'cce-autopilot upgrade tasks list 6ed7a4e0-...', columns: taskColumns });
  addOperationCommand(tasks, ctx, {
    name: 'get',
    operation: 'ShowAutopilotUpgradeClusterTask',
    example: 'cce-autopilot upgrade tasks get 6ed7a4e0-... 0e1a... --wait',
    columns: taskColumns,
    wait: (c, _result, input, opts) => waitForUpgradeTask(c.client(), pathParam(input, 'cluster_id'), pathParam(input, 'task_id'), cluster(c, opts)),
  });

  addOperationCommand(upgrade, ctx, {
    name: 'postcheck',
    operation: 'CreateAutopilotPostCheck',
    summary: 'Confirm a finished upgrade (post-upgrade check)',
    example: 'cce-autopilot upgrade postcheck 6ed7a4e0-... --cluster-version v1.29 --target-version v1.30',
    bodyOptions: [targetVersion, ['--cluster-version <version>', 'version the cluster was upgraded from']],
    body: (o) => ({ apiVersion: 'v3', kind: 'PostCheckTask', spec: compact({ targetVersion: str(o, 'targetVersion'), clusterVersion: str(o, 'clusterVersion') }) ?? {} }),
  });

  const workflows = addGroup(upgrade, 'workflows', 'Upgrade workflows (pre-check -> upgrade -> post-check)', 'cce-autopilot upgrade workflows create 6ed7a4e0-... --target-version v1.30');
  addOperationCommand(workflows, ctx, {
    name: 'create',
    operation: 'CreateAutopilotUpgradeWorkFlow',
    example: 'cce-autopilot upgrade workflows create 6ed7a4e0-... --target-version v1.30',
    bodyOptions: [targetVersion],
    body: (o) => (str(o, 'targetVersion') === undefined ? undefined : { kind: 'WorkFlowTask' as const, apiVersion: 'v3' as const, spec: { targetVersion: str(o, 'targetVersion') } }),
    columns: workflowColumns,
  });
  addOperationCommand(workflows, ctx, { name: 'list', operation: 'ListAutopilotUpgradeWorkFlows', example: 'cce-autopilot upgrade workflows list 6ed7a4e0-...', columns: workflowColumns });
  addOperationCommand(workflows, ctx, {
    name: 'get',
    operation: 'ShowAutopilotUpgradeWorkFlow',
    example: 'cce-autopilot upgrade workflows get 6ed7a4e0-... 3c2d...',
    columns: workflowColumns,
    wait: (c, _result, input, opts) => waitForWorkflow(c.client(), pathParam(input, 'cluster_id'), pathParam(input, 'upgrade_workflow_id'), cluster(c, opts)),
  });
  addOperationCommand(workflows, ctx, {
    name: 'cancel',
    operation: 'UpgradeAutopilotWorkFlowUpdate',
    destructive: true,
    summary: 'Cancel an upgrade workflow',
    example: 'cce-autopilot upgrade workflows cancel 6ed7a4e0-... 3c2d...',
    body: () => ({ status: { phase: 'Cancel' as const } }),
    columns: workflowColumns,
  });
}
