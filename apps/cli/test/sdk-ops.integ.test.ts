// The commands of the SDK-only operations, against the in-process emulator.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { runner, type RunResult } from './run.js';

let emulator: RunningEmulator;
let cli: (...args: string[]) => Promise<RunResult>;
let clusterId = '';

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
  cli = runner(emulator, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  const clusters = (await ok('--output', 'json', 'clusters', 'list')).json();
  clusterId = clusters.items.find((c: any) => c.spec.version === 'v1.28').metadata.uid;
});

afterAll(async () => {
  await emulator?.stop();
});

async function ok(...args: string[]): Promise<RunResult> {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

describe('SDK-only operations in the CLI', () => {
  it('sets, shows, updates and deletes the maintenance window; lists and delays the upgrade plan', async () => {
    const set = (await ok('--output', 'json', 'upgrade', 'maintenance-window', 'set', clusterId, '--weekly-period', 'Saturday,Sunday', '--start-time', '02:00', '--duration-hours', '4')).json();
    expect(set).toEqual({ weekly_period: 'Saturday,Sunday', start_time: '02:00', duration_hours: 4 });
    const table = (await ok('upgrade', 'maintenance-window', 'get', clusterId)).stdout;
    expect(table.split('\n')[0]).toMatch(/^DAYS\s+START \(UTC\)\s+HOURS/);
    expect(table).toContain('Saturday,Sunday');
    await ok('upgrade', 'maintenance-window', 'update', clusterId, '--weekly-period', 'Friday', '--start-time', '22:00', '--duration-hours', '6');
    const plans = (await ok('--output', 'json', 'upgrade', 'plans', 'list', clusterId)).json();
    expect(plans.items).toHaveLength(1);
    const plan = plans.items[0];
    const later = new Date(Date.parse(plan.spec.notBefore) + 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const delayed = (await ok('--output', 'json', 'upgrade', 'plans', 'delay', clusterId, plan.metadata.uid, '--not-before', later)).json();
    expect(delayed.spec.notBefore).toBe(later);
    expect((await ok('upgrade', 'plans', 'list', clusterId)).stdout).toContain(later);
    await ok('upgrade', 'maintenance-window', 'delete', clusterId, '--yes');
    const gone = await cli('upgrade', 'maintenance-window', 'get', clusterId);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('CCE.01404001');
  });

  it('shows feature gates, log configs and v2 jobs', async () => {
    expect((await ok('--output', 'json', 'feature-gates')).json().kind).toBe('Configuration');
    const logs = (await ok('clusters', 'log-configs', clusterId, '--type', 'control')).stdout;
    expect(logs.split('\n')[0]).toMatch(/^NAME\s+ENABLED/);
    expect(logs).toContain('kube-apiserver');
    expect((await ok('--output', 'json', 'clusters', 'log-configs', clusterId)).json().ttl_in_days).toBe(7);
    const jobs = (await ok('--output', 'json', 'jobs', 'list')).json();
    expect(jobs.length).toBeGreaterThan(0);
    const job = jobs.find((j: any) => j.spec.clusteruid === clusterId);
    expect((await ok('jobs', 'show', job.metadata.uid)).stdout).toContain('CreateCluster');
    await ok('jobs', 'delete', job.metadata.uid, '--yes');
    expect((await cli('jobs', 'show', job.metadata.uid)).code).toBe(1);
  });
});
