import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, credentialsOf, type ClientApi } from '../src/core/connect.js';
import { fetchConnection, httpsReader, KubeUnavailableError, namespaces, releaseObjects, workloads, type KubeConnection } from '../src/core/kube.js';
import type { Profile } from '../src/core/profiles.js';
import type { ApiInput, ApiOperationName, CceApi } from '../src/core/api.js';

let emu: RunningEmulator;
let api: ClientApi;
let conn: KubeConnection;

beforeAll(async () => {
  emu = await startEmulator({ seed: 'demo', speed: 'instant' });
  const profile: Profile = { id: 'emu', name: 'emulator', kind: 'emulator', regions: [emu.region], endpoint: emu.url, projectIds: { [emu.region]: emu.projectId } };
  api = await connect(profile, emu.region, credentialsOf(profile, { ak: emu.ak, sk: emu.sk }), { endpoints: {} });
  const clusters = (await api.call('ListAutopilotClusters', {})).items;
  const web = clusters.find((c) => c.metadata.name === 'demo-web');
  conn = await fetchConnection(api, web!.metadata.uid!);
});
afterAll(async () => {
  await api?.client.close();
  await emu?.stop();
});

describe('what runs in a cluster (core of the tree\'s Kubernetes node)', () => {
  it('lists namespaces, then workloads with status and ready counts, over TLS verified against the cluster CA', async () => {
    const reader = httpsReader(conn);
    expect((await namespaces(reader)).map((n) => n.name)).toEqual(['default', 'kube-public', 'kube-system']);
    const groups = await workloads(reader, 'default');
    expect(groups.map((g) => g.kind)).toEqual(['Deployment', 'Pod', 'Service', 'ConfigMap']);
    expect(groups[0]!.rows).toEqual([{ kind: 'Deployment', namespace: 'default', name: 'web-nginx-demo', description: '2/2 ready', state: 'ok' }]);
    expect(groups[1]!.rows.map((r) => r.description)).toEqual(['Running 1/1', 'Running 1/1']);
    const system = await workloads(reader, 'kube-system');
    expect(system.find((g) => g.kind === 'Deployment')!.rows.find((r) => r.name === 'coredns')!.description).toBe('2/2 ready');
  });

  it("shows a release's objects: what carries its Helm annotations, and its workloads' pods", async () => {
    const rows = await releaseObjects(httpsReader(conn), { name: 'web', namespace: 'default' });
    expect(rows.map((r) => `${r.kind}/${r.state}`)).toEqual(['Deployment/ok', 'Service/none', 'Pod/ok', 'Pod/ok']);
  });

  it('refuses a server whose certificate the cluster CA did not sign, and says when the address cannot be reached', async () => {
    const other = await fetchConnection(api, (await api.call('ListAutopilotClusters', {})).items.find((c) => c.metadata.name === 'demo-batch')!.metadata.uid!);
    await expect(httpsReader({ ...conn, caPem: other.caPem }).list('/api/v1/namespaces')).rejects.toMatchObject({ unreachable: false });
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => resolve(p)); });
    });
    const err = await httpsReader({ ...conn, server: `https://127.0.0.1:${port}` }).list('/api/v1/namespaces').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeUnavailableError);
    expect(err).toMatchObject({ unreachable: true });
    expect((err as Error).message).toMatch(/cannot be reached \(ECONNREFUSED\); .*bind an EIP/);
  });
});

