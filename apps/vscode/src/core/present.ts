// How API objects look in the tree: codicon, colour and whether the state is transient (polled).
// Phases are the API's own words (spec 01 table 4-16, spec 02 2.6.1, spec 03 section 2, spec 04 ReleaseResp);
// which are transient or failed is the models' phase classes, this module only picks the looks.
import { isFailedPhase, isTransientPhase } from '@cce-autopilot/models';

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
export function clusterLook(phase: string | undefined): Look {
  if (isTransientPhase('cluster', phase)) return { icon: 'loading~spin', transient: true };
  return (phase && clusterLooks[phase]) || { icon: 'vm', transient: false };
}

export function addonLook(status: string | undefined): Look {
  if (isTransientPhase('addonInstance', status)) return { icon: 'loading~spin', transient: true };
  if (isFailedPhase('addonInstance', status)) return { icon: 'extensions-warning-message', color: BAD, transient: false };
  if (status === 'running') return { icon: 'extensions', color: OK, transient: false };
  if (status === 'available') return { icon: 'extensions', color: WARN, transient: false };
  return { icon: 'extensions', transient: false };
}

export function releaseLook(status: string | undefined): Look {
  if (isTransientPhase('release', status)) return { icon: 'loading~spin', transient: true };
  if (status === 'DEPLOYED') return { icon: 'package', color: OK, transient: false };
  if (isFailedPhase('release', status)) return { icon: 'package', color: BAD, transient: false };
  return { icon: 'package', transient: false };
}

/** Upgrade tasks, pre-checks, snapshots, workflows, jobs: one vocabulary of task phases. */
export function taskLook(phase: string | undefined): Look {
  if (isTransientPhase('task', phase)) return { icon: 'loading~spin', transient: true };
  if (phase === 'Success') return { icon: 'pass', color: OK, transient: false };
  // A workflow's Pending (a task failed, waiting for retry or cancel) is a failure that waits for a
  // decision: it shows as paused, like a paused task, rather than as a dead end.
  if (phase === 'Pending' || phase === 'Pause') return { icon: 'debug-pause', color: WARN, transient: false };
  if (isFailedPhase('task', phase)) return { icon: 'error', color: BAD, transient: false };
  if (phase === 'Cancel') return { icon: 'circle-slash', transient: false };
  return { icon: 'circle-outline', transient: false };
}

/** Days until `notAfter`, rounded down; negative once expired. */
export function daysLeft(notAfter: Date, now: Date): number {
  return Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
}
