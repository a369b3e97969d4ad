// Every example shown to users (each --help text's and the READMEs') runs against the emulator and
// must succeed. The examples are found mechanically (examples.ts); what this file knows is how to
// stand in for their placeholders and which state a command needs first.
import { describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { addonTemplateFixtures } from '@cce-autopilot/models';
import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { main } from '../src/main.js';
import { helpExamples, readmeExamples, type Example } from './examples.js';

/** Splits a command line as a shell does for the simple quoting examples use. */
export function words(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

interface World {
  readonly emulator: RunningEmulator;
  readonly dir: string;
  run(args: string[], interruptOnOutput?: boolean): Promise<{ code: number; stdout: string; stderr: string }>;
  json(args: string[]): Promise<any>;
}

async function world(): Promise<World> {
  const emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  const dir = await mkdtemp(join(tmpdir(), 'cce-examples-'));
  const run = async (args: string[], interruptOnOutput = false) => {
    let stdout = '';
    let stderr = '';
    const interrupt = new AbortController();
    const io = {
      stdout: { write: (t: string | Uint8Array) => ((stdout += typeof t === 'string' ? t : Buffer.from(t).toString('latin1')), interruptOnOutput && interrupt.abort(), true) },
      stderr: { write: (t: string) => (stderr += t) },
      isTTY: false,
      // A terminal that answers yes: destructive examples go through the confirmation.
      ask: async () => 'y',
      signal: interrupt.signal,
      env: { HUAWEICLOUD_SDK_AK: emulator.ak, HUAWEICLOUD_SDK_SK: emulator.sk, HOME: dir },
    };
    const code = await main(['--endpoint', emulator.url, '--region', emulator.region, ...args], io, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    return { code, stdout, stderr };
  };
  const json = async (args: string[]) => {
    const r = await run(['-o', 'json', ...args]);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return JSON.parse(r.stdout);
  };
  const good = ['flavor:', '  name: autopilot-flavor1', '  replicas: 2', 'custom:', '  multiAZBalance: false', ''].join('\n');
  await writeFile(join(dir, 'coredns.yaml'), good);
  await writeFile(join(dir, 'values.yaml'), good);
  await writeFile(join(dir, 'coredns-1.28.6.json'), JSON.stringify(addonTemplateFixtures.corednsVersions['1.28.6']));
  await writeFile(join(dir, 'coredns-template.json'), JSON.stringify(addonTemplateFixtures.coredns));
  await writeFile(join(dir, 'nginx-1.2.0.tgz'), buildChartArchive(demoChartFiles('nginx', '1.2.0')));
  await writeFile(join(dir, 'nginx-1.2.1.tgz'), buildChartArchive(demoChartFiles('nginx', '1.2.1')));
  await json(['clusters', 'create', '--name', 'my-cluster', '--version', 'v1.29', '--vpc', VPC, '--subnet', SUBNET, '--wait']);
  return { emulator, dir, run, json };
}

const chart = (w: World) => ['charts', 'upload', join(w.dir, 'nginx-1.2.0.tgz')];
const release = ['releases', 'create', 'my-cluster', '--name', 'web', '--namespace', 'default', '--chart-id', 'nginx', '--chart-version', '1.2.0'];
const coredns = ['addons', 'install', '--cluster-id', 'my-cluster', '--template', 'coredns', '--addon-version', '1.28.6', '--wait'];

// Every project of the emulator starts with this network (the reference's example ids), and the
// demo seed adds free EIPs: cluster creation and EIP binding are checked against them.
const VPC = 'c6549063-d459-4ae1-9550-b5fec6741b0f';
const SUBNET = '3b18c2d5-b352-4f59-b421-c2d2d48a1333';
const ENI_SUBNET = '186f9322-50c5-4e5a-91e3-47da86959afc';
async function freeEip(w: World): Promise<string> {
  const answer = await w.json(['eips', 'list']);
  const free = (answer.publicips as { id: string; status: string }[]).find((e) => e.status === 'DOWN');
  if (!free) throw new Error('the emulator has no free EIP left');
  return free.id;
}
const bindEip = async (w: World) => {
  await w.json(['clusters', 'eip', 'bind', 'my-cluster', '--eip-id', await freeEip(w)]);
};

/**
 * State a command needs before its example can work, keyed by command path (first words): command
 * lines that must succeed, or a function (an emulator fault, a command expected to fail).
 */
type Step = string[] | ((w: World) => Promise<void>);
const needs: Record<string, (w: World) => Step[]> = {
  // The READMEs' sequence works on the cluster `demo` it creates.
  'clusters get': () => [demo],
  'clusters delete': () => [demo],
  'addons get': () => [coredns],
  'addons update': () => [coredns],
  'addons delete': () => [coredns],
  'addons rollback': () => [coredns, ['addons', 'update', 'coredns', '--cluster-id', 'my-cluster', '--template', 'coredns', '--addon-version', '1.30.1', '--wait']],
  'charts get': (w) => [chart(w)],
  'charts update': (w) => [chart(w)],
  'charts delete': (w) => [chart(w)],
  'charts download': (w) => [chart(w)],
  'charts values': (w) => [chart(w)],
  'releases create': (w) => [chart(w)],
  'releases get': (w) => [chart(w), release],
  'releases update': (w) => [chart(w), release],
  'releases upgrade': (w) => [chart(w), release],
  'releases rollback': (w) => [chart(w), release],
  'releases delete': (w) => [chart(w), release],
  'releases history': (w) => [chart(w), release],
  'upgrade precheck get': () => [['upgrade', 'precheck', 'run', 'my-cluster', '--target-version', 'v1.30', '--wait']],
  'upgrade retry': () => [
    async (w) => {
      w.emulator.admin.failNext('upgrade');
      const failed = await w.run(['upgrade', 'run', 'my-cluster', '--target-version', 'v1.30', '--yes', '--wait']);
      expect(failed.code, failed.stderr).toBe(1);
    },
  ],
  'upgrade tasks get': () => [['upgrade', 'run', 'my-cluster', '--target-version', 'v1.30', '--yes']],
  'upgrade postcheck': () => [['upgrade', 'run', 'my-cluster', '--target-version', 'v1.30', '--yes', '--wait']],
  'upgrade workflows get': () => [['upgrade', 'workflows', 'create', 'my-cluster', '--target-version', 'v1.30']],
  'upgrade workflows cancel': () => [['upgrade', 'workflows', 'create', 'my-cluster', '--target-version', 'v1.30']],
  'clusters eip unbind': () => [bindEip],
  'kubeconfig get': () => [bindEip],
  'kubeconfig remove': () => [['kubeconfig', 'get', 'my-cluster']],
  'kubeconfig undo': () => [['kubeconfig', 'get', 'my-cluster']],
  'configure list': () => [['configure', '--ak', '{ak}', '--sk', '{sk}']],
  'upgrade maintenance-window get': () => [window],
  'upgrade maintenance-window update': () => [window],
  'upgrade maintenance-window delete': () => [window],
  'upgrade plans delay': () => [window],
};

const window = ['upgrade', 'maintenance-window', 'set', 'my-cluster', '--weekly-period', 'Saturday,Sunday', '--start-time', '02:00', '--duration-hours', '4'];
const first = (answer: any) => (Array.isArray(answer) ? answer[0] : answer.items[0]);
const myCluster = async (w: World) => (await w.json(['clusters', 'list'])).items.find((c: any) => c.metadata.name === 'my-cluster');
const demo = ['clusters', 'create', '--name', 'demo', '--version', 'v1.28', '--vpc', VPC, '--subnet', SUBNET, '--wait'];

/** What each placeholder of the examples stands for, found in the world once its needs ran. */
const placeholders: Record<string, (w: World) => Promise<string>> = {
  '6ed7a4e0-...': async (w) => (await myCluster(w)).metadata.uid,
  ID: async (w) => (await myCluster(w)).metadata.uid,
  '8a0cd3a4-...': async (w) => (await myCluster(w)).status.jobID,
  '2b7e3c1a-...': async (w) => first(await w.json(['addons', 'list', '--cluster-id', 'my-cluster'])).metadata.uid,
  'e99a7e86-...': async (w) => first(await w.json(['charts', 'list'])).id,
  '1f0c...': async (w) => first(await w.json(['upgrade', 'precheck', 'list', 'my-cluster'])).metadata.uid,
  '0e1a...': async (w) => first(await w.json(['upgrade', 'tasks', 'list', 'my-cluster'])).metadata.uid,
  '3c2d...': async (w) => first(await w.json(['upgrade', 'workflows', 'list', 'my-cluster'])).metadata.uid,
  '2d2e6f1a-...': freeEip,
  '3f2a...': async (w) => first((await w.json(['eips', 'list'])).publicips).id,
  'c6549063-...': async () => VPC,
  '3b18c2d5-...': async () => SUBNET,
  '1c2d3e4f-...': async (w) => first(await w.json(['upgrade', 'plans', 'list', 'my-cluster'])).metadata.uid,
  // A delay must lie after the plan's start and before its deadline: an hour after its start.
  '<rfc3339-time>': async (w) => new Date(Date.parse(first(await w.json(['upgrade', 'plans', 'list', 'my-cluster'])).spec.notBefore) + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  '<vpc-id>': async () => VPC,
  '<subnet-network-id>': async () => SUBNET,
  '<ipv4-subnet-id>': async () => ENI_SUBNET,
  'http://127.0.0.1:8443': async (w) => w.emulator.url,
  'http://127.0.0.1:PORT': async (w) => w.emulator.url,
  AKEXAMPLE: async (w) => w.emulator.ak,
  SKEXAMPLE: async (w) => w.emulator.sk,
  '{ak}': async (w) => w.emulator.ak,
  '{sk}': async (w) => w.emulator.sk,
};

/** Anything that looks like a placeholder must be in the table above, or the test says so. */
const PLACEHOLDER = /\.\.\.|^<.*>$|^ID$|PORT|EXAMPLE/;

async function substitute(w: World, args: string[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const stand = placeholders[word];
    if (stand) out.push(await stand(w));
    else if (PLACEHOLDER.test(word)) throw new Error(`no stand-in for the placeholder "${word}": add it to placeholders in examples.integ.test.ts`);
    // A fixed port could be taken on the test machine: 0 picks a free one.
    else if (args[i - 1] === '--port') out.push('0');
    // Files are read from and written to the world's folder.
    else if (/^[\w./-]+\.(ya?ml|json|tgz|kubeconfig)$/.test(word) && !isAbsolute(word)) out.push(join(w.dir, word));
    else out.push(word);
  }
  return out;
}

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/**
 * `mcp` speaks JSON-RPC on the process's own stdin/stdout, so its example runs as the built CLI:
 * it must answer an MCP initialize request, and end with exit 0 when stdin closes.
 */
async function runMcpExample(w: World, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [MAIN, '--endpoint', w.emulator.url, '--region', w.emulator.region, ...args], {
    env: { PATH: process.env['PATH'] ?? '', HOME: w.dir, HUAWEICLOUD_SDK_AK: w.emulator.ak, HUAWEICLOUD_SDK_SK: w.emulator.sk },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const answered = new Promise<void>((resolve) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (stdout.includes('"result"')) resolve();
    });
  });
  const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'examples-test', version: '1' } } };
  child.stdin.write(`${JSON.stringify(initialize)}\n`);
  await Promise.race([answered, exited]);
  child.stdin.end();
  return { code: await exited, stdout, stderr };
}

