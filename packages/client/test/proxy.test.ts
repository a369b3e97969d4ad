// Requests go through an explicit or environment proxy (HTTP CONNECT), and NO_PROXY bypasses it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createClient } from '../src/index.js';
import { AK, PROJECT, SK, json, startFakeServer, type FakeServer } from './fake-server.js';

let api: FakeServer;
let proxy: Server;
let proxyUrl = '';
const tunnels: string[] = [];

beforeAll(async () => {
  api = await startFakeServer();
  proxy = createServer((_req, res) => res.writeHead(405).end());
  proxy.on('connect', (req, clientSocket, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await api.close();
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
});

const base = () => ({ credentials: { ak: AK, sk: SK }, projectId: PROJECT, endpoints: { cce: api.url } });

describe('proxy', () => {
  it('tunnels through an explicit proxy, with a valid signature', async () => {
    api.script(json(200, { items: [] }));
    tunnels.length = 0;
    const client = createClient({ ...base(), proxy: proxyUrl, env: {} });
    await client.listAutopilotClusters();
    await client.close();
    expect(tunnels).toEqual([new URL(api.url).host]);
    expect(api.received[0]?.signatureOk).toBe(true);
  });

  it('uses HTTPS_PROXY/HTTP_PROXY from the environment', async () => {
    api.script(json(200, { items: [] }));
    tunnels.length = 0;
    const client = createClient({ ...base(), env: { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl } });
    await client.listAutopilotClusters();
    await client.close();
    expect(tunnels).toHaveLength(1);
  });

  it('goes direct for hosts in NO_PROXY, and when proxy is false', async () => {
    api.script(json(200, { items: [] }));
    tunnels.length = 0;
    const bypass = createClient({ ...base(), env: { HTTP_PROXY: proxyUrl, HTTPS_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' } });
    await bypass.listAutopilotClusters();
    await bypass.close();
    const off = createClient({ ...base(), proxy: false, env: { HTTP_PROXY: proxyUrl } });
    await off.listAutopilotClusters();
    await off.close();
    expect(tunnels).toEqual([]);
    expect(api.received).toHaveLength(2);
  });
});
