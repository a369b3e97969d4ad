// signRequest on the client, a real HTTP hop (global fetch -> node:http on 127.0.0.1), and
// verifyRequest on what the server received: proves that what the client signs is what the
// server sees after fetch has normalized the URL and added its own headers.
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signRequest, verifyRequest } from '../src/index.js';

interface Received { method: string; url: string; headers: IncomingHttpHeaders; body: Buffer }

let server: Server;
let base = '';
let last: Received | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      last = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const creds = { ak: 'AKROUNDTRIP000000000', sk: 'sk-roundtrip-secret-0123456789abcdef' };
const lookup = (ak: string) => (ak === creds.ak ? { sk: creds.sk } : undefined);

async function roundTrip(method: string, url: string, headers: Record<string, string>, body?: string | Uint8Array) {
  const auth = signRequest({ method, url, headers, body }, creds, { date: new Date() });
  const response = await fetch(url, { method, headers: { ...headers, ...auth }, ...(body === undefined ? {} : { body }) });
  await response.text();
  const got = last!;
  return verifyRequest({ method: got.method, url: got.url, headers: got.headers, body: got.body }, lookup);
}

describe('sign -> fetch -> verify', () => {
  it.each([
    ['GET', '/autopilot/v3/projects/p1/clusters?limit=2&marker=a b&name=é&x=*\'()!~&k=&k=1'],
    ['POST', '/api/v3/a%20b/中文/😀/x;y=z/%25done'],
    ['DELETE', '/v1/a/?flag&empty=&plus=1+1'],
    ['PUT', "/v1/it's/[brackets]/(parens)"],
  ])('%s %s', async (method, path) => {
    const body = method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({ name: 'demo', note: 'ünïcode' });
    const result = await roundTrip(method, base + path, { 'Content-Type': 'application/json', 'X-Project-Id': 'p1', 'X-Language': 'en us' }, body);
    expect(result).toMatchObject({ ok: true, ak: creds.ak });
  });

  it('UNSIGNED-PAYLOAD binary upload', async () => {
    const result = await roundTrip('POST', `${base}/v2/charts`, { 'Content-Type': 'application/octet-stream', 'X-Sdk-Content-Sha256': 'UNSIGNED-PAYLOAD' }, new Uint8Array([0, 1, 2, 250, 255]));
    expect(result).toMatchObject({ ok: true, signedHeaders: ['content-type', 'host', 'x-sdk-content-sha256', 'x-sdk-date'] });
  });

  it('generated paths and queries survive the hop', async () => {
    const chars = fc.constantFrom(...'aZ09-_.~!$&()*+,;=:@ %\'"é中😀'.match(/./gu)!);
    await fc.assert(fc.asyncProperty(
      fc.array(fc.string({ unit: chars, maxLength: 6 }), { minLength: 1, maxLength: 4 }),
      fc.array(fc.tuple(fc.string({ unit: chars, minLength: 1, maxLength: 5 }), fc.string({ unit: chars, maxLength: 5 })), { maxLength: 4 }),
      async (segments, query) => {
        const path = '/' + segments.map(encodeURIComponent).join('/');
        const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
        const result = await roundTrip('GET', `${base}${path}${qs ? '?' + qs : ''}`, { 'Content-Type': 'application/json' });
        expect(result).toMatchObject({ ok: true });
      },
    ), { numRuns: 60 });
  });
});
