import { request } from 'node:http';
import { connect } from 'node:net';
import { operations } from '@cce-autopilot/models';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index.js';
import { call, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ auth: 'off' });
});
afterAll(async () => {
  await emu?.stop();
});

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(base: string, method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<Raw | undefined> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    } catch {
      // The client refused to build this request (e.g. an invalid header); nothing reached the server.
      resolve(undefined);
      return;
    }
    req.on('error', reject);
    req.end(body);
  });
}

/** Paths built from the catalogue's templates with random fillings, plus random junk. */
const templates = Object.values(operations).map((o) => o.path);
const segmentArb = fc.oneof(fc.constant(''), fc.constant('..'), fc.constant('%'), fc.constant('%ZZ'), fc.uuid(), fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constant('x'.repeat(300)));
const pathArb = fc.oneof(
  fc.tuple(fc.constantFrom(...templates), fc.array(segmentArb, { minLength: 5, maxLength: 5 }), fc.string({ maxLength: 20 })).map(([t, fills, q]) => {
    let i = 0;
    return t.replace(/\{[^}]+\}/g, () => fills[i++ % fills.length] || 'id') + (q ? `?${encodeURIComponent(q)}=${encodeURIComponent(q)}&status=${encodeURIComponent(q)}` : '');
  }),
  fc.array(segmentArb, { maxLength: 6 }).map((s) => `/${s.join('/')}`),
);
const bodyArb = fc.oneof(
  fc.constant(undefined),
  fc.json().map((j) => Buffer.from(j)),
  fc.jsonValue().map((v) => Buffer.from(JSON.stringify({ kind: 'Cluster', metadata: v, spec: v }))),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
);
const headerArb = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=xyz', 'multipart/form-data', '', 'application/json; charset=utf-8'),
    'x-project-id': fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9a-f]{32}$/), fc.string({ maxLength: 10 }).filter((s) => /^[\x21-\x7e]*$/.test(s))),
    authorization: fc.constantFrom('SDK-HMAC-SHA256 Access=A, SignedHeaders=host, Signature=00', 'Bearer x', 'SDK-HMAC-SHA256'),
    'x-auth-token': fc.string({ maxLength: 30 }).filter((s) => /^[\x21-\x7e]*$/.test(s)),
  },
  { requiredKeys: [] },
);

function wellFormedError(r: Raw): boolean {
  if (typeof r.headers['x-request-id'] !== 'string') return false;
  let body: any;
  try {
    body = JSON.parse(r.body);
  } catch {
    return false;
  }
  return (typeof body?.errorCode === 'string' && typeof body?.errorMessage === 'string') || (typeof body?.error_code === 'string' && typeof body?.error_msg === 'string');
}

describe('request parser fuzzing', () => {
  it('never crashes and answers every rejected request with a well-formed error body', async () => {
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), pathArb, headerArb, bodyArb, async (method, path, headers, body) => {
        const res = await send(emu.url, method, path, headers, body);
        if (!res) return;
        expect(res.status).toBeGreaterThanOrEqual(200);
        expect(res.status).toBeLessThan(600);
        expect(res.status).not.toBe(500);
        if (res.status >= 400) expect(wellFormedError(res), `${method} ${path} -> ${res.status} ${res.body.slice(0, 200)}`).toBe(true);
      }),
      { numRuns: 400 },
    );
    const health = await fetch(`${emu.url}/_emulator/health`);
    expect(health.status).toBe(200);
    expect((await call(emu, 'GET', `/autopilot/v3/projects/${emu.projectId}/clusters`)).status).toBe(200);
  });

  it('answers every request of an unauthenticated caller in strict mode with a well-formed error', async () => {
    const strict = await startTestEmulator({ auth: 'strict' });
    try {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), pathArb, headerArb, bodyArb, async (method, path, headers, body) => {
          const res = await send(strict.url, method, path, headers, body);
          if (!res) return;
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).not.toBe(500);
          expect(wellFormedError(res)).toBe(true);
        }),
        { numRuns: 150 },
      );
    } finally {
      await strict.stop();
    }
  });

  it('answers malformed HTTP on the raw socket with a gateway error and a request id', async () => {
    const url = new URL(emu.url);
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (junk) => {
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(Number(url.port), url.hostname, () => socket.end(Buffer.concat([Buffer.from(junk), Buffer.from('\r\n\r\n')])));
          let text = '';
          socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
          socket.on('close', () => resolve(text));
          socket.on('error', reject);
        });
        if (answer === '') return; // the server may simply close a connection that never formed a request
        expect(answer).toMatch(/^HTTP\/1\.1 (400|404|401) /);
        expect(answer.toLowerCase()).toContain('x-request-id:');
      }),
      { numRuns: 60 },
    );
    expect((await fetch(`${emu.url}/_emulator/health`)).status).toBe(200);
  });
});
