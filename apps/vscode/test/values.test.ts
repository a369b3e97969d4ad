import { describe, expect, it } from 'vitest';
import { parseValuesUri, parseBindingComment, ValuesLanguageService, type JsonSchema } from '@cce-autopilot/values';
import { addonDefaults, applyValues, documentText, parseValues, schemaFor, targetForFile, uriOfTarget, type SchemaCache, type ValuesTarget } from '../src/core/values.js';
import { dropDuplicatesOfYamlExtension } from '../src/core/lsp.js';
import * as w from '../src/core/workloads.js';
import { FakeApi, ScriptUi } from './fakes.js';

const fast = { wait: { minDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 } };

const corednsVersion = {
  version: '1.28.6',
  stable: true,
  supportVersions: [{ clusterType: 'VirtualMachine', clusterVersion: ['v1.(27|28).*'] }],
  input: {
    basic: { cluster_ip: '10.247.3.10', image_version: '1.28.6', swr_addr: 'swr.example', swr_user: 'hwofficial' },
    parameters: {
      custom: { stub_domains: {}, upstream_nameservers: [] },
      flavor1: { name: 'flavor1', replicas: 2, category: ['CCE'], is_default: true, resources: [{ name: 'coredns', limitsCpu: '500m' }] },
      'autopilot-flavor1': { name: 'autopilot-flavor1', replicas: 2, category: ['Autopilot'], is_default: true, resources: [{ name: 'coredns', limitsCpu: '1000m', requestsCpu: '1000m', limitsMem: '2Gi', requestsMem: '2Gi' }] },
    },
  },
};
const templates = { items: [{ metadata: { name: 'coredns' }, spec: { description: 'DNS', versions: [corednsVersion, { ...corednsVersion, version: '1.25.1', supportVersions: [{ clusterVersion: ['v1.25.*'] }] }] } }] };

class MapCache implements SchemaCache {
  readonly m = new Map<string, JsonSchema>();
  async get(k: string) { return this.m.get(k); }
  async set(k: string, s: JsonSchema) { this.m.set(k, s); }
}

describe('values documents', () => {
  it('carry their binding in the URI and in the first-line comment, distinct per release', () => {
    const addon: ValuesTarget = { op: 'addon.install', clusterId: 'c1', template: 'coredns', version: '1.28.6' };
    expect(parseValuesUri(uriOfTarget(addon))).toMatchObject({ kind: 'addon', template: 'coredns', version: '1.28.6', clusterId: 'c1' });
    expect(parseBindingComment(documentText(addon, { basic: { a: 1 } }))).toEqual({ kind: 'addon', template: 'coredns', version: '1.28.6' });
    const r1: ValuesTarget = { op: 'release.upgrade', clusterId: 'c1', chartId: 'ch1', chart: 'nginx', chartVersion: '1.0.0', namespace: 'default', name: 'a' };
    const r2 = { ...r1, name: 'b' };
    expect(uriOfTarget(r1)).not.toBe(uriOfTarget(r2));
    expect(parseValuesUri(uriOfTarget(r1))).toMatchObject({ kind: 'chart', chart: 'nginx', chartId: 'ch1' });
  });

  it('builds install defaults from the template input: basic, the Autopilot default flavor, custom', () => {
    expect(addonDefaults(corednsVersion)).toEqual({
      basic: corednsVersion.input.basic,
      flavor: corednsVersion.input.parameters['autopilot-flavor1'],
      custom: corednsVersion.input.parameters.custom,
    });
  });

  it('reports YAML errors with line and column and refuses non-mappings', () => {
    expect(() => parseValues('a: 1\nb: [\n')).toThrow(/line \d+, column \d+/);
    expect(() => parseValues('- 1\n- 2\n')).toThrow(/mapping/);
    expect(parseValues('# only a comment\n')).toEqual({});
  });

  it('serves the schema from the API, then from the cache when the API fails', async () => {
    const cache = new MapCache();
    const api = new FakeApi({ ListAutopilotAddonTemplates: () => templates });
    const b = { kind: 'addon' as const, template: 'coredns', version: '1.28.6' };
    const first = await schemaFor(b, api, cache, 'en');
    expect(first?.source).toBe('api');
    expect(first?.schema).toHaveProperty('properties');
    api.handlers.ListAutopilotAddonTemplates = () => { throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'CceNetworkError' }); };
    const second = await schemaFor(b, api, cache, 'en');
    expect(second).toMatchObject({ source: 'cache', schema: first!.schema });
    expect(await schemaFor({ kind: 'addon', template: 'none', version: '1' }, undefined, cache, 'en')).toBeUndefined();
  });
});

