// Waiters for long operations. Each one polls the resource itself and judges by its own phase:
// spec 01 says the job record is short-lived and must not be used to judge a cluster's state.
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

function delay(ms: number, signal: AbortSignal | undefined, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new CceAbortError(what, 'aborted', signal.reason));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new CceAbortError(what, 'aborted', signal?.reason));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
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

type Json = Record<string, unknown>;

function field(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Json)[key];
  }
  return current;
}

function text(value: unknown, ...path: string[]): string | undefined {
  const found = field(value, ...path);
  return typeof found === 'string' && found !== '' ? found : undefined;
}

function because(...parts: (string | undefined)[]): string {
  const present = parts.filter((p): p is string => p !== undefined);
  return present.length === 0 ? '' : ` (${present.join(': ')})`;
}

const CLUSTER_FAILED = new Set(['Unavailable', 'Error', 'ResizeFailed', 'RollbackFailed']);

/** Waits until the cluster is `Available`; fails on Unavailable/Error/ResizeFailed/RollbackFailed. */
export function waitForClusterAvailable(client: CceClient, clusterId: string, options?: WaitOptions): Promise<unknown> {
  const what = `cluster ${clusterId}`;
  return waitFor(what, async (signal) => {
    const cluster = await client.showAutopilotCluster({ cluster_id: clusterId }, signal ? { signal } : undefined);
    const phase = text(cluster, 'status', 'phase') ?? 'unknown';
    if (phase === 'Available') return { state: 'done', value: cluster, phase };
    if (CLUSTER_FAILED.has(phase)) {
      return { state: 'failed', phase, message: `cluster is ${phase}${because(text(cluster, 'status', 'reason'), text(cluster, 'status', 'message'))}` };
    }
    return { state: 'pending', phase };
  }, options);
}

/** Waits until the cluster is gone (its GET answers 404); fails if deletion ends in Error/Unavailable. */
export function waitForClusterDeleted(client: CceClient, clusterId: string, options?: WaitOptions): Promise<void> {
  const what = `deletion of cluster ${clusterId}`;
  return waitFor<void>(what, async (signal) => {
    let cluster: unknown;
    try {
      cluster = await client.showAutopilotCluster({ cluster_id: clusterId }, signal ? { signal } : undefined);
    } catch (error) {
      if (isNotFound(error)) return { state: 'done', value: undefined, phase: 'Deleted' };
      throw error;
    }
    const phase = text(cluster, 'status', 'phase') ?? 'unknown';
    if (phase === 'Error' || phase === 'Unavailable' || phase === 'Available') {
      return { state: 'failed', phase, message: `cluster is ${phase} instead of being deleted${because(text(cluster, 'status', 'reason'), text(cluster, 'status', 'message'))}` };
    }
    return { state: 'pending', phase };
  }, options);
}

function failedSubJobs(job: unknown): string[] {
  const subJobs = field(job, 'spec', 'subJobs');
  if (!Array.isArray(subJobs)) return [];
  return subJobs
    .filter((sub) => text(sub, 'status', 'phase') === 'Failed')
    .map((sub) => `${text(sub, 'spec', 'type') ?? text(sub, 'metadata', 'uid') ?? 'sub-job'}${because(text(sub, 'status', 'reason'))}`);
}

function subJobProgress(job: unknown): string | undefined {
  const subJobs = field(job, 'spec', 'subJobs');
  if (!Array.isArray(subJobs) || subJobs.length === 0) return undefined;
  const done = subJobs.filter((sub) => text(sub, 'status', 'phase') === 'Success').length;
  return `${done}/${subJobs.length} sub-jobs done`;
}

/**
 * Waits until a job and all its sub-jobs succeed. Job records are kept only a short time, so a
 * job that disappears is reported as such rather than waited on forever.
 */
