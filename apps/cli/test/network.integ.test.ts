// vpcs / subnets / eips commands against the in-process emulator (demo seed: two VPCs, two EIPs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { runner, type RunResult } from './run.js';

let emulator: RunningEmulator;
let cli: (...args: string[]) => Promise<RunResult>;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant', kubernetes: false });
  cli = runner(emulator, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
});
afterAll(async () => {
  await emulator?.stop();
});

async function ok(...args: string[]): Promise<RunResult> {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

describe('network commands', () => {
  it('vpcs list, subnets list --vpc, eips list', async () => {
    const vpcs = (await ok('vpcs', 'list')).stdout.split('\n');
    expect(vpcs[0]).toMatch(/^NAME\s+ID\s+CIDR\s+STATUS/);
    expect(vpcs.filter((l) => /vpc-(default|apps)/.test(l))).toHaveLength(2);
    const json = (await ok('--output', 'json', 'vpcs', 'list')).json();
    const apps = json.vpcs.find((v: any) => v.name === 'vpc-apps');
    const subnets = (await ok('subnets', 'list', '--vpc', apps.id)).stdout;
    expect(subnets.split('\n')[0]).toMatch(/^NAME\s+NETWORK ID\s+IPV4 SUBNET ID\s+CIDR\s+VPC/);
    expect(subnets).toContain('subnet-apps-a');
    expect(subnets).toContain('subnet-apps-b');
    expect(subnets).not.toContain('subnet-default');
    expect((await ok('subnets', 'list')).stdout).toContain('subnet-default');
    const eips = (await ok('eips', 'list')).stdout;
    expect(eips.split('\n')[0]).toMatch(/^NAME\s+ID\s+ADDRESS\s+STATUS/);
    expect(eips.match(/DOWN/g)).toHaveLength(2);
    const missing = await cli('vpcs', 'get', 'no-such-vpc');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404|not exist/);
  });
});
