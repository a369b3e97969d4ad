import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { ServerResponse } from 'node:http';
import { checkValue, matchOperation, operations } from '@cce-autopilot/models';
import type { OperationDef, ParameterDef } from '@cce-autopilot/models';
import { authenticate } from './authn.js';
import type { AuthMode, Caller } from './authn.js';
import { GatewayError, ServiceError, badRequest, coded } from './errors.js';
import type { Family } from './errors.js';
import type { FaultRule, FaultRules } from './faults.js';
import type { ClusterRecord, Project } from './records.js';
import type { World } from './world.js';

/** What a handler gets: the matched operation, its decoded inputs, the caller and the project. */
export interface OpRequest {
  op: OperationDef;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  form?: FormData;
  headers: IncomingMessage['headers'];
  project: Project;
  projectId: string;
  world: World;
  family: Family;
}

export interface OpResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (r: OpRequest) => OpResult | Promise<OpResult>;

export interface RouteContext {
  world: World;
  faults: FaultRules;
  authMode: AuthMode;
  handlers: Partial<Record<string, Handler>>;
  /** Routes handled before the catalogue: IAM and the admin API. */
  extraRoutes: (req: IncomingMessage, url: URL, body: Buffer, requestId: string) => Promise<OpResult | undefined>;
  log: (message: string) => void;
}

/** Largest accepted body; the gateway limit for signed requests is 12 MB (spec 01 3.2). */
export const maxBodyBytes = 12 * 1024 * 1024;

