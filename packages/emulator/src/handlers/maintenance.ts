// Maintenance windows and automatic upgrade plans (operations only the official SDK describes).
// A cluster has at most one window; while it has one and its version has an upgrade target, it has
// a Pending upgrade plan placed at the window's next opening, which the user may delay up to the
// plan's deadline. When its time comes the plan starts the upgrade itself (advanceUpgradePlans).
import { isTransientPhase } from '@cce-autopilot/models';
import { ServiceError, conflict, notFound } from '../errors.js';
import type { ClusterRecord, MaintenanceWindowRecord, UpgradePlanRecord, UpgradeTaskRecord } from '../records.js';
import type { Handler } from '../server.js';
import { findClusterVersion } from '../versions.js';
import { startUpgradeTask, unfinishedUpgradeTask } from './upgrade.js';
import type { World } from '../world.js';

type Obj = Record<string, unknown>;

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** How long an automatic upgrade may be put off: the plan's `notBeforeDeadline` is this after its first start. */
export const upgradePlanGraceMs = 30 * dayMs;

/** RFC 3339 in UTC without milliseconds, as the SDK's examples write times. */
function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The next opening of the window strictly after `from`. */
export function nextWindowStart(w: Pick<MaintenanceWindowRecord, 'weeklyPeriod' | 'startTime'>, from: number): number {
  const [h, m] = w.startTime.split(':').map(Number) as [number, number];
  const startOfDay = Math.floor(from / dayMs) * dayMs;
  for (let d = 0; d <= 7; d++) {
    const at = startOfDay + d * dayMs + h * hourMs + m * 60_000;
    if (at > from && w.weeklyPeriod.includes(dayNames[new Date(at).getUTCDay()]!)) return at;
  }
  throw new Error(`maintenance window ${w.weeklyPeriod.join(',')} has no opening`);
}

function renderWindow(w: MaintenanceWindowRecord): Obj {
  return {
    weekly_period: w.weeklyPeriod.join(','),
    start_time: w.startTime,
    duration_hours: w.durationHours,
    ...(w.upgradeScope === undefined ? {} : { upgrade_scope: w.upgradeScope }),
  };
}

function renderPlan(p: UpgradePlanRecord): Obj {
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

function windowOf(world: World, c: ClusterRecord): MaintenanceWindowRecord | undefined {
  return world.store.get<MaintenanceWindowRecord>('maintenanceWindows', c.id);
}

function plansOf(world: World, clusterId: string): UpgradePlanRecord[] {
  return world.list<UpgradePlanRecord>('upgradePlans').filter((p) => p.clusterId === clusterId).sort((a, b) => a.createdAt - b.createdAt);
}

function windowFromBody(body: unknown): Pick<MaintenanceWindowRecord, 'weeklyPeriod' | 'startTime' | 'durationHours' | 'upgradeScope'> {
  // The catalogue's schema has checked the shapes (week days, HH:MM, 1-24 hours) before we get here.
  const b = body as Obj;
  const days = String(b.weekly_period).split(',');
  return {
    weeklyPeriod: [...new Set(days)],
    startTime: String(b.start_time),
    durationHours: Number(b.duration_hours),
    ...(typeof b.upgrade_scope === 'string' ? { upgradeScope: b.upgrade_scope } : {}),
  };
}

/**
 * Keeps the cluster's plans in step with its window: a Pending plan follows the window's next
 * opening (unless the user delayed it), and one is made when the version has an upgrade target.
 */
function planFor(world: World, c: ClusterRecord, w: MaintenanceWindowRecord): void {
  const now = world.now();
  const pending = plansOf(world, c.id).filter((p) => p.phase === 'Pending');
  const target = findClusterVersion(String(c.spec.version))?.targetVersions[0];
  for (const p of pending) {
    if (p.delayedByUser) continue; // the user chose its time; a window change does not undo that
    p.notBefore = Math.min(nextWindowStart(w, now), p.notBeforeDeadline - 1);
    p.notAfter = p.notBefore + w.durationHours * hourMs;
    p.updatedAt = now;
    world.put('upgradePlans', p.id, p);
  }
  // A plan whose time came (Enqueued, Upgrading) still stands for this version: no second one.
  const open = plansOf(world, c.id).filter((p) => p.phase === 'Pending' || isTransientPhase('upgradePlan', p.phase));
  if (open.length > 0 || target === undefined) return;
  const notBefore = nextWindowStart(w, now);
  // The emulated versions have no patch releases between them, so the plan aims at the next version of the upgrade path.
  const plan: UpgradePlanRecord = {
    id: world.newId(), projectId: c.projectId, clusterId: c.id, clusterVersion: String(c.spec.version), targetVersion: target,
    phase: 'Pending', notBefore, notAfter: notBefore + w.durationHours * hourMs, notBeforeDeadline: notBefore + upgradePlanGraceMs,
    createdAt: now, updatedAt: now,
  };
  world.put('upgradePlans', plan.id, plan);
}

/**
 * Runs the plans whose time has come; the emulator calls it on every tick, after the lifecycle
 * table. A Pending plan is Enqueued at its notBefore; an Enqueued one starts its upgrade (an
 * in-place rolling update to its target, as UpgradeAutopilotCluster would) once the cluster is
 * Available with no upgrade running, dated when both were true rather than when the tick ran, so a
 * clock jump gives the same result as waiting. It is Skipped when its notAfter passes first or the
 * cluster left the plan's version (upgraded by hand, or gone). An Upgrading plan ends as its task
 * does (Success or Failed); after a success a window that stays plans the next version.
 * Returns how many plans moved.
 */
export function advanceUpgradePlans(world: World): number {
  const now = world.now();
  let moved = 0;
  const move = (p: UpgradePlanRecord, phase: string, at: number) => {
    p.phase = phase;
    p.updatedAt = at;
    world.put('upgradePlans', p.id, p);
    moved++;
  };
  for (const p of world.list<UpgradePlanRecord>('upgradePlans')) {
    if (p.phase === 'Pending' && p.notBefore <= now) move(p, 'Enqueued', p.notBefore);
    const c = world.store.get<ClusterRecord>('clusters', p.clusterId);
    if (p.phase === 'Enqueued') {
      if (!c || String(c.spec.version) !== p.clusterVersion) {
        move(p, 'Skipped', now);
        continue;
      }
      const at = Math.max(p.notBefore, c.phaseSince);
      if (c.phase === 'Available' && !unfinishedUpgradeTask(world, c.id) && at < p.notAfter) {
        p.upgradeTaskId = startUpgradeTask(world, c, p.targetVersion, { type: 'inPlaceRollingUpdate' }, [], at).id;
        move(p, 'Upgrading', at);
      } else if (now >= p.notAfter) {
        move(p, 'Skipped', p.notAfter);
      }
    } else if (p.phase === 'Upgrading') {
      const t = p.upgradeTaskId ? world.store.get<UpgradeTaskRecord>('upgradeTasks', p.upgradeTaskId) : undefined;
      if (t && isTransientPhase('upgradeTask', t.phase)) continue;
      move(p, t?.phase ?? 'Failed', t?.completionTime ?? now);
      const w = c ? windowOf(world, c) : undefined;
      if (c && w && t?.phase === 'Success') planFor(world, c, w);
    }
  }
  return moved;
}

const createWindow: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  if (windowOf(r.world, c)) throw conflict(`cluster ${c.id} already has a maintenance window; change it with PUT or delete it first.`);
  const now = r.world.now();
  const w: MaintenanceWindowRecord = { id: c.id, projectId: c.projectId, clusterId: c.id, ...windowFromBody(r.body), createdAt: now, updatedAt: now };
  r.world.put('maintenanceWindows', c.id, w);
  planFor(r.world, c, w);
  return { status: 201, body: renderWindow(w) };
};

