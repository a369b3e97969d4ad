// The conventions every command follows (issue 17): confirmations, names or ids, --query, -o,
// --output wide, times, terminal width, exit codes. In-process, against an emulator on port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildProgram } from '../src/program.js';
import { main } from '../src/main.js';
import { parseApiTime } from '../src/output.js';
import { runner, type RunResult } from './run.js';

let emulator: RunningEmulator;
let cli: (...args: string[]) => Promise<RunResult>;
let dir: string;
const retry = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  cli = runner(emulator, retry);
  dir = await mkdtemp(join(tmpdir(), 'cce-cli-conv-'));
});

afterAll(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ok(...args: string[]): Promise<RunResult> {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

async function createCluster(name: string): Promise<string> {
  const created = (await ok('-o', 'json', 'clusters', 'create', '--name', name, '--version', 'v1.28', '--vpc', 'c6549063-d459-4ae1-9550-b5fec6741b0f', '--subnet', '3b18c2d5-b352-4f59-b421-c2d2d48a1333', '--wait')).json();
  return created.metadata.uid as string;
}

function leaves(command: Command, path: string[] = []): { path: string; command: Command }[] {
  if (command.commands.length === 0) return [{ path: path.join(' '), command }];
  return command.commands.flatMap((sub) => leaves(sub, [...path, sub.name()]));
}

describe('destructive commands', () => {
  it('are exactly the ones the issue lists, each with --yes (one spec flag)', () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false, env: {} };
    const { program } = buildProgram(io);
    const withYes = leaves(program).filter((l) => l.command.options.some((o) => o.long === '--yes')).map((l) => l.path).sort();
    expect(withYes).toEqual([
      'addons delete', 'addons rollback', 'charts delete', 'clusters delete', 'clusters eip unbind', 'jobs delete',
      'releases delete', 'releases rollback', 'releases update', 'tags remove', 'upgrade maintenance-window delete',
      'upgrade run', 'upgrade workflows cancel',
    ]);
  });

  it('refuse without a terminal and without --yes (exit 3, names --yes), and change nothing', async () => {
    const id = await createCluster('keep-me');
    const refused = await cli('clusters', 'delete', 'keep-me');
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('--yes');
    expect(refused.stderr).toContain('Nothing was changed');
    expect((await ok('-o', 'json', 'clusters', 'get', id)).json().status.phase).toBe('Available');
    const cancel = await cli('upgrade', 'workflows', 'cancel', id, '00000000-0000-4000-8000-000000000001');
    expect(cancel.code).toBe(3);
  });

  it('ask on a terminal: "n" keeps the cluster (exit 3), "y" deletes it', async () => {
    const id = await createCluster('ask-me');
    const questions: string[] = [];
    const no = runner(emulator, retry, true, { ask: async (q) => (questions.push(q), 'n') });
    expect((await no('clusters', 'delete', 'ask-me')).code).toBe(3);
    expect(questions[0]).toMatch(/^cce-autopilot clusters delete: .*cluster_id [0-9a-f-]+.*\[y\/N\] $/);
    expect((await ok('-o', 'json', 'clusters', 'get', id)).json().metadata.name).toBe('ask-me');
    const yes = runner(emulator, retry, true, { ask: async () => 'y' });
    expect((await yes('clusters', 'delete', 'ask-me', '--wait')).code).toBe(0);
    expect((await cli('clusters', 'get', id)).code).toBe(1);
  });

  it('--yes skips the question', async () => {
    await createCluster('yes-me');
    const asked: string[] = [];
    const tty = runner(emulator, retry, true, { ask: async (q) => (asked.push(q), 'n') });
    expect((await tty('clusters', 'delete', 'yes-me', '--yes', '--wait')).code).toBe(0);
    expect(asked).toEqual([]);
  });

  it('Ctrl-C while asking ends with exit 130 and sends nothing', async () => {
    const id = await createCluster('interrupt-me');
    const interrupt = new AbortController();
    const tty = runner(emulator, retry, true, { signal: interrupt.signal, ask: () => (interrupt.abort(), new Promise<string>(() => undefined)) });
    const result = await tty('clusters', 'delete', 'interrupt-me');
    expect(result.code).toBe(130);
    expect((await ok('-o', 'json', 'clusters', 'get', id)).json().status.phase).toBe('Available');
  });
});

describe('Ctrl-C during a wait', () => {
  it('ends with exit 130 once the wait has shown progress', async () => {
    const slow = await startEmulator({ seed: 'empty', speed: 'realistic' });
    try {
      const interrupt = new AbortController();
      let stderr = '';
      const io = {
        stdout: { write: () => true },
        // Interrupted on the first progress line: the wait is under way.
        stderr: { write: (t: string) => ((stderr += t), interrupt.abort(), true) },
        isTTY: true,
        signal: interrupt.signal,
        env: { HUAWEICLOUD_SDK_AK: slow.ak, HUAWEICLOUD_SDK_SK: slow.sk },
      };
      const code = await main(['--endpoint', slow.url, '--region', slow.region, 'clusters', 'create', '--name', 'slow', '--version', 'v1.28', '--vpc', 'c6549063-d459-4ae1-9550-b5fec6741b0f', '--subnet', '3b18c2d5-b352-4f59-b421-c2d2d48a1333', '--wait'], io, retry);
      expect(code).toBe(130);
      expect(stderr).toMatch(/^cluster [0-9a-f-]+: Creating/);
    } finally {
      await slow.stop();
    }
  });
});

