// Per-call cost of a GET through the client (serialize -> sign -> retry -> send -> parse) versus a
// raw undici request signed the same way, to the same emulator route, in the same run.
// Goal: client time per call at most 1.15x the raw request's.
// BENCH_ROUNDS and BENCH_PAIRS set the run's length.
import { signRequest } from '@cce-autopilot/auth';
import { startEmulator } from '@cce-autopilot/emulator';
import { Agent } from 'undici';
import { createClient } from '../dist/index.js';

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const pairsPerRound = Number(process.env.BENCH_PAIRS ?? 150);
const concurrency = 8;
const goal = 1.15;

/**
 * Mean time per call of each side. The two are interleaved call by call (alternating which goes
 * first) in every worker, so both see the same machine load; on a shared machine, measuring them
 * one after the other mostly measures the load.
 */
async function measure(raw, viaClient) {
  let rawTotal = 0;
  let clientTotal = 0;
  let pairs = 0;
  const worker = async (offset) => {
    for (let i = 0; i < pairsPerRound; i++) {
      const order = (i + offset) % 2 === 0 ? [['raw', raw], ['client', viaClient]] : [['client', viaClient], ['raw', raw]];
      for (const [side, call] of order) {
        const started = performance.now();
        await call();
        const elapsed = performance.now() - started;
        if (side === 'raw') rawTotal += elapsed;
        else clientTotal += elapsed;
      }
      pairs++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, k) => worker(k)));
  return { rawMs: rawTotal / pairs, clientMs: clientTotal / pairs };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  const emu = await startEmulator({ seed: 'demo', speed: 'instant', kubernetes: false });
  const credentials = { ak: emu.ak, sk: emu.sk };
  const agentOptions = { connections: 16, keepAliveTimeout: 30_000, allowH2: false };
  const client = createClient({
    region: emu.region,
    credentials,
    projectId: emu.projectId,
    endpoints: { cce: emu.url },
    dispatcher: new Agent(agentOptions),
    env: {},
  });
  const clusters = await client.listAutopilotClusters();
  const clusterId = clusters.items[0].metadata.uid;

  const rawAgent = new Agent(agentOptions);
  const origin = new URL(emu.url).origin;
  const path = `/autopilot/v3/projects/${emu.projectId}/clusters/${encodeURIComponent(clusterId)}`;
  const raw = async () => {
    const headers = { 'user-agent': 'bench', accept: 'application/json', 'x-project-id': emu.projectId, 'content-type': 'application/json' };
    const signed = signRequest({ method: 'GET', url: origin + path, headers }, credentials);
    const res = await rawAgent.request({ origin, path, method: 'GET', headers: { ...headers, ...signed } });
    const body = await res.body.json();
    if (res.statusCode !== 200) throw new Error(`raw: HTTP ${res.statusCode}`);
    return body;
  };
  const viaClient = () => client.showAutopilotCluster({ cluster_id: clusterId });

  // Warm both paths (connections, JIT) before measuring.
  for (let i = 0; i < 200; i++) {
    await raw();
    await viaClient();
  }
  const results = [];
  for (let round = 0; round < rounds; round++) results.push(await measure(raw, viaClient));
  await client.close();
  await rawAgent.close();
  await emu.stop();

  const rawMs = median(results.map((r) => r.rawMs));
  const clientMs = median(results.map((r) => r.clientMs));
  const ratio = median(results.map((r) => r.clientMs / r.rawMs));
  console.log(`GET ShowAutopilotCluster on the emulator, ${concurrency} callers, ${rounds} rounds of ${pairsPerRound} interleaved pairs per caller`);
  console.log(`  raw undici (signed): ${(rawMs * 1000).toFixed(1)} us/call`);
  console.log(`  client:              ${(clientMs * 1000).toFixed(1)} us/call`);
  console.log(`  ratio client/raw (median of rounds): ${ratio.toFixed(3)}x (goal <= ${goal}x) ${ratio <= goal ? 'OK' : 'ABOVE GOAL'}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
