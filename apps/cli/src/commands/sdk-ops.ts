// Commands for the operations only the official SDK describes (maintenance window, upgrade plans,
// feature gates, log configs, v2 jobs). Each is the catalogue's operation through
// addOperationCommand; only names, examples, columns and the few body flags are written here.
import type { Command } from 'commander';
import { columns, type CliContext } from '../context.js';
import { addGroup, addOperationCommand, compact, optString } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;

const windowColumns = columns(['DAYS', 'weekly_period'], ['START (UTC)', 'start_time'], ['HOURS', 'duration_hours'], ['SCOPE', 'upgrade_scope']);
const planColumns = columns(['ID', 'metadata.uid'], ['FROM', 'spec.clusterVersion'], ['TARGET', 'spec.targetVersion'], ['NOT BEFORE', 'spec.notBefore'], ['DEADLINE', 'spec.notBeforeDeadline'], ['PHASE', 'status.phase']);
const logColumns = columns(['NAME', 'name'], ['ENABLED', 'enable']);
const v2JobColumns = columns(['ID', 'metadata.uid'], ['TYPE', 'spec.type'], ['CLUSTER', 'spec.clusteruid'], ['RESOURCE', 'spec.resourcename'], ['STATUS', 'status.status'], ['CREATED', 'metadata.creationTimestamp']);

const windowOptions: readonly (readonly [string, string])[] = [
  ['--weekly-period <days>', 'upgrade days, comma separated, e.g. Saturday,Sunday (weekly_period)'],
  ['--start-time <HH:MM>', 'start of the window in UTC, e.g. 02:00 (start_time)'],
  ['--duration-hours <n>', 'length of the window in hours (duration_hours)'],
  ['--upgrade-scope <scope>', 'versions upgraded automatically (upgrade_scope)'],
];

function windowBody(o: Opts): Record<string, unknown> | undefined {
  const hours = str(o, 'durationHours');
  return compact({
    weekly_period: str(o, 'weeklyPeriod'),
    start_time: str(o, 'startTime'),
    duration_hours: hours === undefined ? undefined : Number(hours),
    upgrade_scope: str(o, 'upgradeScope'),
  });
}

function group(program: Command, name: string): Command {
  const found = program.commands.find((c) => c.name() === name);
  if (!found) throw new Error(`the "${name}" command group must be registered before the SDK operations`);
  return found;
}

export function registerSdkOperations(program: Command, ctx: CliContext): void {
  const upgrade = group(program, 'upgrade');
  const window = addGroup(upgrade, 'maintenance-window', 'The cluster\'s maintenance window for automatic upgrades', 'cce-autopilot upgrade maintenance-window set 6ed7a4e0-... --weekly-period Saturday,Sunday --start-time 02:00 --duration-hours 4');
  addOperationCommand(window, ctx, { name: 'get', operation: 'ShowAutopilotMaintenanceWindow', example: 'cce-autopilot upgrade maintenance-window get 6ed7a4e0-...', columns: windowColumns });
  addOperationCommand(window, ctx, {
    name: 'set', operation: 'CreateAutopilotMaintenanceWindow', summary: 'Create the maintenance window',
    example: 'cce-autopilot upgrade maintenance-window set 6ed7a4e0-... --weekly-period Saturday,Sunday --start-time 02:00 --duration-hours 4',
    bodyOptions: windowOptions, body: windowBody, columns: windowColumns,
  });
  addOperationCommand(window, ctx, {
    name: 'update', operation: 'UpdateAutopilotMaintenanceWindow',
    example: 'cce-autopilot upgrade maintenance-window update 6ed7a4e0-... --weekly-period Friday --start-time 22:00 --duration-hours 6',
    bodyOptions: windowOptions, body: windowBody, columns: windowColumns,
  });
  addOperationCommand(window, ctx, { name: 'delete', operation: 'DeleteAutopilotMaintenanceWindow', example: 'cce-autopilot upgrade maintenance-window delete 6ed7a4e0-...', columns: windowColumns });

  const plans = addGroup(upgrade, 'plans', 'Automatic upgrade plans (made from the maintenance window)', 'cce-autopilot upgrade plans list 6ed7a4e0-...');
  addOperationCommand(plans, ctx, { name: 'list', operation: 'ListAutopilotUpgradePlans', example: 'cce-autopilot upgrade plans list 6ed7a4e0-...', columns: planColumns });
  addOperationCommand(plans, ctx, {
    name: 'delay', operation: 'UpdateAutopilotUpgradePlan',
    example: 'cce-autopilot upgrade plans delay 6ed7a4e0-... 1c2d3e4f-... --not-before <rfc3339-time>',
    bodyOptions: [['--not-before <time>', 'new start of the plan, RFC 3339 UTC; before its notBeforeDeadline (notBefore)']],
    body: (o) => compact({ notBefore: str(o, 'notBefore') }),
    columns: planColumns,
  });

  addOperationCommand(program, ctx, { name: 'feature-gates', operation: 'ShowAutopilotFeatureGates', summary: 'Show the project\'s feature gates', example: 'cce-autopilot feature-gates --output yaml' });

  const clusters = group(program, 'clusters');
  addOperationCommand(clusters, ctx, {
    name: 'log-configs', operation: 'ShowAutopilotClusterConfig', summary: 'Show which logs of the cluster are collected',
    example: 'cce-autopilot clusters log-configs 6ed7a4e0-... --type audit',
    columns: logColumns,
    // The answer is `{ttl_in_days, log_configs: [...]}`; the table shows the list.
    handle: async (c, answer) => {
      c.print(c.globals().output === 'table' ? { items: answer.log_configs ?? [] } : answer, logColumns);
    },
  });

  const jobs = group(program, 'jobs');
  addOperationCommand(jobs, ctx, { name: 'list', operation: 'ListAutopilotJobs', example: 'cce-autopilot jobs list', columns: v2JobColumns });
  addOperationCommand(jobs, ctx, { name: 'show', operation: 'GetAutopilotOneJob', summary: 'Get a job (v2 API: type, cluster, resource, sub-jobs)', example: 'cce-autopilot jobs show 8a0cd3a4-...', columns: v2JobColumns });
  addOperationCommand(jobs, ctx, { name: 'delete', operation: 'DeleteAutopilotJob', summary: 'Delete a finished job record', example: 'cce-autopilot jobs delete 8a0cd3a4-...' });
}
