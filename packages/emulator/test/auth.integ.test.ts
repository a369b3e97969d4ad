import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import { signRequest } from '@cce-autopilot/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, clusterBody, projectPath, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

/** Signs with our signer, then changes one thing on the way out. */
async function tampered(change: (req: { method: string; path: string; headers: Record<string, string>; body: string }) => void) {
  const path = projectPath(emu, '/clusters?detail=true');
  const url = `${emu.url}${path}`;
  const body = JSON.stringify(clusterBody('tamper-check'));
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': emu.projectId, Host: new URL(url).host };
  Object.assign(headers, signRequest({ method: 'POST', url, headers, body }, { ak: emu.ak, sk: emu.sk }));
  delete headers.Host;
  const req = { method: 'POST', path, headers, body };
  change(req);
  const res = await fetch(`${emu.url}${req.path}`, { method: req.method, headers: req.headers, body: req.method === 'GET' ? null : req.body });
  return { status: res.status, body: (await res.json()) as Record<string, string> };
}

describe('strict AK/SK checking', () => {
  it('accepts a correctly signed request', async () => {
    const res = await call(emu, 'GET', projectPath(emu, '/clusters'));
    expect(res.status).toBe(200);
  });

  it('rejects a request without credentials with a gateway error', async () => {
    const res = await call(emu, 'GET', projectPath(emu, '/clusters'), { credentials: false });
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe('APIGW.0301');
    expect(res.body.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('rejects a wrong secret key and an unknown access key', async () => {
    const wrongSk = await call(emu, 'GET', projectPath(emu, '/clusters'), { credentials: { ak: emu.ak, sk: 'x'.repeat(40) } });
    expect(wrongSk.status).toBe(401);
    const unknownAk = await call(emu, 'GET', projectPath(emu, '/clusters'), { credentials: { ak: 'UNKNOWNAK00000000000', sk: emu.sk } });
    expect(unknownAk.status).toBe(401);
    expect(JSON.stringify(unknownAk.body)).not.toContain(emu.sk);
  });

  it('rejects a date more than 15 minutes off', async () => {
    const res = await call(emu, 'GET', projectPath(emu, '/clusters'), { date: new Date(Date.now() - 16 * 60 * 1000) });
    expect(res.status).toBe(401);
    const ok = await call(emu, 'GET', projectPath(emu, '/clusters'), { date: new Date(Date.now() - 5 * 60 * 1000) });
    expect(ok.status).toBe(200);
  });

  it.each([
    ['method', (r: any) => { r.method = 'GET'; }],
    // Another project of the same account: a route that exists, so only the signature can fail.
    ['path', (r: any) => { r.path = r.path.replace(emu.projectId, emu.projects[1]!.projectId); }],
    ['query', (r: any) => { r.path = r.path.replace('detail=true', 'detail=false'); }],
    ['signed header', (r: any) => { r.headers['X-Project-Id'] = '0'.repeat(32); }],
    ['body', (r: any) => { r.body = r.body.replace('tamper-check', 'tamper-chekk'); }],
  ])('rejects a tampered %s', async (_what, change) => {
    const res = await tampered(change);
    expect(res.status).toBe(401);
    expect(res.body.error_code).toBe('APIGW.0301');
  });

  it('accepts requests signed by the official Huawei Cloud SDK signer', async () => {
    const credential = { getAk: () => emu.ak, getSk: () => emu.sk } as unknown as ICredential;
    const data = clusterBody('official-sdk');
    const endpoint = `${emu.url}${projectPath(emu, '/clusters')}`;
    const headers = AKSKSigner.sign({ method: 'POST', endpoint, headers: { 'Content-Type': 'application/json', 'X-Project-Id': emu.projectId }, queryParams: {}, data }, credential) as Record<string, string>;
    delete headers.host;
    const created = await fetch(endpoint, { method: 'POST', headers, body: JSON.stringify(data) });
    expect(created.status).toBe(201);

    const listHeaders = AKSKSigner.sign({ method: 'GET', endpoint, headers: { 'Content-Type': 'application/json' }, queryParams: { status: 'Available' } }, credential) as Record<string, string>;
    delete listHeaders.host;
    const listed = await fetch(`${endpoint}?status=Available`, { headers: listHeaders });
    expect(listed.status).toBe(200);
  });
});

describe('auth modes', () => {
  it('lenient logs and accepts an unsigned request', async () => {
    const logs: string[] = [];
    const lenient = await startTestEmulator({ auth: 'lenient', log: (m) => logs.push(m) });
    try {
      const res = await call(lenient, 'GET', projectPath(lenient, '/clusters'), { credentials: false });
      expect(res.status).toBe(200);
      expect(logs.some((l) => l.includes('lenient'))).toBe(true);
      const otherProjectToken = await fetch(`${lenient.url}/v3/auth/tokens`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ auth: { identity: { methods: ['password'], password: { user: { name: lenient.user, password: lenient.password, domain: { name: lenient.domain } } } }, scope: { project: { name: 'cn-east-3' } } } }),
      });
      const scoped = await call(lenient, 'GET', projectPath(lenient, '/clusters'), { token: otherProjectToken.headers.get('x-subject-token') ?? '' });
      expect(scoped.status).toBe(200);
      expect(logs.some((l) => l.includes('scoped to project'))).toBe(true);
    } finally {
      await lenient.stop();
    }
  });

  it('off accepts without credentials, and strict still checks the project belongs to the caller', async () => {
    const off = await startTestEmulator({ auth: 'off' });
    try {
      const res = await call(off, 'GET', projectPath(off, '/clusters'), { credentials: false });
      expect(res.status).toBe(200);
    } finally {
      await off.stop();
    }
    const foreign = await call(emu, 'GET', `/autopilot/v3/projects/${'f'.repeat(32)}/clusters`);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error_code).toBe('APIGW.0302');
  });
});
