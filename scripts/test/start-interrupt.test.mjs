// `pnpm start` ends on Ctrl-C: every process it started is stopped, it says so, and it exits 0, so
// pnpm prints no "ELIFECYCLE Command failed". Run through pnpm with the root package.json's own
// `start` script (pointed at a small stand-in for scripts/start.mjs that uses the same
// scripts/lib/proc.mjs), and interrupted the way a terminal does it: SIGINT to the whole process
// group, which pnpm then forwards once more.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
let dir;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cce-start-interrupt-'));
  const proc = pathToFileURL(join(root, 'scripts/lib/proc.mjs')).href;
  await writeFile(
    join(dir, 'start.mjs'),
    `import { writeFileSync } from 'node:fs';
import { startProcess, stopAllOnExit } from ${JSON.stringify(proc)};
stopAllOnExit(() => writeFileSync('cleaned-up', 'yes'));
const child = startProcess('sleeper', process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
console.log('ready ' + child.child.pid);
`,
  );
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (!scripts.start.includes('scripts/start.mjs')) throw new Error(`the root start script no longer runs scripts/start.mjs: ${scripts.start}`);
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'start-interrupt', private: true, scripts: { start: scripts.start.replace('scripts/start.mjs', 'start.mjs') } }));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

it('Ctrl-C stops everything, says so and exits 0 without an ELIFECYCLE error', async () => {
  const pnpm = spawn('pnpm', ['start'], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, npm_config_verify_deps_before_run: 'false' } });
  let output = '';
  const ready = new Promise((resolve, reject) => {
    pnpm.stdout.setEncoding('utf8').on('data', (chunk) => {
      output += chunk;
      const match = /ready (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    pnpm.once('exit', (code) => reject(new Error(`pnpm start exited (${code}) before it was ready:\n${output}`)));
  });
  pnpm.stderr.setEncoding('utf8').on('data', (chunk) => { output += chunk; });
  const sleeper = await ready;
  expect(alive(sleeper)).toBe(true);
  const exited = new Promise((resolve) => pnpm.once('exit', (code, signal) => resolve({ code, signal })));
  process.kill(-pnpm.pid, 'SIGINT');
  const { code, signal } = await exited;
  expect(output).toContain('Ctrl-C: stopping everything...');
  expect(output).toContain('Everything is stopped.');
  expect(output).not.toMatch(/ELIFECYCLE|Command failed/);
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(alive(sleeper)).toBe(false);
  expect(existsSync(join(dir, 'cleaned-up'))).toBe(true);
});
