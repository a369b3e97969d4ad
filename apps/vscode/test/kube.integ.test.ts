import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, credentialsOf, type ClientApi } from '../src/core/connect.js';
import { fetchConnection, httpsReader, KubeUnavailableError, namespaces, releaseObjects, workloads, type KubeConnection } from '../src/core/kube.js';
import type { Profile } from '../src/core/profiles.js';

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
