import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { verifyRequest } from '@cce-autopilot/auth';
import { GatewayError } from './errors.js';
import type { Account, TokenRecord } from './records.js';
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

/**
 * Checks the credentials of a CCE (or IAM project-list) request: an AK/SK signature, verified by
 * the auth package's verifier, or an IAM token issued by this emulator. Throws a GatewayError.
 */
export function authenticate(world: World, input: { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }): Caller {
  const token = header(input.headers, 'x-auth-token');
  if (token !== undefined) {
    const record = world.store.get<TokenRecord>('tokens', tokenId(token));
    if (!record) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the X-Auth-Token is not a token issued by IAM.');
    if (record.expiresAt <= world.now()) throw new GatewayError(401, 'APIGW.0307', 'The token has expired; get a new one from IAM (POST /v3/auth/tokens).');
    const account = world.store.get<Account>('accounts', record.domainId);
    if (!account) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the token\'s account no longer exists.');
    return { account, via: 'token', tokenProjectId: record.projectId };
  }
  const authorization = header(input.headers, 'authorization');
  if (authorization === undefined) {
    throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the request carries neither an X-Auth-Token nor an SDK-HMAC-SHA256 Authorization header.');
  }
  let owner: Account | undefined;
  const result = verifyRequest(
    { method: input.method, url: input.url, headers: input.headers as Record<string, string | string[] | undefined>, body: input.body },
    (ak: string) => {
      for (const account of world.accounts()) {
        const key = account.accessKeys.find((k) => k.ak === ak);
        if (key) {
          owner = account;
          return { sk: key.sk };
        }
      }
      return undefined;
    },
    { now: new Date() },
  );
  if (!result.ok) throw new GatewayError(result.status, result.code, result.reason);
  if (!owner) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: unknown access key.');
  return { account: owner, via: 'aksk' };
}