const showWindow: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  const w = windowOf(r.world, c);
  if (!w) throw notFound(`cluster ${c.id} has no maintenance window; create one with POST .../maintenancewindows.`);
  return { body: renderWindow(w) };
};

const updateWindow: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  const old = windowOf(r.world, c);
  if (!old) throw notFound(`cluster ${c.id} has no maintenance window to update; create one with POST first.`);
  const w: MaintenanceWindowRecord = { ...old, ...windowFromBody(r.body), updatedAt: r.world.now() };
  if (!('upgrade_scope' in (r.body as Obj))) delete w.upgradeScope;
  r.world.put('maintenanceWindows', c.id, w);
  planFor(r.world, c, w);
  return { body: renderWindow(w) };
};

const deleteWindow: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  const w = windowOf(r.world, c);
  if (!w) throw notFound(`cluster ${c.id} has no maintenance window.`);
  r.world.delete('maintenanceWindows', c.id);
  // Without a window nothing upgrades automatically: plans not yet started are skipped.
  const now = r.world.now();
  for (const p of plansOf(r.world, c.id).filter((x) => x.phase === 'Pending' || x.phase === 'Enqueued')) {
    p.phase = 'Skipped';
    p.updatedAt = now;
    r.world.put('upgradePlans', p.id, p);
  }
  return { body: renderWindow(w) };
};

const listPlans: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  return { body: { kind: 'List', apiVersion: 'v3', items: plansOf(r.world, c.id).map(renderPlan) } };
};

const delayPlan: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  const p = r.world.store.get<UpgradePlanRecord>('upgradePlans', r.params.upgrade_plan_id ?? '');
  if (!p || p.clusterId !== c.id) throw notFound(`upgrade plan ${r.params.upgrade_plan_id} does not exist in cluster ${c.id}.`);
  if (p.phase !== 'Pending') throw new ServiceError(400, 'CCE.01400001', `Invalid request. upgrade plan ${p.id} is ${p.phase}; only a Pending plan can be delayed.`);
  const raw = (r.body as Obj).notBefore;
  const at = Date.parse(String(raw));
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(String(raw)) || Number.isNaN(at)) {
    throw new ServiceError(400, 'CCE.01400001', `Invalid request. notBefore must be an RFC 3339 time such as "2026-01-10T02:00:00Z" (got ${JSON.stringify(raw)}).`);
  }
  const now = r.world.now();
  if (at <= now) throw new ServiceError(400, 'CCE.01400001', `Invalid request. notBefore ${utc(at)} is not in the future (now ${utc(now)}).`);
  if (at >= p.notBeforeDeadline) throw new ServiceError(400, 'CCE.01400001', `Invalid request. notBefore must be before the plan's notBeforeDeadline ${utc(p.notBeforeDeadline)} (got ${utc(at)}).`);
  const duration = p.notAfter - p.notBefore;
  p.notBefore = at;
  p.notAfter = at + duration;
  p.delayedByUser = true;
  p.updatedAt = now;
  r.world.put('upgradePlans', p.id, p);
  return { body: renderPlan(p) };
};

export const maintenanceHandlers: Record<string, Handler> = {
  CreateAutopilotMaintenanceWindow: createWindow,
  ShowAutopilotMaintenanceWindow: showWindow,
  UpdateAutopilotMaintenanceWindow: updateWindow,
  DeleteAutopilotMaintenanceWindow: deleteWindow,
  ListAutopilotUpgradePlans: listPlans,
  UpdateAutopilotUpgradePlan: delayPlan,
};
