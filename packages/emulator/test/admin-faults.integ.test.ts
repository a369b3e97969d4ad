import { request } from 'node:http';
import { signRequest } from '@cce-autopilot/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { availableCluster, call, clusterBody, projectPath, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

const admin = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${emu.url}/_emulator${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {}, body: body ? JSON.stringify(body) : null });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};

describe('admin endpoints', () => {
  it('reports health, dumps state without secrets, and controls the clock', async () => {
    const health = await admin('GET', '/health');
    expect(health.body).toMatchObject({ status: 'ok', speed: 'instant', auth: 'strict' });
    await call(emu, 'POST', projectPath(emu, `/clusters/${await availableCluster(emu, 'with-ca')}/clustercert`), { body: { duration: 1 } });
    const state = await admin('GET', '/state');
    expect(Object.keys(state.body)).toEqual(expect.arrayContaining(['accounts', 'projects']));
    const dump = JSON.stringify(state.body);
    expect(dump).not.toContain(emu.sk);
    expect(dump).not.toContain(emu.password);
    expect(dump).not.toContain('PRIVATE KEY');
    expect(Object.keys(state.body.kube ?? {})).not.toHaveLength(0);
    const before = Date.parse((await admin('GET', '/clock')).body.now);
    const after = await admin('POST', '/clock', { advanceMs: 3_600_000 });
    expect(Date.parse(after.body.now) - before).toBeGreaterThanOrEqual(3_600_000);
    expect((await admin('POST', '/clock', { advanceMs: -1 })).status).toBe(400);
    expect((await admin('GET', '/nothing')).status).toBe(404);
  });

  it('resets to the seed while keeping the credentials', async () => {
    await availableCluster(emu, 'to-forget');
    expect((await call(emu, 'GET', projectPath(emu, '/clusters'))).body.items.map((c: any) => c.metadata.name)).toContain('to-forget');
    expect((await admin('POST', '/reset')).status).toBe(200);
    const after = await call(emu, 'GET', projectPath(emu, '/clusters'));
    expect(after.status).toBe(200);
    expect(after.body.items).toHaveLength(0);
  });

  it('changes quotas at run time', async () => {
    expect((await admin('POST', '/quotas', { clustersPerRegion: 0 })).body).toMatchObject({ clustersPerRegion: 0 });
    const refused = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('over-quota') });
    expect(refused.body.errorCode).toBe('CCE.01400007');
    expect((await admin('POST', '/quotas', { clustersPerRegion: -1 })).status).toBe(400);
    await admin('POST', '/quotas', { clustersPerRegion: 5 });
    expect((await admin('GET', '/quotas')).body.clustersPerRegion).toBe(5);
  });

  it('injects lifecycle failures over HTTP', async () => {
    expect((await admin('POST', '/failures', { key: 'cluster.create' })).status).toBe(201);
    const id = await availableCluster(emu, 'doomed');
    const shown = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(shown.body.status.phase).toBe('Error');
    const job = await call(emu, 'GET', projectPath(emu, `/jobs/${shown.body.status.jobID}`));
    expect(job.body.status.phase).toBe('Failed');
    expect((await admin('POST', '/failures', { key: 'bogus' })).status).toBe(400);
    await call(emu, 'DELETE', projectPath(emu, `/clusters/${id}`));
  });
});

describe('fault rules', () => {
  it('answers an injected service error a limited number of times', async () => {
    const rule = await admin('POST', '/faults', { operation: 'ListAutopilotClusters', action: 'error', status: 503, errorCode: 'CCE.01500001', count: 2 });
    expect(rule.status).toBe(201);
    expect((await call(emu, 'GET', projectPath(emu, '/clusters'))).status).toBe(503);
    const second = await call(emu, 'GET', projectPath(emu, '/clusters'));
    expect(second.body).toEqual({ errorCode: 'CCE.01500001', errorMessage: expect.any(String) });
    expect((await call(emu, 'GET', projectPath(emu, '/clusters'))).status).toBe(200);
  });

  it('throttles with 429 and Retry-After in the gateway format', async () => {
    emu.admin.addFault({ operation: 'ListAutopilotClusters', action: 'throttle', retryAfterSeconds: 7, count: 1 });
    const res = await call(emu, 'GET', projectPath(emu, '/clusters'));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.body.error_code).toBe('APIGW.0308');
  });

  it('resets the connection and truncates the body', async () => {
    emu.admin.addFault({ operation: 'ListAutopilotClusters', action: 'reset', count: 1 });
    await expect(call(emu, 'GET', projectPath(emu, '/clusters'))).rejects.toThrow();
    emu.admin.addFault({ operation: 'ListAutopilotClusters', action: 'truncate', count: 1 });
    await expect(call(emu, 'GET', projectPath(emu, '/clusters'))).rejects.toThrow();
    expect((await call(emu, 'GET', projectPath(emu, '/clusters'))).status).toBe(200);
  });

  it('adds latency, honours probability 0, and removes rules', async () => {
    const slow = emu.admin.addFault({ operation: '*', action: 'latency', latencyMs: 5 });
    expect((await call(emu, 'GET', projectPath(emu, '/quotas'))).status).toBe(200);
    expect(emu.admin.faults().find((f) => f.id === slow.id)?.hits).toBe(1);
    expect((await admin('DELETE', `/faults/${slow.id}`)).status).toBe(204);
    emu.admin.addFault({ operation: 'ShowAutopilotQuotas', status: 500, probability: 0 });
    expect((await call(emu, 'GET', projectPath(emu, '/quotas'))).status).toBe(200);
    expect((await admin('DELETE', '/faults')).status).toBe(204);
    expect((await admin('GET', '/faults')).body.faults).toEqual([]);
    expect((await admin('POST', '/faults', { operation: 'NoSuchOperation' })).status).toBe(400);
  });
});

describe('Kubernetes API through the gateway host', () => {
  it('routes {cluster_id}.<host> to the cluster, after checking the signature', async () => {
    const id = await availableCluster(emu, 'kube-gw');
    const port = new URL(emu.url).port;
    const host = `${id}.127.0.0.1:${port}`;
    const send = (headers: Record<string, string>) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/api/v1/namespaces', method: 'GET', headers: { ...headers, Host: host } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      });
    const denied = await send({});
    expect(denied.status).toBe(401);
    const signed = signRequest({ method: 'GET', url: `http://${host}/api/v1/namespaces`, headers: {} }, { ak: emu.ak, sk: emu.sk });
    const ok = await send({ ...signed });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('kube-system');
    const tokenRes = await fetch(`${emu.url}/v3/auth/tokens`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: emu.user, password: emu.password, domain: { name: emu.domain } } } }, scope: { project: { name: 'cn-east-3' } } } }),
    });
    const otherProjectToken = tokenRes.headers.get('x-subject-token') ?? '';
    const foreign = await send({ 'X-Auth-Token': otherProjectToken });
    expect(foreign.status).toBe(403);
    expect(JSON.parse(foreign.body).error_code).toBe('APIGW.0302');
  });
});
