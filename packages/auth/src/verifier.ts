import { timingSafeEqual } from 'node:crypto';
import {
  ALGORITHM, EMPTY_BODY_SHA256, UNSIGNED_PAYLOAD, computeSignature, formatSdkDate, parseSdkDate, sha256Hex, splitUrl,
} from './canonical.js';
import { headerValue } from './signer.js';

/** A request as a server received it. */
export interface VerifyInput {
  method: string;
  /** Path + query as received (or an absolute URL). */
  url: string;
  /** Node's IncomingHttpHeaders: lower-case keys. */
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array | string;
}

export type VerifyResult =
  | { ok: true; ak: string; signedHeaders: string[] }
  | { ok: false; code: string; reason: string; status: number };

export interface VerifyOptions {
  /** The server's clock; now when absent. */
  now?: Date;
  /** Largest accepted distance between X-Sdk-Date and now; 15 minutes as at the gateway. */
  maxSkewMs?: number;
}

/**
 * Gateway error codes answered for authentication failures. Huawei Cloud's API gateway answers
 * every failed IAM authentication (token or AK/SK) of a cloud service API with APIGW.0301 and
 * HTTP 401; the message after the colon says which check failed.
 */
export const GATEWAY_AUTH_ERROR = { code: 'APIGW.0301', status: 401, message: 'Incorrect IAM authentication information' } as const;

const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const SIGNED_HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9a-z]+$/;

function fail(detail: string): VerifyResult {
  return { ok: false, code: GATEWAY_AUTH_ERROR.code, status: GATEWAY_AUTH_ERROR.status, reason: `${GATEWAY_AUTH_ERROR.message}: ${detail}` };
}

interface ParsedAuthorization {
  ak: string;
  signedHeaders: string[];
  signature: string;
}

function parseAuthorization(value: string): ParsedAuthorization | string {
  if (!value.startsWith(ALGORITHM + ' ')) {
    const scheme = value.split(' ', 1)[0] ?? '';
    return `Authorization scheme ${JSON.stringify(scheme.slice(0, 40))} is not ${ALGORITHM}`;
  }
  const fields = new Map<string, string>();
  for (const part of value.slice(ALGORITHM.length + 1).split(',')) {
    const item = part.trim();
    const eq = item.indexOf('=');
    if (eq <= 0) return `Authorization part ${JSON.stringify(item.slice(0, 40))} is not name=value`;
    const name = item.slice(0, eq);
    if (fields.has(name)) return `Authorization has ${name} twice`;
    fields.set(name, item.slice(eq + 1));
  }
  const ak = fields.get('Access');
  const signed = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (ak === undefined || ak === '') return 'Authorization has no Access=<AK>';
  if (signed === undefined || signed === '') return 'Authorization has no SignedHeaders=<names>';
  if (signature === undefined) return 'Authorization has no Signature=<hex>';
  if (!HEX_SIGNATURE.test(signature)) return 'Authorization Signature is not 64 lower-case hex digits';
  const signedHeaders = signed.split(';');
  const seen = new Set<string>();
  for (const name of signedHeaders) {
    if (!SIGNED_HEADER_NAME.test(name)) return `SignedHeaders entry ${JSON.stringify(name.slice(0, 40))} is not a lower-case header name`;
    if (seen.has(name)) return `SignedHeaders lists ${name} twice`;
    seen.add(name);
  }
  return { ak, signedHeaders, signature };
}

function single(headers: VerifyInput['headers'], name: string): string | undefined {
  const value = headers[name];
  return value === undefined ? undefined : headerValue(value);
}

interface CheckedHeaders {
  ak: string;
  signedHeaders: string[];
  signature: string;
  canonicalHeaders: string;
  sdkDate: string;
  sk: string;
}

