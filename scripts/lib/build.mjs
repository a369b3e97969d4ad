// Building what the run command and the end-to-end suite need: the workspace packages (turbo,
// cached) and the extension's .vsix (rebuilt when any source it bundles is newer).
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { emulatorMain } from './emulator.mjs';
import { run } from './proc.mjs';
import { repoRoot } from './vscode-web.mjs';

export const extensionDir = join(repoRoot, 'apps/vscode');
export const vsixPath = join(extensionDir, 'dist/cce-autopilot.vsix');

const pnpm = process.platform === 'win32' ? 'pnpm.cmd' : 'pnpm';
const buildEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

/** `turbo run build` for the packages given (all when none); turbo's cache makes a rerun cheap. */
export async function build({ filters = [], log } = {}) {
  const args = ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only', ...filters.map((f) => `--filter=${f}`)];
  await run(pnpm, args, { cwd: repoRoot, env: buildEnv, log });
}

const clientMain = join(repoRoot, 'packages/client/dist/index.js');

/**
 * Builds the emulator and the client (the e2e suite checks the tree against the API through it),
 * with what they import, unless their dist is already there.
 */
export async function ensureBuilt({ log, force = false } = {}) {
  if (!force && existsSync(emulatorMain) && existsSync(clientMain)) return;
  await build({ filters: ['@cce-autopilot/emulator', '@cce-autopilot/client'], log });
}

async function newestMtime(path) {
  let newest = 0;
  let info;
  try {
    info = await stat(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(join(path, entry.name)));
  }
  return newest;
}

/** Sources the .vsix is bundled from: the extension and the workspace packages it imports. */
async function sourcesMtime() {
  const roots = [join(extensionDir, 'src'), join(extensionDir, 'package.json')];
  for (const name of await readdir(join(repoRoot, 'packages'))) {
    roots.push(join(repoRoot, 'packages', name, 'src'));
  }
  const times = await Promise.all(roots.map(newestMtime));
  return Math.max(...times);
}

/** Packages apps/vscode into dist/cce-autopilot.vsix (`pnpm package`) when missing or stale. */
export async function ensureVsix({ log, force = false } = {}) {
  const fresh = existsSync(vsixPath) && (await stat(vsixPath)).mtimeMs >= (await sourcesMtime());
  if (force || !fresh) {
    process.stdout.write('Packaging the extension (pnpm package)...\n');
    await run(pnpm, ['run', 'package'], { cwd: repoRoot, env: buildEnv, log });
    if (!existsSync(vsixPath)) throw new Error(`pnpm package finished but ${vsixPath} is missing`);
  }
  return vsixPath;
}

/** The extension's package.json: view, command and setting ids the scenarios rely on. */
export async function readExtensionManifest() {
  return JSON.parse(await readFile(join(extensionDir, 'package.json'), 'utf8'));
}
