import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChartArchive, demoChartFiles, startEmulator } from '../src/index.js';
import type { RunningEmulator } from '../src/index.js';
import { call, clusterBody, projectPath } from './helpers.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cce-emulator-'));
  dirs.push(d);
  return d;
};

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

beforeAll(() => {
  // The kill -9 test runs the real command-line entry (dist/main.js); rebuild it when the sources are newer.
  const main = join(packageDir, 'dist', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestSource(join(packageDir, 'src'))) return;
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, stdio: 'inherit' });
}, 180_000);

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('persistence with --data-dir', () => {
  it('keeps accounts, clusters, charts and releases across a clean restart', async () => {
    const dataDir = tempDir();
    const first = await startEmulator({ dataDir, seed: 'empty', speed: 'instant' });
    let id: string;
    try {
      const created = await call(first, 'POST', projectPath(first, '/clusters'), { body: clusterBody('survivor') });
      id = created.body.metadata.uid;
      first.admin.tick();
      await call(first, 'POST', projectPath(first, `/clusters/${id}/tags/create`), { body: { tags: [{ key: 'keep', value: 'me' }] } });
    } finally {
      await first.stop();
    }
    const second = await startEmulator({ dataDir, seed: 'demo', speed: 'instant' });
    try {
      expect([second.ak, second.projectId, second.password]).toEqual([first.ak, first.projectId, first.password]);
      const shown = await call(second, 'GET', projectPath(second, `/clusters/${id}`));
      expect(shown.status).toBe(200);
      expect(shown.body.status.phase).toBe('Available');
      expect(shown.body.spec.clusterTags).toEqual([{ key: 'keep', value: 'me' }]);
      // The data dir was not empty, so the demo seed was not applied on top.
      expect((await call(second, 'GET', projectPath(second, '/clusters'))).body.items).toHaveLength(1);
      // The cluster CA survived too: a certificate can be issued for the restored cluster.
      const cert = await call(second, 'POST', projectPath(second, `/clusters/${id}/clustercert`), { body: { duration: 1 } });
      expect(cert.status).toBe(200);
    } finally {
      await second.stop();
    }
  });

  it('loses no acknowledged write when the process is killed with SIGKILL', async () => {
    const dataDir = tempDir();
    const child: ChildProcess = spawn(process.execPath, ['dist/main.js', '--data-dir', dataDir, '--seed', 'empty', '--speed', 'instant', '--port', '0', '--json'], { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
    });
    const info = JSON.parse(line) as RunningEmulator;
    const emu = { ...info, admin: undefined as never, projects: [], domainId: '', stop: async () => {} } as RunningEmulator;
    const acknowledged: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 40; i++) {
        try {
          const res = await call(emu, 'POST', projectPath(emu, `/clusters`), { body: clusterBody(`kill-${i}`) });
          if (res.status === 201) acknowledged.push(res.body.metadata.uid);
          if (res.status === 400) {
            // Quota reached: delete the oldest to keep writing.
            const victim = acknowledged.shift();
            if (victim) await call(emu, 'DELETE', projectPath(emu, `/clusters/${victim}`));
          }
        } catch {
          return; // the connection died with the process
        }
      }
    })();
    while (acknowledged.length < 3) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    writing = false;
    await writer;
    await new Promise((r) => child.exitCode !== null || child.signalCode !== null ? r(undefined) : child.once('exit', r));

    const restarted = await startEmulator({ dataDir, speed: 'instant' });
    try {
      expect(restarted.ak).toBe(info.ak);
      const list = await call(restarted, 'GET', projectPath(restarted, '/clusters'));
      const ids = list.body.items.map((c: any) => c.metadata.uid);
      for (const idAcked of acknowledged) expect(ids).toContain(idAcked);
    } finally {
      await restarted.stop();
    }
  });

  it('keeps an uploaded chart archive byte for byte', async () => {
    const dataDir = tempDir();
    const archive = buildChartArchive(demoChartFiles('kept', '2.0.0'));
    const first = await startEmulator({ dataDir });
    const form = new FormData();
    form.set('content', new Blob([archive]), 'kept.tgz');
    const req = new Request('http://x/', { method: 'POST', body: form });
    const uploaded = await call(first, 'POST', '/autopilot/v2/charts', { rawBody: Buffer.from(await req.arrayBuffer()), headers: { 'Content-Type': req.headers.get('content-type') ?? '' } });
    expect(uploaded.status).toBe(201);
    await first.stop();
    const second = await startEmulator({ dataDir });
    try {
      const down = await call(second, 'GET', `/autopilot/v2/charts/${uploaded.body.id}/archive`);
      expect(down.bytes.equals(archive)).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('prints one ready line and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['dist/main.js', '--seed', 'demo', '--speed', 'instant'], { cwd: packageDir, stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`emulator exited early (${code})`)));
    });
    expect(line).toMatch(/^CCE Autopilot emulator ready at http:\/\/127\.0\.0\.1:\d+ /);
    const code = await new Promise<number | null>((resolve) => {
      child.once('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('rejects unknown command-line options with a usage message', async () => {
    const child = spawn(process.execPath, ['dist/main.js', '--speed', 'warp'], { cwd: packageDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain('--speed must be one of instant, realistic');
  });
});
