#!/usr/bin/env node
// The end-to-end suite: the packaged extension in a real VS Code (code-server) in Chromium, against
// an emulator started for the run. Usage:
//   node e2e/run.mjs [--only 1,2,first-start] [--keep] [--list] [--repeat N]
// Environment: E2E_TIMEOUT_MS (each whole run, default 12 min), E2E_STRICT=1 (skips count as failures),
// VSCODE_WEB_DIR (code-server install), E2E_REPACKAGE=1 (always rebuild the .vsix), E2E_VSIX=FILE
// (test that package instead of packaging apps/vscode), E2E_EMULATOR_SPEED (default realistic).
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startEmulator } from '../scripts/lib/emulator.mjs';
import { ensureBuilt, ensureVsix, readExtensionManifest } from '../scripts/lib/build.mjs';
import { stopAll } from '../scripts/lib/proc.mjs';
import {
  chromiumArgs,
  chromiumPath,
  ensureInstalled,
  importPlaywright,
  prepareProfile,
  repoRoot,
  startCodeServer,
} from '../scripts/lib/vscode-web.mjs';
import { extensionSettings } from '../scripts/lib/settings.mjs';
import { EmulatorApi } from '../scripts/lib/emulator-api.mjs';
import { register } from 'tsx/esm/api';

// The page object is TypeScript (lib/workbench.mts, typechecked by `pnpm test`); tsx loads it, here
// and in the scenarios, which import it as `../lib/workbench.mjs` (tsx maps .mjs to .mts as tsc does).
register();
const { Workbench } = await import('./lib/workbench.mjs');

const here = dirname(fileURLToPath(import.meta.url));
const screenshotRoot = join(here, 'screenshots');
const logRoot = join(here, 'logs');

const { values: options } = parseArgs({
  options: {
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    list: { type: 'boolean', default: false },
    repeat: { type: 'string', default: '1' },
  },
});
const repeat = Number(options.repeat);
if (!Number.isInteger(repeat) || repeat < 1) {
  console.error(`--repeat must be a whole number of runs, 1 or more; got "${options.repeat}"`);
  process.exit(2);
}

async function loadScenarios() {
  const dir = join(here, 'scenarios');
  const files = (await readdir(dir)).filter((file) => /^\d\d-.*\.mjs$/.test(file)).sort();
  const scenarios = [];
  for (const file of files) {
    const { default: scenario } = await import(pathToFileURL(join(dir, file)).href);
    scenarios.push({ number: Number(file.slice(0, 2)), file, needs: [], commands: [], timeoutMs: 120_000, ...scenario });
  }
  return scenarios;
}

function selected(scenarios) {
  if (!options.only) return scenarios;
  const wanted = new Set(options.only.split(',').map((part) => part.trim()));
  const chosen = scenarios.filter((s) => wanted.has(String(s.number)) || wanted.has(s.id));
  if (chosen.length === 0) throw new Error(`--only ${options.only} matches no scenario (have: ${scenarios.map((s) => `${s.number}/${s.id}`).join(', ')})`);
  // A scenario builds on the state its prerequisites leave behind, so they run too.
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const closure = new Set();
  const add = (s) => {
    if (closure.has(s)) return;
    for (const need of s.needs) add(byId.get(need));
    closure.add(s);
  };
  chosen.forEach(add);
  return scenarios.filter((s) => closure.has(s));
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
    }),
  ]);
}

const nameOf = (scenario) => `${String(scenario.number).padStart(2, '0')}-${scenario.id}`;
const seconds = (ms) => `${(ms / 1000).toFixed(1)}s`;

// Module-level so the whole-run watchdog can still report what ran.
const results = [];
let planned = [];

function closingLine() {
  const count = (status) => results.filter((r) => r.status === status).length;
  const notRun = Math.max(0, planned.length - results.length);
  const skipped = count('skipped');
  return `${count('passed')} passed, ${count('failed') + notRun} failed${skipped ? `, ${skipped} skipped` : ''}`;
}

/**
 * Everything processes and scenarios log goes to the run's e2e.log; while a scenario runs it also
 * goes to that scenario's own log, so a failure can be read without the rest of the run.
 */
function runLog(path) {
  const stream = createWriteStream(path);
  return {
    current: undefined,
    write(text) {
      stream.write(text);
      this.current?.push(text);
    },
    end: () => new Promise((resolve) => stream.end(resolve)),
  };
}