describe('applying values', () => {
  const target: ValuesTarget = { op: 'addon.update', clusterId: 'c1', instanceId: 'a1', template: 'coredns', version: '1.28.6' };

  it('refuses values with schema errors before calling anything', async () => {
    const api = new FakeApi({});
    const service = new ValuesLanguageService();
    const schema = { type: 'object', properties: { flavor: { type: 'object', properties: { replicas: { type: 'integer', minimum: 1 } } } } };
    const text = documentText(target, { flavor: { replicas: 0 } });
    await expect(applyValues(new ScriptUi([]), api, target, uriOfTarget(target), text, { service, schema }, fast)).rejects.toThrow(/1 error\(s\).*line 3/);
    expect(api.calls).toEqual([]);
  });

  it('shows the diff against the live values, asks, updates and follows the addon to running', async () => {
    let polls = 0;
    const api = new FakeApi({
      ShowAutopilotAddonInstance: () => ({ metadata: { uid: 'a1' }, spec: { values: { flavor: { replicas: 2 } } }, status: { status: polls++ === 0 ? 'running' : polls < 3 ? 'upgrading' : 'running' } }),
      UpdateAutopilotAddonInstance: () => ({ metadata: { uid: 'a1' } }),
    });
    const ui = new ScriptUi([true]);
    const text = documentText(target, { flavor: { replicas: 3 } });
    expect(await applyValues(ui, api, target, uriOfTarget(target), text, { service: new ValuesLanguageService(), schema: undefined }, fast)).toBe(true);
    expect(ui.shown[0]!.content).toBe('flavor:\n  replicas: 2\n\n---\nflavor:\n  replicas: 3\n');
    const update = api.calls.find((c) => c.op === 'UpdateAutopilotAddonInstance')!;
    expect(update.input).toEqual({
      path: { id: 'a1' },
      body: { kind: 'Addon', apiVersion: 'v3', metadata: { annotations: { 'addon.upgrade/type': 'upgrade' } }, spec: { clusterID: 'c1', version: '1.28.6', addonTemplateName: 'coredns', values: { flavor: { replicas: 3 } } } },
    });
  });

  it('calls nothing when the user declines after the diff', async () => {
    const api = new FakeApi({ ShowAutopilotAddonInstance: () => ({ spec: { values: {} } }) });
    expect(await applyValues(new ScriptUi([false]), api, target, uriOfTarget(target), documentText(target, { a: 1 }), { service: new ValuesLanguageService(), schema: undefined })).toBe(false);
    expect(api.calls.map((c) => c.op)).toEqual(['ShowAutopilotAddonInstance']);
  });

  it('installs a release and follows it until DEPLOYED, failing with the status description on FAILED', async () => {
    const t: ValuesTarget = { op: 'release.install', clusterId: 'c1', chartId: 'ch1', chart: 'nginx', chartVersion: '1.0.0', namespace: 'default', name: 'web' };
    const ok = new FakeApi({ CreateAutopilotRelease: () => ({}), ShowAutopilotRelease: () => ({ status: 'DEPLOYED' }) });
    expect(await applyValues(new ScriptUi([true]), ok, t, uriOfTarget(t), documentText(t, { replicaCount: 2 }), { service: new ValuesLanguageService(), schema: undefined }, fast)).toBe(true);
    expect(ok.calls[0]!.input.body).toEqual({ chart_id: 'ch1', name: 'web', namespace: 'default', version: '1.0.0', values: { replicaCount: 2 } });
    const bad = new FakeApi({ CreateAutopilotRelease: () => ({}), ShowAutopilotRelease: () => ({ status: 'FAILED', status_description: 'image pull failed' }) });
    await expect(applyValues(new ScriptUi([true]), bad, t, uriOfTarget(t), documentText(t, {}), { service: new ValuesLanguageService(), schema: undefined }, fast)).rejects.toThrow(/image pull failed/);
  });
});