/** Global options that take a value (their value is not a command word). */
const VALUED_GLOBALS = new Set(['--endpoint', '--region', '--project-id', '--iam-endpoint', '--profile', '-o', '--output', '--query']);

function commandWords(args: readonly string[]): string[] {
  return args.filter((a, i) => !a.startsWith('-') && !VALUED_GLOBALS.has(args[i - 1] ?? ''));
}

async function runExample(example: Example): Promise<void> {
  const w = await world();
  try {
    let args = words(example.line);
    const redirect = args.indexOf('>');
    const target = redirect >= 0 ? args[redirect + 1] : undefined;
    if (redirect >= 0) args = args.slice(0, redirect);
    const path = commandWords(args).slice(0, 3).join(' ');
    const key = Object.keys(needs).filter((k) => path.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    for (const need of key ? needs[key]!(w) : []) {
      if (typeof need === 'function') {
        await need(w);
        continue;
      }
      const r = await w.run(await substitute(w, need));
      expect(r.code, `needed first: ${need.join(' ')}\n${r.stderr}`).toBe(0);
    }
    if (path.startsWith('mcp')) {
      const served = await runMcpExample(w, await substitute(w, args));
      expect(served.stdout, `${example.source}: cce-autopilot ${example.line}\n${served.stderr}`).toContain('"serverInfo"');
      expect(served.code, served.stderr).toBe(0);
      return;
    }
    const longRunning = path.startsWith('emulator start');
    const result = await w.run(await substitute(w, args), longRunning);
    // A server runs until Ctrl-C: interrupted once it has said where it listens.
    expect(result.code, `${example.source}: cce-autopilot ${example.line}\n${result.stderr}`).toBe(longRunning ? 130 : 0);
    if (target) await writeFile(join(w.dir, target), result.stdout);
  } finally {
    await w.emulator.stop();
    await rm(w.dir, { recursive: true, force: true });
  }
}

const examples = [...helpExamples(), ...readmeExamples()];
// The same line shown in two places runs once.
const unique = examples.filter((e, i) => examples.findIndex((o) => o.line === e.line) === i);

describe('every example in --help and the READMEs runs against the emulator', () => {
  it('finds the examples (help of every command, both READMEs)', () => {
    expect(helpExamples().length).toBeGreaterThan(60);
    expect(readmeExamples().filter((e) => e.source === 'README.md').length).toBeGreaterThan(2);
    expect(readmeExamples().filter((e) => e.source === 'apps/cli/README.md').length).toBeGreaterThan(2);
  });

  it.each(unique.map((e) => [`${e.line}  (${e.source})`, e] as const))('%s', async (_name, example) => {
    await runExample(example);
  });
});
