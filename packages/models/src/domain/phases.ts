// Phase classes: for every phased resource of the API, which of its phases are transient (the
// service moves it on by itself, so it is worth polling), failed (it stopped in a failure and stays
// there until someone acts) or settled (it stays there and it is not a failure).
//
// Each table is a `Record` over the resource's enum, so a phase added to the enum without a class
// is a compile error. The client's waiters, the emulator, the CLI/MCP and the extension read these
// tables; none keeps its own copy.
import type { clusterPhases, jobPhases } from '../schemas/cluster.js';
import type { addonInstanceStatuses } from '../schemas/addon.js';
import type { releaseStatuses } from '../schemas/release.js';
import type {
  upgradeTaskPhases, upgradeInfoPhases, precheckPhases, precheckItemPhases, postcheckPhases, snapshotPhases, workflowPhases, pointStatuses,
} from '../schemas/upgrade.js';
import type { upgradePlanPhases, v2JobStatuses } from '../schemas/sdk-only.js';
import type {
  AddonInstance, AutopilotCluster, Job, PrecheckClusterTask, ReleaseResp, SnapshotTask, UpgradeInfo, UpgradePlan, UpgradeTask, UpgradeWorkFlow, V2Job,
} from '../types.js';

/**
 * - `transient`: the service moves the resource on by itself (poll it).
 * - `failed`: it stopped in a failure and stays there until someone acts (retry, roll back, delete).
 * - `settled`: it stays there and it is not a failure (`Available`, `running`, `DEPLOYED`, `Success`,
 *   but also `Hibernation`, `Cancel`, a paused task).
 */
export type PhaseClass = 'transient' | 'failed' | 'settled';

type Table<P extends readonly string[]> = Readonly<Record<P[number], PhaseClass>>;

/** `status.phase` of a cluster (spec 01 Table 4-16). */
export const clusterPhaseClasses: Table<typeof clusterPhases> = {
  Available: 'settled',
  // "abnormal: must be deleted manually" — it does not recover by itself.
  Unavailable: 'failed',
  ScalingUp: 'transient',
  ScalingDown: 'transient',
  Creating: 'transient',
  Deleting: 'transient',
  Upgrading: 'transient',
  Resizing: 'transient',
  ResizeFailed: 'failed',
  RollingBack: 'transient',
  RollbackFailed: 'failed',
  Hibernating: 'transient',
  // Hibernation and Frozen last until the user wakes the cluster or the account is paid up.
  Hibernation: 'settled',
  Freezing: 'transient',
  Frozen: 'settled',
  UnFreezing: 'transient',
  Awaking: 'transient',
  Empty: 'settled',
  Error: 'failed',
};

/**
 * `status.status` of an add-on instance (spec 02 2.6.1). `abnormal` ("cannot be used; see its
 * events") is a failure: before this table the client's waiters left it out and waited on it until
 * their timeout, while the extension showed it as failed. `available` (partially ready) is settled;
 * `unknown` means the instance does not exist, which no polling changes.
 */
export const addonInstancePhaseClasses: Table<typeof addonInstanceStatuses> = {
  running: 'settled',
  abnormal: 'failed',
  installing: 'transient',
  installFailed: 'failed',
  upgrading: 'transient',
  upgradeFailed: 'failed',
  deleting: 'transient',
  deleteFailed: 'failed',
  deleteSuccess: 'settled',
  available: 'settled',
  rollbacking: 'transient',
  rollbackFailed: 'failed',
  unknown: 'settled',
};

/**
 * `ReleaseResp.status` (spec 04 0.2): the Helm release states. `UNKNOWN` is reported for a release
 * Helm cannot read back, which needs a person as much as `FAILED` does.
 */
export const releasePhaseClasses: Table<typeof releaseStatuses> = {
  DEPLOYED: 'settled',
  DELETED: 'settled',
  FAILED: 'failed',
  DELETING: 'transient',
  PENDING_INSTALL: 'transient',
  PENDING_UPGRADE: 'transient',
  PENDING_ROLLBACK: 'transient',
  UNKNOWN: 'failed',
};

/** `status.phase` of a job (spec 01 Table 4-127). */
export const jobPhaseClasses: Table<typeof jobPhases> = {
  Initializing: 'transient',
  Running: 'transient',
  Failed: 'failed',
  Success: 'settled',
};

/** `status.status` of a v2 job (SDK only): the same words as the v3 job. */
export const v2JobPhaseClasses: Table<typeof v2JobStatuses> = jobPhaseClasses;

/**
 * `status.phase` of an upgrade task (spec 03 2.3). `Pause` (Running <-> Pause) waits for someone to
 * continue or for the service's own hold to end; it is not polled as moving, and it is no failure.
 */
export const upgradeTaskPhaseClasses: Table<typeof upgradeTaskPhases> = {
  Init: 'transient',
  Queuing: 'transient',
  Running: 'transient',
  Pause: 'settled',
  Success: 'settled',
  Failed: 'failed',
};

/** `status.phase` of the cluster's upgrade information (4.3.11): the task words without Queuing. */
export const upgradeInfoPhaseClasses: Table<typeof upgradeInfoPhases> = {
  Init: 'transient',
  Running: 'transient',
  Pause: 'settled',
  Success: 'settled',
  Failed: 'failed',
};

/** `status.phase` of a pre-check task (spec 03 2.4): `Error` is the check itself breaking. */
export const precheckPhaseClasses: Table<typeof precheckPhases> = {
  Init: 'transient',
  Running: 'transient',
  Success: 'settled',
  Failed: 'failed',
  Error: 'failed',
};