describe('workload flows', () => {
  it('offers only template versions that support the cluster version, newest first', async () => {
    const api = new FakeApi({ ListAutopilotAddonTemplates: () => templates, ListAutopilotAddonInstances: () => ({ items: [] }) });
    const ui = new ScriptUi(['coredns', '1.28.6']);
    const start = await w.startAddonInstall(ui, api, 'c1', 'v1.28');
    expect(start?.target).toEqual({ op: 'addon.install', clusterId: 'c1', template: 'coredns', version: '1.28.6' });
    await expect(w.startAddonInstall(new ScriptUi(['coredns']), api, 'c1', 'v1.31')).rejects.toThrow(/no version for cluster version v1.31/);
    api.handlers.ListAutopilotAddonInstances = () => ({ items: [{ spec: { addonTemplateName: 'coredns' } }] });
    await expect(w.startAddonInstall(new ScriptUi(['coredns']), api, 'c1', 'v1.28')).rejects.toThrow(/already installed.*Edit Addon Values/);
    expect(w.compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    // The service is asked for the templates compatible with the cluster.
    expect(api.calls.filter((c) => c.op === 'ListAutopilotAddonTemplates').map((c) => c.input.query)).toEqual([{ cluster_id: 'c1' }, { cluster_id: 'c1' }, { cluster_id: 'c1' }]);
  });

  it('offers the upgrade versions the service lists from the installed one (base_update_addon_version)', async () => {
    const api = new FakeApi({
      ListAutopilotAddonTemplates: (i) => {
        expect(i.query).toEqual({ addon_template_name: 'coredns', cluster_id: 'c1', base_update_addon_version: '1.28.4' });
        return { items: [{ metadata: { name: 'coredns' }, spec: { versions: [{ version: '1.30.1' }, { version: '1.28.6' }] } }] };
      },
    });
    const ui = new ScriptUi([undefined]);
    expect(await w.startAddonUpgrade(ui, api, { metadata: { uid: 'a1' }, spec: { clusterID: 'c1', addonTemplateName: 'coredns', version: '1.28.4' }, status: {} })).toBeUndefined();
    expect(ui.prompts).toEqual(['Upgrade coredns from 1.28.4 to']);
  });

  it('rolls a release back to a chosen revision with its values and chart', async () => {
    const release = { name: 'web', namespace: 'default', cluster_id: 'c1', chart_name: 'nginx', chart_version: '1.1.0', version: 3 };
    const api = new FakeApi({
      ShowAutopilotReleaseHistory: () => [{ ...release, version: 3 }, { ...release, version: 2, chart_version: '1.0.0', values: '{"replicaCount":1}' }],
      ListAutopilotCharts: () => [{ id: 'ch-old', name: 'nginx', version: '1.0.0' }, { id: 'ch-new', name: 'nginx', version: '1.1.0' }],
      UpdateAutopilotRelease: () => ({}),
      ShowAutopilotRelease: () => ({ status: 'DEPLOYED' }),
    });
    expect(await w.rollbackRelease(new ScriptUi(['revision 2', true]), api, release, fast)).toBe(true);
    expect(api.calls.find((c) => c.op === 'UpdateAutopilotRelease')!.input.body).toEqual({ chart_id: 'ch-old', action: 'rollback', parameters: { release_version: 2 }, values: { replicaCount: 1 } });
  });
});

describe('Red Hat YAML coexistence', () => {
  it('drops only the diagnostics that extension reports itself, and only when it is installed', () => {
    const ds = [{ code: 'syntax' }, { code: 'duplicate-key' }, { code: 'type' }, { code: { value: 'syntax', target: 'x' } }];
    expect(dropDuplicatesOfYamlExtension(ds, true)).toEqual([{ code: 'type' }]);
    expect(dropDuplicatesOfYamlExtension(ds, false)).toHaveLength(4);
  });
});

describe('language server protocol', () => {
  it('is the language server\'s ./protocol export: typed methods, and no server code in it', async () => {
    const protocol = await import('@cce-autopilot/language-server/protocol');
    const mine = await import('../src/core/lsp.js');
    expect(mine.SchemaRequest).toBe(protocol.SchemaRequest);
    expect(mine.SchemaRequest.method).toBe('cceAutopilot/schema');
    expect(mine.SchemasChangedNotification.method).toBe('cceAutopilot/schemasChanged');
    expect([...mine.SYNTAX_DIAGNOSTIC_CODES].sort()).toEqual(['duplicate-key', 'syntax']);
    // What the extension bundle gets from the subpath: the protocol file and vscode-jsonrpc's common
    // API (which vscode-languageclient bundles anyway), nothing of the server or the values service.
    const { build } = await import('esbuild');
    const out = await build({ stdin: { contents: "export * from '@cce-autopilot/language-server/protocol';", resolveDir: __dirname }, bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', logLevel: 'silent' });
    const inputs = Object.keys(out.metafile.inputs).filter((f) => f !== '<stdin>');
    expect(inputs.some((f) => /language-server\/(src|dist)\/protocol\.(ts|js)$/.test(f))).toBe(true);
    expect(inputs.filter((f) => !/language-server\/(src|dist)\/protocol\.(ts|js)$/.test(f) && !/node_modules\/vscode-jsonrpc\/lib\/common\//.test(f))).toEqual([]);
  });
});

describe('applying a values file from disk', () => {
  it('updates the installed addon of the template, or installs it when absent', async () => {
    const api = new FakeApi({ ListAutopilotAddonInstances: () => ({ items: [{ metadata: { uid: 'a9' }, spec: { addonTemplateName: 'coredns' } }] }) });
    expect(await targetForFile(new ScriptUi([]), api, { kind: 'addon', template: 'coredns', version: '1.28.6' }, 'c1'))
      .toEqual({ op: 'addon.update', clusterId: 'c1', instanceId: 'a9', template: 'coredns', version: '1.28.6' });
    expect(await targetForFile(new ScriptUi([]), api, { kind: 'addon', template: 'metrics-server', version: '1.3.0' }, 'c1'))
      .toEqual({ op: 'addon.install', clusterId: 'c1', template: 'metrics-server', version: '1.3.0' });
  });

  it('upgrades a chosen release of the chart or installs a new one, and refuses a chart not uploaded', async () => {
    const api = new FakeApi({
      ListAutopilotCharts: () => [{ id: 'ch1', name: 'nginx', version: '1.0.0' }],
      ListAutopilotReleases: () => [{ name: 'web', namespace: 'prod', chart_name: 'nginx' }],
    });
    const b = { kind: 'chart' as const, chart: 'nginx', version: '1.0.0' };
    expect(await targetForFile(new ScriptUi(['prod/web']), api, b, 'c1')).toMatchObject({ op: 'release.upgrade', chartId: 'ch1', namespace: 'prod', name: 'web' });
    expect(await targetForFile(new ScriptUi(['New release…', 'Bad', 'api', 'default']), api, b, 'c1')).toMatchObject({ op: 'release.install', name: 'api', namespace: 'default' });
    await expect(targetForFile(new ScriptUi([]), api, { kind: 'chart', chart: 'redis' }, 'c1')).rejects.toThrow(/redis.*not uploaded/);
  });
});