describe('the tree', () => {
  it('has a Kubernetes node under each cluster (namespaces, kinds, objects with ready counts) and a release shows its objects', async () => {
    const { TreeModel } = await import('../src/core/tree.js');
    const profile: Profile = { id: 'emu', name: 'emulator', kind: 'emulator', regions: [emu.region], endpoint: emu.url, projectIds: { [emu.region]: emu.projectId } };
    const model = new TreeModel({ activeProfile: () => profile, connect: async () => api });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const cluster = (await model.children(region!)).find((n) => n.label === 'demo-web')!;
    const folders = await model.children(cluster);
    const kube = folders.find((n) => n.kind === 'kubernetes')!;
    const ns = (await model.children(kube)).find((n) => n.label === 'default')!;
    const groups = await model.children(ns);
    expect(groups.map((g) => `${g.label} ${g.description}`)).toEqual(['Deployments 1', 'Pods 2', 'Services 2', 'ConfigMaps 1']);
    const [dep] = await model.children(groups[0]!);
    expect(dep).toMatchObject({ kind: 'kubeObject', label: 'web-nginx-demo', description: '2/2 ready', contextValue: 'kubeObject.Deployment' });
    const release = (await model.children(folders.find((n) => n.kind === 'releases')!)).find((n) => n.label === 'default/web')!;
    expect(release.collapsible).toBe('collapsed');
    expect((await model.children(release)).map((n) => `${n.label}: ${n.description}`)).toEqual([
      'Deployment web-nginx-demo: 2/2 ready', 'Service web-nginx-demo: ClusterIP ' + (await model.children(groups[2]!)).find((s) => s.label === 'web-nginx-demo')!.description!.split(' ')[1], 'Pod ' + (await model.children(groups[1]!))[0]!.label + ': Running 1/1', 'Pod ' + (await model.children(groups[1]!))[1]!.label + ': Running 1/1',
    ]);
  });

  it('says why when the API cannot be reached, on a node that offers Bind EIP', async () => {
    const { TreeModel } = await import('../src/core/tree.js');
    const profile: Profile = { id: 'emu', name: 'emulator', kind: 'emulator', regions: [emu.region], endpoint: emu.url, projectIds: { [emu.region]: emu.projectId } };
    const model = new TreeModel({
      activeProfile: () => profile, connect: async () => api,
      kubeReader: async () => httpsReader({ ...conn, server: 'https://127.0.0.1:9' }),
    });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const cluster = (await model.children(region!)).find((n) => n.label === 'demo-web')!;
    const kube = (await model.children(cluster)).find((n) => n.kind === 'kubernetes')!;
    const [err] = await model.children(kube);
    expect(err).toMatchObject({ kind: 'error', contextValue: 'error.kubeUnreachable' });
    expect(err!.label).toMatch(/cannot be reached .*bind an EIP/);
  });
});

describe('actions on the rows', () => {
  it('Show YAML, Logs, Restart deployment and Delete pod (with confirmation) through the cluster API', async () => {
    const { objectYaml, podLog, restartDeployment, deletePod } = await import('../src/core/kubeActions.js');
    const { ScriptUi } = await import('./fakes.js');
    const reader = httpsReader(conn);
    const groups = await workloads(reader, 'default');
    const dep = groups.find((g) => g.kind === 'Deployment')!.rows[0]!;
    const yaml = await objectYaml(reader, dep);
    expect(yaml).toMatch(/^apiVersion: apps\/v1\nkind: Deployment\n/);
    expect(yaml).toContain('meta.helm.sh/release-name: web');
    expect(yaml).not.toContain('managedFields');
    const pods = () => workloads(reader, 'default').then((gs) => gs.find((g) => g.kind === 'Pod')!.rows);
    const before = await pods();
    expect(await podLog(reader, before[0]!)).toMatch(/^\d{4}-\d\d-\d\dT\S+ /);

    expect(await restartDeployment(new ScriptUi([false]), reader, dep)).toBe(false);
    expect((await pods()).map((p) => p.name)).toEqual(before.map((p) => p.name));
    const ui = new ScriptUi([true]);
    expect(await restartDeployment(ui, reader, dep)).toBe(true);
    expect(ui.messages).toEqual(['Deployment default/web-nginx-demo restarted.']);
    const restarted = await pods();
    expect(restarted).toHaveLength(2);
    expect(restarted.some((p) => before.some((b) => b.name === p.name))).toBe(false);

    // Follow: the log arrives as a stream; aborting ends it.
    const { followPodLog } = await import('../src/core/kubeActions.js');
    const abort = new AbortController();
    let streamed = '';
    await followPodLog(reader, restarted[0]!, (t) => {
      streamed += t;
      if (streamed.includes('\n')) abort.abort();
    }, abort.signal);
    expect(streamed).toMatch(/^\d{4}-\d\d-\d\dT\S+ /);

    const del = new ScriptUi([true]);
    expect(await deletePod(del, reader, restarted[0]!)).toBe(true);
    const after = await pods();
    expect(after.map((p) => p.name)).not.toContain(restarted[0]!.name);
    expect(after).toHaveLength(2);
  });
});

