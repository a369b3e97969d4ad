import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { verifyRequest, verifyRequestHeaders } from '@cce-autopilot/auth';
import { GatewayError } from './errors.js';
import type { Account } from './records.js';
import type { World } from './world.js';

export type AuthMode = 'strict' | 'lenient' | 'off';

/** Who sent a request: the account (domain) and, for tokens, the project the token is scoped to. */
export interface Caller {
  account: Account;
  via: 'aksk' | 'token';
  tokenProjectId?: string;
}

export function tokenId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function tokenCaller(world: World, token: string): Caller {
  const record = world.tokens.get(tokenId(token));
  if (!record) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the X-Auth-Token is not a token issued by IAM.');
  if (record.expiresAt <= world.now()) throw new GatewayError(401, 'APIGW.0307', 'The token has expired; get a new one from IAM (POST /v3/auth/tokens).');
  const account = world.accounts.get(record.domainId);
  if (!account) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the token\'s account no longer exists.');
  return { account, via: 'token', tokenProjectId: record.projectId };
}

const noCredentials = () => new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the request carries neither an X-Auth-Token nor an SDK-HMAC-SHA256 Authorization header.');

function secretOf(world: World, found: { owner?: Account }): (ak: string) => { sk: string } | undefined {
  return (ak) => {
    for (const account of world.accounts.list()) {
      const key = account.accessKeys.find((k) => k.ak === ak);
      if (key) {
        found.owner = account;
        return { sk: key.sk };
      }
    }
    return undefined;
  };
}

/**
 * What the headers alone decide, before the body is read: a request without credentials, with an
 * unknown or expired token, a malformed Authorization, a missing or stale X-Sdk-Date or an unknown
 * AK is refused here, so an unauthenticated client never makes the emulator hold its body.
 * Throws the GatewayError `authenticate` would throw.
 */
export function preAuthenticate(world: World, headers: IncomingHttpHeaders): void {
  const token = header(headers, 'x-auth-token');
  if (token !== undefined) {
    tokenCaller(world, token);
    return;
  }
  if (header(headers, 'authorization') === undefined) throw noCredentials();
  const result = verifyRequestHeaders(headers as Record<string, string | string[] | undefined>, secretOf(world, {}), { now: new Date() });
  if (!result.ok) throw new GatewayError(result.status, result.code, result.reason);
}

/**
 * Checks the credentials of a CCE (or IAM project-list) request: an AK/SK signature, verified by
 * the auth package's verifier, or an IAM token issued by this emulator. Throws a GatewayError.
 * `X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD` (a signature that does not cover the body) is accepted
 * only when `unsignedPayload` allows it: the official SDKs send it only for bodies that are not
 * JSON (multipart uploads), so a JSON body must be hashed, or a captured request's body could be swapped.
 */
export function authenticate(world: World, input: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer; unsignedPayload?: boolean }): Caller {
  const token = header(input.headers, 'x-auth-token');
  if (token !== undefined) return tokenCaller(world, token);
  const authorization = header(input.headers, 'authorization');
  if (authorization === undefined) throw noCredentials();
  if (input.unsignedPayload !== true && header(input.headers, 'x-sdk-content-sha256') === 'UNSIGNED-PAYLOAD') {
    throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD is accepted only for multipart/form-data uploads; sign the SHA-256 of this body.');
  }
  const found: { owner?: Account } = {};
  const result = verifyRequest(
    { method: input.method, url: input.url, headers: input.headers as Record<string, string | string[] | undefined>, body: input.body },
    secretOf(world, found),
    { now: new Date() },
  );
  if (!result.ok) throw new GatewayError(result.status, result.code, result.reason);
  if (!found.owner) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: unknown access key.');
  return { account: found.owner, via: 'aksk' };
}
