import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, clusterBody, projectPath, responseProblems, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

describe('cluster lifecycle over signed HTTP', () => {
  it('creates a cluster (Creating + job), which becomes Available with a finished job', async () => {
    const created = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('life-cycle') });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);
    expect(created.body.status.phase).toBe('Creating');
    expect(responseProblems('CreateAutopilotCluster', created.body)).toEqual([]);
    const id = created.body.metadata.uid;
    const jobId = created.body.status.jobID;
    const shown = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(shown.status).toBe(200);
    expect(shown.body.status.phase).toBe('Available');
    expect(responseProblems('ShowAutopilotCluster', shown.body)).toEqual([]);
    const job = await call(emu, 'GET', projectPath(emu, `/jobs/${jobId}`));
    expect(job.body.status.phase).toBe('Success');
    expect(job.body.spec.subJobs.length).toBeGreaterThan(0);
    expect(responseProblems('ShowAutopilotJob', job.body)).toEqual([]);

    const list = await call(emu, 'GET', projectPath(emu, '/clusters?status=Available'));
    expect(list.body.items.map((c: any) => c.metadata.uid)).toContain(id);
    expect(responseProblems('ListAutopilotClusters', list.body)).toEqual([]);

    const dup = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('life-cycle') });
    expect(dup.status).toBe(409);
    expect(dup.body.errorCode).toBe('CCE.01409001');

    const del = await call(emu, 'DELETE', projectPath(emu, `/clusters/${id}`));
    expect(del.status).toBe(200);
    expect(responseProblems('DeleteAutopilotCluster', del.body)).toEqual([]);
    expect(del.body.status.deleteOption).toMatchObject({ delete_eni: 'delete-block', delete_obs: 'skip' });
    const deleteJob = del.body.status.jobID;
    const after = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(after.status).toBe(404);
    expect(after.body.errorCode).toBe('CCE.01404001');
    const dj = await call(emu, 'GET', projectPath(emu, `/jobs/${deleteJob}`));
    expect(dj.body.spec.type).toBe('DeleteCluster');
    expect(dj.body.status.phase).toBe('Success');
  });

  it('rejects a bad body with CCE.01400001 naming the field', async () => {
    const body = clusterBody('bad-one') as any;
    delete body.spec.flavor;
    const res = await call(emu, 'POST', projectPath(emu, '/clusters'), { body });
    expect(res.status).toBe(400);
    expect(res.body.errorCode).toBe('CCE.01400001');
    expect(res.body.errorMessage).toContain('spec.flavor');
    const badName = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('Bad_Name') });
    expect(badName.status).toBe(400);
    expect(badName.body.errorMessage).toContain('metadata.name');
  });

  it('takes seconds at realistic speed; advancing the clock completes the job', async () => {
    const slow = await startTestEmulator({ speed: 'realistic', clock: 'manual' });
    try {
      const created = await call(slow, 'POST', projectPath(slow, '/clusters'), { body: clusterBody('slow-one') });
      const id = created.body.metadata.uid;
      expect((await call(slow, 'GET', projectPath(slow, `/clusters/${id}`))).body.status.phase).toBe('Creating');
      const job = await call(slow, 'GET', projectPath(slow, `/jobs/${created.body.status.jobID}`));
      expect(job.body.status.phase).toBe('Running');
      expect(job.body.spec.subJobs.map((j: any) => j.status.phase)).toEqual(['Running', 'Initializing', 'Initializing']);
      slow.admin.advanceClock(4_000);
      const halfway = await call(slow, 'GET', projectPath(slow, `/jobs/${created.body.status.jobID}`));
      expect(halfway.body.spec.subJobs.map((j: any) => j.status.phase)).toEqual(['Success', 'Running', 'Initializing']);
      slow.admin.advanceClock(6_000);
      expect((await call(slow, 'GET', projectPath(slow, `/clusters/${id}`))).body.status.phase).toBe('Available');
    } finally {
      await slow.stop();
    }
  });
});
