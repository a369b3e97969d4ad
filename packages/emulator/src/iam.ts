import { randomBytes } from 'node:crypto';
import { regions } from '@cce-autopilot/models';
import type { IncomingMessage } from 'node:http';
import { authenticate, tokenId } from './authn.js';
import type { AuthMode } from './authn.js';
import { GatewayError } from './errors.js';
import type { OpResult } from './handlers/contract.js';
import { asObject } from './json.js';
import type { Account, DomainTokenRecord, Project, TokenRecord } from './records.js';
import type { World } from './world.js';

/** Tokens live 24 hours (spec 01 3.2). */
export const tokenLifetimeMs = 24 * 3600 * 1000;

function iamError(status: number, code: string, message: string): GatewayError {
  return new GatewayError(status, code, message);
}

function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

type AnyToken = (TokenRecord & { scope: 'project' }) | (DomainTokenRecord & { scope: 'domain' });

function domainRefOf(account: Account) {
  return { id: account.id, name: account.domainName };
}

/** The token body IAM answers on issue and on validation. */
function renderToken(world: World, t: AnyToken, account: Account, baseUrl: string, catalog: boolean): Record<string, unknown> {
  const user = account.users.find((u) => u.id === t.userId);
  const domainRef = domainRefOf(account);
  const token: Record<string, unknown> = {
    expires_at: isoMicros(t.expiresAt),
    issued_at: isoMicros(t.issuedAt),
    methods: ['password'],
    user: { id: t.userId, name: user?.name ?? '', domain: domainRef, password_expires_at: '' },
    roles: [{ id: '0', name: 'te_admin' }],
  };
  const project = t.scope === 'project' ? world.project(t.projectId) : undefined;
  if (project) token.project = { id: project.id, name: project.name, domain: domainRef };
  else token.domain = domainRef;
  if (catalog) {
    const region = project?.region ?? '*';
    token.catalog = [
      { type: 'cce', id: 'cce', name: 'cce', endpoints: [{ id: 'cce', interface: 'public', region, region_id: region, url: baseUrl }] },
      { type: 'identity', id: 'iam', name: 'iam', endpoints: [{ id: 'iam', interface: 'public', region: '*', region_id: '*', url: `${baseUrl}/v3` }] },
    ];
  }
  return { token };
}

/** POST /v3/auth/tokens: password method, project or domain scope; `?nocatalog=true` leaves the catalog out. */
function createToken(world: World, body: Buffer, url: URL, baseUrl: string): OpResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw iamError(400, 'IAM.0002', 'The request body is not valid JSON; expected {"auth":{"identity":...,"scope":...}}.');
  }
  const auth = asObject(asObject(parsed)?.auth);
  const identity = asObject(auth?.identity);
  const methods = identity?.methods;
  if (!auth || !identity || !Array.isArray(methods)) throw iamError(400, 'IAM.0002', 'auth.identity.methods is required.');
  if (!methods.includes('password')) throw iamError(400, 'IAM.0002', 'auth.identity.methods must contain "password"; the emulator issues tokens for the password method only.');
  const user = asObject(asObject(identity.password)?.user);
  const name = user?.name;
  const password = user?.password;
  const domain = asObject(user?.domain);
  if (typeof name !== 'string' || typeof password !== 'string') throw iamError(400, 'IAM.0002', 'auth.identity.password.user.name and .password are required strings.');
  if (!domain || (typeof domain.name !== 'string' && typeof domain.id !== 'string')) throw iamError(400, 'IAM.0002', 'auth.identity.password.user.domain.name (or .id) is required.');
  const account = world.accounts.list().find((a) => a.domainName === domain.name || a.id === domain.id);
  const iamUser = account?.users.find((u) => u.name === name);
  if (!account || !iamUser || iamUser.password !== password) throw iamError(401, 'IAM.0004', 'The username or password is wrong.');
  const scope = asObject(auth.scope);
  const scopeProject = asObject(scope?.project);
  const scopeDomain = asObject(scope?.domain);
  if (!scopeProject && !scopeDomain) throw iamError(400, 'IAM.0002', 'auth.scope.project or auth.scope.domain is required (CCE calls need a project-scoped token).');
  const token = `MII${randomBytes(48).toString('base64url')}`;
  const now = world.now();
  let record: AnyToken;
  if (scopeProject) {
    const project = world.projects.list().find(
      (p) => p.domainId === account.id && ((typeof scopeProject.id === 'string' && p.id === scopeProject.id) || (typeof scopeProject.name === 'string' && p.name === scopeProject.name)),
    );
    if (!project) throw iamError(400, 'IAM.0003', `auth.scope.project names no project of domain ${account.domainName}.`);
    const stored: TokenRecord = { id: tokenId(token), userId: iamUser.id, domainId: account.id, projectId: project.id, issuedAt: now, expiresAt: now + tokenLifetimeMs };
    world.tokens.put(stored);
    record = { ...stored, scope: 'project' };
  } else {
    const matches = (typeof scopeDomain?.id === 'string' && scopeDomain.id === account.id) || (typeof scopeDomain?.name === 'string' && scopeDomain.name === account.domainName);
    if (!matches) throw iamError(400, 'IAM.0003', `auth.scope.domain must be the user's own domain ${account.domainName}.`);
    const stored: DomainTokenRecord = { id: tokenId(token), userId: iamUser.id, domainId: account.id, issuedAt: now, expiresAt: now + tokenLifetimeMs };
    world.domainTokens.put(stored);
    record = { ...stored, scope: 'domain' };
  }
  return { status: 201, headers: { 'X-Subject-Token': token }, body: renderToken(world, record, account, baseUrl, url.searchParams.get('nocatalog') !== 'true') };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A live token of either scope, or undefined. */
