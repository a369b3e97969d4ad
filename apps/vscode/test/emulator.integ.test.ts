import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { severityName, ValuesLanguageService } from '@cce-autopilot/values';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certificateExpiries, setupKubectl } from '../src/core/kubeconfig.js';
import { connect, credentialsOf, type ClientApi } from '../src/core/connect.js';
import * as flows from '../src/core/flows.js';
import type { Profile } from '../src/core/profiles.js';
import { TreeModel, type TreeNode } from '../src/core/tree.js';
import { applyValues, uriOfTarget, documentText, schemaFor, type SchemaCache, type ValuesTarget } from '../src/core/values.js';
import * as w from '../src/core/workloads.js';
import { ScriptUi } from './fakes.js';

/** The phase of whichever task a flow returned. */
const phaseOf = (t: object | undefined) => (t as { status?: { phase?: string } } | undefined)?.status?.phase;

let emu: RunningEmulator;
let profile: Profile;
const apis: ClientApi[] = [];
const fast = { wait: { minDelayMs: 5, maxDelayMs: 20, timeoutMs: 20_000 } };

beforeAll(async () => {
  emu = await startEmulator({ seed: 'demo', speed: 'instant' });
  profile = { id: 'emu', name: 'emulator', kind: 'emulator', regions: [emu.region], endpoint: emu.url, projectIds: { [emu.region]: emu.projectId } };
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.client.close()));
  await emu?.stop();
});

async function api(region = emu.region): Promise<ClientApi> {
  const a = await connect(profile, region, credentialsOf(profile, { ak: emu.ak, sk: emu.sk }), { endpoints: {} });
  apis.push(a);
  return a;
}

