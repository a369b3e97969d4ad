// Proof that signRequest produces the official Node SDK's Authorization header, byte for byte, on
// generated requests. The official signer is called directly (AKSKSigner.sign with the request
// shape HcClient builds: raw path in `endpoint`, raw query values in `queryParams`, the body
// object in `data`).
//
// Property 1 uses the official signer unmodified, on every request it signs correctly.
// Property 2 covers the inputs where the official signer has a known bug, and compares against
// the official signer with exactly those steps replaced by the server's rule (see README):
//   - path segments with `%`, space, quotes, `<>\^`{|}#?/`: it signs `url.parse(endpoint).pathname`,
//     which url.parse has already percent-encoded, and encodes the `%` again (`a b` -> `a%2520b`);
//     the server decodes each segment before encoding it;
//   - bodies: it hashes `JSON.stringify(data)`, so a GET whose data is `{}` is signed with the
//     hash of `{}` though no body is sent, and binary bodies cannot be hashed at all; the server
//     hashes the bytes received;
//   - header values with leading/trailing spaces: it signs them untrimmed; the server's HTTP
//     parser strips that whitespace before checking the signature;
//   - `.` and `..` path segments: it signs them, but axios (like fetch) removes them before
//     sending, so the server never sees them;
//   - header names with `_`: it orders the canonical headers with localeCompare but lists
//     SignedHeaders in code-unit order, and the two disagree on `_` vs `-` (`x_a`, `x-a`); the
//     server builds both in one (code-unit) order.

import { createHash } from 'node:crypto';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import type { IHttpRequest } from '@huaweicloud/huaweicloud-sdk-core/http/IHttpRequest.js';
import type { ICredential } from '@huaweicloud/huaweicloud-sdk-core/auth/ICredential.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signRequest } from '../src/index.js';

const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

interface OfficialRequest extends IHttpRequest {
  /** The bytes that would really be sent (used only by the server-rule variant). */
  sentBody?: Uint8Array;
}

/** The official signer with its buggy steps replaced by the server's rule, nothing else. */
class ServerRuleSigner extends AKSKSigner {
  protected static override CanonicalURI(inputUri?: string): string | undefined {
    if (!inputUri) return inputUri;
    // axios and fetch send `/a/./b/..` without its dot segments: sign what is sent.
    const sent = new URL('http://placeholder' + inputUri).pathname;
    const path = sent.split('/').map((segment) => this.urlEncode(decodeURIComponent(segment))).join('/');
    return path.endsWith('/') ? path : path + '/';
  }

