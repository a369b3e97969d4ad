import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../src/index.js';
import type { VerifyInput } from '../src/index.js';

const AK = 'AKEXAMPLE0000000001';
const SK = 'sk-example-secret-value-0123456789';
const secrets = (ak: string) => (ak === AK ? { sk: SK } : undefined);
const now = new Date('2026-01-02T03:04:05Z');

function signed(overrides: { sk?: string; date?: Date; unsigned?: boolean } = {}): VerifyInput {
  const body = '{"kind":"Cluster","metadata":{"name":"demo"}}';
  const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': 'p1' };
  if (overrides.unsigned) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  const url = 'https://cce.cn-north-4.myhuaweicloud.com/autopilot/v3/projects/p1/clusters?limit=2&name=a%20b';
  const auth = signRequest({ method: 'POST', url, headers, body }, { ak: AK, sk: overrides.sk ?? SK }, { date: overrides.date ?? now });
  const incoming: Record<string, string> = { host: 'cce.cn-north-4.myhuaweicloud.com' };
  for (const [k, v] of Object.entries({ ...headers, ...auth })) incoming[k.toLowerCase()] = v;
  return { method: 'POST', url: '/autopilot/v3/projects/p1/clusters?limit=2&name=a%20b', headers: incoming, body: new TextEncoder().encode(body) };
}

function rejected(input: VerifyInput, reason: RegExp) {
  const result = verifyRequest(input, secrets, { now });
  expect(result).toMatchObject({ ok: false, code: 'APIGW.0301', status: 401 });
  if (!result.ok) {
    expect(result.reason).toMatch(reason);
    expect(result.reason).not.toContain(SK);
  }
}

