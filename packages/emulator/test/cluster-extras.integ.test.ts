import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { availableCluster, call, clusterBody, projectPath, responseProblems, startTestEmulator, freeEipId } from './helpers.js';

let emu: RunningEmulator;
let id: string;
beforeAll(async () => {
  emu = await startTestEmulator({ quotas: { clustersPerRegion: 2 } });
  id = await availableCluster(emu, 'extras');
});
afterAll(async () => {
  await emu?.stop();
});

describe('cluster certificate (kubeconfig)', () => {
  it('issues a client certificate of the requested duration, signed by the cluster CA', async () => {
    const res = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/clustercert`), { body: { duration: 30 } });
    expect(res.status).toBe(200);
    expect(responseProblems('CreateAutopilotKubernetesClusterCert', res.body)).toEqual([]);
    expect(res.body.clusters.map((c: any) => c.name)).toEqual(['internalCluster']);
    expect(res.body['current-context']).toBe('internal');
    const ca = new X509Certificate(Buffer.from(res.body.clusters[0].cluster['certificate-authority-data'], 'base64'));
    const client = new X509Certificate(Buffer.from(res.body.users[0].user['client-certificate-data'], 'base64'));
    expect(client.verify(ca.publicKey)).toBe(true);
    const days = (Date.parse(client.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThan(31);
    expect(res.body.clusters[0].cluster.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const bad = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/clustercert`), { body: { duration: 5000 } });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessage).toContain('duration');
  });

  it('adds external entries once an EIP is bound, and drops them after unbinding', async () => {
    const bind = await call(emu, 'PUT', projectPath(emu, `/clusters/${id}/mastereip`), { body: { spec: { action: 'bind', spec: { id: await freeEipId(emu) } } } });
    expect(bind.status).toBe(200);
    expect(bind.body.status.publicEndpoint).toMatch(/^https:\/\/203\.0\.113\.\d+:5443$/);
    expect(responseProblems('UpdateAutopilotClusterEip', bind.body)).toEqual([]);
    const ep = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/openapi`));
    expect(ep.body.status.publicEndpoint).toBe(bind.body.status.publicEndpoint);
    expect(responseProblems('ShowAutopilotClusterEndpoints', ep.body)).toEqual([]);
    const cert = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/clustercert`), { body: { duration: -1 } });
    expect(cert.body.clusters.map((c: any) => c.name)).toEqual(['internalCluster', 'externalCluster']);
    expect(cert.body.clusters[1].cluster['insecure-skip-tls-verify']).toBe(true);
    expect(cert.body.contexts.map((c: any) => c.name)).toEqual(['internal', 'external']);
    const missingId = await call(emu, 'PUT', projectPath(emu, `/clusters/${id}/mastereip`), { body: { spec: { action: 'bind' } } });
    expect(missingId.status).toBe(400);
    const unbind = await call(emu, 'PUT', projectPath(emu, `/clusters/${id}/mastereip`), { body: { spec: { action: 'unbind' } } });
    expect(unbind.status).toBe(200);
    expect(unbind.text).toBe('');
    const after = await call(emu, 'GET', projectPath(emu, `/clusters/${id}/openapi`));
    expect(after.body.status.publicEndpoint).toBe('');
  });
});

