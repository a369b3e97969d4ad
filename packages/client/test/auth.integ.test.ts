// IAM token credentials (X-Auth-Token from auth's IamTokenProvider) against the emulator's IAM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IamTokenProvider } from '@cce-autopilot/auth';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { createClient, type RequestLogEvent } from '../src/index.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant', kubernetes: false });
});
afterAll(async () => {
  await emulator?.stop();
});

describe('IAM token credentials', () => {
  it('sends X-Auth-Token (redacted in logs) and looks the project up with it', async () => {
    const tokens = new IamTokenProvider({
      iamEndpoint: emulator.url,
      identity: { userName: emulator.user, password: emulator.password, domainName: emulator.domain },
      project: { name: emulator.region },
    });
    const events: RequestLogEvent[] = [];
    const client = createClient({ region: emulator.region, credentials: tokens, endpoints: { cce: emulator.url }, logger: (e) => events.push(e), env: {} });
    const clusters = await client.listAutopilotClusters();
    await client.close();
    expect(clusters.items.length).toBeGreaterThan(0);
    const requests = events.filter((e) => e.type === 'request');
    expect(requests.map((e) => e.operation)).toEqual(['KeystoneListProjects', 'ListAutopilotClusters']);
    expect(requests.every((e) => e.headers?.['X-Auth-Token'] === '[REDACTED]')).toBe(true);
    expect(JSON.stringify(events)).not.toContain(await tokens.getToken());
  });

  it('reports a bad token source as the gateway answers it', async () => {
    const client = createClient({ region: emulator.region, projectId: emulator.projectId, credentials: { getToken: () => 'not-a-token' }, endpoints: { cce: emulator.url }, env: {} });
    await expect(client.listAutopilotClusters()).rejects.toMatchObject({ name: 'CceApiError', status: 401 });
    await client.close();
  });
});

describe('domain id for global calls', () => {
  it('finds the domain id through GET /v3/auth/domains once, with AK/SK or a token', async () => {
    const events: RequestLogEvent[] = [];
    const client = createClient({ region: emulator.region, credentials: { ak: emulator.ak, sk: emulator.sk }, endpoints: { cce: emulator.url }, logger: (e) => events.push(e), env: {} });
    expect(await client.domainId()).toBe(emulator.domainId);
    expect(await client.domainId()).toBe(emulator.domainId);
    expect(events.filter((e) => e.type === 'request').map((e) => e.operation)).toEqual(['KeystoneListAuthDomains']);
    await client.close();
    const tokens = new IamTokenProvider({
      iamEndpoint: emulator.url,
      identity: { userName: emulator.user, password: emulator.password, domainName: emulator.domain },
      project: { name: emulator.region },
    });
    const viaToken = createClient({ region: emulator.region, credentials: tokens, endpoints: { cce: emulator.url }, env: {} });
    expect(await viaToken.domainId()).toBe(emulator.domainId);
    await viaToken.close();
  });

  it('takes HUAWEICLOUD_SDK_DOMAIN_ID without asking IAM, and reports a refused lookup', async () => {
    const events: RequestLogEvent[] = [];
    const fromEnv = createClient({ region: emulator.region, credentials: { ak: emulator.ak, sk: emulator.sk }, endpoints: { cce: emulator.url }, logger: (e) => events.push(e), env: { HUAWEICLOUD_SDK_DOMAIN_ID: 'dom-from-env' } });
    expect(await fromEnv.domainId()).toBe('dom-from-env');
    expect(events).toEqual([]);
    await fromEnv.close();
    const wrong = createClient({ region: emulator.region, credentials: { ak: emulator.ak, sk: 'wrong-secret' }, endpoints: { cce: emulator.url }, retry: { maxAttempts: 1 }, env: {} });
    await expect(wrong.domainId()).rejects.toMatchObject({ status: 401 });
    await wrong.close();
  });
});
