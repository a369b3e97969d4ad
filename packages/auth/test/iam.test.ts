import { describe, expect, it } from 'vitest';
import { IamError, IamTokenProvider, lookupDomainId, lookupProjectId, verifyRequest } from '../src/index.js';
import type { FetchLike } from '../src/index.js';

interface Call { url: string; method: string; headers: Record<string, string>; body?: string }

function fakeFetch(answer: (call: Call) => { status: number; headers?: Record<string, string>; body: string }) {
  const calls: Call[] = [];
  const release: (() => void)[] = [];
  let hold = false;
  const fetch: FetchLike = async (url, init) => {
    const call: Call = { url, method: init.method, headers: init.headers, ...(init.body === undefined ? {} : { body: init.body }) };
    calls.push(call);
    if (hold) await new Promise<void>((resolve) => release.push(resolve));
    const a = answer(call);
    const headers = new Map(Object.entries(a.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return { status: a.status, headers: { get: (n: string) => headers.get(n.toLowerCase()) ?? null }, text: async () => a.body };
  };
  return { fetch, calls, holdResponses: () => { hold = true; }, releaseAll: () => { hold = false; release.splice(0).forEach((r) => r()); } };
}

const identity = { userName: 'alice', password: 'p@ss-word-secret', domainName: 'acme' };

describe('IamTokenProvider', () => {
  let serial = 0;
  const tokenAnswer = (expiresAt: string) => () => ({
    status: 201,
    headers: { 'X-Subject-Token': `token-${++serial}` },
    body: JSON.stringify({ token: { expires_at: expiresAt, methods: ['password'] } }),
  });

  it('posts the password method with project scope and reads X-Subject-Token and expires_at', async () => {
    const f = fakeFetch(tokenAnswer('2026-01-02T00:00:00.000000Z'));
    const provider = new IamTokenProvider({ iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com/', identity, project: { name: 'cn-north-4' }, fetch: f.fetch, now: () => Date.UTC(2026, 0, 1) });
    const info = await provider.getTokenInfo();
    expect(info.token).toMatch(/^token-\d+$/);
    expect(info.expiresAt.toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]!.url).toBe('https://iam.cn-north-4.myhuaweicloud.com/v3/auth/tokens');
    expect(f.calls[0]!.method).toBe('POST');
    expect(JSON.parse(f.calls[0]!.body!)).toEqual({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'alice', password: identity.password, domain: { name: 'acme' } } } },
        scope: { project: { name: 'cn-north-4' } },
      },
    });
    const byId = new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p1' }, fetch: f.fetch });
    await byId.getToken();
    expect(JSON.parse(f.calls[1]!.body!).auth.scope).toEqual({ project: { id: 'p1' } });
  });

  it('caches the token until shortly before it expires', async () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const f = fakeFetch(tokenAnswer('2026-01-01T01:00:00Z'));
    const provider = new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: f.fetch, now: () => now, refreshBeforeMs: 5 * 60_000 });
    const first = await provider.getToken();
    now += 54 * 60_000;
    expect(await provider.getToken()).toBe(first);
    expect(f.calls).toHaveLength(1);
    now += 60_000; // 55 minutes in: within 5 minutes of expiry
    const second = await provider.getToken();
    expect(second).not.toBe(first);
    expect(f.calls).toHaveLength(2);
    provider.invalidate();
    expect(await provider.getToken()).not.toBe(second);
    expect(f.calls).toHaveLength(3);
  });

  it('lets concurrent callers share one in-flight request', async () => {
    const f = fakeFetch(tokenAnswer('2099-01-01T00:00:00Z'));
    const provider = new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: f.fetch });
    f.holdResponses();
    const pending = Promise.all([provider.getToken(), provider.getToken(), provider.getToken()]);
    await new Promise((r) => setImmediate(r));
    expect(f.calls).toHaveLength(1);
    f.releaseAll();
    const tokens = await pending;
    expect(new Set(tokens).size).toBe(1);
    expect(f.calls).toHaveLength(1);
  });

  it('uses a token shorter-lived than the refresh margin for half its life instead of refetching each call', async () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 0);
    const f = fakeFetch(tokenAnswer('2026-01-01T00:02:00Z'));
    const provider = new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: f.fetch, now: () => now, refreshBeforeMs: 5 * 60_000 });
    const first = await provider.getToken();
    now += 59_000;
    expect(await provider.getToken()).toBe(first);
    now += 2_000;
    await provider.getToken();
    expect(f.calls).toHaveLength(2);
  });

  it('lets one caller stop waiting without failing the shared request', async () => {
    const f = fakeFetch(tokenAnswer('2099-01-01T00:00:00Z'));
    const provider = new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: f.fetch });
    f.holdResponses();
    const controller = new AbortController();
    const impatient = provider.getToken(controller.signal);
    const patient = provider.getToken();
    await new Promise((r) => setImmediate(r));
    controller.abort(new Error('user cancelled'));
    await expect(impatient).rejects.toThrow('user cancelled');
    f.releaseAll();
    await expect(patient).resolves.toMatch(/^token-/);
    expect(f.calls).toHaveLength(1);
    await expect(provider.getToken(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });

  it('reports IAM errors with status and code, never the password, and retries after a failure', async () => {
    let fail = true;
    const f = fakeFetch(() => (fail
      ? { status: 401, headers: { 'X-Request-Id': 'r1' }, body: JSON.stringify({ error: { code: 401, message: 'The username or password is wrong.', title: 'Unauthorized' } }) }
      : tokenAnswer('2099-01-01T00:00:00Z')()));
    const provider = new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: f.fetch });
    const error = await provider.getToken().catch((e: unknown) => e as IamError);
    expect(error).toBeInstanceOf(IamError);
    expect((error as IamError).message).toBe('IAM token request for user alice at https://iam/v3/auth/tokens failed: HTTP 401 401: The username or password is wrong.');
    expect((error as IamError).status).toBe(401);
    expect((error as IamError).requestId).toBe('r1');
    expect((error as IamError).message).not.toContain(identity.password);
    fail = false;
    await expect(provider.getToken()).resolves.toMatch(/^token-/);
  });

  it('rejects an answer without X-Subject-Token or expires_at', async () => {
    const noHeader = fakeFetch(() => ({ status: 201, body: '{"token":{"expires_at":"2099-01-01T00:00:00Z"}}' }));
    await expect(new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: noHeader.fetch }).getToken()).rejects.toThrow(/no X-Subject-Token/);
    const noExpiry = fakeFetch(() => ({ status: 201, headers: { 'X-Subject-Token': 't' }, body: '{"token":{}}' }));
    await expect(new IamTokenProvider({ iamEndpoint: 'https://iam', identity, project: { id: 'p' }, fetch: noExpiry.fetch }).getToken()).rejects.toThrow(/no valid token.expires_at/);
  });
});

