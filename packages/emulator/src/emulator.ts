import { randomUUID } from 'node:crypto';
import { STATUS_CODES, createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import type { AddressInfo, Socket } from 'node:net';
import { Clock } from './clock.js';
import { GatewayError } from './errors.js';
import { objectOrEmpty } from './json.js';
import { FaultRules, parseFaultRule } from './faults.js';
import type { FaultRule, FaultRuleInput } from './faults.js';
import { iamRoute } from './iam.js';
import type { AuthMode } from './authn.js';
import type { Speed } from './lifecycle.js';
import { createRequestHandler, operationNames } from './server.js';
import { DocumentStore, MemoryPersistence, SqlitePersistence } from './store.js';
import { identityFromStore, newIdentity, seed } from './seed.js';
import type { Identity, SeedName } from './seed.js';
import { World } from './world.js';
import type { Quotas } from './world.js';
import { failureKeys, isFailureKey } from './failures.js';
import type { FailureKey } from './failures.js';
import { Lifecycle } from './lifecycle.js';
import { clusterBecameAvailable } from './domain/clusters.js';
import { transitions } from './domain/transitions.js';
import type { OpResult } from './handlers/contract.js';
import { allHandlers } from './handlers/index.js';
import { pruneTokens } from './iam.js';
import { createKubeHub } from './kube/index.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Loopback by default. */
  host?: string;
  /** Keep state in SQLite under this directory; in memory when absent. */
  dataDir?: string;
  /** What a new (empty) store is filled with; `empty` by default in code, `demo` from the command line. */
  seed?: SeedName;
  /** How fast lifecycles move: `instant` (default) or `realistic` (seconds). */
  speed?: Speed;
  /** `strict` (default): every CCE request needs a valid signature or token. */
  auth?: AuthMode;
  /** `manual` freezes time until `admin.advanceClock` (or POST /_emulator/clock). */
  clock?: 'system' | 'manual';
  quotas?: Partial<Quotas>;
  /** Serve each cluster's Kubernetes API (default true). */
  kubernetes?: boolean;
  log?: (message: string) => void;
  /** Source of randomness for fault probabilities (tests pass a deterministic one). */
  random?: () => number;
  /** HTTP timeouts in ms (defaults: headers 10 s, whole request 30 s, idle keep-alive 15 s). */
  timeouts?: { headersMs?: number; requestMs?: number; keepAliveMs?: number };
  /** Request-body bytes held at once over all connections (default 64 MiB). */
  maxInFlightBodyBytes?: number;
}

/** Test helpers: the admin API without HTTP. */
export interface EmulatorAdmin {
  now(): number;
  advanceClock(ms: number): number;
  addFault(rule: FaultRuleInput): FaultRule;
  removeFault(id: string): boolean;
  faults(): FaultRule[];
  clearFaults(): void;
  /** Makes the next `count` lifecycle steps of that kind fail (an upgrade that fails, then a retry succeeds). */
  failNext(key: FailureKey, count?: number): void;
  /** Runs every due lifecycle transition now. */
  tick(): void;
  /** Changes the quotas of every project. */
  setQuotas(q: Partial<Quotas>): Quotas;
  /** Forgets expired IAM tokens now (the emulator also does this every few minutes). */
  pruneTokens(): number;
  reset(): Promise<void>;
  /** The stored state, with secrets replaced by `***`. */
  state(): Record<string, Record<string, unknown>>;
}

export interface RunningEmulator {
  url: string;
  region: string;
  projectId: string;
  domain: string;
  domainId: string;
  user: string;
  password: string;
  ak: string;
  sk: string;
  /** Every project of the default account (one per region). */
  projects: { region: string; projectId: string }[];
  admin: EmulatorAdmin;
  stop(): Promise<void>;
}

// A release's manifest is rendered from the chart and may hold its Secrets' data, so it is hidden like the archive.
const secretKeys = new Set(['password', 'sk', 'archive', 'manifest']);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = secretKeys.has(k) ? '***' : redact(v);
    return out;
  }
  return value;
}

