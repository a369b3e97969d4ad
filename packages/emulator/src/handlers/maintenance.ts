// Maintenance windows and upgrade plans (SDK-only operations): parse, hand to
// src/domain/maintenance.ts, answer.
import type { MaintenanceWindow, UpgradePlan } from '@cce-autopilot/models';
import { notFound } from '../errors.js';
import { createWindow, delayPlan, deleteWindow, plansOf, updateWindow, utc, windowOf } from '../domain/maintenance.js';
import type { MaintenanceWindowRecord, UpgradePlanRecord } from '../records.js';
import type { Handler, HandlerMap } from './contract.js';

function renderWindow(w: MaintenanceWindowRecord): MaintenanceWindow {
  return {
    weekly_period: w.weeklyPeriod.join(','),
    start_time: w.startTime,
    duration_hours: w.durationHours,
    ...(w.upgradeScope === undefined ? {} : { upgrade_scope: w.upgradeScope }),
  };
}

function renderPlan(p: UpgradePlanRecord): UpgradePlan {
  return {
    kind: 'UpgradePlan',
    apiVersion: 'v3',
    metadata: { uid: p.id, creationTimestamp: utc(p.createdAt), updateTimestamp: utc(p.updatedAt) },
    spec: {
      clusterID: p.clusterId, clusterVersion: p.clusterVersion, targetVersion: p.targetVersion,
      notBefore: utc(p.notBefore), notAfter: utc(p.notAfter), notBeforeDeadline: utc(p.notBeforeDeadline),
    },
    status: { phase: p.phase },
  };
}

const create: Handler<'CreateAutopilotMaintenanceWindow'> = (r) => ({ status: 201, body: renderWindow(createWindow(r.world, r.world.cluster(r.projectId, r.params.cluster_id), r.body)) });

const show: Handler<'ShowAutopilotMaintenanceWindow'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  const w = windowOf(r.world, c);
  if (!w) throw notFound(`cluster ${c.id} has no maintenance window; create one with POST .../maintenancewindows.`);
  return { body: renderWindow(w) };
};

const update: Handler<'UpdateAutopilotMaintenanceWindow'> = (r) => ({ body: renderWindow(updateWindow(r.world, r.world.cluster(r.projectId, r.params.cluster_id), r.body)) });

const remove: Handler<'DeleteAutopilotMaintenanceWindow'> = (r) => ({ body: renderWindow(deleteWindow(r.world, r.world.cluster(r.projectId, r.params.cluster_id))) });

const listPlans: Handler<'ListAutopilotUpgradePlans'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  return { body: { kind: 'List', apiVersion: 'v3', items: plansOf(r.world, c.id).map(renderPlan) } };
};

const delay: Handler<'UpdateAutopilotUpgradePlan'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  return { body: renderPlan(delayPlan(r.world, c, r.params.upgrade_plan_id, String(r.body.notBefore))) };
};

export const maintenanceHandlers = {
  CreateAutopilotMaintenanceWindow: create,
  ShowAutopilotMaintenanceWindow: show,
  UpdateAutopilotMaintenanceWindow: update,
  DeleteAutopilotMaintenanceWindow: remove,
  ListAutopilotUpgradePlans: listPlans,
  UpdateAutopilotUpgradePlan: delay,
} satisfies Partial<HandlerMap>;
