import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { allOperations, checkValue, matchOperation, operations } from '@cce-autopilot/models';
import type { OperationDef, ParameterDef } from '@cce-autopilot/models';
import { authenticate, preAuthenticate } from './authn.js';
import type { AuthMode, Caller } from './authn.js';
import { GatewayError, ServiceError, badRequest, coded } from './errors.js';
import type { Family } from './errors.js';
import type { FaultRule, FaultRules } from './faults.js';
import type { CheckedRequest, EmulatedOperationName, HandlerMap, OpResult } from './handlers/contract.js';
import { documentProblem } from './limits.js';
import type { Project } from './records.js';
import { StoreWriteError } from './store.js';
import type { World } from './world.js';

export interface RouteContext {
  world: World;
  faults: FaultRules;
  authMode: AuthMode;
  /** Runs due lifecycle transitions; called before each handler. */
  lifecycle: { tick(): number };
  /** Every operation's handler; one left out answers 501. */
  handlers: Partial<HandlerMap>;
  /** Routes handled before the catalogue: IAM and the admin API. */
  extraRoutes: (req: IncomingMessage, url: URL, body: Buffer, requestId: string) => Promise<OpResult | undefined>;
  log: (message: string) => void;
  /**
   * The Host values that are this emulator's own address (`127.0.0.1:PORT`, `localhost:PORT`, ...,
   * lower case). The admin API answers only requests whose Host is one of them, and whose Origin,
   * when sent, is `http://` one of them: a web page (cross-site or DNS-rebound) cannot use it.
   */
  localHosts: ReadonlySet<string>;
  /** Overrides `maxInFlightBodyBytes`. */
  maxInFlightBodyBytes?: number;
}

/**
 * Bytes of request bodies held at once, over all connections. Each body is at most 12 MB, and
 * credentials are checked before a body is read, so this only bounds what many authenticated
 * (or admin) clients uploading at the same moment cost; past it a request is answered 503.
 */
export const maxInFlightBodyBytes = 64 * 1024 * 1024;

/** Largest accepted body; the gateway limit for signed requests is 12 MB (spec 01 3.2). */
export const maxBodyBytes = 12 * 1024 * 1024;

export function familyOf(op: OperationDef): Family {
  if (op.group === 'addon') return '03';
  if (op.group === 'chart' || op.group === 'release') return '02';
  return '01';
}

/** Bytes currently buffered by readBody, per server. */
export interface BodyBudget {
  inFlight: number;
  readonly max: number;
}