export function familyOf(op: OperationDef): Family {
  if (op.group === 'addon') return '03';
  if (op.group === 'chart' || op.group === 'release') return '02';
  return '01';
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        // Answer at once and drain the rest without keeping it, so the connection stays usable.
        req.removeAllListeners('data');
        req.resume();
        reject(new GatewayError(413, 'APIGW.0201', `Request body is larger than ${maxBodyBytes} bytes.`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, truncate = false): void {
  if (res.headersSent || res.destroyed) return;
  let payload: Buffer | undefined;
  const h: Record<string, string> = { ...headers };
  if (body === undefined || status === 204) {
    payload = undefined;
  } else if (Buffer.isBuffer(body)) {
    payload = body;
    h['Content-Type'] ??= 'application/octet-stream';
  } else if (typeof body === 'string' && h['Content-Type']?.startsWith('text/')) {
    payload = Buffer.from(body);
  } else {
    payload = Buffer.from(JSON.stringify(body));
    h['Content-Type'] ??= 'application/json;charset=utf-8';
  }
  h['Content-Length'] = String(payload?.length ?? 0);
  res.writeHead(status, h);
  if (truncate && payload && payload.length > 1) {
    // Promise the whole body, deliver half, then drop the connection: a client sees a short read.
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.destroy());
    return;
  }
  res.end(payload);
}

function errorResponse(err: unknown, requestId: string, log: (m: string) => void): { status: number; body: unknown; headers: Record<string, string> } {
  if (err instanceof GatewayError) {
    return { status: err.status, body: { error_code: err.errorCode, error_msg: err.message, request_id: requestId }, headers: err.headers };
  }
  if (err instanceof ServiceError) {
    return { status: err.status, body: { errorCode: err.errorCode, errorMessage: err.message }, headers: err.headers };
  }
  log(`internal error ${requestId}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return { status: 500, body: { errorCode: 'CCE.01500001', errorMessage: `Internal error. (request ${requestId})` }, headers: {} };
}

function checkQuery(op: OperationDef, query: URLSearchParams, family: Family): void {
  for (const p of op.query as readonly ParameterDef[]) {
    const values = query.getAll(p.name);
    if (values.length === 0) {
      if (p.required) throw badRequest(`query parameter ${p.name} is required.`, family);
      continue;
    }
    if (values.length > 1) throw badRequest(`query parameter ${p.name} is given ${values.length} times; give it once.`, family);
    const v = values[0] as string;
    if (p.enum && !p.enum.includes(v)) throw badRequest(`query parameter ${p.name} must be one of ${p.enum.join(', ')} (got ${JSON.stringify(v)}).`, family);
    if (p.type === 'integer' && !/^-?\d+$/.test(v)) throw badRequest(`query parameter ${p.name} must be an integer (got ${JSON.stringify(v)}).`, family);
    if (p.type === 'boolean' && v !== 'true' && v !== 'false') throw badRequest(`query parameter ${p.name} must be true or false (got ${JSON.stringify(v)}).`, family);
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function parseBody(op: OperationDef, req: IncomingMessage, raw: Buffer, family: Family): Promise<{ body: unknown; form?: FormData }> {
  const contentType = headerOf(req, 'content-type') ?? '';
  if (op.requestKind === 'none') return { body: undefined };
  if (op.requestKind === 'multipart') {
    if (!/^multipart\/form-data\s*;/i.test(contentType)) throw coded('CCE.01400006', `${op.name} takes multipart/form-data with a boundary (got Content-Type ${JSON.stringify(contentType)}).`);
    try {
      const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
      return { body: undefined, form };
    } catch (err) {
      throw badRequest(`the multipart/form-data body cannot be parsed: ${err instanceof Error ? err.message : String(err)}.`, family);
    }
  }
  if (contentType !== '' && !/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
    throw coded('CCE.01400006', `${op.name} takes application/json (got Content-Type ${JSON.stringify(contentType)}).`);
  }
  const text = raw.toString('utf8');
  if (text.trim() === '') throw badRequest('the request body is required and must be a JSON object.', family);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}.`, family);
  }
  if (op.requestSchema) {
    const problems = checkValue(op.requestSchema, body);
    const first = problems[0];
    if (first) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}: ${problems.slice(1, 4).map((p) => p.message).join('; ')})` : '';
      throw badRequest(`${first.message}${more}.`, family);
    }
  }
  return { body };
}

/** Re-creates a consumed request so the Kubernetes gateway can read the body again. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  if (body.length > 0) copy.push(body);
  copy.push(null);
  return copy;
}

function resolveProject(ctx: RouteContext, op: OperationDef, req: IncomingMessage, params: Record<string, string>, caller: Caller | undefined, family: Family): Project {
  let projectId = params.project_id;
  if (!op.projectIdInPath) {
    projectId = headerOf(req, 'x-project-id');
    if (projectId === undefined || projectId === '') {
      throw badRequest(`the X-Project-Id header is required: ${op.name} (${op.path}) has no project id in its path, so the header names the project.`, family);
    }
  }
  if (projectId === undefined) throw badRequest('the project id is missing.', family);
  const project = ctx.world.project(projectId);
  if (caller) {
    let denied: GatewayError | undefined;
    if (!project || project.domainId !== caller.account.id) {
      denied = new GatewayError(403, 'APIGW.0302', `The credentials of account ${caller.account.domainName} do not grant access to project ${projectId}.`);
    } else if (caller.tokenProjectId !== undefined && caller.tokenProjectId !== projectId) {
      denied = new GatewayError(403, 'APIGW.0302', `The token is scoped to project ${caller.tokenProjectId}, not to project ${projectId}; get a token scoped to that project.`);
    }
    if (denied && ctx.authMode === 'strict') throw denied;
    if (denied) ctx.log(`auth (lenient): accepted ${op.name} although ${denied.message}`);
  }
  if (!project) throw badRequest(`project ${projectId} does not exist.`, family);
  return project;
}

/** The request pipeline: request id, IAM/admin routes, catalogue routing, faults, auth, validation, handler, persist, answer. */
export function createRequestHandler(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  const { world, log } = ctx;
  return (req, res) => {
    const requestId = randomUUID().replaceAll('-', '');
    const base: Record<string, string> = { 'X-Request-Id': requestId };
    let fault: FaultRule | undefined;
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://emulator.invalid');
      } catch {
        throw new GatewayError(400, 'APIGW.0101', `The request target ${JSON.stringify(String(req.url).slice(0, 100))} is not a valid URL path.`);
      }
      // The Kubernetes API of a cluster, reached through the CCE endpoint with `{cluster_id}.` in front of the host.
      const host = headerOf(req, 'host') ?? '';
      const firstLabel = host.split('.', 1)[0] ?? '';
      const gatewayCluster = host.includes('.') ? world.store.get<ClusterRecord>('clusters', firstLabel) : undefined;
      if (world.kube && gatewayCluster) {
        const raw = await readBody(req);
        if (ctx.authMode !== 'off') {
          try {
            const caller = authenticate(world, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw });
            const owner = world.project(gatewayCluster.projectId);
            if (owner?.domainId !== caller.account.id || (caller.tokenProjectId !== undefined && caller.tokenProjectId !== owner.id)) {
              throw new GatewayError(403, 'APIGW.0302', `The credentials do not grant access to cluster ${gatewayCluster.id}.`);
            }
          } catch (err) {
            if (ctx.authMode === 'strict') throw err;
            log(`auth (lenient): accepted a request that failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        res.setHeader('X-Request-Id', requestId);
        world.kube.handleGatewayRequest(firstLabel, replay(req, raw), res);
        return;
      }
      const raw = await readBody(req);
      const extra = await ctx.extraRoutes(req, url, raw, requestId);
      if (extra) {
        send(res, extra.status ?? 200, extra.body, { ...base, ...extra.headers });
        return;
      }
      const match = matchOperation(req.method ?? 'GET', url.pathname);
      if (!match) throw new GatewayError(404, 'APIGW.0101', `The API does not exist or has not been published: ${req.method} ${url.pathname}.`);
      const op = match.operation;
      const family = familyOf(op);

      fault = ctx.faults.pick(op.name);
      if (fault) {
        if (fault.latencyMs) await sleep(fault.latencyMs);
        if (fault.action === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault.action === 'throttle') {
          const retryAfter = String(fault.retryAfterSeconds ?? 1);
          throw new GatewayError(429, fault.errorCode ?? 'APIGW.0308', fault.errorMessage ?? 'The throttling threshold has been reached.', { 'Retry-After': retryAfter });
        }
        if (fault.action === 'error') {
          const status = fault.status ?? 500;
          const code = fault.errorCode ?? (status === 429 ? 'CCE.02429001' : status >= 500 ? `CCE.${family}500001` : `CCE.${family}${status}001`);
          const headers: Record<string, string> = status === 429 ? { 'Retry-After': String(fault.retryAfterSeconds ?? 1) } : {};
          throw new ServiceError(status, code, fault.errorMessage ?? `Injected fault for ${op.name}.`, headers);
        }
      }

      let caller: Caller | undefined;
      if (ctx.authMode !== 'off') {
        try {
          caller = authenticate(world, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw });
        } catch (err) {
          if (ctx.authMode === 'strict') throw err;
          log(`auth (lenient): accepted ${op.name} although ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const project = resolveProject(ctx, op, req, match.pathParams, caller, family);
      checkQuery(op, url.searchParams, family);
      const { body, form } = await parseBody(op, req, raw, family);

      const handler = ctx.handlers[op.name];
      if (!handler) {
        throw new ServiceError(501, `CCE.${family}500001`, `The emulator does not implement ${op.name} (${op.method} ${op.path}).`);
      }
      world.tick();
      const request: OpRequest = { op, params: match.pathParams, query: url.searchParams, body, headers: req.headers, project, projectId: project.id, world, family };
      if (form) request.form = form;
      let result: OpResult;
      try {
        result = await handler(request);
      } finally {
        // Whatever the handler changed is on disk before the client hears about it.
        world.store.flush();
      }
      const status = result.status ?? op.successStatus[0] ?? 200;
      const headers = { ...base, ...result.headers };
      if (op.responseKind === 'text' && typeof result.body === 'string') headers['Content-Type'] ??= 'text/plain;charset=utf-8';
      send(res, status, result.body, headers, fault?.action === 'truncate');
    })().catch((err: unknown) => {
      const e = errorResponse(err, requestId, log);
      send(res, e.status, e.body, { ...base, ...e.headers }, fault?.action === 'truncate');
    });
  };
}

export const operationNames: ReadonlySet<string> = new Set(Object.keys(operations));