  protected static override buildCanonicalHeaders(allHeaders: Record<string, string>): string {
    return Object.keys(allHeaders).map((k) => [k.toLowerCase(), allHeaders[k]] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}:${v}\n`).join('');
  }

  protected static override buildPayloadHash(request: OfficialRequest): string {
    const declared = request.headers?.['X-Sdk-Content-Sha256'] as string | undefined;
    if (declared) return declared;
    const body = request.sentBody;
    return body && body.length > 0 ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256;
  }
}

function credential(ak: string, sk: string): ICredential {
  return { getAk: () => ak, getSk: () => sk } as unknown as ICredential;
}

function officialAuthorization(signer: typeof AKSKSigner, request: OfficialRequest, ak: string, sk: string): string {
  const headers = signer.sign(request, credential(ak, sk)) as Record<string, string>;
  return headers.Authorization!;
}

// Characters url.parse leaves alone in a path, so the official signer encodes them correctly.
const CLEAN_PATH_CHARS = [...'aZ09-_.~!$&()*+,;=:@[]', 'é', 'ß', 'Ω', '中', '文', '😀', 'ü'];
// Characters the official signer gets wrong in a path (see the file comment).
const BUGGY_PATH_CHARS = ['%', ' ', '"', '#', "'", '<', '>', '?', '\\', '^', '`', '{', '|', '}', '/', '%41', '%2F'];
const QUERY_CHARS = [...CLEAN_PATH_CHARS, ...BUGGY_PATH_CHARS, '&', '=', '+', '~'];
const HEADER_VALUE_CHARS = [...'abcXYZ019 -_.,;:=/()*\'"!?@#$%&+[]{}<>|~^`\\', ' ', ' '];
const HEADER_NAMES = ['content-type', 'accept', 'x-project-id', 'x-language', 'x-request-id', 'user-agent', 'x-domain-id', 'x-custom', 'x-a', 'x-b-c'];
const BUGGY_HEADER_NAMES = ['x_a', 'x-b_c', 'x_request_id'];
const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'];
const HOSTS = ['cce.cn-north-4.myhuaweicloud.com', 'iam.myhuaweicloud.com', 'h.example.com:8443', '127.0.0.1:35711'];

const segment = (chars: string[], dots: boolean) => fc.string({ unit: fc.constantFrom(...chars), maxLength: 8 })
  .filter((s) => dots || (s !== '.' && s !== '..'));
const pathArb = (chars: string[], dots: boolean) => fc.tuple(fc.array(segment(chars, dots), { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([segments, trailingSlash]) => ({ segments, trailingSlash }));
const queryArb = fc.array(fc.tuple(
  fc.oneof(fc.constantFrom('limit', 'marker', 'name', 'status', 'k'), fc.string({ unit: fc.constantFrom(...QUERY_CHARS), minLength: 1, maxLength: 6 })),
  fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom(...QUERY_CHARS), maxLength: 8 })),
  fc.boolean(),
), { maxLength: 6 }).map((pairs) => pairs.filter(([k]) => k !== '__proto__'));
const headersArb = (withBugs: boolean) => fc.uniqueArray(fc.tuple(
  fc.constantFrom(...HEADER_NAMES, ...(withBugs ? BUGGY_HEADER_NAMES : [])),
  fc.string({ unit: fc.constantFrom(...HEADER_VALUE_CHARS), maxLength: 24 }).map((v) => (withBugs ? ` ${v} ` : v.trim())),
  fc.boolean(),
), { selector: ([name]) => name, maxLength: 5 });
const jsonArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 4 })
  .map((o) => ({ metadata: { name: 'c' }, spec: o }));
const dateArb = fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 }).map((s) => new Date(s * 1000));
const credsArb = fc.record({
  ak: fc.stringMatching(/^[A-Z0-9]{20}$/),
  sk: fc.stringMatching(/^[A-Za-z0-9]{40}$/),
  securityToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=_-]{10,60}$/), { nil: undefined }),
});

type Body = { kind: 'none' } | { kind: 'json'; data: unknown; asBytes: boolean } | { kind: 'binary'; bytes: Uint8Array };

interface Generated {
  method: string;
  host: string;
  path: { segments: string[]; trailingSlash: boolean };
  query: [string, string, boolean][];
  headers: [string, string, boolean][];
  body: Body;
  date: Date;
  dateInHeader: boolean;
  rawPathForUs: boolean;
  creds: { ak: string; sk: string; securityToken: string | undefined };
}

