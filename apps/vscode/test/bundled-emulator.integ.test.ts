import { signRequest } from '@cce-autopilot/auth';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundledEmulator, emulatorCandidates, findEmulator, startEmulator, type RunningEmulator } from '../src/core/emulator.js';

// The emulator the extension ships (dist/emulator.js, built by esbuild.mjs), run the way "Use the
// local emulator" runs it on a VS Code with no workspace: from a folder with no node_modules, so
// nothing it needs can come from this checkout's packages.
const bundle = bundledEmulator(join(__dirname, '..'));
let dir: string;
let copy: string;
let emu: RunningEmulator | undefined;
// NODE_PATH (set by npx, some shells) would let require() find this checkout's node_modules.
const isolated = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env.NODE_PATH;
  return env;
};

beforeAll(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build the extension first (pnpm --filter cce-autopilot build)`);
  dir = await mkdtemp(join(tmpdir(), 'cce-bundled-emulator-'));
  copy = join(dir, 'dist', 'emulator.js');
  await mkdir(join(dir, 'dist'));
  await copyFile(bundle, copy);
});
afterAll(async () => {
  emu?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the emulator bundled with the extension', () => {
  it('needs no module outside Node.js except better-sqlite3, which only --data-dir loads', async () => {
    const text = await readFile(bundle, 'utf8');
    const required = new Set([...text.matchAll(/\brequire\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1]!));
    const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect([...required].filter((m) => !builtin.has(m))).toEqual([]);
    // The native module is reached only through createRequire (store.ts), never at load time.
    expect(text).toContain('better-sqlite3');
  });

  it('is what the extension finds when there is no setting and no workspace folder', () => {
    expect(findEmulator(emulatorCandidates(undefined, [], bundledEmulator(dir)))).toBe(copy);
  });

  it('starts from a folder with no node_modules, announces itself and answers signed API calls', async () => {
    emu = await startEmulator(copy, process.execPath, isolated(), () => undefined);
    expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${emu.url}/_emulator/health`);
    expect(health.status).toBe(200);
    const url = `${emu.url}/autopilot/v3/projects/${emu.projectId}/clusters`;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    Object.assign(headers, signRequest({ method: 'GET', url, headers }, { ak: emu.ak, sk: emu.sk }));
    const answer = await fetch(url, { headers });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { items?: { metadata?: { name?: string } }[] };
    expect(body.items?.map((c) => c.metadata?.name)).toContain('demo-web');
  });

  it('refuses --data-dir with a message that says why and what to do instead', async () => {
    const child = spawn(process.execPath, [copy, '--port', '0', '--data-dir', join(dir, 'data')], { env: isolated(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/--data-dir needs the native module better-sqlite3/);
    expect(stderr).toMatch(/without a data directory/);
  });
});
