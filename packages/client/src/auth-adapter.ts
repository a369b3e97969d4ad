// Connects the auth package (signing, credential chain, IAM) to the transport's AuthStrategy seam.
import type { Dispatcher } from 'undici';
import { signRequest, type SigningCredentials } from '@cce-autopilot/auth';
import type { OperationDef } from '@cce-autopilot/models';
import { runPipeline, serialize, type AuthStrategy, type RequestLogger, type RequestToAuthorize, type RetryPolicy } from './transport.js';

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

/** IAM's project list (Keystone), described like a catalogue operation so it runs through the same pipeline. */
const listProjects: OperationDef = {
  name: 'KeystoneListProjects',
  section: 'IAM',
  title: 'List projects',
  titleZh: '查询指定条件下的项目列表',
  group: 'cluster',
  method: 'GET',
  path: '/v3/projects',
  pathParams: [],
  query: [{ name: 'name', required: true, type: 'string', description: 'Project name = region id.' }],
  requestKind: 'none',
  requestSchema: undefined,
  responseKind: 'json',
  responseSchema: undefined,
  successStatus: [200],
  projectIdInPath: false,
};

export interface ProjectLookup {
  readonly region: string;
  readonly iamEndpoint: string;
  readonly auth: AuthStrategy;
  readonly dispatcher: Dispatcher;
  readonly userAgent: string;
  readonly policy: RetryPolicy;
  readonly attemptTimeoutMs: number;
  readonly signal: AbortSignal;
  readonly logger: RequestLogger | undefined;
}

/** Looks up the project id of a region: `GET {iam}/v3/projects?name={region}`. */
export async function resolveProjectId(lookup: ProjectLookup): Promise<string> {
  const url = new URL(lookup.iamEndpoint);
  const prepared = serialize(listProjects, { name: lookup.region }, undefined, url.origin, lookup.userAgent);
  const basePath = url.pathname.replace(/\/$/, '');
  const parsed = (await runPipeline({
    op: listProjects,
    prepared: basePath === '' ? prepared : { ...prepared, path: basePath + prepared.path },
    auth: lookup.auth,
    dispatcher: lookup.dispatcher,
    policy: lookup.policy,
    attemptTimeoutMs: lookup.attemptTimeoutMs,
    signal: lookup.signal,
    logger: lookup.logger,
  })) as { projects?: { id?: string; name?: string }[] } | undefined;
  const project = parsed?.projects?.find((p) => p.name === lookup.region);
  if (!project?.id) throw new Error(`IAM at ${lookup.iamEndpoint} knows no project named "${lookup.region}"; pass a project id`);
  return project.id;
}