describe('against the emulator', () => {
  it('loads the tree: profile, region, the demo clusters with phase and version, and their subtrees', async () => {
    const model = new TreeModel({ activeProfile: () => profile, connect: () => api() });
    const [root] = await model.roots();
    expect(model.state).toBe('ready');
    const [region] = await model.children(root!);
    expect(region!.label).toBe(emu.region);
    const clusters = (await model.children(region!)).filter((n) => n.kind === 'cluster');
    expect(clusters.length).toBeGreaterThan(0);
    const demo = clusters.find((c) => c.label === 'demo-web')!;
    expect(demo.description).toMatch(/^Available · v1\.28/);
    expect(demo.id).toBe(`emu/${emu.region}/${demo.ctx.clusterId}`);
    const folders = await model.children(demo);
    for (const f of folders) {
      const kids: TreeNode[] = await model.children(f);
      expect(kids.filter((k) => k.kind === 'error'), `${f.label}: ${kids.map((k) => k.label).join(', ')}`).toEqual([]);
    }
  });

  it('shows the quotas the service answers: the CCE ones (a flat list) and the chart ones', async () => {
    const a = await api();
    const model = new TreeModel({ activeProfile: () => profile, connect: async () => a });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const quotas = await model.children((await model.children(region!)).find((n) => n.kind === 'quotas')!);
    const keys = quotas.map((q) => q.label);
    // The CCE quota answer is `quotas: [{quotaKey, quotaLimit, used}]` (spec 04, table 4-372), read as the catalogue types it.
    expect(keys).toContain('autopilot_cluster');
    expect(quotas.find((q) => q.label === 'autopilot_cluster')!.description).toMatch(/^\d+ \/ \d+$/);
    expect(quotas.every((q) => q.kind === 'quota')).toBe(true);
  });

  it('shows the maintenance window, upgrade plans, log collection, v2 jobs and feature gates', async () => {
    const a = await api();
    const model = new TreeModel({ activeProfile: () => profile, connect: async () => a });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const regionKids = await model.children(region!);
    const gates = await model.children(regionKids.find((n) => n.kind === 'featureGates')!);
    expect(gates.length).toBeGreaterThan(0);
    expect(gates.every((g) => g.kind === 'featureGate')).toBe(true);
    const demo = regionKids.find((c) => c.label === 'demo-web')!;
    const folders = await model.children(demo);
    const upgrade = await model.children(folders.find((f) => f.kind === 'upgrade')!);
    const windowFolder = upgrade.find((f) => f.kind === 'maintenanceWindows')!;
    expect((await model.children(windowFolder)).map((n) => n.label)).toEqual(['No maintenance window (no automatic upgrades)']);
    await a.call('CreateAutopilotMaintenanceWindow', { cluster_id: demo.ctx.clusterId!, body: { weekly_period: 'Saturday', start_time: '01:30', duration_hours: 3 } });
    const fresh = new TreeModel({ activeProfile: () => profile, connect: async () => a });
    const [r2] = await fresh.children((await fresh.roots())[0]!);
    const demo2 = (await fresh.children(r2!)).find((c) => c.label === 'demo-web')!;
    const up2 = await fresh.children((await fresh.children(demo2)).find((f) => f.kind === 'upgrade')!);
    expect((await fresh.children(up2.find((f) => f.kind === 'maintenanceWindows')!)).map((n) => [n.label, n.description])).toEqual([['Saturday 01:30 UTC', '3 h']]);
    const plans = await fresh.children(up2.find((f) => f.kind === 'upgradePlans')!);
    expect(plans.map((p) => [p.label, p.contextValue])).toEqual([['v1.28 → v1.29', 'upgradePlan.pending']]);
    const logs = await fresh.children((await fresh.children(demo2)).find((f) => f.kind === 'logConfigs')!);
    expect(logs.map((l) => l.label)).toContain('kube-apiserver');
    const jobs = await fresh.children((await fresh.children(demo2)).find((f) => f.kind === 'jobs')!);
    expect(jobs.map((j) => [j.label, j.contextValue])).toContainEqual(['CreateCluster', 'job.v2']);
  });

  it('creates a cluster through the guided flow and follows it to Available', async () => {
    const a = await api();
    const c = await flows.createCluster(new ScriptUi(['integ-one', 'v1.28', 'vpc-default', 'subnet-default', 'from the test', true]), a, [], fast);
    expect(c?.status?.phase).toBe('Available');
    expect(c?.metadata?.name).toBe('integ-one');
  });

  it('installs an addon from a values document pre-filled with the template defaults, validated against the derived schema', async () => {
    const a = await api();
    const model = new TreeModel({ activeProfile: () => profile, connect: async () => a });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const cluster = (await model.children(region!)).find((n) => n.label === 'integ-one')!;
    const templates = await a.call('ListAutopilotAddonTemplates', {});
    const installed = (await a.call('ListAutopilotAddonInstances', { cluster_id: cluster.ctx.clusterId! })).items?.map((i) => i.spec?.addonTemplateName) ?? [];
    const name = templates.items!.map((t) => t.metadata!.name!).find((n) => !installed.includes(n))!;
    // The version list is newest first; take the newest that supports the cluster.
    const ui = new ScriptUi([name]);
    const pickTemplate = ui.pick.bind(ui);
    let picks = 0;
    ui.pick = async (items, o) => (picks++ === 0 ? pickTemplate(items, o) : items[0]?.value);
    const start = await w.startAddonInstall(ui, a, cluster.ctx.clusterId!, 'v1.28');
    expect(start?.target.op).toBe('addon.install');
    const cache: SchemaCache = { get: async () => undefined, set: async () => undefined };
    const b = { kind: 'addon' as const, template: (start!.target as { template: string }).template, version: (start!.target as { version: string }).version };
    const schema = await schemaFor(b, a, cache, 'en');
    const text = documentText(start!.target, start!.values);
    const service = new ValuesLanguageService();
    expect(service.validate({ uri: uriOfTarget(start!.target), version: 1, getText: () => text }, schema!.schema).filter((d) => severityName(d.severity) === 'error')).toEqual([]);
    expect(await applyValues(new ScriptUi([true]), a, start!.target, uriOfTarget(start!.target), text, { service, schema: schema!.schema }, fast)).toBe(true);
    const addons = await model.children((await model.children(cluster)).find((n) => n.kind === 'addons')!);
    expect(addons.find((n) => n.label === b.template)?.description).toMatch(/running|available/);
  });

  it('signs in with IAM user and password: a token scoped to the region, project looked up through IAM', async () => {
    const pw: Profile = { id: 'pw', name: 'iam', kind: 'password', regions: [emu.region], endpoint: emu.url, domainName: emu.domain, userName: emu.user };
    const a = await connect(pw, emu.region, credentialsOf(pw, { password: emu.password }, emu.region), { endpoints: {} });
    apis.push(a);
    expect(a.projectId).toBe(emu.projectId);
    const list = await a.call('ListAutopilotClusters', {});
    expect(list.items?.length).toBeGreaterThan(0);
    const wrong = await connect(pw, emu.region, credentialsOf(pw, { password: 'not-it' }, emu.region), { endpoints: {} }).catch((e: unknown) => e);
    expect(String((wrong as Error).message)).not.toContain('not-it');
    expect(wrong).toBeInstanceOf(Error);
  });

  it('runs the upgrade path: pre-check, upgrade with progress to Success, post-check, and the tree shows the tasks', async () => {
    const a = await api();
    const list = await a.call('ListAutopilotClusters', {});
    const cluster = list.items!.find((c) => c.metadata?.name === 'demo-batch')!;
    const first = async (items: readonly { value: unknown }[]) => items[0]?.value;
    const ui = new ScriptUi([]);
    ui.pick = first as ScriptUi['pick'];
    ui.confirm = async () => true;
    const pre = await flows.precheck(ui, a, cluster, fast);
    expect(['Success', 'Failed']).toContain(phaseOf(pre));
    const task = await flows.upgradeCluster(ui, a, cluster, fast);
    expect(phaseOf(task)).toBe('Success');
    const post = await flows.postcheck(ui, a, cluster);
    expect(phaseOf(post)).toBe('Success');
    const model = new TreeModel({ activeProfile: () => profile, connect: async () => a });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const node = (await model.children(region!)).find((n) => n.label === 'demo-batch')!;
    const upgrade = (await model.children(node)).find((n) => n.kind === 'upgrade')!;
    const tasks = (await model.children(upgrade)).find((n) => n.kind === 'upgradeTasks')!;
    expect((await model.children(tasks)).map((t) => t.description)).toContainEqual(expect.stringMatching(/^Success · 100(\.0+)?%$/));
  });

  it('sets up kubectl for a cluster and shows its certificate expiry on the cluster row', async () => {
    const a = await api();
    const dir = await mkdtemp(join(tmpdir(), 'cce-vscode-integ-'));
    try {
      const path = join(dir, 'config');
      const list = await a.call('ListAutopilotClusters', {});
      const c = list.items!.find((x) => x.metadata?.name === 'demo-web')!;
      const result = await setupKubectl(new ScriptUi(['internal', 30, true]), a, { id: c.metadata!.uid!, name: 'demo-web', region: emu.region, hasExternal: false }, { path });
      expect(result?.path).toBe(path);
      const expiries = await certificateExpiries({ path });
      const expiry = expiries.get(c.metadata!.uid!);
      expect(expiry).toBeInstanceOf(Date);
      const model = new TreeModel({ activeProfile: () => profile, connect: async () => a, certExpiry: (id) => expiries.get(id) });
      const [root] = await model.roots();
      const [region] = await model.children(root!);
      const row = (await model.children(region!)).find((n) => n.label === 'demo-web')!;
      expect(row.description).toMatch(/ · kubectl cert (29|30)d$/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uploads a chart, installs a release from its values, upgrades it, rolls it back and uninstalls it', async () => {
    const a = await api();
    const list = await a.call('ListAutopilotClusters', {});
    const clusterId = list.items!.find((x) => x.metadata?.name === 'demo-web')!.metadata!.uid!;
    const archive = buildChartArchive(demoChartFiles('integ-web', '1.0.0'));
    const chart = await w.uploadChart(new ScriptUi([false]), a, 'integ-web-1.0.0.tgz', new Uint8Array(archive));
    expect(chart).toMatchObject({ name: 'integ-web', version: '1.0.0' });
    const start = await w.startReleaseInstall(new ScriptUi(['web1', 'default']), a, chart!, clusterId);
    expect(start!.values).toMatchObject({ replicaCount: 2 });
    const service = new ValuesLanguageService();
    const apply = (t: ValuesTarget, values: unknown) => applyValues(new ScriptUi([true]), a, t, uriOfTarget(t), documentText(t, values), { service, schema: undefined }, fast);
    expect(await apply(start!.target, start!.values)).toBe(true);
    const release = { name: 'web1', namespace: 'default', cluster_id: clusterId, chart_name: 'integ-web', chart_version: '1.0.0' };
    const upgrade = await w.startReleaseUpgrade(new ScriptUi([]), a, release);
    expect(await apply(upgrade!.target, { ...upgrade!.values, replicaCount: 3 })).toBe(true);
    const ui = new ScriptUi(['revision 2', 'revision 1']);
    await w.releaseHistory(ui, a, release);
    expect(ui.shown[0]!.content).toMatch(/revision: 2/);
    // The values diff between the two revisions: 2 replicas before, 3 after.
    expect(ui.shown[1]!.content).toMatch(/replicaCount: 2[\s\S]*---[\s\S]*replicaCount: 3/);
    const fresh = await a.call('ShowAutopilotRelease', { cluster_id: clusterId, namespace: 'default', name: 'web1' });
    expect(await w.rollbackRelease(new ScriptUi(['revision 1', true]), a, { ...release, version: fresh.version }, fast)).toBe(true);
    expect(await w.uninstallRelease(new ScriptUi([true]), a, release, fast)).toBe(true);
  });

  it('shows a failing call as an error node with the service code and request id', async () => {
    const bad: Profile = { ...profile, id: 'bad' };
    const model = new TreeModel({
      activeProfile: () => bad,
      connect: async () => { const x = await connect(bad, emu.region, { ak: emu.ak, sk: 'wrong-secret' }, { endpoints: {} }); apis.push(x); return x; },
    });
    const [root] = await model.roots();
    const [region] = await model.children(root!);
    const [err] = await model.children(region!);
    expect(err!.kind).toBe('error');
    expect(err!.description).toMatch(/^request \S+/);
    expect(err!.label).toMatch(/^APIGW\.\d+/);
  });
});