function sdkDate(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/** Our side: a URL as a client puts it on the wire, the body bytes, headers as given. */
function ours(g: Generated): string {
  const path = '/' + g.path.segments.map((s) => (g.rawPathForUs ? s : encodeURIComponent(s))).join('/') + (g.path.trailingSlash ? '/' : '');
  const query = g.query.map(([k, v, bare]) => encodeURIComponent(k) + (v === '' && bare ? '' : '=' + encodeURIComponent(v))).join('&');
  const headers: Record<string, string> = {};
  for (const [name, value, upper] of g.headers) headers[upper ? name.toUpperCase() : name] = value;
  if (g.body.kind === 'binary') headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  if (g.dateInHeader) headers['X-Sdk-Date'] = sdkDate(g.date);
  const body = g.body.kind === 'json' ? (g.body.asBytes ? new TextEncoder().encode(JSON.stringify(g.body.data)) : JSON.stringify(g.body.data))
    : g.body.kind === 'binary' ? g.body.bytes : undefined;
  return signRequest(
    { method: g.method, url: `https://${g.host}${path}${query ? '?' + query : ''}`, headers, body },
    g.creds,
    g.dateInHeader ? undefined : { date: g.date },
  ).Authorization;
}

/** The official side: the request as HcClient hands it to AKSKSigner.sign. */
function official(g: Generated, opts: { encodedPath: boolean; trimHeaders: boolean; binaryHashed: boolean; getDataObject: boolean }): OfficialRequest {
  const path = '/' + g.path.segments.map((s) => (opts.encodedPath ? encodeURIComponent(s) : s)).join('/') + (g.path.trailingSlash ? '/' : '');
  const queryParams: Record<string, string | string[]> = {};
  for (const [k, v] of g.query) {
    const prev = queryParams[k];
    queryParams[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  const headers: Record<string, string> = { 'X-Sdk-Date': sdkDate(g.date) };
  for (const [name, value, upper] of g.headers) headers[upper ? name.toUpperCase() : name] = opts.trimHeaders ? value.trim() : value;
  if (g.creds.securityToken) headers['X-Security-Token'] = g.creds.securityToken;
  const request: OfficialRequest = { method: g.method, endpoint: `https://${g.host}${path}`, headers, queryParams };
  if (g.body.kind === 'json') {
    request.data = g.body.data;
    request.sentBody = new TextEncoder().encode(JSON.stringify(g.body.data));
  } else if (g.body.kind === 'binary') {
    if (!opts.binaryHashed) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
    request.data = { binary: true };
    request.sentBody = g.body.bytes;
  } else if (opts.getDataObject) {
    request.data = {}; // what generated SDK code passes for a GET; nothing is sent
  }
  return request;
}

const bodyArb = (method: string, allowBinary: boolean) => {
  const options: fc.Arbitrary<Body>[] = [fc.constant<Body>({ kind: 'none' })];
  if (method !== 'GET' && method !== 'HEAD') options.push(fc.record({ kind: fc.constant('json' as const), data: jsonArb, asBytes: fc.boolean() }));
  if (allowBinary) options.push(fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes): Body => ({ kind: 'binary', bytes })));
  return fc.oneof(...options);
};

const generated = (pathChars: string[], withBugs: boolean) => fc.constantFrom(...METHODS).chain((method) => fc.record({
  method: fc.constant(method),
  host: fc.constantFrom(...HOSTS),
  path: pathArb(pathChars, withBugs),
  query: queryArb,
  headers: headersArb(withBugs),
  body: bodyArb(method, true),
  date: dateArb,
  dateInHeader: fc.boolean(),
  rawPathForUs: fc.boolean(),
  creds: credsArb,
}));

describe('signRequest equals the official SDK signer', () => {
  it('on 300 generated requests the official signer handles correctly (official signer unmodified)', () => {
    let runs = 0;
    fc.assert(fc.property(generated(CLEAN_PATH_CHARS, false), (g) => {
      runs++;
      const expected = officialAuthorization(AKSKSigner, official(g, { encodedPath: false, trimHeaders: false, binaryHashed: false, getDataObject: false }), g.creds.ak, g.creds.sk);
      expect(ours(g)).toBe(expected);
    }), { numRuns: 300 });
    expect(runs).toBe(300);
  });

  it('on 200 generated requests hitting its known bugs, with only those steps replaced by the server rule', () => {
    let runs = 0;
    const arb = fc.record({
      g: generated([...CLEAN_PATH_CHARS, ...BUGGY_PATH_CHARS], true).map((g) => ({ ...g, rawPathForUs: false })),
      binaryHashed: fc.boolean(),
    });
    fc.assert(fc.property(arb, ({ g, binaryHashed }) => {
      runs++;
      const ourAuth = binaryHashed && g.body.kind === 'binary'
        ? signRequest({
          method: g.method,
          url: `https://${g.host}/${g.path.segments.map(encodeURIComponent).join('/')}${g.path.trailingSlash ? '/' : ''}${g.query.length ? '?' + g.query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&') : ''}`,
          headers: { ...Object.fromEntries(g.headers.map(([n, v]) => [n, v])), 'X-Sdk-Date': sdkDate(g.date) },
          body: g.body.bytes,
        }, g.creds).Authorization
        : ours({ ...g, headers: g.headers.map(([n, v]) => [n, v, false]) });
      const request = official({ ...g, headers: g.headers.map(([n, v]) => [n, v, false]) },
        { encodedPath: true, trimHeaders: true, binaryHashed, getDataObject: g.method === 'GET' });
      expect(ourAuth).toBe(officialAuthorization(ServerRuleSigner, request, g.creds.ak, g.creds.sk));
    }), { numRuns: 200 });
    expect(runs).toBe(200);
  });

  it('really differs from the unmodified official signer on those bugs (so the adjustments are needed)', () => {
    const creds = { ak: 'AK000000000000000000', sk: 'SK00000000000000000000000000000000000000' };
    const date = new Date('2024-05-06T07:08:09Z');
    const base = { method: 'GET', headers: { 'X-Sdk-Date': sdkDate(date) } };
    const ourSpace = signRequest({ ...base, url: 'https://h.example.com/v1/a%20b' }, creds).Authorization;
    const officialSpace = officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1/a b', headers: { ...base.headers }, queryParams: {} }, creds.ak, creds.sk);
    expect(ourSpace).not.toBe(officialSpace);
    const ourGet = signRequest({ ...base, url: 'https://h.example.com/v1' }, creds).Authorization;
    const officialGet = officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers }, queryParams: {}, data: {} }, creds.ak, creds.sk);
    expect(ourGet).not.toBe(officialGet);
    expect(ourGet).toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers }, queryParams: {} }, creds.ak, creds.sk));
    const underscores = { 'x_a': '1', 'x-a': '2' };
    const ourUnderscore = signRequest({ ...base, url: 'https://h.example.com/v1', headers: { ...base.headers, ...underscores } }, creds).Authorization;
    const officialUnderscore = officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers, ...underscores }, queryParams: {} }, creds.ak, creds.sk);
    expect(ourUnderscore).not.toBe(officialUnderscore);
    const padded = { 'X-Language': ' en us ' };
    const ourPadded = signRequest({ ...base, url: 'https://h.example.com/v1', headers: { ...base.headers, ...padded } }, creds).Authorization;
    expect(ourPadded).not.toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers, ...padded }, queryParams: {} }, creds.ak, creds.sk));
    expect(ourPadded).toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers, 'X-Language': 'en us' }, queryParams: {} }, creds.ak, creds.sk));
    const ourDots = signRequest({ ...base, url: 'https://h.example.com/v1/./a/../b' }, creds).Authorization;
    expect(ourDots).not.toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1/./a/../b', headers: { ...base.headers }, queryParams: {} }, creds.ak, creds.sk));
    expect(ourDots).toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1/b', headers: { ...base.headers }, queryParams: {} }, creds.ak, creds.sk));
    const bytes = new Uint8Array([0, 1, 2, 255]);
    const ourBinary = signRequest({ ...base, method: 'PUT', url: 'https://h.example.com/v1', body: bytes }, creds).Authorization;
    expect(ourBinary).not.toBe(officialAuthorization(AKSKSigner, { method: 'PUT', endpoint: 'https://h.example.com/v1', headers: { ...base.headers }, queryParams: {}, data: bytes }, creds.ak, creds.sk));
    expect(ourBinary).toBe(officialAuthorization(ServerRuleSigner, { method: 'PUT', endpoint: 'https://h.example.com/v1', headers: { ...base.headers }, queryParams: {}, data: bytes, sentBody: bytes } as OfficialRequest, creds.ak, creds.sk));
    // An explicit default port: HTTP clients send `Host: h.example.com`, the official signer signs `h.example.com:443`.
    const ourPort = signRequest({ ...base, url: 'https://h.example.com:443/v1' }, creds).Authorization;
    expect(ourPort).not.toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com:443/v1', headers: { ...base.headers }, queryParams: {} }, creds.ak, creds.sk));
    expect(ourPort).toBe(officialAuthorization(AKSKSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers }, queryParams: {} }, creds.ak, creds.sk));
    expect(ourUnderscore).toBe(officialAuthorization(ServerRuleSigner, { method: 'GET', endpoint: 'https://h.example.com/v1', headers: { ...base.headers, ...underscores }, queryParams: {} }, creds.ak, creds.sk));
  });
});
