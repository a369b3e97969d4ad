// The CLI, group by group, against the in-process emulator (output captured in-process).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { main } from '../src/main.js';
import { runner, type RunResult } from './run.js';

let emulator: RunningEmulator;
let cli: (...args: string[]) => Promise<RunResult>;
let dir: string;
let clusterId = '';

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  cli = runner(emulator, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  dir = await mkdtemp(join(tmpdir(), 'cce-cli-'));
});

afterAll(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ok(...args: string[]): Promise<RunResult> {
  const result = await cli(...args);
  expect(result.stderr, args.join(' ')).toBe('');
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

describe('cce-autopilot against the emulator', () => {
  it('clusters: create with flags and --wait, list, get, update, endpoints, cert, eip', async () => {
    const created = (await ok('--output', 'json', 'clusters', 'create', '--name', 'cli-main', '--version', 'v1.28', '--vpc', 'c6549063-d459-4ae1-9550-b5fec6741b0f', '--subnet', '3b18c2d5-b352-4f59-b421-c2d2d48a1333', '--eni-subnet', '186f9322-50c5-4e5a-91e3-47da86959afc', '--wait')).json();
    expect(created.status.phase).toBe('Available');
    clusterId = created.metadata.uid;
    const table = (await ok('clusters', 'list')).stdout;
    expect(table.split('\n')[0]).toMatch(/^NAME\s+ID\s+VERSION\s+PHASE/);
    expect(table).toContain('cli-main');
    expect((await ok('--output', 'yaml', 'clusters', 'get', clusterId)).stdout).toContain('name: cli-main');
    expect((await ok('--output', 'json', 'clusters', 'update', clusterId, '--description', 'from the cli')).json().spec.description).toBe('from the cli');
    const freeEip = (await ok('--output', 'json', 'eips', 'list')).json().publicips.find((e: any) => e.status === 'DOWN');
    await ok('clusters', 'eip', 'bind', clusterId, '--eip-id', freeEip.id);
    await ok('--output', 'json', 'clusters', 'endpoints', clusterId);
    await ok('clusters', 'eip', 'unbind', clusterId, '--yes');
    expect((await ok('--output', 'json', 'clusters', 'cert', clusterId, '--duration', '30')).json().kind).toBe('Config');
  });

  it('clusters create from a YAML --file, with flags overriding it', async () => {
    const file = join(dir, 'cluster.yaml');
    await writeFile(file, 'kind: Cluster\napiVersion: v3\nmetadata:\n  name: from-file\nspec:\n  flavor: cce.autopilot.cluster\n  version: v1.27\n  hostNetwork: {vpc: c6549063-d459-4ae1-9550-b5fec6741b0f, subnet: 3b18c2d5-b352-4f59-b421-c2d2d48a1333}\n  containerNetwork: {mode: eni}\n');
    const created = (await ok('--output', 'json', 'clusters', 'create', '--file', file, '--name', 'from-file-2')).json();
    expect(created.metadata.name).toBe('from-file-2');
    expect(created.spec.version).toBe('v1.27');
  });

  it('jobs, quotas and tags', async () => {
    const cluster = (await ok('--output', 'json', 'clusters', 'get', clusterId)).json();
    const jobId = cluster.status.jobID;
    if (jobId) expect((await ok('--output', 'json', 'jobs', 'get', jobId, '--wait')).json().status.phase).toBe('Success');
    else expect((await cli('jobs', 'get', 'no-such-job')).code).toBe(1);
    expect((await ok('--output', 'yaml', 'quotas')).stdout.length).toBeGreaterThan(0);
    await ok('tags', 'add', clusterId, '--tag', 'env=prod', '--tag', 'team=');
    await ok('tags', 'remove', clusterId, '--key', 'env', '--key', 'team', '--yes');
    const bad = await cli('tags', 'add', clusterId, '--tag', 'novalue');
    expect(bad.code).toBe(2);
  });

  it('addons: templates, install --wait, get, list, update, rollback, delete --wait', async () => {
    expect((await ok('addons', 'templates')).stdout).toMatch(/coredns\s+\S*\s+1\.30\.1, 1\.28\.6, 1\.28\.4/);
    const values = join(dir, 'coredns.yaml');
    await writeFile(values, 'custom: {}\n');
    const installed = (await ok('--output', 'json', 'addons', 'install', '--cluster-id', clusterId, '--template', 'coredns', '--addon-version', '1.28.4', '--values', values, '--wait')).json();
    expect(installed.status.status).toBe('running');
    const id = installed.metadata.uid;
    await ok('addons', 'get', id, '--cluster-id', clusterId);
    expect((await ok('addons', 'list', '--cluster-id', clusterId)).stdout).toContain(id);
    expect((await ok('--output', 'json', 'addons', 'update', id, '--cluster-id', clusterId, '--template', 'coredns', '--addon-version', '1.28.6', '--wait')).json().spec.version).toBe('1.28.6');
    await ok('addons', 'rollback', id, '--cluster-id', clusterId, '--wait', '--yes');
    await ok('addons', 'delete', id, '--cluster-id', clusterId, '--wait', '--yes');
  });

  it('upgrade: info, paths, feature gates, workflows, pre-check, backup, run, tasks, post-check', async () => {
    await ok('upgrade', 'info', clusterId);
    expect((await ok('--output', 'json', 'upgrade', 'paths')).json()).toBeTruthy();
    await ok('upgrade', 'feature-gates');
    const first = (await ok('--output', 'json', 'upgrade', 'workflows', 'create', clusterId, '--target-version', 'v1.29')).json();
    expect((await ok('--output', 'json', 'upgrade', 'workflows', 'cancel', clusterId, first.metadata.uid, '--yes')).json().status.phase).toBe('Cancel');
    const workflow = (await ok('--output', 'json', 'upgrade', 'workflows', 'create', clusterId, '--target-version', 'v1.29')).json();
    expect((await ok('upgrade', 'workflows', 'list', clusterId)).stdout).toContain(workflow.metadata.uid);
    const precheck = (await ok('--output', 'json', 'upgrade', 'precheck', 'run', clusterId, '--target-version', 'v1.29', '--wait')).json();
    expect(precheck.status.phase).toBe('Success');
    await ok('upgrade', 'precheck', 'get', clusterId, precheck.metadata.uid);
    await ok('upgrade', 'precheck', 'list', clusterId);
    await ok('upgrade', 'snapshot', 'create', clusterId, '--wait');
    await ok('upgrade', 'snapshot', 'list', clusterId);
    emulator.admin.failNext('upgrade');
    const failed = await cli('--output', 'json', 'upgrade', 'run', clusterId, '--target-version', 'v1.29', '--wait', '--yes');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/upgrade task .*Failed/);
    await ok('upgrade', 'retry', clusterId);
    const tasks = (await ok('--output', 'json', 'upgrade', 'tasks', 'list', clusterId)).json();
    const taskId = tasks.items[0].metadata.uid;
    expect((await ok('--output', 'json', 'upgrade', 'tasks', 'get', clusterId, taskId, '--wait')).json().status.phase).toBe('Success');
    await ok('upgrade', 'postcheck', clusterId, '--cluster-version', 'v1.28', '--target-version', 'v1.29');
    expect((await ok('--output', 'json', 'upgrade', 'workflows', 'get', clusterId, workflow.metadata.uid, '--wait')).json().status.phase).toBe('Success');
  });

  it('charts: upload, list, get, values, download, update, quota, delete', async () => {
    const archive = buildChartArchive(demoChartFiles('cli-web', '1.0.0'));
    const file = join(dir, 'cli-web-1.0.0.tgz');
    await writeFile(file, archive);
    const chart = (await ok('--output', 'json', 'charts', 'upload', file, '--override', '--skip-lint')).json();
    expect(chart.name).toBe('cli-web');
    expect((await ok('charts', 'list')).stdout).toContain(chart.id);
    await ok('charts', 'get', chart.id);
    expect((await ok('--output', 'yaml', 'charts', 'values', chart.id)).stdout.length).toBeGreaterThan(0);
    const out = join(dir, 'downloaded.tgz');
    await ok('charts', 'download', chart.id, '--out', out);
    expect((await readFile(out)).equals(archive)).toBe(true);
    await ok('charts', 'update', chart.id, file, '--override');
    await ok('charts', 'quota');

    const values = join(dir, 'release.yaml');
    await writeFile(values, 'replicaCount: 3\n');
    const release = (await ok('--output', 'json', 'releases', 'create', clusterId, '--name', 'web', '--namespace', 'default', '--chart-id', chart.id, '--chart-version', '1.0.0', '--values', values)).json();
    expect(release.name).toBe('web');
    expect((await ok('releases', 'list', clusterId)).stdout).toContain('web');
    await ok('releases', 'get', clusterId, 'default', 'web');
    await ok('releases', 'upgrade', clusterId, 'default', 'web', '--chart-id', chart.id, '--values', values);
    await ok('releases', 'rollback', clusterId, 'default', 'web', '--chart-id', chart.id, '--release-version', '1', '--yes');
    await ok('releases', 'update', clusterId, 'default', 'web', '--action', 'upgrade', '--chart-id', chart.id);
    expect((await ok('--output', 'json', 'releases', 'history', clusterId, 'default', 'web')).stdout.length).toBeGreaterThan(2);
    await ok('releases', 'delete', clusterId, 'default', 'web', '--yes');
    await ok('charts', 'delete', chart.id, '--yes');
  });

  it('prints code, message and request id of an API failure, exit 1', async () => {
    const result = await cli('clusters', 'get', '00000000-0000-4000-8000-000000000000');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: CCE\.01404001: /);
    expect(result.stderr).toMatch(/operation: ShowAutopilotCluster, HTTP 404, request id: \S+/);
  });

  it('shows --wait progress on a terminal, and colours the table header', async () => {
    const tty = runner(emulator, { retry: { baseDelayMs: 5, maxDelayMs: 20 } }, true);
    const result = await tty('clusters', 'create', '--name', 'tty-wait', '--version', 'v1.28', '--vpc', 'c6549063-d459-4ae1-9550-b5fec6741b0f', '--subnet', '3b18c2d5-b352-4f59-b421-c2d2d48a1333', '--wait');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^cluster [0-9a-f-]+: Available after \d+ s\n/);
    expect(result.stdout.startsWith('\u001b[1mNAME')).toBe(true);
    const plain = await tty('--no-color', 'clusters', 'list');
    expect(plain.stdout.startsWith('NAME')).toBe(true);
  });

  it('takes credentials and project from a profile of the credentials file (--profile)', async () => {
    const file = join(dir, 'credentials');
    await writeFile(file, `[basic]\nak = WRONGAKWRONGAKWRONGAK\nsk = wrong\n\n[ci]\nak = ${emulator.ak}\nsk = ${emulator.sk}\nproject_id = ${emulator.projectId}\n`);
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
      isTTY: false,
      env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file },
    };
    expect(await main(['--endpoint', emulator.url, '--region', emulator.region, '--profile', 'ci', '--output', 'json', 'quotas'], io)).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toBeTruthy();
    stderr = '';
    expect(await main(['--endpoint', emulator.url, '--region', emulator.region, '--profile', 'nope', 'quotas'], io)).toBe(1);
    expect(stderr).toContain('has no section [nope]');
    expect(stderr).not.toContain(emulator.sk);
  });

  it('--debug logs each attempt with credentials redacted', async () => {
    const result = await cli('--debug', 'quotas');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\[debug\] request ShowAutopilotQuotas GET http:\/\/127\.0\.0\.1:\d+\/autopilot\/v3\/projects\/\w+\/quotas attempt 1/);
    expect(result.stderr).toMatch(/\[debug\] response ShowAutopilotQuotas .* HTTP 200/);
    expect(result.stderr).toContain('"Authorization":"[REDACTED]"');
    expect(result.stderr).not.toContain(emulator.sk);
  });

  it('clusters delete --wait waits until the cluster is gone', async () => {
    await ok('clusters', 'delete', clusterId, '--wait', '--yes');
    expect((await cli('clusters', 'get', clusterId)).code).toBe(1);
  });
});