describe('a release installed through the extension', () => {
  it('shows its objects; an upgrade and the uninstall change them', async () => {
    const { buildChartArchive, demoChartFiles } = await import('@cce-autopilot/emulator');
    const { ValuesLanguageService } = await import('@cce-autopilot/values');
    const w = await import('../src/core/workloads.js');
    const { applyValues, documentText, uriOfTarget } = await import('../src/core/values.js');
    const { ScriptUi } = await import('./fakes.js');
    const fast = { wait: { minDelayMs: 5, maxDelayMs: 20, timeoutMs: 20_000 } };
    const clusterId = (await api.call('ListAutopilotClusters', {})).items.find((c) => c.metadata.name === 'demo-web')!.metadata.uid!;
    const chart = await w.uploadChart(new ScriptUi([false]), api, 'ext-web-1.0.0.tgz', new Uint8Array(buildChartArchive(demoChartFiles('ext-web', '1.0.0'))));
    const start = await w.startReleaseInstall(new ScriptUi(['shop', 'default']), api, chart!, clusterId);
    const service = new ValuesLanguageService();
    const apply = (t: Parameters<typeof uriOfTarget>[0], values: unknown) => applyValues(new ScriptUi([true]), api, t, uriOfTarget(t), documentText(t, values), { service, schema: undefined }, fast);
    expect(await apply(start!.target, start!.values)).toBe(true);
    const reader = httpsReader(conn);
    const shown = async () => (await releaseObjects(reader, { name: 'shop', namespace: 'default' })).filter((r) => r.kind !== 'Pod').map((r) => `${r.kind} ${r.name}: ${r.description.replace(/ 10\.247\.\S+/, '')}`);
    expect(await shown()).toEqual(['Deployment shop-ext-web: 2/2 ready', 'Service shop-ext-web: ClusterIP']);
    const release = { name: 'shop', namespace: 'default', cluster_id: clusterId, chart_name: 'ext-web', chart_version: '1.0.0' };
    const upgrade = await w.startReleaseUpgrade(new ScriptUi([]), api, release);
    expect(await apply(upgrade!.target, { ...upgrade!.values, replicaCount: 3 })).toBe(true);
    expect(await shown()).toEqual(['Deployment shop-ext-web: 3/3 ready', 'Service shop-ext-web: ClusterIP']);
    expect(await w.uninstallRelease(new ScriptUi([true]), api, release, fast)).toBe(true);
    expect(await releaseObjects(reader, { name: 'shop', namespace: 'default' })).toEqual([]);
  });
});

