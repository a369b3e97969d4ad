#!/usr/bin/env node
// `pnpm start`: the whole product on this machine. Builds what is needed, starts the emulator with
// the demo seed, packages the extension and opens it in VS Code pointed at the emulator: the
// desktop VS Code when `code` is on PATH (a fresh profile), otherwise code-server in the browser
// (installed on first use by scripts/vscode-web/install.sh). Everything listens on 127.0.0.1 only;
// Ctrl-C stops everything.
//
//   node scripts/start.mjs [--web] [--port N] [--emulator-port N] [--speed realistic|instant]
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build, ensureVsix } from './lib/build.mjs';
import { startEmulator } from './lib/emulator.mjs';
import { EmulatorApi } from './lib/emulator-api.mjs';
import { startProcess, stopAllOnExit } from './lib/proc.mjs';
import { ensureInstalled, prepareProfile, startCodeServer } from './lib/vscode-web.mjs';
import { extensionSettings } from './lib/settings.mjs';

const { values: options } = parseArgs({
  options: {
    web: { type: 'boolean', default: false },
    port: { type: 'string' },
    'emulator-port': { type: 'string', default: '0' },
    speed: { type: 'string', default: 'realistic' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (options.help) {
  console.log(`Usage: pnpm start [--web] [--port N] [--emulator-port N] [--speed realistic|instant]
  --web             use code-server in the browser even when the desktop \`code\` is on PATH
  --port N          code-server's port on 127.0.0.1 (default: a free one)
  --emulator-port N the emulator's port on 127.0.0.1 (default: a free one)
  --speed S         how fast emulated operations complete (default: realistic, seconds)`);
  process.exit(0);
}

function parsePort(value, flag) {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${flag} must be a port number 0-65535; got "${value}"`);
    process.exit(2);
  }
  return port;
}
const codeServerPort = parsePort(options.port, '--port');
const emulatorPort = parsePort(options['emulator-port'], '--emulator-port');
if (!['realistic', 'instant', 'fast'].includes(options.speed)) {
  console.error(`--speed must be realistic, fast or instant; got "${options.speed}"`);
  process.exit(2);
}

function desktopCode() {
  if (options.web) return undefined;
  try {
    return execFileSync('sh', ['-c', 'command -v code'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

const workDir = await mkdtemp(join(tmpdir(), 'cce-autopilot-start-'));
const shutdown = stopAllOnExit(() => rm(workDir, { recursive: true, force: true }));

// Build, emulator and code-server output goes to a log file; the terminal gets one line per step
// (a failing step also reports the tail of its output).
const logPath = join(tmpdir(), 'cce-autopilot-start.log');
const quiet = createWriteStream(logPath);

try {
  console.log('Building (turbo build)...');
  await build({ filters: ['cce-autopilot', '@cce-autopilot/emulator', '@cce-autopilot/cli'], log: quiet });
  const vsix = await ensureVsix({ log: quiet });

  console.log('Starting the emulator (demo seed)...');
  const emulator = await startEmulator({ seed: 'demo', speed: options.speed, port: emulatorPort, log: quiet });
  const workspace = join(workDir, 'workspace');
  await mkdir(workspace, { recursive: true });
  await writeFile(
    join(workspace, 'README.md'),
    '# CCE Autopilot demo\n\nOpen the CCE Autopilot view in the activity bar. It is connected to the local emulator.\n',
  );
  // Connected from the start, so the tree is filled when the window opens; kubectl setup writes
  // where the user's kubectl reads (the extension's default).
  const api = new EmulatorApi(emulator);
  const regions = (await api.projects()).map((p) => p.region);
  api.close();
  const settings = extensionSettings({ emulator, connected: true, regions, pollIntervalSeconds: 2 });

  const code = desktopCode();
  let where;
  if (code) {
    const userDataDir = join(workDir, 'user-data');
    const extensionsDir = join(workDir, 'extensions');
    await mkdir(join(userDataDir, 'User'), { recursive: true });
    await writeFile(
      join(userDataDir, 'User/settings.json'),
      `${JSON.stringify({ 'workbench.startupEditor': 'none', 'security.workspace.trust.enabled': false, ...settings }, null, 2)}\n`,
    );
    const profile = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    execFileSync(code, [...profile, '--install-extension', vsix, '--force'], { stdio: 'ignore' });
    // --wait keeps `code` running while the window is open, so closing it ends the run too.
    const window = startProcess('code', code, [...profile, '--new-window', '--wait', workspace], { log: quiet });
    void window.exit.then(() => shutdown('VS Code was closed'));
    where = 'VS Code (desktop) opened in a new window with a fresh profile';
  } else {
    await ensureInstalled();
    const profile = await prepareProfile({ profileDir: join(workDir, 'profile'), vsix, settings, log: quiet });
    const server = await startCodeServer({ ...profile, folder: workspace, port: codeServerPort, log: quiet });
    void server.proc.exit.then(() => shutdown(`code-server exited (log: ${logPath})`, 1));
    where = `VS Code in the browser: ${server.url}`;
  }

  // The demo credentials belong to the local emulator only; printing them is the point.
  console.log(`
CCE Autopilot is running.
  ${where}
  Emulator:   ${emulator.url}  (region ${emulator.region}, project ${emulator.projectId})
  Demo login: domain ${emulator.domain}, user ${emulator.user}, password ${emulator.password}
  Demo AK/SK: ${emulator.ak} / ${emulator.sk}
  CLI:        HUAWEICLOUD_SDK_AK=${emulator.ak} HUAWEICLOUD_SDK_SK=${emulator.sk} \\
                pnpm -s cli --endpoint ${emulator.url} --region ${emulator.region} clusters list
  Log:        ${logPath}
Press Ctrl-C to stop everything.`);
  void emulator.proc.exit.then(() => shutdown(`the emulator exited (log: ${logPath})`, 1));
} catch (error) {
  console.error(`pnpm start failed: ${error instanceof Error ? error.message : error}`);
  await shutdown('failed', 1);
}
