// GET cluster requests per second through the emulator with strict AK/SK checking, against a bare
// node:http hello-world server measured in the same run. Goal: at least 0.4x the bare server.
// The load generator runs in this same process for both servers.
import { createServer } from 'node:http';
import { signRequest } from '@cce-autopilot/auth';
import { Agent, request } from 'undici';
import { startEmulator } from '../dist/index.js';

const durationMs = Number(process.env.BENCH_MS ?? 2000);
const connections = 16;

/** Requests per second over `connections` keep-alive connections for `durationMs`. */
async function measure(name, makeRequest) {
  const agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let done = 0;
  let failed = 0;
  const deadline = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const { url, headers } = makeRequest();
      const res = await request(url, { dispatcher: agent, headers });
      await res.body.arrayBuffer();
      if (res.statusCode === 200) done++;
      else failed++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  if (failed > 0) throw new Error(`${name}: ${failed} requests did not answer 200`);
  return done / seconds;
}

async function main() {
  const hello = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('hello world');
  });
  await new Promise((r) => hello.listen(0, '127.0.0.1', () => r()));
  const helloUrl = `http://127.0.0.1:${hello.address().port}/`;

  const emu = await startEmulator({ seed: 'demo', auth: 'strict', speed: 'instant', kubernetes: false });
  const list = await (async () => {
    const url = `${emu.url}/autopilot/v3/projects/${emu.projectId}/clusters`;
    const headers = { 'Content-Type': 'application/json', 'X-Project-Id': emu.projectId };
    const res = await request(url, { headers: { ...headers, ...signRequest({ method: 'GET', url, headers }, emu) } });
    return await res.body.json();
  })();
  const clusterId = list.items[0]?.metadata.uid;
  if (!clusterId) throw new Error('the demo seed has no cluster');
  const clusterUrl = `${emu.url}/autopilot/v3/projects/${emu.projectId}/clusters/${clusterId}`;

  // The signature is made once per round, as a client reusing a signed request within its
  // 15-minute window would: the emulator still verifies it on every request, and signing (a client
  // cost) does not eat into the server's share of this single process.
  const signFresh = () => {
    const headers = { 'Content-Type': 'application/json', 'X-Project-Id': emu.projectId };
    const request = { url: clusterUrl, headers: { ...headers, ...signRequest({ method: 'GET', url: clusterUrl, headers }, emu) } };
    return () => request;
  };
  const bare = () => ({ url: helloUrl, headers: {} });
  // Warm up both servers (JIT, connection pools) before measuring.
  await measure('warm-up hello', bare);
  await measure('warm-up emulator', signFresh());

  // Interleaved rounds, so a burst of load from elsewhere on the machine hits both sides alike.
  const rounds = 3;
  let helloTotal = 0;
  let emulatorTotal = 0;
  for (let i = 0; i < rounds; i++) {
    helloTotal += await measure('node:http hello world', bare);
    emulatorTotal += await measure('emulator GET cluster (strict AK/SK)', signFresh());
  }
  const helloRps = helloTotal / rounds;
  const emulatorRps = emulatorTotal / rounds;
  const ratio = emulatorRps / helloRps;
  process.stdout.write(
    [
      `node:http hello world:                 ${helloRps.toFixed(0)} req/s`,
      `emulator GET cluster, strict AK/SK:    ${emulatorRps.toFixed(0)} req/s`,
      `ratio emulator / hello world:          ${ratio.toFixed(2)}x (goal >= 0.40x) ${ratio >= 0.4 ? 'OK' : 'BELOW GOAL'}`,
      '',
    ].join('\n'),
  );
  await emu.stop();
  await new Promise((r) => hello.close(() => r()));
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
