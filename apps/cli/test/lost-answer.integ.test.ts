import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from './run.js';

let emulator: RunningEmulator;
let cli: ReturnType<typeof runner>;
beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  cli = runner(emulator, { retry: { baseDelayMs: 1, maxDelayMs: 2 } });
});
afterAll(() => emulator?.stop());

const create = (name: string, ...more: string[]) => ['clusters', 'create', '--name', name, '--version', 'v1.28', '--vpc', 'c6549063-d459-4ae1-9550-b5fec6741b0f', '--subnet', '3b18c2d5-b352-4f59-b421-c2d2d48a1333', ...more];

describe('a create whose answer is lost after the request was sent', () => {
  it('says the cluster may have been created and the exact command to check (body cut short)', async () => {
    emulator.admin.addFault({ operation: 'CreateAutopilotCluster', action: 'truncate', count: 1 });
    const r = await cli(...create('cut-short'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('response body cut short');
    expect(r.stderr).toContain('cluster "cut-short" may have been created. Check with:');
    expect(r.stderr).toContain(`  cce-autopilot --endpoint ${emulator.url} --region ${emulator.region} clusters list\n`);
    // And it was: the command it names shows it.
    const list = await cli('--output', 'json', 'clusters', 'list');
    expect(list.json().items.map((c: { metadata: { name: string } }) => c.metadata.name)).toContain('cut-short');
  });

  it('with --wait it finds the cluster by name and follows it to Available', async () => {
    emulator.admin.addFault({ operation: 'CreateAutopilotCluster', action: 'truncate', count: 1 });
    const r = await cli('--output', 'json', ...create('followed', '--wait'));
    expect(r.code, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ metadata: { name: 'followed' }, status: { phase: 'Available' } });
    const list = await cli('--output', 'json', 'clusters', 'list');
    expect(list.json().items.filter((c: { metadata: { name: string } }) => c.metadata.name === 'followed')).toHaveLength(1);
  });

  it('addons install whose answer was cut short: the exact check, and with --wait found by template and followed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lost-answer-'));
    const values = join(dir, 'coredns.yaml');
    await writeFile(values, 'custom: {}\n');
    const install = (clusterId: string) => ['addons', 'install', '--cluster-id', clusterId, '--template', 'coredns', '--addon-version', '1.28.4', '--values', values];

    const first = (await cli('--output', 'json', ...create('addon-check', '--wait'))).json().metadata.uid as string;
    emulator.admin.addFault({ operation: 'CreateAutopilotAddonInstance', action: 'truncate', count: 1 });
    const told = await cli(...install(first));
    expect(told.code).toBe(1);
    expect(told.stderr).toContain(`add-on coredns in cluster ${first} may have been created. Check with:\n  cce-autopilot --endpoint ${emulator.url} --region ${emulator.region} addons list --cluster-id ${first}\n`);

    const second = (await cli('--output', 'json', ...create('addon-follow', '--wait'))).json().metadata.uid as string;
    emulator.admin.addFault({ operation: 'CreateAutopilotAddonInstance', action: 'truncate', count: 1 });
    const followed = await cli('--output', 'json', ...install(second), '--wait');
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.json()).toMatchObject({ spec: { addonTemplateName: 'coredns' }, status: { status: 'running' } });
  });

  it('after a reset the request was not carried out: --wait says it was not found and how to check', async () => {
    emulator.admin.addFault({ operation: 'CreateAutopilotCluster', action: 'reset', count: 1 });
    const r = await cli(...create('never-made', '--wait'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('connection lost');
    expect(r.stderr).toContain('cluster "never-made" was not found after its answer was lost');
    expect(r.stderr).toContain('clusters list');
  });
});