function declaredLength(req: IncomingMessage): number | undefined {
  const v = req.headers['content-length'];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function hasBody(req: IncomingMessage): boolean {
  return (declaredLength(req) ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
}

const noBody = Buffer.alloc(0);

function readBody(req: IncomingMessage, budget: BodyBudget): Promise<Buffer> {
  // Without Content-Length or Transfer-Encoding an HTTP/1.1 request has no body (RFC 9112 6.3);
  // Node discards the empty stream once the response is sent.
  if (!hasBody(req)) return Promise.resolve(noBody);
  return new Promise((resolve, reject) => {
    const tooLarge = () => new GatewayError(413, 'APIGW.0201', `Request body is larger than ${maxBodyBytes} bytes.`);
    const declared = declaredLength(req);
    if (declared !== undefined && declared > maxBodyBytes) {
      // Refused from the header; the connection closes so the body is never read.
      req.resume();
      reject(Object.assign(tooLarge(), { closeConnection: true }));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const release = () => {
      budget.inFlight -= size;
      size = 0;
    };
    const stop = (err: Error) => {
      if (done) return;
      done = true;
      release();
      chunks.length = 0;
      // Answer at once and drain the rest without keeping it.
      req.removeAllListeners('data');
      req.resume();
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      if (size + chunk.length > maxBodyBytes) return stop(tooLarge());
      if (budget.inFlight + chunk.length > budget.max) {
        return stop(Object.assign(new GatewayError(503, 'APIGW.0203', `The emulator is receiving more than ${budget.max} bytes of request bodies at once; retry shortly.`, { 'Retry-After': '1' }), { closeConnection: true }));
      }
      size += chunk.length;
      budget.inFlight += chunk.length;
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const body = Buffer.concat(chunks);
      release();
      resolve(body);
    });
    // Not an internal error: the client went away (or a timeout ended the request) mid-body.
    const cutShort = () => stop(new GatewayError(400, 'APIGW.0101', 'The request body was cut short: the connection closed before it was complete.'));
    req.on('error', cutShort);
    req.on('close', cutShort);
  });
}

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
  if (err instanceof StoreWriteError) {
    log(`store write failed ${requestId}: ${err.message}`);
    return { status: 500, body: { errorCode: 'CCE.01500001', errorMessage: `Internal error: ${err.message} (request ${requestId})` }, headers: {} };
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

async function parseBody(op: OperationDef, req: IncomingMessage, raw: Buffer, family: Family): Promise<{ body: unknown; form: FormData | undefined }> {
  const contentType = headerOf(req, 'content-type') ?? '';
  if (op.requestKind === 'none') return { body: undefined, form: undefined };
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
  // Before anything recursive (the schema check, handlers, the store) sees it.
  const problem = documentProblem('the request body', body);
  if (problem) throw badRequest(`${problem}.`, family);
  if (op.requestSchema) {
    const problems = checkValue(op.requestSchema, body);
    const first = problems[0];
    if (first) {
      const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''}: ${problems.slice(1, 4).map((p) => p.message).join('; ')})` : '';
      throw badRequest(`${first.message}${more}.`, family);
    }
  }
  return { body, form: undefined };
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

/** Strips a trailing `.` and lower-cases, as hosts compare. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.(?=:\d+$)|\.$/, '');
}

/**
 * Refuses what a web page could send: a Host that is not the emulator's own address (DNS
 * rebinding), an Origin that is not the emulator's own (a cross-site form or fetch), and bodies
 * that are not JSON (the content types a page may post without a preflight).
 */
function checkLocal(req: IncomingMessage, localHosts: ReadonlySet<string>, what: string, checkContentType: boolean): void {
  const host = headerOf(req, 'host');
  if (host === undefined || !localHosts.has(normalHost(host))) {
    throw new GatewayError(403, 'EMULATOR.403', `${what} answers only requests for its own address (Host ${[...localHosts].slice(0, 3).join(', ')}, ...); this request is for Host ${JSON.stringify((host ?? '').slice(0, 100))}. Use the emulator's URL, or start it with --host naming the address you use.`);
  }
  const origin = headerOf(req, 'origin');
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const u = new URL(origin);
      if (u.protocol === 'http:') originHost = u.host;
    } catch {
      originHost = undefined;
    }
    if (originHost === undefined || !localHosts.has(normalHost(originHost))) {
      throw new GatewayError(403, 'EMULATOR.403', `${what} refuses requests from web pages: Origin ${JSON.stringify(origin.slice(0, 100))} is not the emulator's own.`);
    }
  }
  if (checkContentType) {
    const contentType = headerOf(req, 'content-type');
    if ((contentType !== undefined || hasBody(req)) && !/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
      throw new GatewayError(415, 'EMULATOR.415', `${what} takes application/json bodies (got Content-Type ${JSON.stringify(contentType ?? '')}).`);
    }
  }
}

