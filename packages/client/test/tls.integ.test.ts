// The `ca` option: a server whose certificate a private CA signed (here a cluster's Kubernetes API
// in the emulator) is trusted with that CA and refused without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { createClient, createDispatcher } from '../src/index.js';

let emulator: RunningEmulator;
let server = '';
let ca = '';

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
  const client = createClient({ region: emulator.region, credentials: { ak: emulator.ak, sk: emulator.sk }, endpoints: { cce: emulator.url }, env: {} });
  const clusters = await client.listAutopilotClusters();
  const cert = await client.createAutopilotKubernetesClusterCert({ cluster_id: clusters.items[0]?.metadata.uid ?? '', body: { duration: 1 } });
  await client.close();
  const entry = cert.clusters?.find((c) => c.cluster?.server?.startsWith('https://127.0.0.1'));
  server = entry?.cluster?.server ?? '';
  ca = Buffer.from(entry?.cluster?.['certificate-authority-data'] ?? '', 'base64').toString('utf8');
});

afterAll(async () => {
  await emulator?.stop();
});

describe('custom CA', () => {
  it('trusts a server signed by the given CA', async () => {
    expect(ca).toContain('BEGIN CERTIFICATE');
    const dispatcher = createDispatcher({ ca, env: {} });
    const response = await dispatcher.request({ origin: server, path: '/version', method: 'GET' });
    await response.body.dump();
    await dispatcher.close();
    expect(response.statusCode).toBeGreaterThanOrEqual(200);
  });

  it('refuses the same server without it', async () => {
    const dispatcher = createDispatcher({ env: {} });
    await expect(dispatcher.request({ origin: server, path: '/version', method: 'GET' })).rejects.toThrow(/certificate/i);
    await dispatcher.close();
  });
});
