import { signRequest } from './signer.js';
import type { SigningCredentials } from './signer.js';

/** The global fetch, or a stand-in (tests, proxies). Auth sits below the client and uses only this. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

/** The platform's fetch, when there is one (Node 18+): a FetchLike as it is. */
function defaultFetch(): FetchLike | undefined {
  return typeof globalThis.fetch === 'function' ? globalThis.fetch : undefined;
}

/** An IAM call failed; carries what IAM said, never the password, token or SK. */
export class IamError extends Error {
  constructor(message: string, readonly status?: number, readonly errorCode?: string, readonly requestId?: string) {
    super(message);
    this.name = 'IamError';
  }
}

function trimSlash(endpoint: string): string {
  return endpoint.endsWith('/') ? endpoint.slice(0, -1) : endpoint;
}

// IAM answers `{"error":{"code":401,"message":"..."}}`; the gateway in front of it answers
// `{"error_code":"APIGW.0301","error_msg":"..."}`.
function describeFailure(status: number, text: string): { code?: string; message: string } {
  try {
    const body = JSON.parse(text) as Record<string, unknown>;
    const error = body.error as Record<string, unknown> | undefined;
    if (error && typeof error.message === 'string') {
      return { code: error.code === undefined ? undefined : String(error.code), message: error.message };
    }
    if (typeof body.error_msg === 'string') return { code: typeof body.error_code === 'string' ? body.error_code : undefined, message: body.error_msg };
  } catch {
    // not JSON: fall through to the status line
  }
  return { message: `HTTP ${status}` };
}

async function failure(what: string, response: Awaited<ReturnType<FetchLike>>): Promise<IamError> {
  const { code, message } = describeFailure(response.status, await response.text().catch(() => ''));
  const requestId = response.headers.get('x-request-id') ?? undefined;
  return new IamError(`${what} failed: HTTP ${response.status}${code ? ` ${code}` : ''}: ${message}`, response.status, code, requestId);
}

export interface PasswordIdentity {
  /** IAM user name. */
  userName: string;
  password: string;
  /** Account (domain) name the user belongs to. */
  domainName: string;
}

export type ProjectScope = { id: string } | { name: string };

export interface IamTokenProviderOptions {
  /** e.g. `https://iam.cn-north-4.myhuaweicloud.com` */
  iamEndpoint: string;
  identity: PasswordIdentity;
  /** Project scope by id, or by name (the region id, e.g. `cn-north-4`). */
  project: ProjectScope;
  fetch?: FetchLike;
  /** Clock in epoch ms. */
  now?: () => number;
  /** Fetch a new token this long before `expires_at`; default 5 minutes. */
  refreshBeforeMs?: number;
}

export interface IamToken {
  readonly token: string;
  readonly expiresAt: Date;
}

const DEFAULT_REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * IAM user tokens (`POST /v3/auth/tokens`, password method, project scope). The token is the
 * `X-Subject-Token` response header, valid until `token.expires_at`. It is cached until shortly
 * before then, and callers who ask while a request is under way share that request.
 */
export class IamTokenProvider {
  private cached: { token: IamToken; refreshAt: number } | undefined;
  private inFlight: Promise<IamToken> | undefined;
  private readonly fetch: FetchLike;
  private readonly now: () => number;
  private readonly refreshBeforeMs: number;

  constructor(private readonly options: IamTokenProviderOptions) {
    const f = options.fetch ?? defaultFetch();
    if (!f) throw new TypeError('IamTokenProvider: no fetch available; pass options.fetch');
    this.fetch = f;
    this.now = options.now ?? Date.now;
    this.refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  }

  /**
   * A valid token, from the cache when it is not about to expire. An aborted `signal` stops this
   * caller's wait only: the shared request goes on for the others.
   */
  async getToken(signal?: AbortSignal): Promise<string> {
    return (await this.getTokenInfo(signal)).token;
  }