/** The request pipeline: request id, IAM/admin routes, catalogue routing, faults, auth, validation, handler, persist, answer. */
export function createRequestHandler(ctx: RouteContext): (req: IncomingMessage, res: ServerResponse) => void {
  const { world, log } = ctx;
  const budget: BodyBudget = { inFlight: 0, max: ctx.maxInFlightBodyBytes ?? maxInFlightBodyBytes };
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
      const strict = ctx.authMode === 'strict';
      // The Kubernetes API of a cluster, reached through the CCE endpoint with `{cluster_id}.` in front of the host.
      const host = headerOf(req, 'host') ?? '';
      const firstLabel = host.split('.', 1)[0] ?? '';
      const gatewayCluster = host.includes('.') ? world.clusters.get(firstLabel) : undefined;
      if (world.kube && gatewayCluster) {
        if (strict && hasBody(req)) preAuthenticate(world, req.headers);
        const raw = await readBody(req, budget);
        if (ctx.authMode !== 'off') {
          try {
            // As the official SDKs do: a body whose Content-Type is JSON (or absent) is always hashed.
            const contentType = (headerOf(req, 'content-type') ?? '').toLowerCase();
            const unsignedPayload = contentType !== '' && contentType !== 'application/json';
            const caller = authenticate(world, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw, unsignedPayload });
            const owner = world.project(gatewayCluster.projectId);
            if (owner?.domainId !== caller.account.id || (caller.tokenProjectId !== undefined && caller.tokenProjectId !== owner.id)) {
              throw new GatewayError(403, 'APIGW.0302', `The credentials do not grant access to cluster ${gatewayCluster.id}.`);
            }
          } catch (err) {
            if (strict) throw err;
            log(`auth (lenient): accepted a request that failed: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
        res.setHeader('X-Request-Id', requestId);
        world.kube.handleGatewayRequest(firstLabel, replay(req, raw), res);
        return;
      }
      const isAdmin = url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/');
      if (isAdmin) checkLocal(req, ctx.localHosts, 'The admin API', true);
      // Without strict auth nothing else keeps a DNS-rebound page from reading the emulator.
      else if (!strict) checkLocal(req, ctx.localHosts, `With --auth ${ctx.authMode} the emulator`, false);
      const match = isAdmin ? undefined : matchOperation(req.method ?? 'GET', url.pathname);
      // Only a body costs memory; a request without one is checked in full right after.
      if (match && strict && hasBody(req)) preAuthenticate(world, req.headers);
      const raw = await readBody(req, budget);
      const extra = await ctx.extraRoutes(req, url, raw, requestId);
      if (extra) {
        send(res, extra.status ?? 200, extra.body, { ...base, ...extra.headers });
        return;
      }
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
          caller = authenticate(world, { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: raw, unsignedPayload: op.requestKind === 'multipart' });
        } catch (err) {
          if (strict) throw err;
          log(`auth (lenient): accepted ${op.name} although ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      const project = resolveProject(ctx, op, req, match.pathParams, caller, family);
      checkQuery(op, url.searchParams, family);
      const { body, form } = await parseBody(op, req, raw, family);

      const handler = isEmulatedOperation(op.name) ? ctx.handlers[op.name] : undefined;
      if (!handler) {
        throw new ServiceError(501, `CCE.${family}500001`, `The emulator does not implement ${op.name} (${op.method} ${op.path}).`);
      }
      ctx.lifecycle.tick();
      const request: CheckedRequest = { op, params: match.pathParams, query: url.searchParams, body, form, headers: req.headers, project, projectId: project.id, world, family };
      let result: OpResult;
      try {
        result = await runChecked(handler, request);
      } catch (err) {
        // A refused request changes nothing. (Handlers make their changes after their last await,
        // so what is pending here is this request's own.)
        world.rollback();
        throw err;
      }
      // Whatever the handler changed is on disk before the client hears about it; a change that
      // cannot be stored is undone and answered as an error (StoreWriteError).
      world.commit();
      const status = result.status ?? op.successStatus[0] ?? 200;
      const headers = { ...base, ...result.headers };
      if (op.responseKind === 'text' && typeof result.body === 'string') headers['Content-Type'] ??= 'text/plain;charset=utf-8';
      send(res, status, result.body, headers, fault?.action === 'truncate');
    })().catch((err: unknown) => {
      const e = errorResponse(err, requestId, log);
      // Refused before its body was read: close rather than read a body nobody wants.
      const close = (err as { closeConnection?: boolean }).closeConnection === true || (!req.complete && hasBody(req));
      send(res, e.status, e.body, { ...base, ...e.headers, ...(close ? { Connection: 'close' } : {}) }, fault?.action === 'truncate');
    });
  };
}

export const operationNames: ReadonlySet<string> = new Set(Object.keys(operations));

function isEmulatedOperation(name: string): name is EmulatedOperationName {
  return Object.hasOwn(allOperations, name);
}

/**
 * Where a checked request becomes its operation's typed one: the pipeline above has matched the
 * path to the operation (so `params` holds its path parameters), checked the query parameters
 * against its list and the body against its request schema, which is what `OpRequest<N>` states.
 * The operation is known only at run time, so this is the one place the types are asserted.
 */
function runChecked(handler: HandlerMap[EmulatedOperationName], request: CheckedRequest): OpResult | Promise<OpResult> {
  const run = handler as unknown as (r: CheckedRequest) => OpResult | Promise<OpResult>;
  return run(request);
}
