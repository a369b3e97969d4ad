// The documented exit codes, from the real process (the built dist/main.js; the test task builds
// first): 0 ok, 1 API or network, 2 usage, 3 not confirmed, 130 Ctrl-C.
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildChartArchive, demoChartFiles, startEmulator } from '@cce-autopilot/emulator';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const env = { PATH: process.env['PATH'] ?? '', HUAWEICLOUD_SDK_AK: 'AKAKAKAKAKAKAKAKAKAK', HUAWEICLOUD_SDK_SK: 'not-a-real-secret' };
const run = (...args: string[]) => spawnSync(process.execPath, [main, ...args], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
const unreachable = ['--endpoint', 'http://127.0.0.1:1', '--project-id', 'p'];

describe('exit codes of dist/main.js', () => {
  it('is built', () => {
    expect(existsSync(main), 'build the CLI first (pnpm --filter @cce-autopilot/cli build)').toBe(true);
  });

  it('0 ok, 2 usage, 1 network', () => {
    expect(run('--version')).toMatchObject({ status: 0, stdout: '0.1.0\n' });
    expect(run('clusters', 'nope').status).toBe(2);
    expect(run('-o', 'xml', 'quotas').status).toBe(2);
    const network = run(...unreachable, 'quotas');
    expect(network.status).toBe(1);
    expect(network.stderr).toMatch(/^Error: network: /);
  });

  it('3 when a destructive command has no terminal and no --yes, before anything is sent', () => {
    const refused = run(...unreachable, 'clusters', 'delete', '00000000-0000-4000-8000-000000000000');
    expect(refused.status).toBe(3);
    expect(refused.stderr).toContain('add --yes');
    // With --yes it goes on, and fails only at the (unreachable) API.
    expect(run(...unreachable, 'clusters', 'delete', '00000000-0000-4000-8000-000000000000', '--yes').status).toBe(1);
  });

  it('130 on Ctrl-C (SIGINT), after stopping the emulator cleanly', async () => {
    const child = spawn(process.execPath, [main, 'emulator', 'start', '--json', '--seed', 'empty'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited ${code} before it was ready`)));
    });
    expect(JSON.parse(out.split('\n')[0]!).url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
  });
});

/** Runs the built CLI without blocking this process (the emulator below shares its event loop). */
function runAsync(args: string[], extraEnv: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], { env: { PATH: process.env['PATH'] ?? '', ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the bundle against the emulator', () => {
  it('lists clusters and uploads a chart (the bundled undici parts, FormData loaded on use)', async () => {
    const emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
    const dir = await mkdtemp(join(tmpdir(), 'cce-bundle-'));
    try {
      const env = { HUAWEICLOUD_SDK_AK: emulator.ak, HUAWEICLOUD_SDK_SK: emulator.sk };
      const base = ['--endpoint', emulator.url, '--region', emulator.region];
      const list = await runAsync([...base, '-o', 'json', 'clusters', 'list'], env);
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout).items.length).toBeGreaterThan(0);
      const file = join(dir, 'bundled-1.0.0.tgz');
      await writeFile(file, buildChartArchive(demoChartFiles('bundled', '1.0.0')));
      const upload = await runAsync([...base, '-o', 'json', 'charts', 'upload', file], env);
      expect(upload.code, upload.stderr).toBe(0);
      expect(JSON.parse(upload.stdout)).toMatchObject({ name: 'bundled', version: '1.0.0' });
    } finally {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
