// Maintenance windows and automatic upgrade plans (operations only the official SDK describes).
// A cluster has at most one window; while it has one and its version has an upgrade target, it has
// a Pending upgrade plan placed at the window's next opening, which the user may delay up to the
// plan's deadline. When its time comes the plan starts the upgrade itself (upgradePlanSteps).
import { isTransientPhase } from '@cce-autopilot/models';
import type { MaintenanceWindow, UpgradePlanPhase } from '@cce-autopilot/models';
import { ServiceError, conflict, notFound } from '../errors.js';
import type { Step } from '../lifecycle.js';
import type { ClusterRecord, MaintenanceWindowRecord, UpgradePlanRecord } from '../records.js';
import { findClusterVersion } from '../versions.js';
import type { World } from '../world.js';
import { startUpgradeTask, unfinishedUpgradeTask } from './upgrade.js';

const dayNames = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const hourMs = 3_600_000;
const dayMs = 24 * hourMs;
/** How long an automatic upgrade may be put off: the plan's `notBeforeDeadline` is this after its first start. */
export const upgradePlanGraceMs = 30 * dayMs;

/** RFC 3339 in UTC without milliseconds, as the SDK's examples write times. */
export function utc(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The next opening of the window strictly after `from`. */
export function nextWindowStart(w: Pick<MaintenanceWindowRecord, 'weeklyPeriod' | 'startTime'>, from: number): number {
  const [h = 0, m = 0] = w.startTime.split(':').map(Number);
  const startOfDay = Math.floor(from / dayMs) * dayMs;
  for (let d = 0; d <= 7; d++) {
    const at = startOfDay + d * dayMs + h * hourMs + m * 60_000;
    const day = dayNames[new Date(at).getUTCDay()];
    if (at > from && day !== undefined && w.weeklyPeriod.includes(day)) return at;
  }
  throw new Error(`maintenance window ${w.weeklyPeriod.join(',')} has no opening`);
}

export function windowOf(world: World, c: ClusterRecord): MaintenanceWindowRecord | undefined {
  return world.maintenanceWindows.get(c.id);
}

export function plansOf(world: World, clusterId: string): UpgradePlanRecord[] {
  return world.upgradePlans.list().filter((p) => p.clusterId === clusterId).sort((a, b) => a.createdAt - b.createdAt);
}

function windowFields(body: MaintenanceWindow): Pick<MaintenanceWindowRecord, 'weeklyPeriod' | 'startTime' | 'durationHours' | 'upgradeScope'> {
  // The catalogue's schema has checked the shapes (week days, HH:MM, 1-24 hours) before we get here.
  return {
    weeklyPeriod: [...new Set(body.weekly_period.split(','))],
    startTime: body.start_time,
    durationHours: body.duration_hours,
    ...(typeof body.upgrade_scope === 'string' ? { upgradeScope: body.upgrade_scope } : {}),
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
    world.upgradePlans.put(p);
  }
  // A plan whose time came (Enqueued, Upgrading) still stands for this version: no second one.
  const open = plansOf(world, c.id).filter((p) => p.phase === 'Pending' || isTransientPhase('upgradePlan', p.phase));
  if (open.length > 0 || target === undefined) return;
  const notBefore = nextWindowStart(w, now);
  // The emulated versions have no patch releases between them, so the plan aims at the next version of the upgrade path.
  world.upgradePlans.put({
    id: world.newId(), projectId: c.projectId, clusterId: c.id, clusterVersion: String(c.spec.version), targetVersion: target,
    phase: 'Pending', notBefore, notAfter: notBefore + w.durationHours * hourMs, notBeforeDeadline: notBefore + upgradePlanGraceMs,
    createdAt: now, updatedAt: now,
  });
}

export function createWindow(world: World, c: ClusterRecord, body: MaintenanceWindow): MaintenanceWindowRecord {
  if (windowOf(world, c)) throw conflict(`cluster ${c.id} already has a maintenance window; change it with PUT or delete it first.`);
  const now = world.now();
  const w = world.maintenanceWindows.put({ id: c.id, projectId: c.projectId, clusterId: c.id, ...windowFields(body), createdAt: now, updatedAt: now });
  planFor(world, c, w);
  return w;
}

export function updateWindow(world: World, c: ClusterRecord, body: MaintenanceWindow): MaintenanceWindowRecord {
  const old = windowOf(world, c);
  if (!old) throw notFound(`cluster ${c.id} has no maintenance window to update; create one with POST first.`);
  const w: MaintenanceWindowRecord = { ...old, ...windowFields(body), updatedAt: world.now() };
  if (!('upgrade_scope' in body)) delete w.upgradeScope;
  world.maintenanceWindows.put(w);
  planFor(world, c, w);
  return w;
}

/** Without a window nothing upgrades automatically: plans not yet started are skipped. */
export function deleteWindow(world: World, c: ClusterRecord): MaintenanceWindowRecord {
  const w = windowOf(world, c);
  if (!w) throw notFound(`cluster ${c.id} has no maintenance window.`);
  world.maintenanceWindows.remove(w);
  const now = world.now();
  for (const p of plansOf(world, c.id).filter((x) => x.phase === 'Pending' || x.phase === 'Enqueued')) {
    p.phase = 'Skipped';
    p.updatedAt = now;
    world.upgradePlans.put(p);
  }
  return w;
}

/** Moves a Pending plan to `notBefore` (RFC 3339), in the future and before its deadline. */
export function delayPlan(world: World, c: ClusterRecord, planId: string, raw: string): UpgradePlanRecord {
  const p = world.upgradePlans.get(planId);
  if (!p || p.clusterId !== c.id) throw notFound(`upgrade plan ${planId} does not exist in cluster ${c.id}.`);
  if (p.phase !== 'Pending') throw new ServiceError(400, 'CCE.01400001', `Invalid request. upgrade plan ${p.id} is ${p.phase}; only a Pending plan can be delayed.`);
  const at = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(raw) || Number.isNaN(at)) {
    throw new ServiceError(400, 'CCE.01400001', `Invalid request. notBefore must be an RFC 3339 time such as "2026-01-10T02:00:00Z" (got ${JSON.stringify(raw)}).`);
  }
  const now = world.now();
  if (at <= now) throw new ServiceError(400, 'CCE.01400001', `Invalid request. notBefore ${utc(at)} is not in the future (now ${utc(now)}).`);
  if (at >= p.notBeforeDeadline) throw new ServiceError(400, 'CCE.01400001', `Invalid request. notBefore must be before the plan's notBeforeDeadline ${utc(p.notBeforeDeadline)} (got ${utc(at)}).`);
  const duration = p.notAfter - p.notBefore;
  p.notBefore = at;
  p.notAfter = at + duration;
  p.delayedByUser = true;
  p.updatedAt = now;
  return world.upgradePlans.put(p);
}