describe("a release's cluster-scoped objects", () => {
  it('are listed under the release by its Helm labels (ClusterRole, ClusterRoleBinding, CustomResourceDefinition), and go with the uninstall', async () => {
    const { buildChartArchive } = await import('@cce-autopilot/emulator');
    const { ValuesLanguageService } = await import('@cce-autopilot/values');
    const w = await import('../src/core/workloads.js');
    const { applyValues, documentText, uriOfTarget } = await import('../src/core/values.js');
    const { objectYaml } = await import('../src/core/kubeActions.js');
    const { ScriptUi } = await import('./fakes.js');
    const fast = { wait: { minDelayMs: 5, maxDelayMs: 20, timeoutMs: 20_000 } };
    const clusterId = (await api.call('ListAutopilotClusters', {})).items.find((c) => c.metadata.name === 'demo-web')!.metadata.uid!;
    const n = 'ext-operator';
    const files = {
      [`${n}/Chart.yaml`]: `apiVersion: v2\nname: ${n}\nversion: 0.1.0\ntype: application\n`,
      [`${n}/values.yaml`]: 'replicaCount: 1\n',
      [`${n}/templates/rbac.yaml`]: [
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {{ .Release.Name }}-reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list"]',
        'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: {{ .Release.Name }}-reader\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: {{ .Release.Name }}-reader\nsubjects:\n  - kind: ServiceAccount\n    name: default\n    namespace: {{ .Release.Namespace }}',
        'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.{{ .Release.Name }}.example.com\nspec:\n  group: {{ .Release.Name }}.example.com\n  scope: Namespaced\n  names:\n    plural: widgets\n    singular: widget\n    kind: Widget\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          x-kubernetes-preserve-unknown-fields: true',
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-settings\ndata:\n  level: info',
      ].join('\n---\n') + '\n',
    };
    const chart = await w.uploadChart(new ScriptUi([false]), api, `${n}-0.1.0.tgz`, new Uint8Array(buildChartArchive(files)));
    const start = await w.startReleaseInstall(new ScriptUi(['ops', 'default']), api, chart!, clusterId);
    const service = new ValuesLanguageService();
    expect(await applyValues(new ScriptUi([true]), api, start!.target, uriOfTarget(start!.target), documentText(start!.target, start!.values), { service, schema: undefined }, fast)).toBe(true);
    const reader = httpsReader(conn);
    const rows = await releaseObjects(reader, { name: 'ops', namespace: 'default' });
    expect(rows.map((r) => `${r.kind} ${r.namespace}/${r.name}: ${r.description}`)).toEqual([
      'ConfigMap default/ops-settings: 1 key',
      'ClusterRole /ops-reader: cluster-scoped',
      'ClusterRoleBinding /ops-reader: cluster-scoped',
      'CustomResourceDefinition /widgets.ops.example.com: cluster-scoped · Established',
    ]);
    // The other releases' cluster-scoped objects are not this one's (the demo's metrics-server APIService, say).
    expect(rows.some((r) => r.kind === 'APIService')).toBe(false);
    expect(await objectYaml(reader, rows.find((r) => r.kind === 'ClusterRole')!)).toMatch(/^apiVersion: rbac.authorization.k8s.io\/v1\nkind: ClusterRole\n[\s\S]*meta.helm.sh\/release-name: ops/);
    const release = { name: 'ops', namespace: 'default', cluster_id: clusterId, chart_name: n, chart_version: '0.1.0' };
    expect(await w.uninstallRelease(new ScriptUi([true]), api, release, fast)).toBe(true);
    expect(await releaseObjects(reader, { name: 'ops', namespace: 'default' })).toEqual([]);
  });
});

describe('the tree follows the cluster by watches', () => {
  it('refreshes an expanded kind group when its pods change, resumes from its version after being hidden, and stops when collapsed', async () => {
    const { TreeWatches } = await import('../src/core/kubeWatch.js');
    const reader = httpsReader(conn);
    const group = { id: 'emu/r/c/kubernetes/default/Pod', kind: 'kubeGroup', label: 'Pods', data: { namespace: 'default', kind: 'Pod' } };
    let refreshed: ((ids: readonly string[]) => void) | undefined;
    const nextRefresh = () => new Promise<readonly string[]>((resolve) => { refreshed = resolve; });
    const watches = new TreeWatches({
      node: (id) => (id === group.id ? group : undefined), children: async () => [], reader: async () => reader,
      refresh: (ids) => refreshed?.(ids), settleMs: 50,
    });
    try {
      // The row's own load (as the tree does) is where its watch starts: no list of the watcher's own.
      const pods = () => reader.list('/api/v1/namespaces/default/pods');
      const [first] = await pods();
      await watches.setVisible(true);
      await watches.expanded(group.id);
      const watch = watches.watchOf(group.id, '/api/v1/namespaces/default/pods')!;
      expect(watch.resourceVersion).toBe(reader.listedVersion!('/api/v1/namespaces/default/pods'));
      await new Promise<void>((resolve) => { const check = () => (watch.counts.watches > 0 ? resolve() : setImmediate(check)); check(); });
      let next = nextRefresh();
      await reader.send!('DELETE', `/api/v1/namespaces/default/pods/${first!.metadata.name}`);
      expect(await next).toEqual([group.id]);

      // Hidden: no watch runs; a change meanwhile is seen when shown again, from the version it had.
      await watches.setVisible(false);
      expect(watch.running).toBe(false);
      const version = watch.resourceVersion;
      const [second] = await pods();
      await reader.send!('DELETE', `/api/v1/namespaces/default/pods/${second!.metadata.name}`);
      next = nextRefresh();
      await watches.setVisible(true);
      expect(watches.watchOf(group.id, '/api/v1/namespaces/default/pods')).toBe(watch);
      expect(await next).toEqual([group.id]);
      expect(Number(watch.resourceVersion)).toBeGreaterThan(Number(version));
      expect(watch.counts.lists).toBe(0);

      await watches.collapsed(group.id);
      expect(watches.watching).toEqual([]);
      expect(watch.running).toBe(false);
    } finally {
      watches.dispose();
    }
  });
});

