import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, projectPath, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(async () => {
  await emu?.stop();
});

function tokenRequest(e: RunningEmulator, overrides: { password?: string; project?: string } = {}) {
  return {
    auth: {
      identity: { methods: ['password'], password: { user: { name: e.user, password: overrides.password ?? e.password, domain: { name: e.domain } } } },
      scope: { project: { name: overrides.project ?? e.region } },
    },
  };
}

async function getToken(e: RunningEmulator, project?: string): Promise<string> {
  const res = await fetch(`${e.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tokenRequest(e, project ? { project } : {})) });
  expect(res.status).toBe(201);
  return res.headers.get('x-subject-token') ?? '';
}

describe('IAM', () => {
  it('issues a project-scoped token with expires_at, project, user and catalog', async () => {
    const res = await fetch(`${emu.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tokenRequest(emu)) });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-subject-token')).toMatch(/^MII/);
    const body = (await res.json()) as any;
    expect(Date.parse(body.token.expires_at) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    expect(body.token.project).toMatchObject({ id: emu.projectId, name: emu.region, domain: { name: emu.domain } });
    expect(body.token.user.name).toBe(emu.user);
    expect(body.token.catalog.some((c: any) => c.type === 'cce')).toBe(true);
    expect(JSON.stringify(body)).not.toContain(emu.password);
  });

  it('rejects a wrong password and a scope that is not a project of the domain', async () => {
    const wrong = await fetch(`${emu.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tokenRequest(emu, { password: 'nope' })) });
    expect(wrong.status).toBe(401);
    const body = (await wrong.json()) as any;
    expect(body.error_code).toBe('IAM.0004');
    const badScope = await fetch(`${emu.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(tokenRequest(emu, { project: 'mars-1' })) });
    expect(badScope.status).toBe(400);
    expect(((await badScope.json()) as any).error_code).toBe('IAM.0003');
    const notJson = await fetch(`${emu.url}/v3/auth/tokens`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(((await notJson.json()) as any).error_code).toBe('IAM.0002');
    // GET validates a token (and needs a caller); other methods are not IAM's.
    const wrongMethod = await fetch(`${emu.url}/v3/auth/tokens`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect((await fetch(`${emu.url}/v3/auth/tokens`, { method: 'GET' })).status).toBe(401);
    expect(((await wrongMethod.json()) as any).error_code).toBe('IAM.0001');
  });

  it('looks up the project id of a region, with a token or a signature', async () => {
    const token = await getToken(emu);
    const byToken = await call(emu, 'GET', `/v3/projects?name=${emu.region}`, { token, projectId: null });
    expect(byToken.status).toBe(200);
    expect(byToken.body.projects).toEqual([expect.objectContaining({ id: emu.projectId, name: emu.region })]);
    const signed = await call(emu, 'GET', '/v3/projects?name=cn-east-3', { projectId: null });
    expect(signed.body.projects[0].id).toBe(emu.projects.find((p) => p.region === 'cn-east-3')?.projectId);
    const anonymous = await call(emu, 'GET', '/v3/projects?name=cn-east-3', { credentials: false, projectId: null });
    expect(anonymous.status).toBe(401);
  });

  it('accepts a token for its own project only, and not once it expired', async () => {
    const token = await getToken(emu);
    const ok = await call(emu, 'GET', projectPath(emu, '/clusters'), { token });
    expect(ok.status).toBe(200);
    const other = emu.projects[1]!.projectId;
    const wrongProject = await call(emu, 'GET', `/autopilot/v3/projects/${other}/clusters`, { token });
    expect(wrongProject.status).toBe(403);
    const bogus = await call(emu, 'GET', projectPath(emu, '/clusters'), { token: 'MIIforged' });
    expect(bogus.status).toBe(401);
    emu.admin.advanceClock(24 * 3600 * 1000 + 1000);
    const expired = await call(emu, 'GET', projectPath(emu, '/clusters'), { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error_code).toBe('APIGW.0307');
    // Expired tokens are forgotten by the periodic clean-up; the answer then is "not issued by IAM".
    const before = Object.keys(emu.admin.state().tokens ?? {}).length;
    expect(before).toBeGreaterThan(0);
    emu.admin.pruneTokens();
    expect(Object.keys(emu.admin.state().tokens ?? {})).toHaveLength(0);
  });
});
