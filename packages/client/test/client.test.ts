import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import {
  CceAbortError,
  CceApiError,
  CceNetworkError,
  createClient,
  decideRetry,
  defaultRetryPolicy,
  parseRetryAfter,
  type CceClient,
  type RequestLogEvent,
} from '../src/index.js';
import { AK, PROJECT, SK, json, startFakeServer, type FakeServer } from './fake-server.js';

let server: FakeServer;
let client: CceClient;
let events: RequestLogEvent[];

beforeAll(async () => {
  server = await startFakeServer();
});
afterAll(async () => {
  await client.close();
  await server.close();
});
beforeEach(async () => {
  events = [];
  if (client) await client.close();
  client = createClient({
    region: 'cn-north-4',
    credentials: { ak: AK, sk: SK, securityToken: 'temporary-token-value' },
    projectId: PROJECT,
    endpoints: { cce: server.url },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: (event) => events.push(event),
    env: {},
  });
});

const reset = (_req: unknown, res: import('node:http').ServerResponse) => res.socket?.destroy();

describe('requests', () => {
  it('fills the project id, encodes path parameters, signs, and sends X-Project-Id', async () => {
    server.script(json(200, { kind: 'Cluster', metadata: { name: 'a' } }));
    const cluster = await client.showAutopilotCluster({ cluster_id: 'id with/slash', detail: 'true' });
    expect(cluster).toMatchObject({ metadata: { name: 'a' } });
    const [req] = server.received;
    expect(req?.url).toBe(`/autopilot/v3/projects/${PROJECT}/clusters/id%20with%2Fslash?detail=true`);
    expect(req?.headers['x-project-id']).toBe(PROJECT);
    expect(req?.headers['x-security-token']).toBe('temporary-token-value');
    expect(req?.signatureOk).toBe(true);
  });

  it('sends X-Project-Id on paths without a project id, and JSON bodies signed', async () => {
    server.script(json(201, { metadata: { uid: 'addon-1' } }));
    await client.createAutopilotAddonInstance({ body: { kind: 'Addon', apiVersion: 'v3', metadata: { annotations: {} }, spec: { clusterID: 'c', addonTemplateName: 'coredns', values: {} } } as never });
    const [req] = server.received;
    expect(req?.url).toBe('/autopilot/v3/addons');
    expect(req?.headers['x-project-id']).toBe(PROJECT);
    expect(JSON.parse(req?.body.toString() ?? '')).toMatchObject({ spec: { addonTemplateName: 'coredns' } });
    expect(req?.signatureOk).toBe(true);
  });

  it('returns the plain-text answer of addon delete', async () => {
    server.script((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('success');
    });
    await expect(client.deleteAutopilotAddonInstance({ id: 'a1', cluster_id: 'c1' })).resolves.toBe('success');
  });

  it('uploads a chart as multipart with the parameters field, signed UNSIGNED-PAYLOAD', async () => {
    server.script(json(201, { id: 'chart-1', name: 'demo' }));
    const archive = new Uint8Array([0x1f, 0x8b, 1, 2, 3]);
    await client.uploadAutopilotChart({ body: { content: archive, filename: 'demo-1.0.0.tgz', parameters: { override: true, skip_lint: true, source: 'package' } } });
    const [req] = server.received;
    expect(req?.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(req?.headers['x-sdk-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    const text = req?.body.toString('latin1') ?? '';
    expect(text).toContain('name="parameters"');
    expect(text).toContain('{"override":true,"skip_lint":true,"source":"package"}');
    expect(text).toContain('name="content"; filename="demo-1.0.0.tgz"');
    expect(req?.signatureOk).toBe(true);
  });

  it('streams a chart download', async () => {
    const bytes = Buffer.alloc(200_000, 7);
    server.script((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
      Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]).pipe(res);
    });
    const download = await client.downloadAutopilotChart({ chart_id: 'c1' });
    expect(download.contentLength).toBe(bytes.length);
    let total = 0;
    for await (const chunk of download.body) total += chunk.length;
    expect(total).toBe(bytes.length);
  });

  it('rejects unknown parameters, missing path parameters and values outside an enum', async () => {
    server.script(json(200, {}));
    await expect(client.request('ShowAutopilotCluster', { cluster_id: 'a', detial: 'true' } as never)).rejects.toThrow(/unknown parameter "detial"/);
    await expect(client.request('ShowAutopilotCluster', {} as never)).rejects.toThrow(/cluster_id/);
    await expect(client.listAutopilotClusters({ status: 'Nope' as never })).rejects.toThrow(/status" must be one of/);
    // A lone surrogate: a clear error naming the parameter, not encodeURIComponent's "URI malformed".
    await expect(client.request('ShowAutopilotCluster', { cluster_id: 'id\uD83D' } as never)).rejects.toThrow(/ShowAutopilotCluster: (path )?parameter "cluster_id" is not valid text/);
    await expect(client.request('ListAutopilotClusters', { version: 'v1.28\uDE00' } as never)).rejects.toThrow(/parameter "version" is not valid text/);
    expect(server.received).toHaveLength(0);
  });

  it('invoke takes a run-time name and input, checked by the catalogue like a typed call', async () => {
    server.script(json(200, { metadata: { uid: 'c1' } }));
    const input: Record<string, unknown> = { cluster_id: 'c1', detail: 'true' };
    await expect(client.invoke('ShowAutopilotCluster', input)).resolves.toEqual({ metadata: { uid: 'c1' } });
    expect(server.received[0]!.url).toMatch(/\/clusters\/c1\?detail=true$/);
    await expect(client.invoke('ShowAutopilotCluster', { cluster_id: 'a', detial: 'true' })).rejects.toThrow(/unknown parameter "detial"/);
    await expect(client.invoke('ListAutopilotClusters', { status: 'Nope' })).rejects.toThrow(/status" must be one of/);
    await expect(client.invoke('NoSuchOperation' as never, {})).rejects.toThrow(/Unknown operation "NoSuchOperation"/);
    expect(server.received).toHaveLength(1);
  });

  it('sends the SDK\'s query parameters typed, and unmodelled ones only through extraQuery', async () => {
    server.script(json(200, { items: [] }), json(200, { items: [] }));
    await client.listAutopilotAddonTemplates({ cluster_id: 'c1', newest: 'true', base_update_addon_version: '1.28.4' });
    await client.listAutopilotClusters({ errorStatus: 'true' }, { extraQuery: { marker: 'm 1', limit: 10 } });
    expect(server.received.map((r) => r.url)).toEqual([
      '/autopilot/v3/addontemplates?cluster_id=c1&newest=true&base_update_addon_version=1.28.4',
      `/autopilot/v3/projects/${PROJECT}/clusters?errorStatus=true&marker=m%201&limit=10`,
    ]);
    await expect(client.listAutopilotClusters({ marker: 'x' } as never)).rejects.toThrow(/unknown parameter "marker".*extraQuery/);
    await expect(client.listAutopilotClusters({}, { extraQuery: { status: 'Nope' } })).rejects.toThrow(/extraQuery "status" is a parameter of the operation/);
    await expect(client.listAutopilotAddonTemplates({ newest: 'maybe' as never })).rejects.toThrow(/newest" must be one of true, false/);
    expect(server.received).toHaveLength(2);
  });

  it('exposes the certificate answer\'s Port-ID header without adding it to the kubeconfig', async () => {
    server.script(json(200, { kind: 'Config', apiVersion: 'v1', clusters: [] }, { 'port-id': 'port-7' }));
    const cert = await client.createAutopilotKubernetesClusterCert({ cluster_id: 'c1', body: { duration: 1 } });
    expect(cert.responseHeaders['Port-ID']).toBe('port-7');
    expect(JSON.parse(JSON.stringify(cert))).toEqual({ kind: 'Config', apiVersion: 'v1', clusters: [] });
  });
});

describe('errors', () => {
  it('parses the service error body shape', async () => {
    server.script(json(404, { errorCode: 'CCE.01404001', errorMessage: 'Resource not found.' }));
    const error = await client.showAutopilotCluster({ cluster_id: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CceApiError);
    expect(error).toMatchObject({ status: 404, code: 'CCE.01404001', message: 'Resource not found.', requestId: 'req-123', operation: 'ShowAutopilotCluster', retryable: false });
  });

  it('parses the gateway error body shape with its request id', async () => {
    server.script((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'gw-1' }));
    });
    await expect(client.showAutopilotQuotas()).rejects.toMatchObject({ status: 401, code: 'APIGW.0301', requestId: 'gw-1' });
  });

  it('survives non-JSON and truncated error bodies', async () => {
    server.script(
      (_req, res) => {
        res.writeHead(400, { 'content-type': 'text/html' });
        res.end('<html>bad gateway thing</html>');
      },
      (_req, res) => {
        res.writeHead(400, { 'content-type': 'application/json', 'content-length': '200' });
        res.write('{"errorCode":"CCE.014');
        setTimeout(() => res.socket?.destroy(), 5);
      },
    );
    await expect(client.showAutopilotQuotas()).rejects.toMatchObject({ status: 400, code: 'HTTP.400', message: '<html>bad gateway thing</html>' });
    await expect(client.showAutopilotQuotas()).rejects.toMatchObject({ status: 400, code: 'HTTP.400', message: '{"errorCode":"CCE.014' });
  });

  it('never puts credentials into errors or log events', async () => {
    server.script(json(403, { errorCode: 'CCE.01403001', errorMessage: 'Forbidden.' }));
    const error = await client.showAutopilotQuotas().catch((e: unknown) => e);
    const everything = JSON.stringify({ error, text: String(error), events });
    expect(everything).not.toContain(SK);
    expect(everything).not.toContain('temporary-token-value');
    expect(everything).not.toMatch(/Signature=[0-9a-f]{64}/);
    const request = events.find((e) => e.type === 'request');
    expect(request?.headers?.['Authorization']).toBe('[REDACTED]');
    expect(request?.headers?.['X-Security-Token']).toBe('[REDACTED]');
  });
});

describe('retries', () => {
  it('retries a GET on 503 and connection resets, then succeeds', async () => {
    server.script(json(503, { errorCode: 'CCE.01500001', errorMessage: 'busy' }), reset, json(200, { items: [] }));
    await expect(client.listAutopilotClusters()).resolves.toEqual({ items: [] });
    expect(server.received).toHaveLength(3);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('retries a GET whose success body was cut short', async () => {
    server.script((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"items":[');
      setTimeout(() => res.socket?.destroy(), 5);
    }, json(200, { items: [1] }));
    await expect(client.listAutopilotClusters()).resolves.toEqual({ items: [1] });
  });

  it('does not retry a POST on 503 or a reset: it may have been performed', async () => {
    server.script(json(503, { errorCode: 'CCE.01500001', errorMessage: 'busy' }));
    await expect(client.createAutopilotCluster({ body: {} as never })).rejects.toMatchObject({ status: 503, retryable: true });
    expect(server.received).toHaveLength(1);
    server.script(reset);
    await expect(client.createAutopilotCluster({ body: {} as never })).rejects.toBeInstanceOf(CceNetworkError);
    expect(server.received).toHaveLength(1);
  });

  it('retries a POST throttled with 429, waiting Retry-After', async () => {
    server.script(json(429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'retry-after': '0' }), json(201, { metadata: { uid: 'c1' } }));
    await expect(client.createAutopilotCluster({ body: {} as never })).resolves.toMatchObject({ metadata: { uid: 'c1' } });
    expect(server.received).toHaveLength(2);
    expect(events.find((e) => e.type === 'retry')?.delayMs).toBe(0);
  });

  it('retries a POST whose connection was refused', async () => {
    const refused = createClient({
      credentials: { ak: AK, sk: SK },
      projectId: PROJECT,
      endpoints: { cce: 'http://127.0.0.1:1' },
      retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 },
      logger: (event) => events.push(event),
      env: {},
    });
    const error = await refused.createAutopilotCluster({ body: {} as never }).catch((e: unknown) => e);
    await refused.close();
    expect(error).toBeInstanceOf(CceNetworkError);
    expect(error).toMatchObject({ kind: 'connect', reachedServer: false });
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
  });

  it('gives up after maxAttempts', async () => {
    server.script(json(503, { errorCode: 'CCE.01500001', errorMessage: 'busy' }));
    await expect(client.showAutopilotQuotas()).rejects.toMatchObject({ status: 503 });
    expect(server.received).toHaveLength(defaultRetryPolicy.maxAttempts);
  });

  it('decides per method and status', () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    const e503 = new CceApiError({ status: 503, code: 'x', message: 'x', requestId: undefined, operation: 'o', retryable: true });
    const e400 = new CceApiError({ status: 400, code: 'x', message: 'x', requestId: undefined, operation: 'o', retryable: false });
    expect(decideRetry(e503, 'GET', 1, policy, () => 0.5).retry).toBe(true);
    expect(decideRetry(e503, 'PUT', 1, policy, () => 0.5).retry).toBe(true);
    expect(decideRetry(e503, 'POST', 1, policy, () => 0.5).retry).toBe(false);
    expect(decideRetry(e503, 'PATCH', 1, policy, () => 0.5).retry).toBe(false);
    expect(decideRetry(e400, 'GET', 1, policy).retry).toBe(false);
    expect(decideRetry(e503, 'GET', policy.maxAttempts, policy).retry).toBe(false);
    // Backoff grows and stays capped: attempt 3 -> 400 ms window, attempt 10 -> capped at 1000.
    expect(decideRetry(e503, 'GET', 3, policy, () => 1).delayMs).toBe(400);
    expect(decideRetry(e503, 'GET', 4, { ...policy, maxAttempts: 20 }, () => 0).delayMs).toBe(400);
    expect(decideRetry(e503, 'GET', 10, { ...policy, maxAttempts: 20 }, () => 1).delayMs).toBe(1000);
  });

  it('honours the Retry-After the error carries, up to maxRetryAfterMs', () => {
    const throttled = (retryAfterMs: number | undefined) => new CceApiError({ status: 429, code: 'APIGW.0308', message: 'x', requestId: undefined, operation: 'o', retryable: true, retryAfterMs });
    expect(decideRetry(throttled(1_500), 'POST', 1, defaultRetryPolicy)).toEqual({ retry: true, delayMs: 1_500 });
    expect(decideRetry(throttled(defaultRetryPolicy.maxRetryAfterMs + 1), 'GET', 1, defaultRetryPolicy).retry).toBe(false);
    expect(decideRetry(throttled(undefined), 'GET', 1, { ...defaultRetryPolicy, baseDelayMs: 100 }, () => 0).delayMs).toBe(50);
    const busy = new CceApiError({ status: 503, code: 'x', message: 'x', requestId: undefined, operation: 'o', retryable: true, retryAfterMs: 700 });
    expect(decideRetry(busy, 'GET', 1, defaultRetryPolicy)).toEqual({ retry: true, delayMs: 700 });
  });

  it('puts the answer\'s Retry-After on the error it throws', async () => {
    server.script(json(429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'retry-after': '120' }));
    const error = await client.showAutopilotQuotas().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CceApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(server.received).toHaveLength(1);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});

describe('cancellation', () => {
  it('aborts a call with the caller signal', async () => {
    server.script(() => undefined);
    const controller = new AbortController();
    const pending = client.showAutopilotQuotas(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ name: 'CceAbortError', reason: 'aborted' });
  });

  it('enforces the deadline of a call', async () => {
    server.script(() => undefined);
    const error = await client.showAutopilotQuotas(undefined, { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CceAbortError);
    expect(error).toMatchObject({ reason: 'deadline' });
  });

  it('refuses an already aborted signal without sending', async () => {
    server.script(json(200, {}));
    await expect(client.showAutopilotQuotas(undefined, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CceAbortError);
    expect(server.received).toHaveLength(0);
  });
});

describe('project id', () => {
  it('is looked up through IAM once when not given', async () => {
    server.script((req, res) => {
      if (req.url.startsWith('/v3/projects')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ projects: [{ id: 'looked-up-project', name: 'cn-north-4' }] }));
        return;
      }
      json(200, { items: [] })(req, res, 0);
    });
    const lookup = createClient({ region: 'cn-north-4', credentials: { ak: AK, sk: SK }, endpoints: { cce: server.url }, env: {} });
    await lookup.listAutopilotClusters();
    await lookup.listAutopilotClusters();
    await lookup.close();
    expect(server.received.map((r) => r.url)).toEqual([
      '/v3/projects?name=cn-north-4',
      '/autopilot/v3/projects/looked-up-project/clusters',
      '/autopilot/v3/projects/looked-up-project/clusters',
    ]);
    expect(server.received.every((r) => r.signatureOk)).toBe(true);
  });
});

describe('deadline and retries', () => {
  it('reports the failure itself when the next retry would wait past the deadline', async () => {
    server.script(json(429, { error_code: 'APIGW.0308', error_msg: 'throttled' }, { 'retry-after': '30' }));
    const error = await client.showAutopilotQuotas(undefined, { timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CceApiError);
    expect(error).toMatchObject({ status: 429, code: 'APIGW.0308' });
    expect(server.received).toHaveLength(1);
  });
});
