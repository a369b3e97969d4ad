import { connect } from 'node:net';
import { mkdtempSync, chmodSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { signRequest } from '@cce-autopilot/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChartArchive, demoChartFiles } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { tarHeader } from '../src/chart-archive.js';
import { availableCluster, call, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
let cluster: string;
beforeAll(async () => {
  emu = await startTestEmulator({ maxInFlightBodyBytes: 3 * 1024 * 1024 });
  cluster = await availableCluster(emu, 'hard');
});
afterAll(async () => {
  await emu?.stop();
});

/** Sends raw bytes on a fresh connection and collects everything the server sends until it closes. */
function raw(url: string, parts: (string | Buffer)[], opts: { endAfterWrite?: boolean } = {}): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
    socket.on('connect', () => {
      for (const p of parts) socket.write(p);
      if (opts.endAfterWrite) socket.end();
    });
  });
}

const statusOf = (response: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1]);

async function multipart(archive: Buffer): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  form.set('content', new Blob([archive]), 'chart.tgz');
  const req = new Request('http://x/', { method: 'POST', body: form });
  return { body: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') ?? '' };
}

async function upload(archive: Buffer, unsigned = false) {
  const { body, contentType } = await multipart(archive);
  const headers: Record<string, string> = { 'Content-Type': contentType };
  if (unsigned) headers['X-Sdk-Content-Sha256'] = 'UNSIGNED-PAYLOAD';
  return call(emu, 'POST', '/autopilot/v2/charts', { rawBody: body, headers });
}

describe('the store is not poisoned by a write it cannot keep', () => {
  it('answers 400 naming the field for add-on values nested 10,000 levels deep, and later requests work', async () => {
    // Written out by hand: JSON.stringify itself cannot go 10,000 levels deep.
    const values = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const body = `{"kind":"Addon","apiVersion":"v3","metadata":{"annotations":{"addon.install/type":"install"}},"spec":{"clusterID":"${cluster}","addonTemplateName":"coredns","values":${values}}}`;
    expect(body.length).toBeGreaterThan(60_000);
    const res = await call(emu, 'POST', '/autopilot/v3/addons', { rawBody: body, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toContain('the request body field spec.values.a.a.a.a… is nested deeper than 100 levels');
    const state = await fetch(`${emu.url}/_emulator/state`);
    expect(state.status).toBe(200);
    expect(Object.keys(((await state.json()) as { addons?: object }).addons ?? {})).toEqual([]);
    const ok = await call(emu, 'GET', `/autopilot/v3/addons?cluster_id=${cluster}`);
    expect(ok.status).toBe(200);
  });

  it('refuses the 6.5 KB chart whose values alias a 6 MB string 99 times, and keeps working', async () => {
    const files = demoChartFiles('aliases', '1.0.0');
    files['aliases/values.yaml'] = `s: &s "${'z'.repeat(6 * 1024 * 1024)}"\n${Array.from({ length: 99 }, (_, i) => `k${i}: *s`).join('\n')}\n`;
    const archive = buildChartArchive(files);
    expect(archive.length).toBeLessThan(16 * 1024);
    const res = await upload(archive);
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toContain('aliases/values.yaml is');
    expect(res.body.errorMessage).toContain('up to 1 MiB each');
    expect((await fetch(`${emu.url}/_emulator/health`)).status).toBe(200);
    expect((await upload(buildChartArchive(demoChartFiles('fine', '1.0.0')))).status).toBe(201);
  });

  it('answers 400 for JSON arrays nested 100,000 deep', async () => {
    const res = await call(emu, 'POST', '/autopilot/v3/addons', { rawBody: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.body.errorMessage).toContain('is nested deeper than 100 levels');
  });
});

describe('chart uploads do not stop the emulator', () => {
  it('refuses a 7 GiB irrelevant entry at the inflate limit, and another client is answered meanwhile', async () => {
    const flushed = (b: Buffer) => deflateRawSync(b, { finishFlush: constants.Z_FULL_FLUSH });
    const chart = 'apiVersion: v2\nname: big\nversion: 1.0.0\n';
    const head = Buffer.concat([tarHeader('big/Chart.yaml', chart.length, 0), Buffer.from(chart), Buffer.alloc(512 - chart.length), tarHeader('big/blob.bin', 7 * 1024 ** 3, 0)]);
    const zeros = flushed(Buffer.alloc(1024 * 1024));
    const archive = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]), flushed(head), ...Array.from({ length: 1024 }, () => zeros), deflateRawSync(Buffer.alloc(0)), Buffer.alloc(8)]);
    // The emulator asks for a random number when it weighs a fault rule with a probability, which
    // it does for the upload once the upload's body is in and before the handler runs: that is
    // when the other client's request goes out. (The rule, probability 0, never fires.)
    const order: string[] = [];
    let health: Promise<void> | undefined;
    let url = '';
    const own = await startTestEmulator({
      random: () => {
        health ??= fetch(`${url}/_emulator/health`).then((h) => {
          expect(h.status).toBe(200);
          order.push('health');
        });
        return 0.5;
      },
    });
    url = own.url;
    try {
      own.admin.addFault({ operation: 'UploadAutopilotChart', action: 'error', probability: 0 });
      const { body, contentType } = await multipart(archive);
      const res = await call(own, 'POST', '/autopilot/v2/charts', { rawBody: body, headers: { 'Content-Type': contentType } });
      order.push('upload');
      expect(res.status).toBe(400);
      expect(res.body.errorMessage).toContain('the archive inflates to more than 100 MiB');
      await health;
      // Inflating on the event loop would have answered the upload first.
      expect(order).toEqual(['health', 'upload']);
    } finally {
      await own.stop();
    }
  });
});

