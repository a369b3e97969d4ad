// Start-up of the bundled CLI against bare Node, measured in the same run (issue 17):
//   --version              at most 2x   `node -e 0`
//   clusters list          at most 2.5x `node -e 0`, against a local emulator started here
//   peak memory (maxRSS)   at most 70 MiB for `clusters list`
// Each command is run RUNS times, interleaved, and the medians compared. Run: pnpm bench
// (after pnpm build). Prints the ratios; exits 1 when a goal is missed.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.CCE_BENCH_RUNS ?? '21');
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const rssProbe = fileURLToPath(new URL('./maxrss.mjs', import.meta.url));
if (!existsSync(main)) {
  console.error('build the CLI first: pnpm --filter @cce-autopilot/cli build');
  process.exit(2);
}

/** Runs a command to its end; resolves with the wall time (ms) and, when probed, its maxRSS (KiB). */
function measure(args, env, probe = false) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, probe ? ['--import', rssProbe, ...args] : args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    let rss = '';
    child.stdout.resume();
    child.stderr.on('data', (d) => (stderr += d));
    child.stdio[3].on('data', (d) => (rss += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      else resolve({ ms, rssKiB: rss ? Number(rss.trim()) : undefined });
    });
  });
}

/** The CLI's own `emulator start --json`, in a process of its own (so it does not share our event loop). */
function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [main, 'emulator', 'start', '--json', '--seed', 'demo', '--speed', 'instant'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve({ child, info: JSON.parse(line) });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`emulator exited ${code} before it was ready`)));
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const { child: emulator, info } = await startEmulator();
try {
  const cliEnv = { HUAWEICLOUD_SDK_AK: info.ak, HUAWEICLOUD_SDK_SK: info.sk, NO_COLOR: '1' };
  // The project id is given, as a configured profile gives it (`cce-autopilot configure` writes it).
  const list = [main, '--endpoint', info.url, '--region', info.region, '--project-id', info.projectId, 'clusters', 'list'];
  const cases = {
    'node -e 0': [['-e', '0'], {}],
    'cce-autopilot --version': [[main, '--version'], {}],
    'cce-autopilot clusters list': [list, cliEnv],
  };
  // One warm-up of each (file cache), then interleaved runs so load on the machine hits all alike.
  for (const [args, env] of Object.values(cases)) await measure(args, env);
  const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [name, [args, env]] of Object.entries(cases)) times[name].push((await measure(args, env)).ms);
  }
  const rss = [];
  for (let i = 0; i < 5; i++) rss.push((await measure(list, cliEnv, true)).rssKiB);
  const base = median(times['node -e 0']);
  const goals = { 'cce-autopilot --version': 2, 'cce-autopilot clusters list': 2.5 };
  let failed = false;
  console.log(`start-up, median of ${RUNS} runs each (peer: node -e 0 = ${base.toFixed(1)} ms)`);
  for (const [name, limit] of Object.entries(goals)) {
    const ms = median(times[name]);
    const ratio = ms / base;
    const pass = ratio <= limit;
    failed ||= !pass;
    console.log(`  ${name.padEnd(28)} ${ms.toFixed(1).padStart(7)} ms  ${ratio.toFixed(2)}x node -e 0  (goal <= ${limit}x) ${pass ? 'ok' : 'MISSED'}`);
  }
  const peakMiB = Math.max(...rss) / 1024;
  const rssPass = peakMiB <= 70;
  failed ||= !rssPass;
  console.log(`  ${'clusters list maxRSS'.padEnd(28)} ${peakMiB.toFixed(1).padStart(7)} MiB (goal <= 70 MiB) ${rssPass ? 'ok' : 'MISSED'}`);
  process.exitCode = failed ? 1 : 0;
} finally {
  emulator.kill('SIGTERM');
}
