import { describe, expect, expectTypeOf, it } from 'vitest';
import { CceAbortError, CceApiError, CceWaitError, waitFor, waitForAddonRunning, waitForClusterAvailable, waitForJob, waitForPreCheck, waitForReleaseDeleted, waitForReleaseDeployed, waitForWorkflow, type CceClient, type OperationOutput, type WaitProgress, type WaitVerdict } from '../src/index.js';

function sequence<T>(...verdicts: WaitVerdict<T>[]) {
  let i = 0;
  return async () => verdicts[Math.min(i++, verdicts.length - 1)] as WaitVerdict<T>;
}

describe('waitFor', () => {
  it('polls until done, reporting progress', async () => {
    const seen: WaitProgress[] = [];
    const value = await waitFor('thing', sequence<string>({ state: 'pending', phase: 'Creating' }, { state: 'pending', phase: 'Creating', detail: '1/2' }, { state: 'done', phase: 'Available', value: 'ok' }), {
      minDelayMs: 1,
      maxDelayMs: 2,
      onProgress: (p) => seen.push(p),
    });
    expect(value).toBe('ok');
    expect(seen.map((p) => p.phase)).toEqual(['Creating', 'Creating', 'Available']);
    expect(seen[1]?.detail).toBe('1/2');
  });

  it('stops with a clear error on a terminal failure phase', async () => {
    const error = await waitFor('cluster c1', sequence({ state: 'pending', phase: 'Creating' }, { state: 'failed', phase: 'Error', message: 'cluster is Error (quota)' }), { minDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CceWaitError);
    expect(error).toMatchObject({ reason: 'failed', phase: 'Error', message: 'cluster c1: cluster is Error (quota)' });
  });

  it('gives up after its timeout', async () => {
    const error = await waitFor('job j1', sequence({ state: 'pending', phase: 'Running' }), { minDelayMs: 5, timeoutMs: 20 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CceWaitError', reason: 'timeout', phase: 'Running' });
  });

  it('can be aborted while it waits', async () => {
    const controller = new AbortController();
    const pending = waitFor('addon a1', sequence({ state: 'pending', phase: 'installing' }), { minDelayMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    await expect(pending).rejects.toBeInstanceOf(CceAbortError);
  });

  it('keeps polling through pending verdicts until one is final', async () => {
    let calls = 0;
    await waitFor('x', async () => {
      calls++;
      return calls < 5 ? { state: 'pending', phase: 'Running' } : { state: 'done', phase: 'Success', value: undefined };
    }, { minDelayMs: 1, maxDelayMs: 4 });
    expect(calls).toBe(5);
  });
});

describe('release waiters', () => {
  // A client whose release answers follow a script: a phase each poll, or a 404 once it is gone.
  function releases(...answers: (string | 'gone')[]) {
    let i = 0;
    const showAutopilotRelease = async () => {
      const answer = answers[Math.min(i++, answers.length - 1)];
      if (answer === 'gone') throw new CceApiError({ status: 404, code: 'CCE.01404001', message: 'not found', requestId: undefined, operation: 'ShowAutopilotRelease', retryable: false });
      return { status: answer, status_description: answer === 'FAILED' ? 'template error' : '' };
    };
    return { showAutopilotRelease } as unknown as CceClient;
  }
  const ref = { cluster_id: 'c1', namespace: 'default', name: 'web' };

  it('waits through PENDING_INSTALL until DEPLOYED', async () => {
    const release = await waitForReleaseDeployed(releases('PENDING_INSTALL', 'DEPLOYED'), ref, { minDelayMs: 1 });
    expect(release).toMatchObject({ status: 'DEPLOYED' });
  });

  it('stops on FAILED with the status description', async () => {
    const error = await waitForReleaseDeployed(releases('PENDING_UPGRADE', 'FAILED'), ref, { minDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CceWaitError', reason: 'failed', phase: 'FAILED', message: 'release default/web: release is FAILED (template error)' });
  });

  it('waits for a deletion until the release is gone', async () => {
    expect(await waitForReleaseDeleted(releases('DELETING', 'gone'), ref, { minDelayMs: 1 })).toBeNull();
  });
});

describe('waiters judge phases through the models\' phase classes', () => {
  function scripted<K extends string>(method: K, ...answers: unknown[]) {
    let i = 0;
    return { [method]: async () => answers[Math.min(i++, answers.length - 1)] } as unknown as CceClient;
  }

  it('stops waiting for an addon that turns abnormal (the waiters once left it out)', async () => {
    const client = scripted('showAutopilotAddonInstance', { status: { status: 'installing' } }, { status: { status: 'abnormal', message: 'pods crash' } });
    const error = await waitForAddonRunning(client, 'a1', 'c1', { minDelayMs: 1, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'CceWaitError', reason: 'failed', phase: 'abnormal', message: 'addon a1: addon is abnormal (pods crash)' });
  });

  it('takes the cluster id as optional, as the show it polls does (an undefined query parameter is not sent)', async () => {
    const inputs: unknown[] = [];
    const client = { showAutopilotAddonInstance: async (input: unknown) => { inputs.push(input); return { status: { status: 'running' } }; } } as unknown as CceClient;
    await waitForAddonRunning(client, 'a1', undefined, { minDelayMs: 1 });
    await waitForAddonRunning(client, 'a1', 'c1', { minDelayMs: 1 });
    expect(inputs).toEqual([{ id: 'a1', cluster_id: undefined }, { id: 'a1', cluster_id: 'c1' }]);
  });

  it('answers the typed resource once it is running', async () => {
    const client = scripted('showAutopilotAddonInstance', { status: { status: 'upgrading' } }, { metadata: { uid: 'a1' }, status: { status: 'running' } });
    const addon = await waitForAddonRunning(client, 'a1', 'c1', { minDelayMs: 1 });
    expectTypeOf(addon).toEqualTypeOf<OperationOutput<'ShowAutopilotAddonInstance'>>();
    expect(addon.metadata?.uid).toBe('a1');
  });

  it('fails a cluster wait on every failed cluster phase, and keeps waiting through settled ones', async () => {
    for (const phase of ['Unavailable', 'Error', 'ResizeFailed', 'RollbackFailed']) {
      const error = await waitForClusterAvailable(scripted('showAutopilotCluster', { status: { phase } }), 'c1', { minDelayMs: 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: 'failed', phase });
    }
    const woke = await waitForClusterAvailable(scripted('showAutopilotCluster', { status: { phase: 'Hibernation' } }, { status: { phase: 'Awaking' } }, { status: { phase: 'Available' } }), 'c1', { minDelayMs: 1 });
    expect(woke.status?.phase).toBe('Available');
  });

  it('stops a workflow wait on Pending (a task failed) and on Cancel', async () => {
    const pending = await waitForWorkflow(scripted('showAutopilotUpgradeWorkFlow', { status: { phase: 'Running' } }, { status: { phase: 'Pending' } }), 'c1', 'w1', { minDelayMs: 1 }).catch((e: unknown) => e);
    expect(pending).toMatchObject({ reason: 'failed', phase: 'Pending', message: 'upgrade workflow w1: a task of the workflow failed; retry it or cancel the workflow' });
    const cancelled = await waitForWorkflow(scripted('showAutopilotUpgradeWorkFlow', { status: { phase: 'Cancel' } }), 'c1', 'w1', { minDelayMs: 1 }).catch((e: unknown) => e);
    expect(cancelled).toMatchObject({ reason: 'failed', phase: 'Cancel', message: 'upgrade workflow w1: workflow was cancelled' });
  });

  it('reports failed sub-jobs of a job by type', async () => {
    const job = { status: { phase: 'Running' }, spec: { subJobs: [{ spec: { type: 'InstallMaster' }, status: { phase: 'Failed', reason: 'quota' } }, { status: { phase: 'Success' } }] } };
    const error = await waitForJob(scripted('showAutopilotJob', job), 'j1', { minDelayMs: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'failed', phase: 'Failed', message: 'job j1: job failed; failed sub-jobs: InstallMaster (quota)' });
  });

  it('aborts the pause between polls with CceAbortError', async () => {
    const controller = new AbortController();
    const pending = waitForPreCheck(scripted('showAutopilotPreCheck', { status: { phase: 'Running' } }), 'c1', 't1', { minDelayMs: 60_000, signal: controller.signal, onProgress: () => controller.abort(new Error('stop')) });
    await expect(pending).rejects.toBeInstanceOf(CceAbortError);
  });
});