describe('the admin API is for this machine only', () => {
  it('refuses a Host that is not the emulator (DNS rebinding) and a foreign Origin, answers curl', async () => {
    const port = new URL(emu.url).port;
    const rebound = await raw(emu.url, [`GET /_emulator/state HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`]);
    expect(statusOf(rebound)).toBe(403);
    expect(rebound).toContain('answers only requests for its own address');
    const crossSite = await raw(emu.url, [`POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: https://evil.example\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`]);
    expect(statusOf(crossSite)).toBe(403);
    const textPlain = await raw(emu.url, [`POST /_emulator/reset HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi`]);
    expect(statusOf(textPlain)).toBe(415);
    const localhost = await raw(emu.url, [`GET /_emulator/health HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`]);
    expect(statusOf(localhost)).toBe(200);
    const sameOrigin = await fetch(`${emu.url}/_emulator/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: emu.url }, body: '{"advanceMs":1}' });
    expect(sameOrigin.status).toBe(200);
    // The cluster created above is still there: nothing was reset.
    expect((await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters/${cluster}`)).status).toBe(200);
  });

  it('answers 400 to a clock advance of 1e300 ms, and health stays 200', async () => {
    const res = await fetch(`${emu.url}/_emulator/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"advanceMs":1e300}' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error_msg: string }).error_msg).toContain('100 years');
    expect((await fetch(`${emu.url}/_emulator/health`)).status).toBe(200);
  });
});

describe('memory before authentication', () => {
  it('refuses an unknown AK before the body is sent', async () => {
    const url = `${emu.url}/autopilot/v3/addons`;
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'X-Project-Id': emu.projectId, Host: new URL(url).host };
    Object.assign(headers, signRequest({ method: 'POST', url, headers, body: '{}' }, { ak: 'UNKNOWNAK0000000000', sk: 'x'.repeat(40) }));
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join('\r\n');
    // Content-Length promises 12 MB; none of it is ever sent, yet the answer comes.
    const answer = await raw(emu.url, [`POST /autopilot/v3/addons HTTP/1.1\r\n${lines}\r\nContent-Length: 12000000\r\n\r\n`]);
    expect(statusOf(answer)).toBe(401);
    expect(answer).toContain('unknown access key');
  });

  it('refuses a missing X-Sdk-Date and a malformed Authorization before the body is sent', async () => {
    const host = new URL(emu.url).host;
    const malformed = await raw(emu.url, [`POST /autopilot/v3/addons HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Basic abc\r\nContent-Length: 12000000\r\n\r\n`]);
    expect(statusOf(malformed)).toBe(401);
    const badToken = await raw(emu.url, [`POST /autopilot/v3/addons HTTP/1.1\r\nHost: ${host}\r\nX-Auth-Token: nope\r\nContent-Length: 12000000\r\n\r\n`]);
    expect(statusOf(badToken)).toBe(401);
  });

  it('caps request-body bytes held at once across connections (503)', async () => {
    const host = new URL(emu.url).host;
    const head = `POST /_emulator/faults HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2900000\r\nConnection: close\r\n\r\n`;
    const { hostname, port } = new URL(emu.url);
    // The first connection sends most of its body and stops: those bytes are held.
    const first = connect(Number(port), hostname);
    await new Promise<void>((r) => first.on('connect', () => r()));
    await new Promise<void>((r) => first.write(Buffer.concat([Buffer.from(head), Buffer.alloc(2_800_000, 0x20)]), () => r()));
    let second = '';
    // Retry until the first connection's bytes are in (visible: the second is refused).
    for (let i = 0; i < 50 && statusOf(second) !== 503; i++) second = await raw(emu.url, [head, Buffer.alloc(2_900_000, 0x20)]);
    expect(statusOf(second)).toBe(503);
    expect(second).toContain('request bodies at once');
    first.destroy();
  });

  it('answers 408 when the headers do not arrive in time, and drops a trickled body', async () => {
    // Short timeouts on an emulator of its own, that nothing else talks to.
    const quick = await startTestEmulator({ timeouts: { headersMs: 300, requestMs: 600 } });
    try {
      const host = new URL(quick.url).host;
      const slowHeaders = await raw(quick.url, [`GET /_emulator/health HTTP/1.1\r\nHost: ${host}\r\n`]);
      expect(statusOf(slowHeaders)).toBe(408);
      // The body never completes: the request timeout ends it with a 408 instead of holding the connection.
      const trickled = await raw(quick.url, [`POST /_emulator/faults HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{`]);
      expect(statusOf(trickled)).toBe(408);
    } finally {
      await quick.stop();
    }
  });
});

describe('the gateway side', () => {
  it('accepts UNSIGNED-PAYLOAD only for multipart uploads', async () => {
    const json = await call(emu, 'POST', '/autopilot/v3/addons', { body: { kind: 'Addon' }, headers: { 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' } });
    expect(json.status).toBe(401);
    expect(json.body.error_msg).toContain('UNSIGNED-PAYLOAD is accepted only for multipart/form-data uploads');
    const multipartUpload = await upload(buildChartArchive(demoChartFiles('unsigned', '1.0.0')), true);
    expect(multipartUpload.status).toBe(201);
  });

  it('answers CONNECT with 405', async () => {
    const host = new URL(emu.url).host;
    const answer = await raw(emu.url, [`CONNECT ${host} HTTP/1.1\r\nHost: ${host}\r\n\r\n`]);
    expect(statusOf(answer)).toBe(405);
    expect(answer).toContain('CONNECT is not supported');
  });

  it('checks Host on the CCE API too when auth is not strict (nothing else stops a rebound page)', async () => {
    const open = await startTestEmulator({ auth: 'off' });
    try {
      const port = new URL(open.url).port;
      const rebound = await raw(open.url, [`GET /autopilot/v3/projects/${open.projectId}/clusters HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`]);
      expect(statusOf(rebound)).toBe(403);
      const local = await raw(open.url, [`GET /autopilot/v3/projects/${open.projectId}/clusters HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`]);
      expect(statusOf(local)).toBe(200);
    } finally {
      await open.stop();
    }
  });
});

describe('secrets at rest', () => {
  it('makes --data-dir 0700 and every file in it 0600, fixing what an older run left open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-private-'));
    try {
      chmodSync(dir, 0o755);
      const first = await startTestEmulator({ dataDir: dir, kubernetes: false });
      await call(first, 'POST', `/autopilot/v3/projects/${first.projectId}/clusters`, { body: { kind: 'Cluster' } });
      await first.stop();
      const modes = () => Object.fromEntries(readdirSync(dir).map((f) => [f, statSync(join(dir, f)).mode & 0o777]));
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(Object.values(modes()).every((m) => m === 0o600)).toBe(true);
      // As an emulator before this change left them:
      chmodSync(dir, 0o755);
      for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
      const second = await startTestEmulator({ dataDir: dir, kubernetes: false });
      expect(second.ak).toBe(first.ak);
      await second.stop();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      expect(Object.keys(modes()).length).toBeGreaterThan(0);
      expect(Object.entries(modes()).filter(([, m]) => m !== 0o600)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
