// Setting a cluster's maintenance window and delaying an automatic upgrade plan (operations the
// official SDK describes), checked against the catalogue's schemas before anything is sent.
import { checkValue, schemas, weekDays, type MaintenanceWindow, type UpgradePlan } from '@cce-autopilot/models';
import { describeFailure, type CceApi } from './api.js';
import type { Ui } from './ui.js';

/** The current window, or undefined when the cluster has none (404). */
async function currentWindow(api: CceApi, clusterId: string): Promise<MaintenanceWindow | undefined> {
  try {
    return await api.call('ShowAutopilotMaintenanceWindow', { cluster_id: clusterId });
  } catch (error) {
    if (describeFailure(error).status === 404) return undefined;
    throw error;
  }
}

/** Creates or changes the window: days, start (UTC) and length; returns the window set, or undefined when cancelled. */
export async function setMaintenanceWindow(ui: Ui, api: CceApi, clusterId: string, clusterName: string): Promise<MaintenanceWindow | undefined> {
  const old = await currentWindow(api, clusterId);
  const oldDays = old?.weekly_period.split(',') ?? ['Saturday', 'Sunday'];
  const days = await ui.pickMany(weekDays.map((d) => ({ label: d, value: d, picked: oldDays.includes(d) })), { title: ui.t`Maintenance window of ${clusterName} (1/3): days` });
  if (days === undefined || days.length === 0) return undefined;
  const start = await ui.input({
    title: ui.t`Maintenance window of ${clusterName} (2/3): start time, UTC (HH:MM)`, value: old?.start_time ?? '02:00',
    validate: (v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v.trim()) ? undefined : ui.t`Use the form HH:MM, e.g. 02:00.`,
  });
  if (start === undefined) return undefined;
  const hours = await ui.input({
    title: ui.t`Maintenance window of ${clusterName} (3/3): length in hours (1-24)`, value: String(old?.duration_hours ?? 4),
    validate: (v) => /^\d+$/.test(v.trim()) && Number(v) >= 1 && Number(v) <= 24 ? undefined : ui.t`A whole number of hours from 1 to 24.`,
  });
  if (hours === undefined) return undefined;
  const body: MaintenanceWindow = {
    weekly_period: weekDays.filter((d) => days.includes(d)).join(','), start_time: start.trim(), duration_hours: Number(hours),
    ...(old?.upgrade_scope ? { upgrade_scope: old.upgrade_scope } : {}),
  };
  const problems = checkValue(schemas.MaintenanceWindow, body);
  if (problems.length > 0) throw new Error(`The maintenance window is not valid: ${problems.map((p) => p.message).join('; ')}`);
  return ui.progress(ui.t`Setting the maintenance window of ${clusterName}`, (_p, signal) =>
    api.call(old ? 'UpdateAutopilotMaintenanceWindow' : 'CreateAutopilotMaintenanceWindow', { cluster_id: clusterId, body }, signal));
}

/** Moves a Pending plan's start to a later time, before its deadline. */
export async function delayUpgradePlan(ui: Ui, api: CceApi, clusterId: string, plan: UpgradePlan): Promise<UpgradePlan | undefined> {
  const deadline = Date.parse(plan.spec.notBeforeDeadline);
  const notBefore = await ui.input({
    title: ui.t`Delay the upgrade to ${plan.spec.targetVersion}: new start (UTC, before ${plan.spec.notBeforeDeadline})`, value: plan.spec.notBefore,
    validate: (v) => {
      const at = Date.parse(v.trim());
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/.test(v.trim()) || Number.isNaN(at)) return ui.t`Use an RFC 3339 UTC time, e.g. 2026-01-10T02:00:00Z.`;
      if (!Number.isNaN(deadline) && at >= deadline) return ui.t`It must be before ${plan.spec.notBeforeDeadline}.`;
      return undefined;
    },
  });
  if (notBefore === undefined) return undefined;
  return ui.progress(ui.t`Delaying the upgrade plan`, (_p, signal) =>
    api.call('UpdateAutopilotUpgradePlan', { cluster_id: clusterId, upgrade_plan_id: plan.metadata?.uid ?? '', body: { notBefore: notBefore.trim() } }, signal));
}
