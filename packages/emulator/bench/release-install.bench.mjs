// Installing a release of a chart with 1,000 objects (CreateAutopilotRelease: render + apply through
// the cluster's API layers) against `kubectl apply -f` of the same rendered objects, against the
// same emulator, measured in the same run. Goal: the release within 1x kubectl's time (ratio <= 1).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signRequest } from '@cce-autopilot/auth';
import { stringify } from 'yaml';
import { buildChartArchive, startEmulator } from '../dist/index.js';

const exec = promisify(execFile);
const OBJECTS = 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const KUBECTL = process.env.KUBECTL ?? 'kubectl';

async function call(emu, method, path, { body, raw, contentType } = {}) {
  const url = `${emu.url}${path}`;
  const bytes = raw ?? (body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)));
  const headers = { 'Content-Type': contentType ?? 'application/json', 'X-Project-Id': emu.projectId, Host: new URL(url).host };
  Object.assign(headers, signRequest({ method, url, headers, body: bytes }, { ak: emu.ak, sk: emu.sk }));
  delete headers.Host;
  const res = await fetch(url, { method, headers, body: bytes.length ? bytes : null });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A chart whose one template makes OBJECTS ConfigMaps through a helper (include, range, toYaml). */
function chart() {
  const files = {
    'bulk/Chart.yaml': 'apiVersion: v2\nname: bulk\nversion: 1.0.0\n',
    'bulk/values.yaml': `count: ${OBJECTS}\nsettings:\n  level: info\n  region: cn-north-4\n`,
    'bulk/templates/_helpers.tpl': '{{- define "bulk.labels" -}}\napp.kubernetes.io/name: {{ .Chart.Name }}\napp.kubernetes.io/instance: {{ .Release.Name }}\n{{- end }}\n',
    'bulk/templates/configmaps.yaml': '{{- range $i := until (int .Values.count) }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ printf "%s-cm-%04d" $.Release.Name $i }}\n  labels:\n    {{- include "bulk.labels" $ | nindent 4 }}\ndata:\n  index: {{ $i | quote }}\n  {{- toYaml $.Values.settings | nindent 2 }}\n{{- end }}\n',
  };
  return buildChartArchive(files);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-release-'));
  const emu = await startEmulator({ seed: 'empty', speed: 'instant', log: () => {} });
  try {
    const p = `/autopilot/v3/projects/${emu.projectId}`;
    const created = await call(emu, 'POST', `${p}/clusters`, {
      body: { kind: 'Cluster', apiVersion: 'v3', metadata: { name: 'bench' }, spec: { category: 'Turbo', type: 'VirtualMachine', flavor: 'cce.autopilot.cluster', version: 'v1.28', hostNetwork: { vpc: 'c6549063-d459-4ae1-9550-b5fec6741b0f', subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' }, containerNetwork: { mode: 'eni' }, eniNetwork: { subnets: [{ subnetID: '186f9322-50c5-4e5a-91e3-47da86959afc' }] } } },
    });
    const clusterId = created.metadata.uid;
    emu.admin.tick();
    const kubeconfig = await call(emu, 'POST', `${p}/clusters/${clusterId}/clustercert`, { body: { duration: 1 } });
    const config = join(dir, 'config');
    const ctx = kubeconfig.contexts.find((c) => c.name === 'internal') ?? kubeconfig.contexts[0];
    writeFileSync(config, stringify({ ...kubeconfig, 'current-context': ctx.name }));
    const kubectl = (...args) => exec(KUBECTL, ['--kubeconfig', config, '--cache-dir', join(dir, 'cache'), ...args], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, HOME: dir } });

    const form = new FormData();
    form.set('content', new Blob([chart()]), 'bulk-1.0.0.tgz');
    const req = new Request('http://x/', { method: 'POST', body: form });
    const uploaded = await call(emu, 'POST', '/autopilot/v2/charts', { raw: Buffer.from(await req.arrayBuffer()), contentType: req.headers.get('content-type') });

    // The rendered objects, as a user would have them from `helm template`: read back from a first install.
    await kubectl('create', 'namespace', 'warm');
    await call(emu, 'POST', `/autopilot/cam/v3/clusters/${clusterId}/releases`, { body: { chart_id: uploaded.id, name: 'warm', namespace: 'warm', version: '1.0.0', values: {} } });
    const list = JSON.parse((await kubectl('get', 'configmaps', '-n', 'warm', '-l', 'app.kubernetes.io/instance=warm', '-o', 'json')).stdout);
    if (list.items.length !== OBJECTS) throw new Error(`the release made ${list.items.length} ConfigMaps, not ${OBJECTS}`);
    const manifest = list.items.map((o) => stringify({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name.replace(/^warm-/, 'kc-'), labels: o.metadata.labels }, data: o.data })).join('---\n');
    const file = join(dir, 'rendered.yaml');
    writeFileSync(file, manifest);
    await kubectl('apply', '-n', 'warm', '-f', file); // warms kubectl's discovery cache

    const release = [];
    const kubectlApply = [];
    for (let round = 0; round < ROUNDS; round++) {
      await kubectl('create', 'namespace', `r${round}`);
      await kubectl('create', 'namespace', `k${round}`);
      let t = performance.now();
      await call(emu, 'POST', `/autopilot/cam/v3/clusters/${clusterId}/releases`, { body: { chart_id: uploaded.id, name: `bulk${round}`, namespace: `r${round}`, version: '1.0.0', values: {} } });
      release.push(performance.now() - t);
      t = performance.now();
      await kubectl('apply', '-n', `k${round}`, '-f', file);
      kubectlApply.push(performance.now() - t);
      emu.admin.tick();
      const shown = await call(emu, 'GET', `/autopilot/cam/v3/clusters/${clusterId}/namespace/r${round}/releases/bulk${round}`);
      if (shown.status !== 'DEPLOYED') throw new Error(`release bulk${round} is ${shown.status}: ${shown.status_description}`);
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const r = median(release);
    const k = median(kubectlApply);
    console.log(`install a release of ${OBJECTS} objects: ${r.toFixed(0)} ms; kubectl apply -f of the same ${OBJECTS} objects: ${k.toFixed(0)} ms (median of ${ROUNDS})`);
    const ratio = r / k;
    console.log(`ratio release/kubectl: ${ratio.toFixed(2)}x (goal <= 1x) ${ratio <= 1 ? 'OK' : 'OVER GOAL'}`);
  } finally {
    await emu.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
