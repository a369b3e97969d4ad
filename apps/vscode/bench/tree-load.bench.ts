// Tree load for 1,000 clusters over 10 projects from the emulator, against its peer measured in the
// same run: the slowest single ListAutopilotClusters call of those projects. Goal: at most 1.5x,
// which needs the projects to be loaded in parallel.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect, credentialsOf, type ClientApi } from '../src/core/connect.js';
import type { Profile } from '../src/core/profiles.js';
import { TreeModel } from '../src/core/tree.js';

const PROJECTS = 10;
const PER_PROJECT = 100;
const ROUNDS = 7;
/** What a list call spends waiting on the cloud (network and service; real CCE list calls take a few hundred ms, so this is on the low side). The emulator adds it to each list answer for the goal's measurement. */
const NETWORK_MS = 100;

interface Announced { url: string; ak: string; sk: string; projects: { region: string; projectId: string }[] }

const children: ChildProcess[] = [];
let profile: Profile;
const apis = new Map<string, ClientApi>();
const emulatorUrls: string[] = [];

/** Starts bench/emulator-process.mjs and reads its announcement. */
function emulatorProcess(): Promise<Announced> {
  const child = spawn(process.execPath, [join(__dirname, 'emulator-process.mjs'), String(PER_PROJECT + 10)], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`emulator process exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (l) => resolve(JSON.parse(l) as Announced));
  });
}

beforeAll(async () => {
  // The emulator has three projects per account; ten projects take four emulators, each in its own
  // process like a real service. Each project is shown as one "region" row of the tree.
  const emulators = await Promise.all(Array.from({ length: Math.ceil(PROJECTS / 3) }, () => emulatorProcess()));
  emulatorUrls.push(...emulators.map((e) => e.url));
  const projects = emulators.flatMap((e) => e.projects.map((p) => ({ ...p, e }))).slice(0, PROJECTS);
  if (projects.length < PROJECTS) throw new Error(`only ${projects.length} projects; the benchmark needs ${PROJECTS}`);
  const rows = projects.map((p, i) => ({ ...p, row: `${p.region}-${i}` }));
  profile = { id: 'bench', name: 'bench', kind: 'emulator', regions: rows.map((r) => r.row) };
  for (const r of rows) {
    const own: Profile = { ...profile, endpoint: r.e.url, projectIds: { [r.region]: r.projectId } };
    apis.set(r.row, await connect(own, r.region, credentialsOf(own, { ak: r.e.ak, sk: r.e.sk }), { endpoints: {} }));
  }
  await Promise.all([...apis.values()].map(async (api) => {
    for (let i = 0; i < PER_PROJECT; i += 5) {
      await Promise.all(Array.from({ length: 5 }, (_, k) => api.call('CreateAutopilotCluster', { body: {
          kind: 'Cluster', apiVersion: 'v3', metadata: { name: `bench-${String(i + k).padStart(4, '0')}` },
          spec: { flavor: 'cce.autopilot.cluster', hostNetwork: { vpc: 'vpc-1', subnet: 'subnet-1' }, containerNetwork: { mode: 'eni' }, eniNetwork: { subnets: [{ subnetID: 'subnet-1' }] } },
        } })));
    }
  }));
});

afterAll(async () => {
  await Promise.all([...apis.values()].map((a) => a.client.close()));
  for (const c of children) c.kill('SIGTERM');
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** One measurement: the tree's load vs its peers, each taken in the same round; medians of ROUNDS. */
async function measure() {
  const loads: number[] = [];
  const slowest: number[] = [];
  const parallel: number[] = [];
  for (let round = 0; round <= ROUNDS; round++) {
    // Peer: each project's list alone, one after another; the slowest of them.
    let max = 0;
    for (const api of apis.values()) {
      const t0 = performance.now();
      await api.call('ListAutopilotClusters', {});
      max = Math.max(max, performance.now() - t0);
    }
    // Second peer: the same ten lists at once without the tree: what the emulators allow on this machine.
    const tp = performance.now();
    await Promise.all([...apis.values()].map((a) => a.call('ListAutopilotClusters', {})));
    const together = performance.now() - tp;
    const model = new TreeModel({ activeProfile: () => profile, connect: async (_p, region) => apis.get(region)! });
    const t0 = performance.now();
    const [root] = await model.roots();
    const regions = await model.children(root!);
    const rows = (await Promise.all(regions.map((r) => model.children(r)))).flat().filter((n) => n.kind === 'cluster').length;
    const load = performance.now() - t0;
    expect(rows).toBe(PROJECTS * PER_PROJECT);
    if (round === 0) continue; // warm-up
    loads.push(load);
    slowest.push(max);
    parallel.push(together);
  }
  return { load: median(loads), slowest: median(slowest), parallel: median(parallel) };
}

/** Adds (or, with 0, removes) a fixed delay to every ListAutopilotClusters answer of every emulator. */
async function listLatency(ms: number) {
  for (const e of emulatorUrls) {
    await fetch(`${e}/_emulator/faults`, { method: 'DELETE' });
    if (ms > 0) {
      const res = await fetch(`${e}/_emulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ operation: 'ListAutopilotClusters', action: 'latency', latencyMs: ms }) });
      if (res.status !== 201) throw new Error(`adding the latency rule failed: ${res.status} ${await res.text()}`);
    }
  }
}

it(`tree load of ${PROJECTS * PER_PROJECT} clusters over ${PROJECTS} projects vs the slowest single list call`, async () => {
  // Against the cloud a list call mostly waits on the network; the emulator on loopback is pure CPU,
  // and ten CPU-bound lists cannot finish in the time of one on two cores however the tree loads
  // them. So the goal is judged with a network-like round trip added by the emulator (a latency
  // fault rule, the same for the tree and its peer), and the loopback figures are printed beside it.
  await listLatency(NETWORK_MS);
  const net = await measure();
  await listLatency(0);
  const loop = await measure();
  const ratio = net.load / net.slowest;
  console.log(`with a ${NETWORK_MS} ms round trip per list: tree load ${net.load.toFixed(1)} ms; slowest single ListAutopilotClusters ${net.slowest.toFixed(1)} ms; ratio ${ratio.toFixed(2)}x (goal <= 1.5x: ${ratio <= 1.5 ? 'met' : 'NOT met'})`);
  console.log(`loopback, no added latency: tree load ${loop.load.toFixed(1)} ms; slowest single list ${loop.slowest.toFixed(1)} ms; ratio ${(loop.load / loop.slowest).toFixed(2)}x; the ten lists at once without the tree ${loop.parallel.toFixed(1)} ms, tree load / that = ${(loop.load / loop.parallel).toFixed(2)}x (what the tree adds; ${os.availableParallelism()} CPUs here)`);
});
