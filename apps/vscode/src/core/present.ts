// How API objects look in the tree: codicon, colour and whether the state is transient (polled).
// Phases are the API's own words (spec 01 table 4-16, spec 02 2.6.1, spec 03 section 2, spec 04 ReleaseResp).

export interface Look {
  readonly icon: string;
  /** A theme colour id, or undefined for the default foreground. */
  readonly color?: string;
  readonly transient: boolean;
}

const OK = 'testing.iconPassed';
const BAD = 'testing.iconFailed';
const WARN = 'list.warningForeground';

const clusterLooks: Record<string, Look> = {
  Available: { icon: 'vm-active', color: OK, transient: false },
  Unavailable: { icon: 'vm-outline', color: BAD, transient: false },
  Error: { icon: 'error', color: BAD, transient: false },
  ResizeFailed: { icon: 'error', color: BAD, transient: false },
  RollbackFailed: { icon: 'error', color: BAD, transient: false },
  Hibernation: { icon: 'debug-pause', transient: false },
  Frozen: { icon: 'lock', color: WARN, transient: false },
  Empty: { icon: 'vm-outline', transient: false },
};
const clusterTransient = new Set([
  'Creating', 'Deleting', 'Upgrading', 'ScalingUp', 'ScalingDown', 'Resizing', 'RollingBack',
  'Hibernating', 'Freezing', 'UnFreezing', 'Awaking',
]);

export function clusterLook(phase: string | undefined): Look {
  if (phase && clusterTransient.has(phase)) return { icon: 'loading~spin', transient: true };
  return (phase && clusterLooks[phase]) || { icon: 'vm', transient: false };
}

const addonTransient = new Set(['installing', 'upgrading', 'deleting', 'rollbacking']);
const addonFailed = new Set(['abnormal', 'installFailed', 'upgradeFailed', 'deleteFailed', 'rollbackFailed']);

export function addonLook(status: string | undefined): Look {
  if (status && addonTransient.has(status)) return { icon: 'loading~spin', transient: true };
  if (status && addonFailed.has(status)) return { icon: 'extensions-warning-message', color: BAD, transient: false };
  if (status === 'running') return { icon: 'extensions', color: OK, transient: false };
  if (status === 'available') return { icon: 'extensions', color: WARN, transient: false };
  return { icon: 'extensions', transient: false };
}

const releaseTransient = new Set(['DELETING', 'PENDING_INSTALL', 'PENDING_UPGRADE', 'PENDING_ROLLBACK']);

export function releaseLook(status: string | undefined): Look {
  if (status && releaseTransient.has(status)) return { icon: 'loading~spin', transient: true };
  if (status === 'DEPLOYED') return { icon: 'package', color: OK, transient: false };
  if (status === 'FAILED' || status === 'UNKNOWN') return { icon: 'package', color: BAD, transient: false };
  return { icon: 'package', transient: false };
}

/** Upgrade tasks, pre-checks, snapshots, workflows, jobs: one vocabulary of task phases. */
const taskTransient = new Set(['Init', 'Initializing', 'Queuing', 'Running']);

export function taskLook(phase: string | undefined): Look {
  if (phase && taskTransient.has(phase)) return { icon: 'loading~spin', transient: true };
  if (phase === 'Success') return { icon: 'pass', color: OK, transient: false };
  if (phase === 'Failed' || phase === 'Error') return { icon: 'error', color: BAD, transient: false };
  if (phase === 'Pending' || phase === 'Pause') return { icon: 'debug-pause', color: WARN, transient: false };
  if (phase === 'Cancel') return { icon: 'circle-slash', transient: false };
  return { icon: 'circle-outline', transient: false };
}

/** Days until `notAfter`, rounded down; negative once expired. */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
}
