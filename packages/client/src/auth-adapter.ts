// Connects the auth package (signing, credential chain) to the transport's AuthStrategy seam.
// The project-id lookup request is sent here rather than with auth's lookupProjectId so that it runs
// through the same pipeline (pool, retries, errors, logging) and works with token credentials too;
// the answer is judged by auth's projectIdFromAnswer, as lookupProjectId judges it.
import type { Dispatcher } from 'undici';
import { homedir } from 'node:os';
import {
  defaultCredentialChain,
  domainIdFromAnswer,
  nodeReadTextFile,
  projectIdFromAnswer,
  resolveCredentials,
  signRequest,
  type CredentialProvider,
  type SigningCredentials,
} from '@cce-autopilot/auth';
import type { OperationDef } from '@cce-autopilot/models';
import { runPipeline, type AuthStrategy, type RequestLogger, type RequestToAuthorize } from './pipeline.js';
import type { RetryPolicy } from './retry.js';
import { serialize } from './serialize.js';

/** A source of IAM tokens (`X-Auth-Token`), e.g. the auth package's token provider. */
export interface TokenSource {
  getToken(signal?: AbortSignal): Promise<string> | string;
}

/**
 * AK/SK (temporary ones with a security token), an IAM token source, a credential provider of the
 * auth package (e.g. a chain including the editor's secret storage), or any AuthStrategy.
 */
export type ClientCredentials = SigningCredentials | TokenSource | CredentialProvider | AuthStrategy;

interface AdapterOptions {
  readonly credentials?: ClientCredentials;
  readonly profile?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The strategy plus what the credentials said about the project, when they said it. */
export interface ResolvedAuth {
  readonly strategy: AuthStrategy;
  readonly projectId?: string;
  readonly domainId?: string;
}

function isStrategy(value: ClientCredentials): value is AuthStrategy {
  return typeof (value as AuthStrategy).authorize === 'function';
}

function isTokenSource(value: ClientCredentials): value is TokenSource {
  return typeof (value as TokenSource).getToken === 'function';
}

function isProvider(value: ClientCredentials): value is CredentialProvider {
  return typeof (value as CredentialProvider).resolve === 'function';
}

/** Signs with AK/SK (SDK-HMAC-SHA256); temporary credentials add their security token. */
export function akskStrategy(credentials: SigningCredentials): AuthStrategy {
  return {
    authorize: (request: RequestToAuthorize) => signRequest(request, credentials),
  };
}

/** Sends an IAM token as `X-Auth-Token`; the source caches and refreshes it. */
export function tokenStrategy(source: TokenSource): AuthStrategy {
  return {
    authorize: async (_request: RequestToAuthorize, signal?: AbortSignal) => ({ 'X-Auth-Token': await source.getToken(signal) }),
  };
}

async function fromProvider(provider: CredentialProvider): Promise<ResolvedAuth> {
  const resolved = await resolveCredentials(provider);
  const signing: SigningCredentials = resolved.securityToken
    ? { ak: resolved.ak, sk: resolved.sk, securityToken: resolved.securityToken }
    : { ak: resolved.ak, sk: resolved.sk };
  return {
    strategy: akskStrategy(signing),
    ...(resolved.projectId ? { projectId: resolved.projectId } : {}),
    ...(resolved.domainId ? { domainId: resolved.domainId } : {}),
  };
}

/** Explicit credentials, else the auth package's default chain (environment, then profile file). */
export async function resolveAuthStrategy(options: AdapterOptions): Promise<ResolvedAuth> {
  const credentials = options.credentials;
  if (credentials !== undefined) {
    if (isStrategy(credentials)) return { strategy: credentials };
    if (isTokenSource(credentials)) return { strategy: tokenStrategy(credentials) };
    if (isProvider(credentials)) return fromProvider(credentials);
    return { strategy: akskStrategy(credentials) };
  }
  return fromProvider(
    defaultCredentialChain({
      env: options.env ?? process.env,
      homeDir: homedir(),
      readTextFile: nodeReadTextFile,
      ...(options.profile === undefined ? {} : { profile: options.profile }),
    }),
  );
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

/** Sends one IAM read through the client's pipeline (pool, retries, errors, logging) and answers its JSON. */
function iamRead(op: OperationDef, input: Record<string, unknown>, lookup: DomainLookup): Promise<unknown> {
  const url = new URL(lookup.iamEndpoint);
  const prepared = serialize(op, input, undefined, url.origin, lookup.userAgent);
  const basePath = url.pathname.replace(/\/$/, '');
  return runPipeline({
    op,
    prepared: basePath === '' ? prepared : { ...prepared, path: basePath + prepared.path },
    auth: lookup.auth,
    dispatcher: lookup.dispatcher,
    policy: lookup.policy,
    attemptTimeoutMs: lookup.attemptTimeoutMs,
    signal: lookup.signal,
    logger: lookup.logger,
  });
}

/** Looks up the project id of a region: `GET {iam}/v3/projects?name={region}`. */
export async function resolveProjectId(lookup: ProjectLookup): Promise<string> {
  return projectIdFromAnswer(lookup.region, await iamRead(listProjects, { name: lookup.region }, lookup), lookup.iamEndpoint);
}

/** IAM's domain list of the caller (Keystone), for the domain id that global services need. */
const listAuthDomains: OperationDef = {
  ...listProjects,
  name: 'KeystoneListAuthDomains',
  title: 'List the domains the caller can access',
  titleZh: '查询IAM用户可以访问的账号详情',
  path: '/v3/auth/domains',
  query: [],
};

export type DomainLookup = Omit<ProjectLookup, 'region'>;

/** Looks up the caller's domain id, as the official SDKs' GlobalCredentials do: `GET {iam}/v3/auth/domains`. */
export async function resolveDomainId(lookup: DomainLookup): Promise<string> {
  return domainIdFromAnswer(await iamRead(listAuthDomains, {}, lookup), lookup.iamEndpoint);
}