describe('update, tags and quotas', () => {
  it('updates description and alias, refusing forbidden characters', async () => {
    const res = await call(emu, 'PUT', projectPath(emu, `/clusters/${id}`), { body: { spec: { description: 'new words' }, metadata: { alias: 'extras-alias' } } });
    expect(res.status).toBe(200);
    expect(res.body.spec.description).toBe('new words');
    expect(res.body.metadata.alias).toBe('extras-alias');
    expect(responseProblems('UpdateAutopilotCluster', res.body)).toEqual([]);
    const bad = await call(emu, 'PUT', projectPath(emu, `/clusters/${id}`), { body: { spec: { description: 'no <html>' } } });
    expect(bad.status).toBe(400);
  });

  it('adds (idempotently, overwriting values) and removes tags, at most 20', async () => {
    const add = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/tags/create`), { body: { tags: [{ key: 'env', value: 'dev' }, { key: 'team', value: '' }] } });
    expect(add.status).toBe(204);
    await call(emu, 'POST', projectPath(emu, `/clusters/${id}/tags/create`), { body: { tags: [{ key: 'env', value: 'prod' }] } });
    let shown = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(shown.body.spec.clusterTags).toEqual([{ key: 'env', value: 'prod' }, { key: 'team', value: '' }]);
    const sys = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/tags/create`), { body: { tags: [{ key: '_sys_x', value: '' }] } });
    expect(sys.status).toBe(400);
    const tooMany = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/tags/create`), { body: { tags: Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: 'v' })) } });
    expect(tooMany.status).toBe(400);
    const del = await call(emu, 'POST', projectPath(emu, `/clusters/${id}/tags/delete`), { body: { tags: [{ key: 'team' }, { key: 'absent' }] } });
    expect(del.status).toBe(204);
    shown = await call(emu, 'GET', projectPath(emu, `/clusters/${id}`));
    expect(shown.body.spec.clusterTags).toEqual([{ key: 'env', value: 'prod' }]);
  });

  it('reports the cluster quota and refuses a cluster beyond it with CCE.01400007', async () => {
    const quotas = await call(emu, 'GET', projectPath(emu, '/quotas'));
    expect(quotas.body.quotas[0]).toMatchObject({ quotaKey: 'autopilot_cluster', quotaLimit: 2, used: 1, unit: 'count', regionId: emu.region });
    expect(responseProblems('ShowAutopilotQuotas', quotas.body)).toEqual([]);
    await availableCluster(emu, 'second');
    const third = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('third') });
    expect(third.status).toBe(400);
    expect(third.body.errorCode).toBe('CCE.01400007');
  });
});

describe('request errors', () => {
  it('answers each error the way the reference describes', async () => {
    const unknown = await call(emu, 'GET', '/autopilot/v9/nothing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error_code).toBe('APIGW.0101');
    const version = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: clusterBody('old-version', 'v1.11') });
    expect(version.body.errorCode).toBe('CCE.01400015');
    const flavor = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: { ...clusterBody('flavorless'), spec: { ...clusterBody('x').spec, flavor: 'cce.s1.small' } } });
    expect(flavor.body.errorCode).toBe('CCE.01400004');
    const ctype = await call(emu, 'POST', projectPath(emu, '/clusters'), { rawBody: '{}', headers: { 'Content-Type': 'text/plain' } });
    expect(ctype.body.errorCode).toBe('CCE.01400006');
    const json = await call(emu, 'POST', projectPath(emu, '/clusters'), { rawBody: '{"kind":', headers: { 'Content-Type': 'application/json' } });
    expect(json.status).toBe(400);
    expect(json.body.errorMessage).toContain('not valid JSON');
    const query = await call(emu, 'GET', projectPath(emu, '/clusters?status=Sleeping'));
    expect(query.status).toBe(400);
    expect(query.body.errorMessage).toContain('status');
    const missingId = await call(emu, 'GET', projectPath(emu, '/clusters/00000000-0000-0000-0000-000000000000'));
    expect(missingId.body.errorCode).toBe('CCE.01404001');
    const job = await call(emu, 'GET', projectPath(emu, '/jobs/nope'));
    expect(job.status).toBe(404);
    const huge = await call(emu, 'POST', projectPath(emu, '/clusters'), { rawBody: Buffer.alloc(13 * 1024 * 1024, 32), headers: { 'Content-Type': 'application/json' } });
    expect(huge.status).toBe(413);
    expect(huge.body.error_code).toBe('APIGW.0201');
    const addons = await call(emu, 'GET', '/autopilot/v3/addons');
    expect(addons.status).toBe(400);
    expect(addons.body.errorMessage).toContain('cluster_id');
  });
});