describe('lookupProjectId', () => {
  const credentials = { ak: 'AKLOOKUP', sk: 'sk-lookup-secret' };
  const date = new Date('2026-03-04T05:06:07Z');
  const projects = (...list: { id: string; name: string }[]) => () => ({ status: 200, body: JSON.stringify({ projects: list, links: {} }) });

  it('GETs /v3/projects?name={region} signed with AK/SK and returns the one id', async () => {
    const f = fakeFetch(projects({ id: 'proj-1', name: 'cn-north-4' }));
    expect(await lookupProjectId({ iamEndpoint: 'https://iam.cn-north-4.myhuaweicloud.com', region: 'cn-north-4', credentials, fetch: f.fetch, date })).toBe('proj-1');
    const call = f.calls[0]!;
    expect(call.method).toBe('GET');
    expect(call.url).toBe('https://iam.cn-north-4.myhuaweicloud.com/v3/projects?name=cn-north-4');
    const headers = Object.fromEntries(Object.entries(call.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const verdict = verifyRequest({ method: 'GET', url: '/v3/projects?name=cn-north-4', headers: { ...headers, host: 'iam.cn-north-4.myhuaweicloud.com' }, body: '' },
      (ak) => (ak === credentials.ak ? { sk: credentials.sk } : undefined), { now: date });
    expect(verdict).toEqual({ ok: true, ak: 'AKLOOKUP', signedHeaders: ['content-type', 'host', 'x-sdk-date'] });
  });

  it('fails clearly on none or several projects, and on IAM errors', async () => {
    const none = fakeFetch(projects());
    await expect(lookupProjectId({ iamEndpoint: 'https://iam', region: 'xx-none-1', credentials, fetch: none.fetch }))
      .rejects.toThrow(/No IAM project named xx-none-1 .*never created/);
    const many = fakeFetch(projects({ id: 'a', name: 'r' }, { id: 'b', name: 'r' }));
    await expect(lookupProjectId({ iamEndpoint: 'https://iam', region: 'r', credentials, fetch: many.fetch }))
      .rejects.toThrow('Several IAM projects are named r (a, b); set HUAWEICLOUD_SDK_PROJECT_ID to the one to use.');
    const denied = fakeFetch(() => ({ status: 401, body: JSON.stringify({ error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' }) }));
    const e = await lookupProjectId({ iamEndpoint: 'https://iam', region: 'r', credentials, fetch: denied.fetch }).catch((x: unknown) => x as IamError);
    expect(e).toMatchObject({ status: 401, errorCode: 'APIGW.0301' });
    expect((e as IamError).message).not.toContain(credentials.sk);
    expect(none.calls.every((c) => c.method === 'GET')).toBe(true);
  });
});

describe('lookupDomainId', () => {
  const credentials = { ak: 'AKDOMAIN', sk: 'sk-domain-secret' };
  const date = new Date('2026-03-04T05:06:07Z');

  it('GETs /v3/auth/domains signed with AK/SK and returns the first domain id, as the SDKs do', async () => {
    const f = fakeFetch(() => ({ status: 200, body: JSON.stringify({ domains: [{ id: 'dom-1', name: 'acme' }], links: {} }) }));
    expect(await lookupDomainId({ iamEndpoint: 'https://iam.myhuaweicloud.com/', credentials, fetch: f.fetch, date })).toBe('dom-1');
    const call = f.calls[0]!;
    expect(call.method).toBe('GET');
    expect(call.url).toBe('https://iam.myhuaweicloud.com/v3/auth/domains');
    const headers = Object.fromEntries(Object.entries(call.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const verdict = verifyRequest({ method: 'GET', url: '/v3/auth/domains', headers: { ...headers, host: 'iam.myhuaweicloud.com' }, body: '' },
      (ak) => (ak === credentials.ak ? { sk: credentials.sk } : undefined), { now: date });
    expect(verdict.ok).toBe(true);
  });

  it('fails clearly on no domain, a malformed answer and IAM errors', async () => {
    const none = fakeFetch(() => ({ status: 200, body: '{"domains":[]}' }));
    await expect(lookupDomainId({ iamEndpoint: 'https://iam', credentials, fetch: none.fetch })).rejects.toThrow(/found no domain .*HUAWEICLOUD_SDK_DOMAIN_ID/);
    const odd = fakeFetch(() => ({ status: 200, body: '{"projects":[]}' }));
    await expect(lookupDomainId({ iamEndpoint: 'https://iam', credentials, fetch: odd.fetch })).rejects.toThrow(/no "domains" list/);
    const denied = fakeFetch(() => ({ status: 403, body: JSON.stringify({ error_code: 'APIGW.0302', error_msg: 'denied' }) }));
    const e = await lookupDomainId({ iamEndpoint: 'https://iam', credentials, fetch: denied.fetch }).catch((x: unknown) => x as IamError);
    expect(e).toMatchObject({ status: 403, errorCode: 'APIGW.0302' });
    expect((e as IamError).message).not.toContain(credentials.sk);
  });
});
