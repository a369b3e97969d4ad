// Under the emulator's fault rules (503s, throttling with Retry-After, connection resets, truncated
// bodies) every idempotent call succeeds within its retry budget and no create is performed twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { CceApiError, CceNetworkError, createClient, type CceClient, type RequestLogEvent } from '../src/index.js';

/** A seeded generator, so the faults that fire are the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let emulator: RunningEmulator;
let client: CceClient;
let events: RequestLogEvent[] = [];
const MAX_ATTEMPTS = 10;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant', random: mulberry32(20261128) });
  client = createClient({
    region: emulator.region,
    credentials: { ak: emulator.ak, sk: emulator.sk },
    endpoints: { cce: emulator.url },
    retry: { baseDelayMs: 2, maxDelayMs: 20, maxAttempts: MAX_ATTEMPTS },
    logger: (event) => events.push(event),
    env: {},
  });
  await client.projectId();
});

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

function addChaos(): void {
  emulator.admin.clearFaults();
  emulator.admin.addFault({ operation: '*', action: 'error', status: 503, probability: 0.3 });
  emulator.admin.addFault({ operation: '*', action: 'throttle', retryAfterSeconds: 0, probability: 0.1 });
  emulator.admin.addFault({ operation: '*', action: 'reset', probability: 0.1 });
  emulator.admin.addFault({ operation: '*', action: 'truncate', probability: 0.1 });
}

describe('retries under faults', () => {
  it('every idempotent call succeeds within its retry budget', async () => {
    const clusters = await client.listAutopilotClusters();
    const clusterId = clusters.items[0]?.metadata.uid ?? '';
    expect(clusterId).not.toBe('');
    addChaos();
    events = [];
    const calls: (() => Promise<unknown>)[] = [
      () => client.listAutopilotClusters(),
      () => client.showAutopilotCluster({ cluster_id: clusterId }),
      () => client.showAutopilotClusterEndpoints({ cluster_id: clusterId }),
      () => client.listAutopilotAddonTemplates(),
      () => client.listAutopilotAddonInstances({ cluster_id: clusterId }),
      () => client.showAutopilotQuotas(),
      () => client.listAutopilotCharts(),
      () => client.listAutopilotClusterUpgradePaths(),
      () => client.listAutopilotClusterUpgradeFeatureGates(),
      () => client.showAutopilotClusterUpgradeInfo({ cluster_id: clusterId }),
      () => client.listAutopilotUpgradeClusterTasks({ cluster_id: clusterId }),
      () => client.listAutopilotClusterMasterSnapshotTasks({ cluster_id: clusterId }),
      () => client.listAutopilotReleases({ cluster_id: clusterId }),
      () => client.updateAutopilotCluster({ cluster_id: clusterId, body: { spec: { description: 'under faults' } } as never }),
    ];
    for (let round = 0; round < 4; round++) {
      for (const call of calls) await call();
    }
    emulator.admin.clearFaults();
    const retries = events.filter((e) => e.type === 'retry');
    // The rules did fire, and were absorbed: every call ended in a response.
    expect(retries.length).toBeGreaterThan(10);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(events.filter((e) => e.type === 'response')).toHaveLength(calls.length * 4);
    const statuses = new Set(retries.map((e) => e.status));
    expect(statuses.has(503)).toBe(true);
    expect(statuses.has(429)).toBe(true);
    // Resets carry no status; truncated bodies carry the status of the damaged answer.
    expect(retries.some((e) => e.status === undefined)).toBe(true);
    expect(retries.some((e) => e.status === 200 && /cut short|not valid JSON/.test(e.error ?? ''))).toBe(true);
  });

  it('honours Retry-After on a throttled call', async () => {
    emulator.admin.clearFaults();
    emulator.admin.addFault({ operation: 'ShowAutopilotQuotas', action: 'throttle', retryAfterSeconds: 1, count: 1 });
    events = [];
    await client.showAutopilotQuotas();
    const retry = events.find((e) => e.type === 'retry');
    expect(retry).toMatchObject({ status: 429, delayMs: 1000 });
  });

  it('reports a create whose answer was cut short instead of sending it again', async () => {
    emulator.admin.clearFaults();
    emulator.admin.addFault({ operation: 'CreateAutopilotCluster', action: 'truncate', count: 1 });
    const error = await client
      .createAutopilotCluster({
        body: {
          kind: 'Cluster',
          apiVersion: 'v3',
          metadata: { name: 'truncated-create' },
          spec: { flavor: 'cce.autopilot.cluster', version: 'v1.28', hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' }, containerNetwork: { mode: 'eni' } },
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CceNetworkError);
    expect(error).toMatchObject({ kind: 'truncated', status: 201, requestMayHaveBeenProcessed: true });
    expect((error as Error).message).toContain('may have been carried out although its answer was lost');
    const clusters = await client.listAutopilotClusters();
    expect(clusters.items.filter((c) => c.metadata.name === 'truncated-create')).toHaveLength(1);
  });

  it('a create whose connection was reset after sending says it may have been carried out; a lost read does not', async () => {
    emulator.admin.clearFaults();
    emulator.admin.addFault({ operation: 'CreateAutopilotCluster', action: 'reset', count: 1 });
    const error = await client
      .createAutopilotCluster({
        body: {
          kind: 'Cluster',
          apiVersion: 'v3',
          metadata: { name: 'reset-create' },
          spec: { flavor: 'cce.autopilot.cluster', version: 'v1.28', hostNetwork: { vpc: 'vpc-1', subnet: 'subnet-1' }, containerNetwork: { mode: 'eni' } },
        },
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'reset', reachedServer: true, requestMayHaveBeenProcessed: true });
    emulator.admin.addFault({ operation: 'ListAutopilotClusters', action: 'truncate', count: MAX_ATTEMPTS });
    const read = await client.listAutopilotClusters().catch((e: unknown) => e);
    emulator.admin.clearFaults();
    expect(read).toMatchObject({ kind: 'truncated', requestMayHaveBeenProcessed: false });
  });

  it('never performs a create twice', async () => {
    addChaos();
    const outcomes: string[] = [];
    const record = (promise: Promise<unknown>) =>
      promise.then(
        () => outcomes.push('ok'),
        (error: unknown) => {
          // A create that may have been performed is reported, not repeated.
          expect(error instanceof CceApiError || error instanceof CceNetworkError).toBe(true);
          outcomes.push(error instanceof CceApiError ? `http ${error.status}` : `network ${(error as CceNetworkError).kind}`);
        },
      );
    const names = Array.from({ length: 4 }, (_, i) => `fault-${i}`);
    for (const name of names) {
      await record(
        client.createAutopilotCluster({
          body: {
            kind: 'Cluster',
            apiVersion: 'v3',
            metadata: { name },
            spec: { flavor: 'cce.autopilot.cluster', version: 'v1.28', hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' }, containerNetwork: { mode: 'eni' } },
          },
        }),
      );
    }
    const chartNames = Array.from({ length: 6 }, (_, i) => `fault-chart-${i}`);
    for (const name of chartNames) {
      await record(client.uploadAutopilotChart({ body: { content: buildChartArchive(demoChartFiles(name, '1.0.0')), filename: `${name}-1.0.0.tgz` } }));
    }
    emulator.admin.clearFaults();
    expect(outcomes).toHaveLength(names.length + chartNames.length);
    // The seeded faults did hit some creates (so the check below means something).
    expect(outcomes.filter((o) => o !== 'ok').length).toBeGreaterThan(0);

    const clusters = await client.listAutopilotClusters();
    for (const name of names) {
      expect(clusters.items.filter((c) => c.metadata.name === name).length, name).toBeLessThanOrEqual(1);
    }
    const charts = JSON.stringify(await client.listAutopilotCharts());
    for (const name of chartNames) {
      expect(charts.split(`"name":"${name}"`).length - 1, name).toBeLessThanOrEqual(1);
    }
    // A POST is sent again only after a throttle or a refused connection, never after a 503 or reset.
    const postRetries = events.filter((e) => e.type === 'retry' && e.method === 'POST');
    expect(postRetries.every((e) => e.status === 429)).toBe(true);
  });
});
