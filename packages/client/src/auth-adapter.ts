// Connects the auth package (signing, credential chain, IAM) to the transport's AuthStrategy seam.
import type { Dispatcher } from 'undici';
import { signRequest, type SigningCredentials } from '@cce-autopilot/auth';
import type { AuthStrategy, RequestToAuthorize } from './transport.js';
import { apiErrorFromResponse } from './errors.js';
import { encodeRfc3986 } from './transport.js';

/** A source of IAM tokens (`X-Auth-Token`), e.g. the auth package's token provider. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string> | string;
}

export type ClientCredentials = SigningCredentials | TokenSource | AuthStrategy;

interface AdapterOptions {
  readonly credentials?: ClientCredentials;
  readonly profile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function isStrategy(value: ClientCredentials): value is AuthStrategy {
  return typeof (value as AuthStrategy).authorize === 'function';
}

function isTokenSource(value: ClientCredentials): value is TokenSource {
  return typeof (value as TokenSource).getToken === 'function';
}

/** Signs with AK/SK (SDK-HMAC-SHA256); temporary credentials add their security token. */
export function akskStrategy(credentials: SigningCredentials): AuthStrategy {
  return {
    authorize: (request: RequestToAuthorize) => signRequest(request, credentials) as unknown as Record<string, string>,
  };
}

/** Sends an IAM token as `X-Auth-Token`; the source caches and refreshes it. */
export function tokenStrategy(source: TokenSource): AuthStrategy {
  return {
    authorize: async (_request: RequestToAuthorize, signal?: AbortSignal) => ({ 'X-Auth-Token': await source.getToken(signal) }),
  };
}

function fromEnvironment(env: Readonly<Record<string, string | undefined>>): SigningCredentials | undefined {
  const ak = env['HUAWEICLOUD_SDK_AK'] ?? env['CLOUD_SDK_AK'];
  const sk = env['HUAWEICLOUD_SDK_SK'] ?? env['CLOUD_SDK_SK'];
  if (!ak || !sk) return undefined;
  const securityToken = env['HUAWEICLOUD_SDK_SECURITY_TOKEN'];
  return securityToken ? { ak, sk, securityToken } : { ak, sk };
}

export async function resolveAuthStrategy(options: AdapterOptions, _iamEndpoint: string, _dispatcher: Dispatcher): Promise<AuthStrategy> {
  const credentials = options.credentials;
  if (credentials !== undefined) {
    if (isStrategy(credentials)) return credentials;
    if (isTokenSource(credentials)) return tokenStrategy(credentials);
    return akskStrategy(credentials);
  }
  const fromEnv = fromEnvironment(options.env ?? process.env);
  if (fromEnv) return akskStrategy(fromEnv);
  throw new Error('No credentials: pass credentials, or set HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK');
}

/** Looks up the project id of a region: `GET {iam}/v3/projects?name={region}`. */
export async function resolveProjectId(
  region: string,
  iamEndpoint: string,
  auth: AuthStrategy,
  dispatcher: Dispatcher,
  userAgent: string,
  signal?: AbortSignal,
): Promise<string> {
  const url = new URL(iamEndpoint);
  const path = `${url.pathname.replace(/\/$/, '')}/v3/projects?name=${encodeRfc3986(region)}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent };
  const added = await auth.authorize({ method: 'GET', url: url.origin + path, headers, body: undefined }, signal);
  const response = await dispatcher.request({ origin: url.origin, path, method: 'GET', headers: { ...headers, ...added }, ...(signal ? { signal } : {}) });
  const text = await response.body.text();
  const requestId = response.headers['x-request-id'];
  if (response.statusCode !== 200) {
    throw apiErrorFromResponse('KeystoneListProjects', response.statusCode, typeof requestId === 'string' ? requestId : undefined, text);
  }
  const parsed = JSON.parse(text) as { projects?: { id?: string; name?: string }[] };
  const project = parsed.projects?.find((p) => p.name === region) ?? parsed.projects?.[0];
  if (!project?.id) throw new Error(`IAM knows no project named "${region}"; pass a project id`);
  return project.id;
}