describe('credentials for the tree', () => {
  const clusterIdOf = async (name: string) => (await api.call('ListAutopilotClusters', {})).items.find((c) => c.metadata.name === name)!.metadata.uid!;
  /** The emulator's API, counting certificate requests. */
  const counting = () => {
    const asked: string[] = [];
    const wrapped: CceApi = { region: api.region, projectId: api.projectId, call: <N extends ApiOperationName>(op: N, input: ApiInput<N>, signal?: AbortSignal) => { asked.push(op); return api.call(op, input, signal); } };
    return { asked, api: wrapped };
  };
  async function setUpKubectl(dir: string, name: string, endpoint: 'internal' | 'external' = 'internal') {
    const { mergeClusterCert } = await import('@cce-autopilot/kubeconfig');
    const id = await clusterIdOf(name);
    const answer = await api.call('CreateAutopilotKubernetesClusterCert', { cluster_id: id, body: { duration: 1 } });
    const path = `${dir}/config`;
    await mergeClusterCert({ path, answer: answer as never, cluster: { id, name, region: emu.region }, endpoint, setCurrent: true });
    return { id, path };
  }

  it("uses the kubeconfig context the user set up (TLS verified, no new certificate), otherwise fetches one and says why", async () => {
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { clusterReader } = await import('../src/core/kubeCredentials.js');
    const dir = await mkdtemp(`${tmpdir()}/cce-kube-`);
    try {
      const { id, path } = await setUpKubectl(dir, 'demo-web');
      const sources: unknown[] = [];
      const c1 = counting();
      const reader = await clusterReader(c1.api, id, { location: { path }, onSource: (s) => sources.push(s) });
      expect(c1.asked).toEqual([]);
      expect(sources).toEqual([{ kind: 'kubeconfig', file: path, context: `cce-${emu.region}-demo-web-internal` }]);
      expect((await namespaces(reader)).map((n) => n.name)).toContain('kube-system');

      // Another cluster has no context in that file: a certificate is fetched.
      const c2 = counting();
      const other = await clusterReader(c2.api, await clusterIdOf('demo-batch'), { location: { path }, onSource: (s) => sources.push(s) });
      expect(c2.asked).toEqual(['CreateAutopilotKubernetesClusterCert']);
      expect(sources[1]).toEqual({ kind: 'fetched', reason: 'no kubeconfig context was set up for this cluster' });
      expect((await namespaces(other)).length).toBeGreaterThan(0);

      // Once the user's certificate has expired (two days on), it is not used.
      const c3 = counting();
      await clusterReader(c3.api, id, { location: { path }, now: new Date(Date.now() + 2 * 86_400_000), onSource: (s) => sources.push(s) });
      expect(c3.asked).toEqual(['CreateAutopilotKubernetesClusterCert']);
      expect((sources[2] as { reason: string }).reason).toMatch(/client certificate expired at /);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not use a context the server refuses, or one that does not verify the server', async () => {
    const { mkdtemp, readFile, rm, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { clusterReader, kubeconfigConnection } = await import('../src/core/kubeCredentials.js');
    const dir = await mkdtemp(`${tmpdir()}/cce-kube-`);
    try {
      const { id, path } = await setUpKubectl(dir, 'demo-web');
      // The context's CA is another cluster's: the TLS check of GET /version fails, so a certificate is fetched.
      const batch = await fetchConnection(api, await clusterIdOf('demo-batch'));
      const text = await readFile(path, 'utf8');
      const ca = /certificate-authority-data: (\S+)/.exec(text)![1]!;
      await writeFile(path, text.replace(ca, Buffer.from(batch.caPem).toString('base64')));
      const sources: { kind: string; reason?: string }[] = [];
      const c = counting();
      const reader = await clusterReader(c.api, id, { location: { path }, onSource: (s) => sources.push(s) });
      expect(c.asked).toEqual(['CreateAutopilotKubernetesClusterCert']);
      expect(sources[0]!.reason).toMatch(/^cce-.*-demo-web-internal in .* was not accepted/);
      expect(sources[0]!.reason).not.toMatch(/BEGIN|PRIVATE/);
      expect((await namespaces(reader)).length).toBeGreaterThan(0);

      // A context with insecure-skip-tls-verify is never used.
      await writeFile(path, text.replace(/certificate-authority-data: \S+/, 'insecure-skip-tls-verify: true'));
      expect(await kubeconfigConnection({ path }, id)).toEqual({ reason: expect.stringMatching(/does not verify the server \(insecure-skip-tls-verify\)/) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a watch whose version the cluster no longer has', () => {
  it('is re-listed (410 Gone) and tells the rows to reload, after a release wrote more than the watch history holds', async () => {
    const { ListWatch } = await import('../src/core/kubeWatch.js');
    const { buildChartArchive } = await import('@cce-autopilot/emulator');
    const { ValuesLanguageService } = await import('@cce-autopilot/values');
    const w = await import('../src/core/workloads.js');
    const { applyValues, documentText, uriOfTarget } = await import('../src/core/values.js');
    const { ScriptUi } = await import('./fakes.js');
    const fast = { wait: { minDelayMs: 5, maxDelayMs: 50, timeoutMs: 60_000 } };
    const reader = httpsReader(conn);
    const path = '/api/v1/namespaces/kube-public/configmaps';
    await reader.list(path);
    let changes = 0;
    const watch = new ListWatch(reader, path, () => changes++);
    watch.start();
    await new Promise<void>((resolve) => { const check = () => (watch.counts.watches > 0 ? resolve() : setImmediate(check)); check(); });
    // Hidden while a release writes 4,100 objects (the emulator, like the apiserver, keeps a bounded history).
    watch.stop();
    const before = watch.resourceVersion;
    const clusterId = (await api.call('ListAutopilotClusters', {})).items.find((c) => c.metadata.name === 'demo-web')!.metadata.uid!;
    const n = 'ext-bulk';
    const files = {
      [`${n}/Chart.yaml`]: `apiVersion: v2\nname: ${n}\nversion: 0.1.0\n`,
      [`${n}/values.yaml`]: 'count: 4100\n',
      [`${n}/templates/bulk.yaml`]: '{{- range $i := until (int .Values.count) }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bulk-{{ $i }}\ndata:\n  i: "{{ $i }}"\n{{- end }}\n',
    };
    const chart = await w.uploadChart(new ScriptUi([false]), api, `${n}-0.1.0.tgz`, new Uint8Array(buildChartArchive(files)));
    const start = await w.startReleaseInstall(new ScriptUi(['bulk', 'default']), api, chart!, clusterId);
    expect(await applyValues(new ScriptUi([true]), api, start!.target, uriOfTarget(start!.target), documentText(start!.target, start!.values), { service: new ValuesLanguageService(), schema: undefined }, fast)).toBe(true);
    try {
      // Shown again: the resumed watch hears 410 Gone, lists again and tells the row to reload.
      watch.start();
      await new Promise<void>((resolve) => { const check = () => (watch.counts.lists === 1 && watch.counts.watches >= 3 ? resolve() : setImmediate(check)); check(); });
      expect(changes).toBe(1);
      expect(Number(watch.resourceVersion)).toBeGreaterThanOrEqual(Number(before) + 4100);
    } finally {
      watch.stop();
      await w.uninstallRelease(new ScriptUi([true]), api, { name: 'bulk', namespace: 'default', cluster_id: clusterId, chart_name: n, chart_version: '0.1.0' }, fast);
    }
  });
});
