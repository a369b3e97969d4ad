import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { authenticate, tokenId } from './authn.js';
import type { AuthMode, Caller } from './authn.js';
import { GatewayError } from './errors.js';
import type { OpResult } from './server.js';
import type { Project, TokenRecord } from './records.js';
import type { World } from './world.js';

/** Tokens live 24 hours (spec 01 3.2). */
export const tokenLifetimeMs = 24 * 3600 * 1000;

function iamError(status: number, code: string, message: string): GatewayError {
  return new GatewayError(status, code, message);
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/Z$/, '000Z');
}

/** POST /v3/auth/tokens: password method, project scope. */
function createToken(world: World, body: Buffer, baseUrl: string): OpResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw iamError(400, 'IAM.0002', 'The request body is not valid JSON; expected {"auth":{"identity":...,"scope":...}}.');
  }
  const auth = obj(obj(parsed)?.auth);
  const identity = obj(auth?.identity);
  const methods = identity?.methods;
  if (!auth || !identity || !Array.isArray(methods)) throw iamError(400, 'IAM.0002', 'auth.identity.methods is required.');
  if (!methods.includes('password')) throw iamError(400, 'IAM.0002', 'auth.identity.methods must contain "password"; the emulator issues tokens for the password method only.');
  const user = obj(obj(identity.password)?.user);
  const name = user?.name;
  const password = user?.password;
  const domain = obj(user?.domain);
  if (typeof name !== 'string' || typeof password !== 'string') throw iamError(400, 'IAM.0002', 'auth.identity.password.user.name and .password are required strings.');
  if (!domain || (typeof domain.name !== 'string' && typeof domain.id !== 'string')) throw iamError(400, 'IAM.0002', 'auth.identity.password.user.domain.name (or .id) is required.');
  const account = world.accounts().find((a) => a.domainName === domain.name || a.id === domain.id);
  const iamUser = account?.users.find((u) => u.name === name);
  if (!account || !iamUser || iamUser.password !== password) throw iamError(401, 'IAM.0004', 'The username or password is wrong.');
  const scopeProject = obj(obj(auth.scope)?.project);
  if (!scopeProject) throw iamError(400, 'IAM.0002', 'auth.scope.project is required: CCE accepts only project-scoped tokens.');
  const project = world.list<Project>('projects').find(
    (p) => p.domainId === account.id && ((typeof scopeProject.id === 'string' && p.id === scopeProject.id) || (typeof scopeProject.name === 'string' && p.name === scopeProject.name)),
  );
  if (!project) throw iamError(400, 'IAM.0003', `auth.scope.project names no project of domain ${account.domainName}.`);
  const token = `MII${randomBytes(48).toString('base64url')}`;
  const now = world.now();
  const record: TokenRecord = { id: tokenId(token), userId: iamUser.id, domainId: account.id, projectId: project.id, issuedAt: now, expiresAt: now + tokenLifetimeMs };
  world.put('tokens', record.id, record);
  const domainRef = { id: account.id, name: account.domainName };
  return {
    status: 201,
    headers: { 'X-Subject-Token': token },
    body: {
      token: {
        expires_at: isoMicros(record.expiresAt),
        issued_at: isoMicros(now),
        methods: ['password'],
        project: { id: project.id, name: project.name, domain: domainRef },
        user: { id: iamUser.id, name: iamUser.name, domain: domainRef, password_expires_at: '' },
        roles: [{ id: '0', name: 'te_admin' }],
        catalog: [
          { type: 'cce', id: 'cce', name: 'cce', endpoints: [{ id: 'cce', interface: 'public', region: project.region, region_id: project.region, url: baseUrl }] },
          { type: 'identity', id: 'iam', name: 'iam', endpoints: [{ id: 'iam', interface: 'public', region: '*', region_id: '*', url: `${baseUrl}/v3` }] },
        ],
      },
    },
  };
}

/** GET /v3/projects?name=<region>: the caller's projects, filtered by name. */
function listProjects(world: World, caller: Caller | undefined, url: URL, baseUrl: string): OpResult {
  const name = url.searchParams.get('name');
  const projects = world
    .list<Project>('projects')
    .filter((p) => (caller ? p.domainId === caller.account.id : true))
    .filter((p) => name === null || p.name === name);
  return {
    body: {
      projects: projects.map((p) => ({
        id: p.id,
        name: p.name,
        domain_id: p.domainId,
        parent_id: p.domainId,
        is_domain: false,
        enabled: true,
        description: '',
        links: { self: `${baseUrl}/v3/projects/${p.id}` },
      })),
      links: { self: `${baseUrl}/v3/projects${url.search}`, previous: null, next: null },
    },
  };
}

/** Routes of the IAM subset on the same server; undefined when the path is not IAM's. */
export function iamRoute(world: World, authMode: AuthMode, req: IncomingMessage, url: URL, body: Buffer, baseUrl: string, log: (m: string) => void): OpResult | undefined {
  const path = url.pathname.replace(/\/$/, '');
  if (path === '/v3/auth/tokens') {
    if (req.method !== 'POST') throw iamError(405, 'IAM.0001', `${req.method} is not allowed on /v3/auth/tokens; use POST.`);
    return createToken(world, body, baseUrl);
  }
  if (path === '/v3/projects') {
    if (req.method !== 'GET') throw iamError(405, 'IAM.0001', `${req.method} is not allowed on /v3/projects; use GET.`);
    let caller: Caller | undefined;
    if (authMode !== 'off') {
      try {
        caller = authenticate(world, { method: 'GET', url: req.url ?? '/', headers: req.headers, body });
      } catch (err) {
        if (authMode === 'strict') throw err;
        log(`auth (lenient): accepted a project lookup although ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    return listProjects(world, caller, url, baseUrl);
  }
  return undefined;
}