/** One whole run of the suite: fresh emulator, profile and code-server. Returns its exit code. */
async function runOnce(scenarios, { runNumber }) {
  const started = Date.now();
  results.length = 0;
  planned = scenarios;
  // With --repeat each run keeps its own screenshots and logs (run-1/, run-2/, ...).
  const sub = repeat > 1 ? `run-${runNumber}` : '';
  const screenshotDir = join(screenshotRoot, sub);
  const logDir = join(logRoot, sub);
  await rm(screenshotDir, { recursive: true, force: true });
  await mkdir(screenshotDir, { recursive: true });
  if (sub) await rm(logDir, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  for (const file of await readdir(logDir)) if (/^\d\d-.*\.log$/.test(file)) await rm(join(logDir, file), { force: true });
  const logPath = join(logDir, 'e2e.log');
  const log = runLog(logPath);

  const workDir = await mkdtemp(join(tmpdir(), 'cce-e2e-'));
  const home = join(workDir, 'home');
  const workspace = join(workDir, 'workspace');
  const kubeconfig = join(home, '.kube/config');
  await mkdir(join(home, '.kube'), { recursive: true });
  await mkdir(workspace, { recursive: true });
  await writeFile(join(workspace, 'README.md'), '# e2e workspace\n');

  let browser;
  let api;
  try {
    console.log('e2e: preparing (build, package, code-server)...');
    await ensureBuilt({ log });
    // E2E_VSIX runs a given package as is (e.g. a release candidate) instead of packaging one.
    const vsix = process.env.E2E_VSIX ?? (await ensureVsix({ log, force: process.env.E2E_REPACKAGE === '1' }));
    await ensureInstalled({ log });
    const manifest = await readExtensionManifest();

    const emulator = await startEmulator({ seed: 'demo', speed: process.env.E2E_EMULATOR_SPEED ?? 'realistic', log });
    console.log(`e2e: emulator at ${emulator.url} (region ${emulator.region})`);
    api = new EmulatorApi(emulator);

    const profile = await prepareProfile({
      profileDir: join(workDir, 'profile'),
      vsix,
      settings: extensionSettings({ emulator, kubeconfig }),
      log,
    });
    // A private HOME keeps the run away from the user's ~/.kube, ~/.huaweicloud and code-server
    // config; cloud credentials in the environment would otherwise win over the emulator.
    const env = { HOME: home, KUBECONFIG: kubeconfig };
    for (const key of Object.keys(process.env)) {
      if (/^(HUAWEICLOUD_SDK_|CLOUD_SDK_)/.test(key)) env[key] = '';
    }
    const codeServer = await startCodeServer({ ...profile, folder: workspace, env, log });
    console.log(`e2e: code-server at ${codeServer.base}`);

    const { chromium } = await importPlaywright();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
    const openPage = async (url, tag) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      context.setDefaultTimeout(30_000);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') log.write(`[browser${tag}] ${message.text()}\n`);
      });
      page.on('pageerror', (error) => log.write(`[browser${tag}] page error: ${error.message}\n`));
      await page.goto(url);
      const wb = new Workbench(page, { screenshotDir });
      await wb.waitReady();
      return { context, page, wb };
    };
    const { page, wb } = await openPage(codeServer.url, '');

    // A second VS Code as a marketplace user first has it: the packaged .vsix in an empty profile
    // (no settings file), its own HOME, no folder; or, given `settings`, a profile with only those
    // user settings (a cloud user's endpoints). Stopped by the scenario that opens it.
    let bareCount = 0;
    const bareWorkbench = async ({ settings = null } = {}) => {
      const dir = join(workDir, `bare-${++bareCount}`);
      const bareHome = join(dir, 'home');
      await mkdir(bareHome, { recursive: true });
      const bareProfile = await prepareProfile({ profileDir: join(dir, 'profile'), vsix, settings, log });
      const server = await startCodeServer({ ...bareProfile, env: { ...env, HOME: bareHome, KUBECONFIG: '' }, log, name: 'code-server (bare)' });
      log.write(`[e2e] bare code-server at ${server.base} (${settings ? `settings: ${Object.keys(settings).join(', ')}` : 'empty profile'}, no folder)\n`);
      const opened = await openPage(server.url, ' (bare)');
      return {
        wb: opened.wb,
        page: opened.page,
        close: async () => {
          await withTimeout(opened.context.close(), 10_000, 'closing the bare page').catch(() => {});
          await server.stop();
        },
      };
    };

    const contributed = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
    const state = {};
    const outcome = new Map();
    for (const scenario of scenarios) {
      const name = nameOf(scenario);
      const t0 = Date.now();
      const failedNeed = scenario.needs.find((need) => outcome.get(need) !== 'passed');
      const missing = scenario.commands.filter((command) => !contributed.has(command));
      let result;
      const scenarioLog = [];
      log.write(`[e2e] ===== ${name}: begin =====\n`);
      log.current = scenarioLog;
      if (failedNeed) {
        result = { status: 'skipped', reason: `needs scenario "${failedNeed}", which did not pass` };
      } else if (missing.length) {
        result = { status: 'skipped', reason: `the extension does not contribute ${missing.join(', ')}` };
      } else {
        const ctx = { name, wb, page, api, emulator, manifest, workDir, home, kubeconfig, workspace, state, log, bareWorkbench, screenshot: (suffix = '') => wb.screenshot(`${name}${suffix}`) };
        try {
          // A known emulator state: no fault rule left over from another scenario.
          await api.admin('DELETE', 'faults');
          await withTimeout(scenario.run(ctx), scenario.timeoutMs, `scenario ${name}`);
          if (!existsSync(join(screenshotDir, `${name}.png`))) await ctx.screenshot();
          result = { status: 'passed' };
        } catch (error) {
          result = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
          if (!existsSync(join(screenshotDir, `${name}-failed.png`))) await wb.screenshot(`${name}-failed`).catch(() => {});
          // What the extension said is usually the real cause (an API error, a refused input).
          const toasts = await wb.notificationTexts().catch(() => []);
          if (toasts.length) result.reason += `\nnotifications: ${toasts.map((t) => t.replace(/\s+/g, ' ').trim()).join(' | ')}`;
          log.write(`[e2e] ${name} failed: ${error instanceof Error ? error.stack : error}\n`);
          // Leave no dialog, quick input or dirty editor behind for the next scenario.
          for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => {});
          await withTimeout(wb.revertAndCloseAll(), 20_000, 'closing editors').catch(() => {});
        }
      }
      outcome.set(scenario.id, result.status);
      log.write(`[e2e] ===== ${name}: ${result.status}${result.reason ? ` (${result.reason.split('\n')[0]})` : ''} =====\n`);
      log.current = undefined;
      const scenarioLogPath = join(logDir, `${name}.log`);
      await writeFile(scenarioLogPath, scenarioLog.join(''));
      const screenshot = join(screenshotDir, `${name}${result.status === 'failed' ? '-failed' : ''}.png`);
      results.push({ scenario, ...result, name, log: relative(repoRoot, scenarioLogPath), screenshot: existsSync(screenshot) ? relative(repoRoot, screenshot) : undefined });
      const tag = { passed: 'ok  ', failed: 'FAIL', skipped: 'skip' }[result.status];
      console.log(`${tag} ${name}: ${scenario.title} (${seconds(Date.now() - t0)})${result.reason ? `\n       ${result.reason.split('\n').join('\n       ')}` : ''}`);
    }
  } catch (error) {
    console.error(`e2e: setup failed: ${error instanceof Error ? error.message : error}`);
    log.write(`[e2e] setup failed: ${error instanceof Error ? error.stack : error}\n`);
    const ran = new Set(results.map((r) => r.scenario.id));
    for (const scenario of scenarios.filter((s) => !ran.has(s.id))) {
      results.push({ scenario, status: 'failed', reason: 'setup failed', name: nameOf(scenario), log: relative(repoRoot, logPath) });
    }
  } finally {
    api?.close();
    await withTimeout(browser?.close() ?? Promise.resolve(), 10_000, 'closing Chromium').catch(() => {});
    await stopAll(5000);
    if (!options.keep) await rm(workDir, { recursive: true, force: true }).catch(() => {});
    else console.log(`e2e: kept ${workDir}`);
    await log.end();
  }

  const line = closingLine();
  const ranFor = seconds(Date.now() - started);
  // For CI (.ci/e2e-failures.mjs): what failed, its screenshot and its own log.
  report.runs.push({
    run: runNumber,
    line,
    seconds: Number(ranFor.slice(0, -1)),
    results: results.map(({ name, status, reason, screenshot, log: scenarioLog }) => ({ name, status, reason, screenshot, log: scenarioLog })),
  });
  await writeFile(join(logRoot, 'results.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`e2e: ${repeat > 1 ? `run ${runNumber} of ${repeat}: ` : ''}screenshots in ${relative(repoRoot, screenshotDir)}/, log in ${relative(repoRoot, logPath)} (${ranFor})`);
  console.log(line);
  const failed = results.some((r) => r.status === 'failed');
  const skipped = results.some((r) => r.status === 'skipped');
  return failed || (process.env.E2E_STRICT === '1' && skipped) ? 1 : 0;
}

const report = { runs: [] };

async function main() {
  const scenarios = selected(await loadScenarios());
  planned = scenarios;
  if (options.list) {
    for (const s of scenarios) console.log(`${s.number} ${s.id}: ${s.title}${s.needs.length ? ` (needs ${s.needs.join(', ')})` : ''}`);
    return 0;
  }
  await mkdir(logRoot, { recursive: true });
  await rm(join(logRoot, 'results.json'), { force: true });
  let code = 0;
  for (let runNumber = 1; runNumber <= repeat; runNumber++) {
    if (repeat > 1) console.log(`e2e: run ${runNumber} of ${repeat}`);
    armWatchdog();
    code = Math.max(code, await runOnce(scenarios, { runNumber }));
  }
  clearTimeout(watchdog);
  return code;
}

const budget = Number(process.env.E2E_TIMEOUT_MS ?? 12 * 60_000);
let watchdog;
/** Each whole run has its own budget. */
function armWatchdog() {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => {
    console.error(`e2e: the whole run exceeded ${Math.round(budget / 1000)} s; stopping everything (scenarios not finished count as failed)`);
    void stopAll(3000).finally(() => {
      console.log(closingLine());
      process.exit(1);
    });
  }, budget);
  watchdog.unref();
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    void stopAll(3000).finally(() => process.exit(130));
  });
}

main().then(
  (code) => {
    process.exitCode = code;
    // Chromium or an undici socket may hold the loop open; nothing is left to wait for.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error) => {
    console.error(error);
    if (planned.length === 0) planned = [undefined];
    console.log(closingLine());
    void stopAll(3000).finally(() => process.exit(1));
  },
);