function movePlan(world: World, p: UpgradePlanRecord, phase: UpgradePlanPhase, at: number): void {
  p.phase = phase;
  p.updatedAt = at;
  world.upgradePlans.put(p);
}

/**
 * A row of the lifecycle table for upgrade plans. A plan's moments are its own times (notBefore,
 * notAfter) or its task's end, not a phase's duration, so the row reads them itself; `delay` is 0
 * so `phaseDuration` has nothing to tell about plans.
 */
function planStep(from: UpgradePlanPhase, advance: (world: World, p: UpgradePlanRecord, now: number) => boolean): Step<World> {
  return {
    collection: 'upgradePlans',
    from,
    delay: { instant: 0, realistic: 0 },
    advance(world, now) {
      let moved = 0;
      for (const p of world.upgradePlans.list()) if (p.phase === from && advance(world, p, now)) moved++;
      return moved;
    },
  };
}

/**
 * Automatic upgrade plans whose time has come; they run after the other rows, and the table is
 * repeated until nothing moves, as a plan may start an upgrade task whose steps are due at once.
 * A Pending plan is Enqueued at its notBefore; an Enqueued one starts its upgrade (an in-place
 * rolling update to its target, as UpgradeAutopilotCluster would) once the cluster is Available
 * with no upgrade running, dated when both were true rather than when the tick ran, so a clock
 * jump gives the same result as waiting. It is Skipped when its notAfter passes first or the
 * cluster left the plan's version (upgraded by hand, or gone). An Upgrading plan ends as its task
 * does (Success or Failed); after a success a window that stays plans the next version.
 */
export const upgradePlanSteps: readonly Step<World>[] = [
  planStep('Pending', (world, p, now) => {
    if (p.notBefore > now) return false;
    movePlan(world, p, 'Enqueued', p.notBefore);
    return true;
  }),
  planStep('Enqueued', (world, p, now) => {
    const c = world.clusters.get(p.clusterId);
    if (!c || String(c.spec.version) !== p.clusterVersion) {
      movePlan(world, p, 'Skipped', now);
      return true;
    }
    const at = Math.max(p.notBefore, c.phaseSince);
    if (c.phase === 'Available' && !unfinishedUpgradeTask(world, c.id) && at < p.notAfter) {
      p.upgradeTaskId = startUpgradeTask(world, c, p.targetVersion, { type: 'inPlaceRollingUpdate' }, [], at).id;
      movePlan(world, p, 'Upgrading', at);
      return true;
    }
    if (now < p.notAfter) return false;
    movePlan(world, p, 'Skipped', p.notAfter);
    return true;
  }),
  planStep('Upgrading', (world, p, now) => {
    const t = p.upgradeTaskId === undefined ? undefined : world.upgradeTasks.get(p.upgradeTaskId);
    // A paused task has not ended either: the plan stays Upgrading (Pause is no plan phase).
    if (t && t.phase !== 'Success' && t.phase !== 'Failed') return false;
    movePlan(world, p, t?.phase === 'Success' ? 'Success' : 'Failed', t?.completionTime ?? now);
    const c = world.clusters.get(p.clusterId);
    const w = c ? windowOf(world, c) : undefined;
    if (c && w && t?.phase === 'Success') planFor(world, c, w);
    return true;
  }),
];