  async getTokenInfo(signal?: AbortSignal): Promise<IamToken> {
    signal?.throwIfAborted();
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.token;
    if (!this.inFlight) {
      const requestedAt = this.now();
      this.inFlight = this.request().then((token) => {
        // A token shorter-lived than the refresh margin is still used for half its life, rather
        // than fetched again on every call.
        const lifetime = token.expiresAt.getTime() - requestedAt;
        this.cached = { token, refreshAt: token.expiresAt.getTime() - Math.min(this.refreshBeforeMs, lifetime / 2) };
        return token;
      }).finally(() => {
        this.inFlight = undefined;
      });
    }
    if (!signal) return this.inFlight;
    return new Promise<IamToken>((resolve, reject) => {
      const onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      this.inFlight!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  /** Forgets the cached token (e.g. after the API answered 401 with it). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async request(): Promise<IamToken> {
    const { identity, project, iamEndpoint } = this.options;
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password'],
          password: { user: { name: identity.userName, password: identity.password, domain: { name: identity.domainName } } },
        },
        scope: { project: 'id' in project ? { id: project.id } : { name: project.name } },
      },
    });
    const url = `${trimSlash(iamEndpoint)}/v3/auth/tokens`;
    const response = await this.fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json;charset=utf8' }, body });
    if (response.status < 200 || response.status > 299) throw await failure(`IAM token request for user ${identity.userName} at ${url}`, response);
    const token = response.headers.get('x-subject-token');
    if (!token) throw new IamError(`IAM token response from ${url} has no X-Subject-Token header`, response.status);
    let expiresAt: Date | undefined;
    try {
      const parsed = JSON.parse(await response.text()) as { token?: { expires_at?: unknown } };
      const raw = parsed.token?.expires_at;
      if (typeof raw === 'string') expiresAt = new Date(raw);
    } catch {
      // reported below
    }
    if (!expiresAt || Number.isNaN(expiresAt.getTime())) throw new IamError(`IAM token response from ${url} has no valid token.expires_at`, response.status);
    return { token, expiresAt };
  }
}

export interface ProjectLookupOptions {
  iamEndpoint: string;
  /** Region id; IAM names each region's default project after it. */
  region: string;
  credentials: SigningCredentials;
  fetch?: FetchLike;
  /** Signing time; now when absent. */
  date?: Date;
}

/**
 * The project id of a region (`GET {iam}/v3/projects?name={region}`, AK/SK-signed). It never
 * creates a project: none or several matches are errors that say so.
 */
export async function lookupProjectId(options: ProjectLookupOptions): Promise<string> {
  const f = options.fetch ?? defaultFetch();
  if (!f) throw new TypeError('lookupProjectId: no fetch available; pass options.fetch');
  const url = `${trimSlash(options.iamEndpoint)}/v3/projects?name=${encodeURIComponent(options.region)}`;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  Object.assign(headers, signRequest({ method: 'GET', url, headers }, options.credentials, options.date ? { date: options.date } : undefined));
  const response = await f(url, { method: 'GET', headers });
  if (response.status !== 200) throw await failure(`IAM project lookup for region ${options.region} at ${url}`, response);
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    throw new IamError(`IAM project lookup at ${url} answered something that is not JSON`, response.status);
  }
  return projectIdFromAnswer(options.region, body, url);
}

/**
 * The project id in an answer of `GET /v3/projects?name={region}`: exactly one project, or a clear
 * error (none: check the region or set the id; several: say which). Shared by every caller that
 * does the lookup over its own transport, so all of them judge the answer alike.
 */
export function projectIdFromAnswer(region: string, body: unknown, where: string): string {
  const projects = (body as { projects?: unknown } | null | undefined)?.projects;
  if (!Array.isArray(projects)) throw new IamError(`IAM project lookup at ${where} answered no "projects" list`, 200);
  const ids = projects.map((p) => (p as { id?: unknown }).id).filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length === 0) {
    throw new IamError(`No IAM project named ${region} is visible to these credentials. Check the region, or set HUAWEICLOUD_SDK_PROJECT_ID (projects are never created automatically).`, 200);
  }
  if (ids.length > 1) {
    throw new IamError(`Several IAM projects are named ${region} (${ids.join(', ')}); set HUAWEICLOUD_SDK_PROJECT_ID to the one to use.`, 200);
  }
  return ids[0]!;
}

export interface DomainLookupOptions {
  iamEndpoint: string;
  credentials: SigningCredentials;
  fetch?: FetchLike;
  /** Signing time; now when absent. */
  date?: Date;
}

/**
 * The account's domain id (`GET {iam}/v3/auth/domains`, AK/SK-signed), which global services need
 * (`X-Domain-Id`) and AK/SK credentials do not carry. The official SDKs' GlobalCredentials find it
 * the same way.
 */
export async function lookupDomainId(options: DomainLookupOptions): Promise<string> {
  const f = options.fetch ?? defaultFetch();
  if (!f) throw new TypeError('lookupDomainId: no fetch available; pass options.fetch');
  const url = `${trimSlash(options.iamEndpoint)}/v3/auth/domains`;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  Object.assign(headers, signRequest({ method: 'GET', url, headers }, options.credentials, options.date ? { date: options.date } : undefined));
  const response = await f(url, { method: 'GET', headers });
  if (response.status !== 200) throw await failure(`IAM domain lookup at ${url}`, response);
  let body: unknown;
  try {
    body = JSON.parse(await response.text());
  } catch {
    throw new IamError(`IAM domain lookup at ${url} answered something that is not JSON`, response.status);
  }
  return domainIdFromAnswer(body, url);
}

/**
 * The domain id in an answer of `GET /v3/auth/domains`: the first domain, as the SDKs take it
 * (credentials belong to one account); none is an error saying how to set it instead.
 */
export function domainIdFromAnswer(body: unknown, where: string): string {
  const domains = (body as { domains?: unknown } | null | undefined)?.domains;
  if (!Array.isArray(domains)) throw new IamError(`IAM domain lookup at ${where} answered no "domains" list`, 200);
  const id = (domains[0] as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || id === '') {
    throw new IamError(`IAM domain lookup at ${where} found no domain for these credentials; set HUAWEICLOUD_SDK_DOMAIN_ID.`, 200);
  }
  return id;
}
