// Waiters for long operations. Each one polls the resource itself and judges by its own phase:
// spec 01 says the job record is short-lived and must not be used to judge a cluster's state.
// Phases are judged through the models' phase classes and read with its typed readers.
import { setTimeout as sleep } from 'node:timers/promises';
import { isFailedPhase, listItems, phaseOf, type OperationOutput } from '@cce-autopilot/models';
import type { CceClient } from './client.js';
import { CceAbortError, isNotFound } from './errors.js';

/** One observation of the resource being waited for. */
export type WaitVerdict<T> =
  | { readonly state: 'done'; readonly value: T; readonly phase: string }
  | { readonly state: 'pending'; readonly phase: string; readonly detail?: string }
  | { readonly state: 'failed'; readonly phase: string; readonly message: string };

export interface WaitOptions {
  readonly signal?: AbortSignal;
  /** Give up after this long. Default 30 minutes. */
  readonly timeoutMs?: number;
  /** First pause between polls; doubles up to maxDelayMs. Default 2 s. */
  readonly minDelayMs?: number;
  /** Default 20 s. */
  readonly maxDelayMs?: number;
  /** Called after every poll, e.g. to show progress on a terminal. */
  readonly onProgress?: (progress: WaitProgress) => void;
}

export interface WaitProgress {
  readonly what: string;
  readonly phase: string;
  readonly detail?: string;
  readonly attempt: number;
  readonly elapsedMs: number;
}

/** The resource reached a phase it will not leave on its own, or the wait ran out of time. */
export class CceWaitError extends Error {
  override readonly name = 'CceWaitError';
  readonly what: string;
  readonly phase: string | undefined;
  readonly reason: 'failed' | 'timeout';

  constructor(what: string, reason: 'failed' | 'timeout', phase: string | undefined, message: string) {
    super(message);
    this.what = what;
    this.reason = reason;
    this.phase = phase;
  }
}

/** Waits `ms`, or rejects with CceAbortError when `signal` aborts first. */
async function delay(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  try {
    await sleep(ms, undefined, signal ? { signal } : undefined);
  } catch (error) {
    if (signal?.aborted) throw new CceAbortError(what, 'aborted', signal.reason);
    throw error;
  }
}

/** Polls `check` with exponential backoff until it says done or failed, or time runs out. */
export async function waitFor<T>(what: string, check: (signal?: AbortSignal) => Promise<WaitVerdict<T>>, options: WaitOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30 * 60_000;
  const maxDelay = options.maxDelayMs ?? 20_000;
  let pause = options.minDelayMs ?? 2_000;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const verdict = await check(options.signal);
    const elapsedMs = Date.now() - started;
    options.onProgress?.({
      what,
      phase: verdict.phase,
      ...(verdict.state === 'pending' && verdict.detail !== undefined ? { detail: verdict.detail } : {}),
      attempt,
      elapsedMs,
    });
    if (verdict.state === 'done') return verdict.value;
    if (verdict.state === 'failed') throw new CceWaitError(what, 'failed', verdict.phase, `${what}: ${verdict.message}`);
    const remaining = timeoutMs - elapsedMs;
    if (remaining <= 0) {
      throw new CceWaitError(what, 'timeout', verdict.phase, `${what}: still ${verdict.phase} after ${Math.round(elapsedMs / 1000)} s`);
    }
    await delay(Math.min(pause, remaining), options.signal, what);
    pause = Math.min(maxDelay, pause * 2);
  }
}

/** Phrases present parts as " (a: b)", or nothing when none is present. */
function because(...parts: (string | undefined)[]): string {
  const present = parts.filter((p): p is string => p !== undefined && p !== '');
  return present.length === 0 ? '' : ` (${present.join(': ')})`;
}

const callOptions = (signal: AbortSignal | undefined) => (signal ? { signal } : undefined);