export function waitForJob(client: CceClient, jobId: string, options?: WaitOptions): Promise<unknown> {
  const what = `job ${jobId}`;
  return waitFor(what, async (signal) => {
    const job = await client.showAutopilotJob({ job_id: jobId }, signal ? { signal } : undefined);
    const phase = text(job, 'status', 'phase') ?? 'unknown';
    const failed = failedSubJobs(job);
    if (phase === 'Failed' || failed.length > 0) {
      return { state: 'failed', phase: 'Failed', message: `job failed${because(text(job, 'status', 'reason'))}${failed.length ? `; failed sub-jobs: ${failed.join(', ')}` : ''}` };
    }
    if (phase === 'Success') return { state: 'done', value: job, phase };
    const detail = subJobProgress(job);
    return detail === undefined ? { state: 'pending', phase } : { state: 'pending', phase, detail };
  }, options);
}

const ADDON_FAILED = new Set(['installFailed', 'upgradeFailed', 'rollbackFailed', 'deleteFailed']);

/** Waits until an addon instance is `running`; fails on installFailed/upgradeFailed/rollbackFailed. */
export function waitForAddonRunning(client: CceClient, addonId: string, clusterId: string, options?: WaitOptions): Promise<unknown> {
  const what = `addon ${addonId}`;
  return waitFor(what, async (signal) => {
    const addon = await client.showAutopilotAddonInstance({ id: addonId, cluster_id: clusterId }, signal ? { signal } : undefined);
    const phase = text(addon, 'status', 'status') ?? 'unknown';
    if (phase === 'running') return { state: 'done', value: addon, phase };
    if (ADDON_FAILED.has(phase)) return { state: 'failed', phase, message: `addon is ${phase}${because(text(addon, 'status', 'Reason'), text(addon, 'status', 'message'))}` };
    return { state: 'pending', phase };
  }, options);
}

/** Waits until an addon instance is gone (404 or `deleteSuccess`); fails on deleteFailed. */
export function waitForAddonDeleted(client: CceClient, addonId: string, clusterId: string, options?: WaitOptions): Promise<void> {
  const what = `deletion of addon ${addonId}`;
  return waitFor<void>(what, async (signal) => {
    let addon: unknown;
    try {
      addon = await client.showAutopilotAddonInstance({ id: addonId, cluster_id: clusterId }, signal ? { signal } : undefined);
    } catch (error) {
      if (isNotFound(error)) return { state: 'done', value: undefined, phase: 'deleted' };
      throw error;
    }
    const phase = text(addon, 'status', 'status') ?? 'unknown';
    if (phase === 'deleteSuccess') return { state: 'done', value: undefined, phase };
    if (phase === 'deleteFailed') return { state: 'failed', phase, message: `addon deletion failed${because(text(addon, 'status', 'Reason'))}` };
    return { state: 'pending', phase };
  }, options);
}

const RELEASE_FAILED = new Set(['FAILED', 'UNKNOWN']);

/** The path of a chart release: its cluster, namespace and name. */
export interface ReleaseRef {
  readonly cluster_id: string;
  readonly namespace: string;
  readonly name: string;
}

/** Waits until a release is DEPLOYED; PENDING_* phases move on their own, FAILED/UNKNOWN do not. */
export function waitForReleaseDeployed(client: CceClient, ref: ReleaseRef, options?: WaitOptions): Promise<unknown> {
  return waitFor(`release ${ref.namespace}/${ref.name}`, async (signal) => {
    const release = await client.showAutopilotRelease(ref, signal ? { signal } : undefined);
    const phase = text(release, 'status') ?? 'unknown';
    if (phase === 'DEPLOYED') return { state: 'done', value: release, phase };
    if (RELEASE_FAILED.has(phase)) return { state: 'failed', phase, message: `release is ${phase}${because(text(release, 'status_description'))}` };
    return { state: 'pending', phase };
  }, options);
}