/** Every check that needs no body: Authorization's form, the signed headers, the date window, the AK. */
function checkHeaders(
  headers: VerifyInput['headers'],
  lookupSecret: (ak: string) => { sk: string } | undefined,
  options: VerifyOptions | undefined,
): CheckedHeaders | VerifyResult {
  const authorization = single(headers, 'authorization');
  if (authorization === undefined || authorization === '') {
    return fail('the request has no Authorization header (expected SDK-HMAC-SHA256 Access=..., SignedHeaders=..., Signature=...)');
  }
  const parsed = parseAuthorization(authorization);
  if (typeof parsed === 'string') return fail(`malformed Authorization header: ${parsed}`);
  const { ak, signedHeaders, signature } = parsed;

  for (const required of ['host', 'x-sdk-date']) {
    if (!signedHeaders.includes(required)) return fail(`SignedHeaders must include ${required}`);
  }
  let canonicalHeaders = '';
  for (const name of signedHeaders) {
    const value = single(headers, name);
    if (value === undefined) return fail(`signed header ${name} is missing from the request`);
    canonicalHeaders += name + ':' + value + '\n';
  }

  const sdkDate = single(headers, 'x-sdk-date') ?? '';
  const signedAt = parseSdkDate(sdkDate);
  if (signedAt === undefined) return fail(`X-Sdk-Date ${JSON.stringify(sdkDate.slice(0, 40))} is not a UTC time YYYYMMDDTHHMMSSZ`);
  const now = options?.now ?? new Date();
  const maxSkewMs = options?.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (Math.abs(now.getTime() - signedAt.getTime()) > maxSkewMs) {
    return fail(`signature expired, signature time:${sdkDate}, server time:${formatSdkDate(now)} (more than ${Math.round(maxSkewMs / 60000)} minutes apart)`);
  }

  const secret = lookupSecret(ak);
  if (secret === undefined) return fail(`ak ${ak.slice(0, 64)} not exist (unknown access key)`);
  if (single(headers, 'x-sdk-content-sha256') === UNSIGNED_PAYLOAD && !signedHeaders.includes('x-sdk-content-sha256')) {
    return fail('X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD is only accepted when x-sdk-content-sha256 is a signed header');
  }
  return { ak, signedHeaders, signature, canonicalHeaders, sdkDate, sk: secret.sk };
}

/**
 * The checks of `verifyRequest` that need no body (Authorization's form, signed headers, the date
 * window, a known AK), so a server can refuse a request its headers condemn before it reads, and
 * spends memory on, the body. `ok` here still needs `verifyRequest` once the body is in.
 */
export function verifyRequestHeaders(
  headers: VerifyInput['headers'],
  lookupSecret: (ak: string) => { sk: string } | undefined,
  options?: VerifyOptions,
): VerifyResult {
  const checked = checkHeaders(headers, lookupSecret, options);
  if ('ok' in checked) return checked;
  return { ok: true, ak: checked.ak, signedHeaders: checked.signedHeaders };
}

/**
 * Verifies an SDK-HMAC-SHA256 request the way the API gateway does: the signed headers must
 * include `host` and `x-sdk-date`, the date must be within 15 minutes, the body must match its
 * hash (or the request must sign `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD`), and the signature,
 * recomputed with the AK's secret, must be equal (compared in constant time). Reasons never
 * contain the SK or any signed header value.
 */
export function verifyRequest(
  input: VerifyInput,
  lookupSecret: (ak: string) => { sk: string } | undefined,
  options?: VerifyOptions,
): VerifyResult {
  const checked = checkHeaders(input.headers, lookupSecret, options);
  if ('ok' in checked) return checked;
  const { ak, signedHeaders, signature, canonicalHeaders, sdkDate, sk } = checked;
  const payloadHash = single(input.headers, 'x-sdk-content-sha256') === UNSIGNED_PAYLOAD
    ? UNSIGNED_PAYLOAD
    : input.body.length === 0 ? EMPTY_BODY_SHA256 : sha256Hex(input.body);

  const target = splitUrl(input.url);
  const expected = computeSignature({
    method: input.method.toUpperCase(), path: target.path, query: target.query,
    canonicalHeaders, signedHeaders: signedHeaders.join(';'), payloadHash, sdkDate,
  }, sk);
  if (!timingSafeEqual(Buffer.from(expected, 'latin1'), Buffer.from(signature, 'latin1'))) {
    return fail('verify aksk signature fail: the signature does not match the method, path, query, signed headers and body received');
  }
  return { ok: true, ak, signedHeaders };
}