type Cluster = OperationOutput<'ShowAutopilotCluster'>;
type Job = OperationOutput<'ShowAutopilotJob'>;
type AddonInstance = OperationOutput<'ShowAutopilotAddonInstance'>;
type Release = OperationOutput<'ShowAutopilotRelease'>;
type UpgradeTask = OperationOutput<'ShowAutopilotUpgradeClusterTask'>;
type PrecheckTask = OperationOutput<'ShowAutopilotPreCheck'>;
type SnapshotTask = OperationOutput<'ListAutopilotClusterMasterSnapshotTasks'>['items'][number];
type Workflow = OperationOutput<'ShowAutopilotUpgradeWorkFlow'>;

/** Waits until the cluster is `Available`; fails on a failed phase (Unavailable, Error, ResizeFailed, RollbackFailed). */
export function waitForClusterAvailable(client: CceClient, clusterId: string, options?: WaitOptions): Promise<Cluster> {
  const what = `cluster ${clusterId}`;
  return waitFor<Cluster>(what, async (signal) => {
    const cluster = await client.showAutopilotCluster({ cluster_id: clusterId }, callOptions(signal));
    const phase = phaseOf.cluster(cluster) ?? 'unknown';
    if (phase === 'Available') return { state: 'done', value: cluster, phase };
    if (isFailedPhase('cluster', phase)) {
      return { state: 'failed', phase, message: `cluster is ${phase}${because(cluster.status?.reason, cluster.status?.message)}` };
    }
    return { state: 'pending', phase };
  }, options);
}

/**
 * Waits until the cluster is gone (its GET answers 404). Fails when it lands in a failed phase, or
 * back in Available (the service gave up deleting it).
 */
export function waitForClusterDeleted(client: CceClient, clusterId: string, options?: WaitOptions): Promise<void> {
  const what = `deletion of cluster ${clusterId}`;
  return waitFor<void>(what, async (signal) => {
    let cluster: Cluster;
    try {
      cluster = await client.showAutopilotCluster({ cluster_id: clusterId }, callOptions(signal));
    } catch (error) {
      if (isNotFound(error)) return { state: 'done', value: undefined, phase: 'Deleted' };
      throw error;
    }
    const phase = phaseOf.cluster(cluster) ?? 'unknown';
    if (phase === 'Available' || isFailedPhase('cluster', phase)) {
      return { state: 'failed', phase, message: `cluster is ${phase} instead of being deleted${because(cluster.status?.reason, cluster.status?.message)}` };
    }
    return { state: 'pending', phase };
  }, options);
}

type SubJob = NonNullable<NonNullable<Job['spec']>['subJobs']>[number];

function failedSubJobs(subJobs: readonly SubJob[]): string[] {
  return subJobs
    .filter((sub) => isFailedPhase('job', sub.status?.phase))
    .map((sub) => `${sub.spec?.type || sub.metadata?.uid || 'sub-job'}${because(sub.status?.reason)}`);
}

function subJobProgress(subJobs: readonly SubJob[]): string | undefined {
  if (subJobs.length === 0) return undefined;
  const done = subJobs.filter((sub) => sub.status?.phase === 'Success').length;
  return `${done}/${subJobs.length} sub-jobs done`;
}

/**
 * Waits until a job and all its sub-jobs succeed. Job records are kept only a short time, so a
 * job that disappears is reported as such rather than waited on forever.
 */
export function waitForJob(client: CceClient, jobId: string, options?: WaitOptions): Promise<Job> {
  const what = `job ${jobId}`;
  return waitFor<Job>(what, async (signal) => {
    const job = await client.showAutopilotJob({ job_id: jobId }, callOptions(signal));
    const phase = phaseOf.job(job) ?? 'unknown';
    const subJobs = job.spec?.subJobs ?? [];
    const failed = failedSubJobs(subJobs);
    if (isFailedPhase('job', phase) || failed.length > 0) {
      return { state: 'failed', phase: 'Failed', message: `job failed${because(job.status?.reason)}${failed.length ? `; failed sub-jobs: ${failed.join(', ')}` : ''}` };
    }
    if (phase === 'Success') return { state: 'done', value: job, phase };
    const detail = subJobProgress(subJobs);
    return detail === undefined ? { state: 'pending', phase } : { state: 'pending', phase, detail };
  }, options);
}