/** Waits until a release is gone (404 or DELETED). */
export function waitForReleaseDeleted(client: CceClient, ref: ReleaseRef, options?: WaitOptions): Promise<unknown> {
  return waitFor<unknown>(`deletion of release ${ref.namespace}/${ref.name}`, async (signal) => {
    let release: unknown;
    try {
      release = await client.showAutopilotRelease(ref, signal ? { signal } : undefined);
    } catch (error) {
      if (isNotFound(error)) return { state: 'done', value: null, phase: 'deleted' };
      throw error;
    }
    const phase = text(release, 'status') ?? 'unknown';
    return phase === 'DELETED' ? { state: 'done', value: release, phase } : { state: 'pending', phase };
  }, options);
}

/** Judges a task by `status.phase`: Success is done; Failed/Error are terminal failures. */
function taskVerdict(task: unknown, kind: string): WaitVerdict<unknown> {
  const phase = text(task, 'status', 'phase') ?? 'unknown';
  if (phase === 'Success') return { state: 'done', value: task, phase };
  if (phase === 'Failed' || phase === 'Error') {
    return { state: 'failed', phase, message: `${kind} ${phase}${because(text(task, 'status', 'message'), text(task, 'status', 'reason'))}` };
  }
  const progress = text(task, 'status', 'progress');
  return progress === undefined ? { state: 'pending', phase } : { state: 'pending', phase, detail: `progress ${progress}` };
}

/** Waits for an upgrade task (4.3.2) to reach Success; Failed is terminal (retry with 4.3.3). */
export function waitForUpgradeTask(client: CceClient, clusterId: string, taskId: string, options?: WaitOptions): Promise<unknown> {
  return waitFor(`upgrade task ${taskId}`, async (signal) => {
    const task = await client.showAutopilotUpgradeClusterTask({ cluster_id: clusterId, task_id: taskId }, signal ? { signal } : undefined);
    return taskVerdict(task, 'upgrade task');
  }, options);
}

/** Waits for a pre-check task (4.3.6) to finish; Failed/Error are reported with their message. */
export function waitForPreCheck(client: CceClient, clusterId: string, taskId: string, options?: WaitOptions): Promise<unknown> {
  return waitFor(`pre-check ${taskId}`, async (signal) => {
    const task = await client.showAutopilotPreCheck({ cluster_id: clusterId, task_id: taskId }, signal ? { signal } : undefined);
    return taskVerdict(task, 'pre-check');
  }, options);
}

/** Waits for a backup (snapshot) task to finish; there is no GET of one task, so the list is read. */
export function waitForSnapshot(client: CceClient, clusterId: string, taskId: string, options?: WaitOptions): Promise<unknown> {
  const what = `backup task ${taskId}`;
  return waitFor(what, async (signal) => {
    const list = await client.listAutopilotClusterMasterSnapshotTasks({ cluster_id: clusterId }, signal ? { signal } : undefined);
    const items = field(list, 'items');
    const task = Array.isArray(items) ? items.find((item) => text(item, 'metadata', 'uid') === taskId) : undefined;
    if (task === undefined) return { state: 'pending', phase: 'NotListed' };
    return taskVerdict(task, 'backup task');
  }, options);
}

/**
 * Waits for an upgrade workflow to reach Success. Cancel is terminal; Pending means one of its tasks
 * failed, which needs a decision (retry or cancel), so the wait stops there too.
 */
export function waitForWorkflow(client: CceClient, clusterId: string, workflowId: string, options?: WaitOptions): Promise<unknown> {
  return waitFor(`upgrade workflow ${workflowId}`, async (signal) => {
    const workflow = await client.showAutopilotUpgradeWorkFlow({ cluster_id: clusterId, upgrade_workflow_id: workflowId }, signal ? { signal } : undefined);
    const phase = text(workflow, 'status', 'phase') ?? 'unknown';
    if (phase === 'Success') return { state: 'done', value: workflow, phase };
    if (phase === 'Cancel') return { state: 'failed', phase, message: 'workflow was cancelled' };
    if (phase === 'Pending') return { state: 'failed', phase, message: 'a task of the workflow failed; retry it or cancel the workflow' };
    return { state: 'pending', phase };
  }, options);
}