/** Phase of one pre-check item and of the cluster/addon/node groups of a pre-check. */
export const precheckItemPhaseClasses: Table<typeof precheckItemPhases> = {
  Init: 'transient',
  Running: 'transient',
  Success: 'settled',
  Failed: 'failed',
};

/** `status.phase` of a post-check answer (4.3.8): it answers at once, so nothing is transient. */
export const postcheckPhaseClasses: Table<typeof postcheckPhases> = {
  Success: 'settled',
  Failed: 'failed',
  Error: 'failed',
};

/** `status.phase` of a backup (snapshot) task: the reference shows only Running; the task words. */
export const snapshotPhaseClasses: Table<typeof snapshotPhases> = {
  Init: 'transient',
  Queuing: 'transient',
  Running: 'transient',
  Success: 'settled',
  Failed: 'failed',
};

/**
 * `status.phase` of an upgrade workflow (spec 03 2.2). `Pending` means "a task of the workflow
 * failed": it waits for a retry or a cancel, so it is a failure. `Cancel` is the user's decision.
 * `Init` ("no task started yet") moves on as soon as the first task runs.
 */
export const workflowPhaseClasses: Table<typeof workflowPhases> = {
  Init: 'transient',
  Running: 'transient',
  Pending: 'failed',
  Success: 'settled',
  Cancel: 'settled',
};

/** `status` of one step (point) of an upgrade workflow (4.3.15 WorkflowPoint). */
export const workflowPointPhaseClasses: Table<typeof pointStatuses> = {
  Init: 'transient',
  Queuing: 'transient',
  Running: 'transient',
  Success: 'settled',
  Failed: 'failed',
};

/**
 * `status.phase` of an upgrade plan (SDK only). `Pending` waits for its maintenance window, which
 * can be days away: settled, not polled. `Skipped` is the service's decision, not a failure.
 */
export const upgradePlanPhaseClasses: Table<typeof upgradePlanPhases> = {
  Pending: 'settled',
  Enqueued: 'transient',
  Upgrading: 'transient',
  Success: 'settled',
  Failed: 'failed',
  Skipped: 'settled',
};

/**
 * Every task-like record (upgrade task and info, pre-check and its items, post-check, snapshot,
 * workflow and its points, v3 and v2 jobs) in one vocabulary, for a view that shows them alike.
 * The tables agree on each phase they share (a test holds them to that); `Pending` is the
 * workflow's only. Upgrade plans are not in it: their `Pending` is settled.
 */
export const taskPhaseClasses: Readonly<Record<string, PhaseClass>> = Object.freeze({
  ...jobPhaseClasses,
  ...upgradeTaskPhaseClasses,
  ...upgradeInfoPhaseClasses,
  ...precheckPhaseClasses,
  ...precheckItemPhaseClasses,
  ...postcheckPhaseClasses,
  ...snapshotPhaseClasses,
  ...workflowPhaseClasses,
  ...workflowPointPhaseClasses,
});

/** The tables by resource, in the API's own words. */
export const phaseClasses = {
  cluster: clusterPhaseClasses,
  addonInstance: addonInstancePhaseClasses,
  release: releasePhaseClasses,
  job: jobPhaseClasses,
  v2Job: v2JobPhaseClasses,
  upgradeTask: upgradeTaskPhaseClasses,
  upgradeInfo: upgradeInfoPhaseClasses,
  precheck: precheckPhaseClasses,
  precheckItem: precheckItemPhaseClasses,
  postcheck: postcheckPhaseClasses,
  snapshot: snapshotPhaseClasses,
  workflow: workflowPhaseClasses,
  workflowPoint: workflowPointPhaseClasses,
  upgradePlan: upgradePlanPhaseClasses,
  task: taskPhaseClasses,
} as const;

export type PhasedResource = keyof typeof phaseClasses;

/**
 * The class of `phase` for `resource`; undefined for a phase the table does not know (absent, or a
 * word the service added later): callers decide what an unknown phase means to them.
 */
export function phaseClass(resource: PhasedResource, phase: string | undefined): PhaseClass | undefined {
  if (phase === undefined) return undefined;
  const table: Readonly<Record<string, PhaseClass>> = phaseClasses[resource];
  return Object.hasOwn(table, phase) ? table[phase] : undefined;
}

export function isTransientPhase(resource: PhasedResource, phase: string | undefined): boolean {
  return phaseClass(resource, phase) === 'transient';
}

export function isFailedPhase(resource: PhasedResource, phase: string | undefined): boolean {
  return phaseClass(resource, phase) === 'failed';
}

export function isSettledPhase(resource: PhasedResource, phase: string | undefined): boolean {
  return phaseClass(resource, phase) === 'settled';
}

/**
 * Where each resource carries its phase: the API names it differently per resource (`status.phase`
 * of clusters, jobs and tasks, `status.status` of add-on instances and v2 jobs, the bare `status`
 * of a release). Typed readers, so callers need no field paths.
 */
export const phaseOf = {
  cluster: (c: AutopilotCluster) => c.status?.phase,
  addonInstance: (a: AddonInstance) => a.status?.status,
  release: (r: ReleaseResp) => r.status,
  job: (j: Job) => j.status?.phase,
  v2Job: (j: V2Job) => j.status?.status,
  upgradeTask: (t: UpgradeTask) => t.status?.phase,
  upgradeInfo: (i: UpgradeInfo) => i.status?.phase,
  precheck: (t: PrecheckClusterTask) => t.status?.phase,
  snapshot: (t: SnapshotTask) => t.status?.phase,
  workflow: (w: UpgradeWorkFlow) => w.status?.phase,
  upgradePlan: (p: UpgradePlan) => p.status?.phase,
} as const;