/**
 * Waits until an addon instance is `running`; fails on a failed status (abnormal, installFailed, upgradeFailed, ...).
 * `clusterId` is the show's optional `cluster_id` query parameter: left out when undefined.
 */
export function waitForAddonRunning(client: CceClient, addonId: string, clusterId: string | undefined, options?: WaitOptions): Promise<AddonInstance> {
  const what = `addon ${addonId}`;
  return waitFor<AddonInstance>(what, async (signal) => {
    const addon = await client.showAutopilotAddonInstance({ id: addonId, cluster_id: clusterId }, callOptions(signal));
    const phase = phaseOf.addonInstance(addon) ?? 'unknown';
    if (phase === 'running') return { state: 'done', value: addon, phase };
    if (isFailedPhase('addonInstance', phase)) return { state: 'failed', phase, message: `addon is ${phase}${because(addon.status?.Reason, addon.status?.message)}` };
    return { state: 'pending', phase };
  }, options);
}

/** Waits until an addon instance is gone (404 or `deleteSuccess`); fails on deleteFailed. */
export function waitForAddonDeleted(client: CceClient, addonId: string, clusterId: string | undefined, options?: WaitOptions): Promise<void> {
  const what = `deletion of addon ${addonId}`;
  return waitFor<void>(what, async (signal) => {
    let addon: AddonInstance;
    try {
      addon = await client.showAutopilotAddonInstance({ id: addonId, cluster_id: clusterId }, callOptions(signal));
    } catch (error) {
      if (isNotFound(error)) return { state: 'done', value: undefined, phase: 'deleted' };
      throw error;
    }
    const phase = phaseOf.addonInstance(addon) ?? 'unknown';
    if (phase === 'deleteSuccess') return { state: 'done', value: undefined, phase };
    // Only a failed deletion ends this wait: an addon that was abnormal before may still be deleted.
    if (phase === 'deleteFailed') return { state: 'failed', phase, message: `addon deletion failed${because(addon.status?.Reason)}` };
    return { state: 'pending', phase };
  }, options);
}

/** The path of a chart release: its cluster, namespace and name. */
export interface ReleaseRef {
  readonly cluster_id: string;
  readonly namespace: string;
  readonly name: string;
}

/** Waits until a release is DEPLOYED; PENDING_* phases move on their own, FAILED/UNKNOWN do not. */
export function waitForReleaseDeployed(client: CceClient, ref: ReleaseRef, options?: WaitOptions): Promise<Release> {
  return waitFor<Release>(`release ${ref.namespace}/${ref.name}`, async (signal) => {
    const release = await client.showAutopilotRelease(ref, callOptions(signal));
    const phase = phaseOf.release(release) ?? 'unknown';
    if (phase === 'DEPLOYED') return { state: 'done', value: release, phase };
    if (isFailedPhase('release', phase)) return { state: 'failed', phase, message: `release is ${phase}${because(release.status_description)}` };
    return { state: 'pending', phase };
  }, options);
}

/** Waits until a release is gone: null after a 404, the release itself when it answers DELETED. */
export function waitForReleaseDeleted(client: CceClient, ref: ReleaseRef, options?: WaitOptions): Promise<Release | null> {
  return waitFor<Release | null>(`deletion of release ${ref.namespace}/${ref.name}`, async (signal) => {
    let release: Release;
    try {
      release = await client.showAutopilotRelease(ref, callOptions(signal));
    } catch (error) {
      if (isNotFound(error)) return { state: 'done', value: null, phase: 'deleted' };
      throw error;
    }
    const phase = phaseOf.release(release) ?? 'unknown';
    return phase === 'DELETED' ? { state: 'done', value: release, phase } : { state: 'pending', phase };
  }, options);
}