function findToken(world: World, token: string): AnyToken | undefined {
  const id = tokenId(token);
  const project = world.tokens.get(id);
  const found: AnyToken | undefined = project ? { ...project, scope: 'project' } : (() => {
    const d = world.domainTokens.get(id);
    return d ? { ...d, scope: 'domain' as const } : undefined;
  })();
  return found && found.expiresAt > world.now() ? found : undefined;
}

/**
 * Who calls an IAM read: a token of either scope, or an AK/SK signature. With `--auth lenient` a
 * failure is logged and the call answers for every account; with `off` nobody is checked.
 */
function iamCaller(world: World, authMode: AuthMode, req: IncomingMessage, body: Buffer, log: (m: string) => void): Account | undefined {
  if (authMode === 'off') return undefined;
  try {
    const token = header(req, 'x-auth-token');
    if (token !== undefined) {
      const t = findToken(world, token);
      if (!t) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the X-Auth-Token is not a live token issued by IAM.');
      const account = world.accounts.get(t.domainId);
      if (!account) throw new GatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: the token\'s account no longer exists.');
      return account;
    }
    return authenticate(world, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }).account;
  } catch (err) {
    if (authMode === 'strict') throw err;
    log(`auth (lenient): answered an IAM read although ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

function renderProject(p: Project, baseUrl: string): Record<string, unknown> {
  return { id: p.id, name: p.name, domain_id: p.domainId, parent_id: p.domainId, is_domain: false, enabled: true, description: '', links: { self: `${baseUrl}/v3/projects/${p.id}` } };
}

function projectsOf(world: World, caller: Account | undefined): Project[] {
  return world.projects.list().filter((p) => (caller ? p.domainId === caller.id : true));
}

/** GET /v3/auth/tokens: validates the X-Subject-Token (IAM's KeystoneValidateToken). */
function validateToken(world: World, req: IncomingMessage, url: URL, baseUrl: string): OpResult {
  const subject = header(req, 'x-subject-token');
  if (subject === undefined || subject === '') throw iamError(400, 'IAM.0002', 'The X-Subject-Token header (the token to validate) is required.');
  const t = findToken(world, subject);
  if (!t) throw iamError(404, 'IAM.0011', 'The token in X-Subject-Token does not exist or has expired.');
  const account = world.accounts.get(t.domainId);
  if (!account) throw iamError(404, 'IAM.0011', 'The token in X-Subject-Token belongs to no account.');
  return { headers: { 'X-Subject-Token': subject }, body: renderToken(world, t, account, baseUrl, url.searchParams.get('nocatalog') !== 'true') };
}

/** GET /v3/regions: the public regions, as IAM lists them. */
function listRegions(baseUrl: string): OpResult {
  return {
    body: {
      regions: regions.map((r) => ({
        id: r.id, type: 'public', parent_region_id: null, description: '',
        locales: { 'zh-cn': r.nameZh, 'en-us': r.name },
        links: { self: `${baseUrl}/v3/regions/${r.id}` },
      })),
      links: { self: `${baseUrl}/v3/regions`, previous: null, next: null },
    },
  };
}

/** GET /v3/projects?name=<region>: the caller's projects, filtered by name. */
function listProjects(world: World, caller: Account | undefined, url: URL, baseUrl: string): OpResult {
  const name = url.searchParams.get('name');
  const projects = projectsOf(world, caller).filter((p) => name === null || p.name === name);
  return {
    body: {
      projects: projects.map((p) => renderProject(p, baseUrl)),
      links: { self: `${baseUrl}/v3/projects${url.search}`, previous: null, next: null },
    },
  };
}

/** Routes of the IAM subset on the same server; undefined when the path is not IAM's. */
export function iamRoute(world: World, authMode: AuthMode, req: IncomingMessage, url: URL, body: Buffer, baseUrl: string, log: (m: string) => void): OpResult | undefined {
  const path = url.pathname.replace(/\/$/, '');
  const onlyGet = () => {
    if (req.method !== 'GET') throw iamError(405, 'IAM.0001', `${req.method} is not allowed on ${path}; use GET.`);
  };
  if (path === '/v3/auth/tokens') {
    if (req.method === 'POST') return createToken(world, body, url, baseUrl);
    if (req.method === 'GET') {
      // Validating a token needs a caller of its own (X-Auth-Token or AK/SK), as IAM asks.
      iamCaller(world, authMode, req, body, log);
      return validateToken(world, req, url, baseUrl);
    }
    throw iamError(405, 'IAM.0001', `${req.method} is not allowed on /v3/auth/tokens; use POST to issue or GET to validate.`);
  }
  if (path === '/v3/projects' || path === '/v3/auth/projects') {
    onlyGet();
    const caller = iamCaller(world, authMode, req, body, log);
    if (path === '/v3/auth/projects') {
      return { body: { projects: projectsOf(world, caller).map((p) => renderProject(p, baseUrl)), links: { self: `${baseUrl}${path}`, previous: null, next: null } } };
    }
    return listProjects(world, caller, url, baseUrl);
  }
  const projectPath = /^\/v3\/projects\/([^/]+)$/.exec(path);
  if (projectPath) {
    onlyGet();
    const caller = iamCaller(world, authMode, req, body, log);
    const id = decodeURIComponent(projectPath[1] ?? '');
    const project = projectsOf(world, caller).find((p) => p.id === id);
    if (!project) throw iamError(404, 'IAM.0010', `project ${id} does not exist in the caller's domain.`);
    return { body: { project: renderProject(project, baseUrl) } };
  }
  if (path === '/v3/auth/domains') {
    onlyGet();
    const caller = iamCaller(world, authMode, req, body, log);
    const accounts = caller ? [caller] : world.accounts.list();
    return {
      body: {
        domains: accounts.map((a) => ({ id: a.id, name: a.domainName, enabled: true, description: '', links: { self: `${baseUrl}/v3/domains/${a.id}` } })),
        links: { self: `${baseUrl}/v3/auth/domains` },
      },
    };
  }
  if (path === '/v3/regions') {
    onlyGet();
    iamCaller(world, authMode, req, body, log);
    return listRegions(baseUrl);
  }
  return undefined;
}

/** Forgets expired IAM tokens, so a long-running emulator does not keep every token it issued. */
export function pruneTokens(world: World): number {
  const now = world.now();
  let removed = 0;
  for (const t of world.tokens.list()) {
    if (t.expiresAt > now) continue;
    world.tokens.remove(t);
    removed++;
  }
  if (removed > 0) world.commit();
  return removed;
}
