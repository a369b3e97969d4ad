// Listing 2,000 pods through the emulated Kubernetes API (GET /api/v1/namespaces/default/pods, the
// gateway style of spec chapter 5 on plain HTTP, as kubectl's informers and `get pods` do) against
// a bare node:http server sending the same JSON bytes, measured in the same run.
// Goal: the emulator within 2x the bare server's time per list (ratio <= 2).
import { createServer } from 'node:http';
import { Agent, request } from 'undici';
import { createKubeHub } from '../dist/kube/index.js';

const durationMs = Number(process.env.BENCH_MS ?? 2000);
const connections = 4;
const PODS = 2000;

async function measure(name, url) {
  const agent = new Agent({ connections, pipelining: 1, keepAliveTimeout: 30_000 });
  let done = 0;
  let bytes = 0;
  const deadline = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      const res = await request(url, { dispatcher: agent });
      const body = await res.body.arrayBuffer();
      if (res.statusCode !== 200) throw new Error(`${name}: HTTP ${res.statusCode}`);
      bytes = body.byteLength;
      done++;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const ms = (performance.now() - started) / done;
  await agent.close();
  return { ms, bytes };
}

async function main() {
  const hub = createKubeHub({ host: '127.0.0.1' });
  await hub.ensureCluster({ id: 'bench', name: 'bench', version: 'v1.30' });
  const objects = hub.objectsOf('bench');
  const pods = objects.types.find('', 'v1', 'pods');
  for (let i = 0; i < PODS; i++) {
    objects.create(pods, 'default', {
      metadata: { name: `pod-${String(i).padStart(4, '0')}`, labels: { app: 'bench', shard: String(i % 10) } },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    });
  }
  const gateway = createServer((req, res) => hub.handleGatewayRequest('bench', req, res));
  await new Promise((r) => gateway.listen(0, '127.0.0.1', () => r()));
  const emulatorUrl = `http://127.0.0.1:${gateway.address().port}/api/v1/namespaces/default/pods`;

  const sample = Buffer.from(await (await request(emulatorUrl)).body.arrayBuffer());
  if (JSON.parse(sample.toString()).items.length !== PODS) throw new Error('the emulator did not list every pod');
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': sample.length });
    res.end(sample);
  });
  await new Promise((r) => bare.listen(0, '127.0.0.1', () => r()));
  const bareUrl = `http://127.0.0.1:${bare.address().port}/`;

  await measure('warm-up', emulatorUrl);
  const b = await measure('bare node:http', bareUrl);
  const e = await measure('emulator', emulatorUrl);
  console.log(`list ${PODS} pods (${(e.bytes / 1e6).toFixed(1)} MB): emulator ${e.ms.toFixed(2)} ms/list, bare node:http ${b.ms.toFixed(2)} ms/list`);
  const ratio = e.ms / b.ms;
  console.log(`ratio emulator/bare: ${ratio.toFixed(2)}x (goal <= 2x) ${ratio <= 2 ? 'OK' : 'OVER GOAL'}`);
  // A label selector bypasses the list cache: every list is filtered and written again.
  const f = await measure('emulator, labelSelector', `${emulatorUrl}?labelSelector=app%3Dbench`);
  console.log(`uncached (labelSelector=app=bench, all ${PODS} match): emulator ${f.ms.toFixed(2)} ms/list, ratio ${(f.ms / b.ms).toFixed(2)}x`);
  await new Promise((r) => gateway.close(() => r()));
  await new Promise((r) => bare.close(() => r()));
  await hub.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