/** What the task waiters read of a task: its phase, message, reason and progress. */
interface TaskLike {
  readonly status?: { readonly phase?: string; readonly message?: string; readonly reason?: string; readonly progress?: string };
}

/** Judges a task by its phase: Success is done; a failed phase (Failed, Error) is terminal. */
function taskVerdict<T extends TaskLike>(task: T, kind: string, resource: 'upgradeTask' | 'precheck' | 'snapshot'): WaitVerdict<T> {
  const phase = task.status?.phase || 'unknown';
  if (phase === 'Success') return { state: 'done', value: task, phase };
  if (isFailedPhase(resource, phase)) {
    return { state: 'failed', phase, message: `${kind} ${phase}${because(task.status?.message, task.status?.reason)}` };
  }
  const progress = task.status?.progress;
  return progress === undefined || progress === '' ? { state: 'pending', phase } : { state: 'pending', phase, detail: `progress ${progress}` };
}

/** Waits for an upgrade task (4.3.2) to reach Success; Failed is terminal (retry with 4.3.3). */
export function waitForUpgradeTask(client: CceClient, clusterId: string, taskId: string, options?: WaitOptions): Promise<UpgradeTask> {
  return waitFor<UpgradeTask>(`upgrade task ${taskId}`, async (signal) => {
    const task = await client.showAutopilotUpgradeClusterTask({ cluster_id: clusterId, task_id: taskId }, callOptions(signal));
    return taskVerdict(task, 'upgrade task', 'upgradeTask');
  }, options);
}

/** Waits for a pre-check task (4.3.6) to finish; Failed/Error are reported with their message. */
export function waitForPreCheck(client: CceClient, clusterId: string, taskId: string, options?: WaitOptions): Promise<PrecheckTask> {
  return waitFor<PrecheckTask>(`pre-check ${taskId}`, async (signal) => {
    const task = await client.showAutopilotPreCheck({ cluster_id: clusterId, task_id: taskId }, callOptions(signal));
    return taskVerdict(task, 'pre-check', 'precheck');
  }, options);
}

/** Waits for a backup (snapshot) task to finish; there is no GET of one task, so the list is read. */
export function waitForSnapshot(client: CceClient, clusterId: string, taskId: string, options?: WaitOptions): Promise<SnapshotTask> {
  const what = `backup task ${taskId}`;
  return waitFor<SnapshotTask>(what, async (signal) => {
    const list = await client.listAutopilotClusterMasterSnapshotTasks({ cluster_id: clusterId }, callOptions(signal));
    const task = listItems(list.items).find((item) => item.metadata?.uid === taskId);
    if (task === undefined) return { state: 'pending', phase: 'NotListed' };
    return taskVerdict(task, 'backup task', 'snapshot');
  }, options);
}

/**
 * Waits for an upgrade workflow to reach Success. Cancel is terminal; Pending means one of its tasks
 * failed, which needs a decision (retry or cancel), so the wait stops there too.
 */
export function waitForWorkflow(client: CceClient, clusterId: string, workflowId: string, options?: WaitOptions): Promise<Workflow> {
  return waitFor<Workflow>(`upgrade workflow ${workflowId}`, async (signal) => {
    const workflow = await client.showAutopilotUpgradeWorkFlow({ cluster_id: clusterId, upgrade_workflow_id: workflowId }, callOptions(signal));
    const phase = phaseOf.workflow(workflow) ?? 'unknown';
    if (phase === 'Success') return { state: 'done', value: workflow, phase };
    if (phase === 'Cancel') return { state: 'failed', phase, message: 'workflow was cancelled' };
    if (isFailedPhase('workflow', phase)) return { state: 'failed', phase, message: 'a task of the workflow failed; retry it or cancel the workflow' };
    return { state: 'pending', phase };
  }, options);
}
