// code-server (VS Code in the browser) as installed by scripts/vscode-web/install.sh: finding it,
// installing it when missing, installing a .vsix into a throwaway profile, and starting it on
// loopback.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort, run, startProcess, waitForHttp } from './proc.mjs';

export const CODE_SERVER_VERSION = '4.96.4';
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const installScript = join(repoRoot, 'scripts/vscode-web/install.sh');

// Flags that keep Debian's Chromium from phoning home or needing a GPU/sandbox in containers.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function vscodeWebDir() {
  return resolve(process.env.VSCODE_WEB_DIR ?? join(homedir(), '.cache/vscode-web'));
}

function entry(dir) {
  return join(dir, 'node_modules/code-server/out/node/entry.js');
}

export function isInstalled(dir = vscodeWebDir()) {
  return existsSync(join(dir, `.installed-${CODE_SERVER_VERSION}`)) && existsSync(entry(dir));
}

/** Installs code-server + Chromium + playwright-core unless already there (minutes the first time). */
export async function ensureInstalled({ log } = {}) {
  const dir = vscodeWebDir();
  if (isInstalled(dir) && existsSync(chromiumPath)) return dir;
  process.stdout.write(`Installing code-server ${CODE_SERVER_VERSION} into ${dir} (first run only, a few minutes)...\n`);
  await run('bash', [installScript, dir], { log: log ?? process.stdout, timeoutMs: 30 * 60_000 });
  if (!isInstalled(dir)) throw new Error(`${installScript} finished but ${entry(dir)} is missing`);
  return dir;
}

/** playwright-core from the code-server install, so the repo carries no browser-automation dependency. */
export async function importPlaywright(dir = vscodeWebDir()) {
  const main = join(dir, 'node_modules/playwright-core/index.mjs');
  if (!existsSync(main)) throw new Error(`playwright-core is missing from ${dir}; run scripts/vscode-web/install.sh`);
  return import(pathToFileURL(main).href);
}

/**
 * A fresh user-data and extensions directory with the .vsix installed and the given settings;
 * `settings: null` leaves the profile empty (no settings file at all), as a new user has it.
 */
export async function prepareProfile({ profileDir, vsix, settings, log }) {
  const userDataDir = join(profileDir, 'user-data');
  const extensionsDir = join(profileDir, 'extensions');
  await mkdir(join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  if (settings !== null) await writeFile(
    join(userDataDir, 'User/settings.json'),
    `${JSON.stringify(
      {
        // Without these the folder opens in Restricted Mode (extensions stay disabled) and a
        // welcome page covers the workbench.
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        // code-server saves on focus change by default; saving a values document applies it.
        'files.autoSave': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        ...settings,
      },
      null,
      2,
    )}\n`,
  );
  await run(
    process.execPath,
    [entry(vscodeWebDir()), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'],
    { log, timeoutMs: 120_000 },
  );
  return { userDataDir, extensionsDir };
}

/**
 * Starts code-server on 127.0.0.1 (a free port unless given) without auth, which is acceptable
 * only because it listens on loopback. Resolves when it answers HTTP.
 */
export async function startCodeServer({ userDataDir, extensionsDir, folder, port, env, log, name = 'code-server' }) {
  const listenPort = port ?? (await freePort());
  const proc = startProcess(
    name,
    process.execPath,
    [
      entry(vscodeWebDir()),
      '--bind-addr',
      `127.0.0.1:${listenPort}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      // No folder: an empty window, as VS Code opens the first time.
      ...(folder ? [folder] : []),
    ],
    { env: { ...process.env, ...env }, log },
  );
  const base = `http://127.0.0.1:${listenPort}`;
  await waitForHttp(`${base}/healthz`, { timeoutMs: 60_000, proc });
  return { proc, base, url: folder ? `${base}/?folder=${encodeURIComponent(folder)}` : `${base}/`, stop: () => proc.stop() };
}