function adminError(status: number, message: string): GatewayError {
  return new GatewayError(status, `EMULATOR.${status}`, message);
}

function jsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw adminError(400, 'the admin request body is not valid JSON.');
  }
}

function isLoopbackAddress(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h.startsWith('127.');
}

/**
 * The names a client may use in Host for this emulator: the loopback names always, plus the bound
 * address; bound to every interface (0.0.0.0, ::), each interface's address and the host name.
 */
function ownHostNames(host: string): string[] {
  const bracket = (a: string) => (isIP(a) === 6 ? `[${a}]` : a);
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  const h = host.toLowerCase();
  if (h === '0.0.0.0' || h === '::' || h === '') {
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(bracket(a.address.toLowerCase()));
    names.add(hostname().toLowerCase());
  } else {
    names.add(bracket(h));
  }
  return [...names];
}

/** Starts the emulator: CCE Autopilot + IAM (+ the clusters' Kubernetes APIs) on one HTTP port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const log = options.log ?? (() => {});
  const host = options.host ?? '127.0.0.1';
  const authMode: AuthMode = options.auth ?? 'strict';
  const seedName: SeedName = options.seed ?? 'empty';
  const store = new DocumentStore(options.dataDir ? new SqlitePersistence(options.dataDir) : new MemoryPersistence());
  const clock = new Clock(options.clock ?? 'system');
  const quotas: Quotas = { clustersPerRegion: options.quotas?.clustersPerRegion ?? 5, charts: options.quotas?.charts ?? 200 };
  // Controllers, timestamps and pod logs follow the emulator's clock; each cluster's CA is kept in the store.
  const kube = options.kubernetes === false ? undefined : createKubeHub({
    host,
    now: () => clock.now(),
    store: {
      get: (key) => store.get<string>('kube', key),
      set: (key, value) => {
        store.put('kube', key, value);
        store.flush();
      },
    },
  });
  const world = new World({ store, clock, speed: options.speed ?? 'instant', quotas, log, ...(kube ? { kube } : {}) });
  const lifecycle = new Lifecycle(world, transitions);
  const faults = new FaultRules(options.random);

  let identity = identityFromStore(world);
  if (!identity) {
    world.clear();
    identity = newIdentity();
    await seed(world, seedName, identity);
  }
  const id: Identity = identity;

  let baseUrl = '';

  const admin: EmulatorAdmin = {
    now: () => clock.now(),
    advanceClock: (ms) => {
      const now = clock.advance(ms);
      lifecycle.tick();
      return now;
    },
    addFault: (input) => faults.add(parseFaultRule(input, operationNames)),
    removeFault: (faultId) => faults.remove(faultId),
    faults: () => faults.list(),
    clearFaults: () => faults.clear(),
    failNext: (key, count = 1) => {
      if (!failureKeys.includes(key)) throw new Error(`failure key must be one of ${failureKeys.join(', ')}`);
      world.failures.inject(key, count);
    },
    tick: () => {
      lifecycle.tick();
    },
    pruneTokens: () => pruneTokens(world),
    setQuotas: (q) => {
      for (const key of ['clustersPerRegion', 'charts'] as const) {
        const v = q[key];
        if (v === undefined) continue;
        if (!Number.isInteger(v) || v < 0) throw new Error(`${key} must be a non-negative integer (got ${JSON.stringify(v)})`);
        quotas[key] = v;
      }
      return { ...quotas };
    },
    reset: async () => {
      for (const c of world.clusters.list()) await world.kube?.removeCluster(c.id);
      world.clear();
      faults.clear();
      await seed(world, seedName, id);
    },
    state: () => {
      const dump: Record<string, Record<string, unknown>> = {};
      for (const [collection, docs] of Object.entries(world.snapshot())) {
        // The Kubernetes side keeps each cluster's CA (with its private key) in `kube`.
        dump[collection] = Object.fromEntries(Object.entries(docs).map(([key, doc]) => [key, collection === 'kube' ? '***' : redact(doc)]));
      }
      return dump;
    },
  };

  async function adminRoute(req: IncomingMessage, url: URL, body: Buffer): Promise<OpResult | undefined> {
    const path = url.pathname.replace(/\/$/, '');
    const method = req.method ?? 'GET';
    const route = `${method} ${path}`;
    if (route === 'GET /_emulator/health') {
      return { body: { status: 'ok', speed: world.speed, auth: authMode, clock: clock.mode, now: new Date(clock.now()).toISOString(), persistent: options.dataDir !== undefined } };
    }
    if (route === 'POST /_emulator/reset') {
      await admin.reset();
      return { body: { reset: true } };
    }
    if (route === 'GET /_emulator/state') return { body: admin.state() };
    if (route === 'GET /_emulator/faults') return { body: { faults: faults.list() } };
    if (route === 'POST /_emulator/faults') {
      try {
        return { status: 201, body: admin.addFault(jsonBody(body) as FaultRuleInput) };
      } catch (err) {
        if (err instanceof GatewayError) throw err;
        throw adminError(400, `fault rule: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (route === 'DELETE /_emulator/faults') {
      faults.clear();
      return { status: 204 };
    }
    if (method === 'DELETE' && path.startsWith('/_emulator/faults/')) {
      const ruleId = decodeURIComponent(path.slice('/_emulator/faults/'.length));
      if (!faults.remove(ruleId)) throw adminError(404, `no fault rule ${ruleId}.`);
      return { status: 204 };
    }
    if (route === 'GET /_emulator/clock') return { body: { now: new Date(clock.now()).toISOString(), mode: clock.mode } };
    if (route === 'POST /_emulator/clock') {
      const o = jsonBody(body) as Record<string, unknown>;
      const ms = o.advanceMs ?? (typeof o.advanceSeconds === 'number' ? o.advanceSeconds * 1000 : undefined);
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) throw adminError(400, 'POST /_emulator/clock takes {"advanceMs": <non-negative number>} or {"advanceSeconds": <number>}.');
      try {
        admin.advanceClock(ms);
      } catch (err) {
        if (err instanceof RangeError) throw adminError(400, `POST /_emulator/clock: ${err.message}.`);
        throw err;
      }
      return { body: { now: new Date(clock.now()).toISOString(), mode: clock.mode } };
    }
    if (route === 'POST /_emulator/failures') {
      const o = objectOrEmpty(jsonBody(body));
      const key = o.key;
      const count = o.count ?? 1;
      if (!isFailureKey(key)) throw adminError(400, `key must be one of ${failureKeys.join(', ')} (got ${JSON.stringify(o.key)}).`);
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) throw adminError(400, 'count must be a positive integer.');
      world.failures.inject(key, count);
      return { status: 201, body: { pending: world.failures.list() } };
    }
    if (route === 'GET /_emulator/failures') return { body: { pending: world.failures.list() } };
    if (route === 'GET /_emulator/quotas') return { body: { ...quotas } };
    if (route === 'POST /_emulator/quotas') {
      try {
        return { body: admin.setQuotas(jsonBody(body) as Partial<Quotas>) };
      } catch (err) {
        if (err instanceof GatewayError) throw err;
        throw adminError(400, err instanceof Error ? err.message : String(err));
      }
    }
    if (path === '/_emulator' || path.startsWith('/_emulator/')) throw adminError(404, `no admin route ${route}; see the package README.`);
    return undefined;
  }

  const timeouts = { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 15_000, ...options.timeouts };
  const localHosts = new Set<string>();
  const server: Server = createServer(
    {
      // An idle keep-alive connection is dropped after 15 s (the Keep-Alive header tells clients,
      // whose own pools give up after 4-5 s); headers must arrive within 10 s and a whole request
      // within 30 s, so a client trickling a body cannot hold a connection (a 12 MB body takes
      // milliseconds on loopback). The check runs every second, not Node's default 30.
      keepAliveTimeout: timeouts.keepAliveMs,
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersMs),
    },
    createRequestHandler({
      world,
      faults,
      authMode,
      lifecycle,
      handlers: allHandlers,
      log,
      localHosts,
      ...(options.maxInFlightBodyBytes !== undefined ? { maxInFlightBodyBytes: options.maxInFlightBodyBytes } : {}),
      extraRoutes: async (req, url, body) => (await adminRoute(req, url, body)) ?? iamRoute(world, authMode, req, url, body, baseUrl, log),
    }),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // The response being written on each connection (HTTP/1.1 answers one request at a time), so a
  // client error after the headers were parsed (a body that never completes) is answered through it.
  const answering = new WeakMap<object, ServerResponse>();
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    answering.set(socket, res);
    res.on('close', () => {
      if (answering.get(socket) === res) answering.delete(socket);
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Node's own answer to a header timeout is 400; a timeout is 408, too-large headers 431.
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const message = status === 408 ? `The request did not arrive in time (headers within ${timeouts.headersMs / 1000} s, the whole request within ${timeouts.requestMs / 1000} s).` : status === 431 ? 'The request headers are too large.' : 'Malformed HTTP request.';
    const requestId = randomUUID().replaceAll('-', '');
    const body = JSON.stringify({ error_code: status === 408 ? 'APIGW.0408' : 'APIGW.0101', error_msg: message, request_id: requestId });
    // A request whose headers were parsed has a response object: answer through it (once), so
    // the handler still waiting for the body finds the answer already sent.
    const pending = answering.get(socket);
    if (!socket.writable || pending?.headersSent) {
      socket.destroy();
      return;
    }
    if (pending) {
      pending.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body), 'X-Request-Id': requestId, Connection: 'close' });
      pending.end(body, () => socket.destroy());
      return;
    }
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`);
  });
  // CONNECT (a proxy tunnel) is no API here; without a listener Node would drop the socket unanswered.
  server.on('connect', (_req: IncomingMessage, socket: Socket) => {
    const requestId = randomUUID().replaceAll('-', '');
    const body = JSON.stringify({ error_code: 'APIGW.0101', error_msg: 'CONNECT is not supported: the emulator is no proxy.', request_id: requestId });
    socket.on('error', () => socket.destroy());
    socket.end(`HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, PUT, PATCH, DELETE\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
  for (const h of ownHostNames(host)) {
    localHosts.add(`${h}:${address.port}`);
    if (address.port === 80) localHosts.add(h);
  }
  if (!isLoopbackAddress(host)) {
    log(`WARNING: listening on ${baseUrl}, beyond loopback: every machine that can reach it can call the CCE and IAM APIs (with the credentials), read and change state through the admin API (/_emulator/*, no credentials), and reach the clusters' Kubernetes APIs. Use --host 127.0.0.1 unless you mean that.`);
  }

  // Clusters that were Available before a restart get their Kubernetes API back.
  for (const c of world.clusters.list()) if (c.phase === 'Available') clusterBecameAvailable(world, c);
  let ticks = 0;
  const ticker = setInterval(() => {
    try {
      lifecycle.tick();
      if (++ticks % 1200 === 0) pruneTokens(world);
    } catch (err) {
      log(`lifecycle tick failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }, world.speed === 'realistic' ? 250 : 50);
  ticker.unref();

  const first = id.projects[0] ?? { region: 'cn-north-4', projectId: '' };
  let stopped = false;
  return {
    url: baseUrl,
    region: first.region,
    projectId: first.projectId,
    domain: id.domain,
    domainId: id.domainId,
    user: id.user,
    password: id.password,
    ak: id.ak,
    sk: id.sk,
    projects: id.projects.map((p) => ({ ...p })),
    admin,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(ticker);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      await world.kube?.stop();
      world.commit();
      store.close();
    },
  };
}