describe('verifyRequest', () => {
  it('accepts a request signed by signRequest and names the AK and signed headers', () => {
    expect(verifyRequest(signed(), secrets, { now })).toEqual({
      ok: true, ak: AK, signedHeaders: ['content-type', 'host', 'x-project-id', 'x-sdk-date'],
    });
  });

  it('accepts the same query in another order and an absolute URL', () => {
    const input = signed();
    expect(verifyRequest({ ...input, url: '/autopilot/v3/projects/p1/clusters?name=a%20b&limit=2' }, secrets, { now }).ok).toBe(true);
    expect(verifyRequest({ ...input, url: 'https://cce.cn-north-4.myhuaweicloud.com/autopilot/v3/projects/p1/clusters?limit=2&name=a%20b' }, secrets, { now }).ok).toBe(true);
  });

  it('rejects a changed method', () => rejected({ ...signed(), method: 'PUT' }, /signature fail/));
  it('rejects a changed path', () => rejected({ ...signed(), url: '/autopilot/v3/projects/p2/clusters?limit=2&name=a%20b' }, /signature fail/));
  it('rejects a changed query', () => rejected({ ...signed(), url: '/autopilot/v3/projects/p1/clusters?limit=3&name=a%20b' }, /signature fail/));
  it('rejects a changed signed header', () => {
    const input = signed();
    rejected({ ...input, headers: { ...input.headers, 'x-project-id': 'p2' } }, /signature fail/);
  });
  it('rejects a changed body', () => rejected({ ...signed(), body: '{"kind":"Cluster","metadata":{"name":"evil"}}' }, /signature fail/));
  it('rejects a changed X-Sdk-Date', () => {
    const input = signed();
    rejected({ ...input, headers: { ...input.headers, 'x-sdk-date': '20260102T030406Z' } }, /signature fail/);
  });
  it('rejects a wrong secret key', () => rejected(signed({ sk: 'another-secret' }), /verify aksk signature fail/));
  it('rejects an unknown AK', () => {
    const result = verifyRequest(signed(), () => undefined, { now });
    expect(result).toMatchObject({ ok: false, code: 'APIGW.0301' });
    if (!result.ok) expect(result.reason).toMatch(/ak AKEXAMPLE0000000001 not exist/);
  });
  it('rejects a date more than 15 minutes off, either way', () => {
    rejected(signed({ date: new Date(now.getTime() - 16 * 60_000) }), /signature expired, signature time:20260102T024805Z, server time:20260102T030405Z/);
    rejected(signed({ date: new Date(now.getTime() + 16 * 60_000) }), /signature expired/);
    expect(verifyRequest(signed({ date: new Date(now.getTime() - 14 * 60_000) }), secrets, { now }).ok).toBe(true);
    expect(verifyRequest(signed({ date: new Date(now.getTime() - 60_000) }), secrets, { now, maxSkewMs: 30_000 }).ok).toBe(false);
  });
  it('rejects a request without Authorization or with a malformed one', () => {
    const input = signed();
    const { authorization: _drop, ...rest } = input.headers;
    rejected({ ...input, headers: rest }, /no Authorization header/);
    rejected({ ...input, headers: { ...input.headers, authorization: 'Basic abc' } }, /malformed Authorization header: Authorization scheme "Basic"/);
    rejected({ ...input, headers: { ...input.headers, authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date' } }, /no Signature/);
    rejected({ ...input, headers: { ...input.headers, authorization: 'SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=xyz' } }, /64 lower-case hex/);
    rejected({ ...input, headers: { ...input.headers, authorization: 'SDK-HMAC-SHA256 garbage' } }, /not name=value/);
    rejected({ ...input, headers: { ...input.headers, authorization: String(input.headers.authorization).replace('host;', 'host;host;') } }, /lists host twice/);
  });
  it('requires host and x-sdk-date among the signed headers, and every signed header present', () => {
    const input = signed();
    const auth = String(input.headers.authorization);
    rejected({ ...input, headers: { ...input.headers, authorization: auth.replace('host;', '') } }, /SignedHeaders must include host/);
    rejected({ ...input, headers: { ...input.headers, authorization: auth.replace(';x-sdk-date', '') } }, /SignedHeaders must include x-sdk-date/);
    const { 'x-project-id': _drop, ...rest } = input.headers;
    rejected({ ...input, headers: rest }, /signed header x-project-id is missing/);
    rejected({ ...input, headers: { ...input.headers, 'x-sdk-date': 'now' } }, /X-Sdk-Date "now" is not a UTC time/);
  });
  it('accepts UNSIGNED-PAYLOAD only when that header is signed', () => {
    const input = signed({ unsigned: true });
    expect(verifyRequest({ ...input, body: 'anything else' }, secrets, { now }).ok).toBe(true);
    const plain = signed();
    rejected({ ...plain, headers: { ...plain.headers, 'x-sdk-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'other' }, /only accepted when x-sdk-content-sha256 is a signed header/);
  });
});

describe('verifyRequest against signRequest on generated requests', () => {
  const segment = fc.string({ unit: fc.constantFrom(...'aZ09-_.~!$&()*+,;=:@ %\'"é中😀'.match(/./gu)!), minLength: 1, maxLength: 6 })
    .filter((s) => s !== '.' && s !== '..');
  const requestArb = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH'),
    segments: fc.array(segment, { minLength: 1, maxLength: 4 }),
    query: fc.array(fc.tuple(segment, fc.string({ maxLength: 5 })), { maxLength: 4 }),
    headers: fc.dictionary(fc.constantFrom('content-type', 'x-project-id', 'x-language', 'accept'), fc.string({ unit: fc.constantFrom(...'abc 0/;=-'), maxLength: 10 }), { maxKeys: 4 }),
    body: fc.oneof(fc.constant(''), fc.string({ maxLength: 40 })),
  });
  const toUrl = (segments: string[], query: [string, string][]) =>
    '/' + segments.map(encodeURIComponent).join('/') + (query.length ? '?' + query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : '');

  function received(r: { method: string; segments: string[]; query: [string, string][]; headers: Record<string, string>; body: string }): VerifyInput {
    const url = toUrl(r.segments, r.query);
    const auth = signRequest({ method: r.method, url: 'https://cce.example.com' + url, headers: r.headers, body: r.body }, { ak: AK, sk: SK }, { date: now });
    const headers: Record<string, string> = { host: 'cce.example.com' };
    for (const [k, v] of Object.entries({ ...r.headers, ...auth })) headers[k.toLowerCase()] = v.trim();
    return { method: r.method, url, headers, body: r.body };
  }

  it('accepts every signed request and rejects it after any one change', () => {
    fc.assert(fc.property(requestArb, fc.nat(), (r, pick) => {
      const input = received(r);
      expect(verifyRequest(input, secrets, { now }).ok).toBe(true);
      const changes: VerifyInput[] = [
        { ...input, method: input.method === 'GET' ? 'HEAD' : 'GET' },
        { ...input, url: toUrl([...r.segments, 'x'], r.query) },
        { ...input, url: toUrl(r.segments, [...r.query, ['extra', '1']]) },
        { ...input, body: input.body + ' ' },
        { ...input, headers: { ...input.headers, 'x-sdk-date': '20260102T030406Z' } },
        { ...input, headers: { ...input.headers, host: 'other.example.com' } },
      ];
      const changed = changes[pick % changes.length]!;
      expect(verifyRequest(changed, secrets, { now })).toMatchObject({ ok: false, code: 'APIGW.0301' });
    }), { numRuns: 200 });
  });
});