describe('names or ids', () => {
  let clusterId = '';
  beforeAll(async () => {
    clusterId = await createCluster('named');
  });

  it('a cluster by name wherever a cluster id is taken (argument, --cluster-id)', async () => {
    expect((await ok('-o', 'json', 'clusters', 'get', 'named')).json().metadata.uid).toBe(clusterId);
    const addon = (await ok('-o', 'json', 'addons', 'install', '--cluster-id', 'named', '--template', 'coredns', '--addon-version', '1.28.4', '--wait')).json();
    expect(addon.spec.clusterID).toBe(clusterId);
    expect((await ok('-o', 'json', 'addons', 'get', 'coredns', '--cluster-id', 'named')).json().metadata.uid).toBe(addon.metadata.uid);
    expect((await ok('-o', 'json', 'upgrade', 'info', 'named')).stdout.length).toBeGreaterThan(2);
  });

  it('kubeconfig get takes --endpoint-type, beside the global --endpoint <url>', async () => {
    const eips = (await ok('-o', 'json', 'eips', 'list')).json().publicips as { id: string; status: string }[];
    const free = eips.find((e) => e.status === 'DOWN');
    expect(free, 'a free EIP in the emulator').toBeDefined();
    await ok('clusters', 'eip', 'bind', 'named', '--eip-id', free!.id);
    const out = join(dir, 'external.kubeconfig');
    const result = (await ok('-o', 'json', 'kubeconfig', 'get', 'named', '--endpoint-type', 'external', '--out', out)).json();
    expect(result.endpoint).toBe('external');
    expect(result.context).toMatch(/-external$/);
  });

  it('an unknown name lists the candidates (exit 1)', async () => {
    const unknown = await cli('clusters', 'get', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no cluster "nope" (name or id)');
    expect(unknown.stderr).toContain(`named (${clusterId}`);
    const addon = await cli('addons', 'get', 'nope', '--cluster-id', 'named');
    expect(addon.code).toBe(1);
    expect(addon.stderr).toMatch(/no add-on instance "nope".*\n\s+coredns \(/);
  });

  it('values validate --chart takes a chart name too', async () => {
    const file = join(dir, 'solo-1.0.0.tgz');
    await writeFile(file, buildChartArchive(demoChartFiles('solo', '1.0.0')));
    await ok('charts', 'upload', file);
    const values = join(dir, 'solo-values.yaml');
    await writeFile(values, 'replicaCount: 2\n');
    const result = (await ok('-o', 'json', 'values', 'validate', values, '--chart', 'solo')).json();
    expect(result.file).toBe(values);
    expect(result.errors).toBe(0);
  });

  it('a chart name shared by two versions is ambiguous (exit 2, lists both)', async () => {
    for (const version of ['1.0.0', '1.1.0']) {
      const file = join(dir, `twin-${version}.tgz`);
      await writeFile(file, buildChartArchive(demoChartFiles('twin', version)));
      await ok('charts', 'upload', file);
    }
    const result = await cli('charts', 'get', 'twin');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/2 charts in the project are named "twin"; give the id of one of:\n {2}twin \([0-9a-f-]+, 1\.0\.0\)\n {2}twin \([0-9a-f-]+, 1\.1\.0\)/);
  });
});

describe('output', () => {
  beforeAll(async () => {
    await createCluster('out-a');
  });

  it('--query applies JMESPath to every format; -o is --output', async () => {
    const names = (await ok('-o', 'json', 'clusters', 'list', '--query', 'items[].metadata.name')).json();
    expect(names).toContain('out-a');
    const table = (await ok('clusters', 'list', '--query', "items[?metadata.name=='out-a'].{name: metadata.name, version: spec.version}")).stdout;
    expect(table).toMatch(/^NAME\s+VERSION\nout-a\s+v1\.28\n$/);
    const scalar = (await ok('--query', "length(items[?metadata.name=='out-a'])", 'clusters', 'list')).stdout;
    expect(scalar).toBe('1\n');
    const bad = await cli('clusters', 'list', '--query', 'items[');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--query');
  });

  it('--output wide adds columns', async () => {
    expect((await ok('clusters', 'list')).stdout.split('\n')[0]).not.toContain('FLAVOR');
    expect((await ok('-o', 'wide', 'clusters', 'list')).stdout.split('\n')[0]).toMatch(/FLAVOR\s+VPC\s+SUBNET/);
  });

  it('shows times in local time (TZ), --utc in UTC', async () => {
    const shanghai = runner(emulator, retry, false, { env: { TZ: 'Asia/Shanghai' } });
    const local = await shanghai('clusters', 'list');
    expect(local.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00/);
    const utc = await shanghai('--utc', 'clusters', 'list');
    expect(utc.stdout).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    // JSON keeps the API's own value; only tables are for reading.
    const raw = (await shanghai('-o', 'json', 'clusters', 'list')).json();
    const created = raw.items.find((c: { metadata: { name: string } }) => c.metadata.name === 'out-a').metadata.creationTimestamp as string;
    const row = local.stdout.split('\n').find((l) => l.startsWith('out-a '))!;
    const shown = /(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) \+08:00/.exec(row)![1]!;
    // The same instant: Shanghai is UTC+8 all year.
    expect(new Date(`${shown.replace(' ', 'T')}+08:00`).getTime()).toBe(Math.floor(parseApiTime(created).getTime() / 1000) * 1000);
  });

  it('fits the table to the terminal width', async () => {
    const narrow = runner(emulator, retry, false, { columns: 50 });
    const lines = (await narrow('clusters', 'list')).stdout.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(50);
    expect(lines.join('\n')).toContain('…');
  });
});
