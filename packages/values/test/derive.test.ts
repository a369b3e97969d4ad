import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { describe, expect, it } from 'vitest';
import { deriveAddonValuesSchema, deriveChartValuesSchema, schemaFromDefault, ValuesLanguageService, QUANTITY_PATTERN } from '../src/index.js';
import { cieCollector, coredns1286, doc, fixture, show } from './helpers.js';

type S = Record<string, any>;

describe('addon values schema', () => {
  const schema = deriveAddonValuesSchema(coredns1286, { addonName: 'coredns' }) as S;

  it('types basic and custom from the template defaults', () => {
    expect(schema.title).toBe('coredns 1.28.6 values');
    expect(schema.properties.basic.properties.cluster_ip).toEqual({ type: 'string', default: '10.247.3.10' });
    const custom = schema.properties.custom.properties;
    expect(custom.multiAZBalance).toEqual({ type: 'boolean', default: false });
    expect(custom.stub_domains).toMatchObject({ type: 'object', default: {} });
    // CoreDNS plugins: `parameters` is text for most plugins and a number for cache.
    expect(custom.servers.items.properties.plugins.items.properties.parameters.type).toEqual(['string', 'number']);
  });

  it('limits the flavor to the template flavors, by key or name, with their resources', () => {
    const flavor = schema.properties.flavor;
    expect(flavor.required).toEqual(['name']);
    expect(flavor.properties.name.enum).toEqual(['autopilot-flavor1', 2500, 'flavor1', 5000, 'flavor2', 10000, 'flavor3', 20000, 'flavor4']);
    expect(flavor.properties.replicas).toMatchObject({ type: 'integer', minimum: 1 });
    expect(flavor.properties.resources.items.properties.name.enum).toEqual(['coredns']);
    expect(flavor.properties.resources.items.properties.limitsCpu.pattern).toBe(QUANTITY_PATTERN);
    // The default flavor comes first among the snippets, with ids added as instances carry them.
    expect(flavor.defaultSnippets[0].label).toBe('autopilot-flavor1');
    expect(flavor.defaultSnippets[0].body.resources[0].id).toBe('coredns');
  });

  it('takes descriptions from translate in the user language', () => {
    const en = deriveAddonValuesSchema(coredns1286, { locale: 'en' }) as S;
    const zh = deriveAddonValuesSchema(coredns1286, { locale: 'zh-CN' }) as S;
    expect(en.properties.custom.properties.stub_domains.title).toBe('stub domain');
    expect(zh.properties.custom.properties.stub_domains.title).toBe('存根域');
    expect(zh.properties.custom.properties.upstream_nameservers.title).toBe('上游域名服务器');
    expect(zh.description).toContain('CoreDNS');
    const names = en.properties.flavor.properties.name;
    expect(names['x-enum-descriptions'][names.enum.indexOf(2500)]).toContain('2500 qps');
  });

  it('cie-collector: flavor names and keys, deploy modes, every component', () => {
    const s = deriveAddonValuesSchema(cieCollector) as S;
    const name = s.properties.flavor.properties.name;
    expect(name.enum).toContain('autopilot-flavor5');
    expect(name.enum).toContain('Autopilot-Agent-Small(<=2000 containers)');
    expect(s.properties.flavor.properties.deploy_mode.enum.sort()).toEqual(['agent', 'server']);
    expect(s.properties.flavor.properties.resources.items.properties.name.enum).toEqual(
      expect.arrayContaining(['prometheusOperator', 'prometheus', 'kubeStateMetrics', 'nodeExporter']),
    );
    expect(Object.keys(s.properties.custom.properties).length).toBeGreaterThan(50);
  });

  it('accepts Kubernetes quantities and rejects others', () => {
    const re = new RegExp(QUANTITY_PATTERN);
    for (const ok of ['500m', '1', '2Gi', '2048Mi', '1.5', '100m', '1e3', '+1', '.5']) expect(re.test(ok), ok).toBe(true);
    for (const bad of ['1000mc', '2 GB', 'Gi', '', '1.2.3', '5gi', 'm']) expect(re.test(bad), bad).toBe(false);
  });

  it('rejects what is not a template version', () => {
    expect(() => deriveAddonValuesSchema(null as never)).toThrow(/must be an object/);
  });
});

describe('chart values schema', () => {
  it('from values.yaml defaults when the chart has no schema', () => {
    const values = { image: 'neo4j', core: { numberOfServers: 3, persistentVolume: { size: '10Gi' } }, tolerations: [] };
    const s = deriveChartValuesSchema({ values, chartName: 'neo4j' }) as S;
    expect(s.title).toBe('neo4j chart values');
    expect(s.properties.core.properties.numberOfServers).toEqual({ type: 'number', default: 3 });
    const svc = new ValuesLanguageService();
    const ds = svc.validate(doc('core:\n  numberOfServers: three\n  persistentVolum: {}\n'), s);
    expect(ds.map(show)).toEqual([
      '2:20 error numberOfServers must be a number; found "three"',
      '3:3 warning unknown key persistentVolum under core: the template does not define it (did you mean persistentVolume?)',
    ]);
  });

  it("the chart's values.schema.json wins, $ref and all", () => {
    const schema = JSON.parse(fixture('neo4j-values.schema.json'));
    const s = deriveChartValuesSchema({ values: {}, schema, chartName: 'neo4j' });
    const svc = new ValuesLanguageService();
    expect(svc.validate(doc(fixture('neo4j-values.yaml')), s).map(show)).toEqual([]);
    const broken = fixture('neo4j-values.yaml').replace('size: 10Gi', 'size: 10GB').replace('imagePullPolicy: IfNotPresent', 'imagePullPolicy: IfNotPresnt');
    expect(svc.validate(doc(broken), s).map(show)).toEqual([
      '12:11 error size must be text matching ^[0-9]+(Gi|Mi)$; found "10GB"',
      '16:18 error imagePullPolicy must be one of Always, IfNotPresent, Never; found "IfNotPresnt" (did you mean IfNotPresent?)',
    ]);
    const extra = fixture('neo4j-values.yaml').replace('  numberOfServers: 3', '  numberOfServers: 3\n  replicas: 2');
    expect(svc.validate(doc(extra), s).map(show)).toEqual(['9:3 error replicas is not allowed here']);
  });

  it('schemaFromDefault keeps empty collections open', () => {
    expect(schemaFromDefault({})).toEqual({ type: 'object', default: {} });
    expect(schemaFromDefault([])).toEqual({ type: 'array', default: [] });
    expect(schemaFromDefault(null)).toEqual({ default: null });
  });
});

describe('schemas that cannot be used', () => {
  it('an invalid schema gives one warning instead of an exception', () => {
    const svc = new ValuesLanguageService();
    const ds = svc.validate(doc('a: 1\n'), { type: 'object', properties: { a: { type: 'no-such-type' } } });
    expect(ds).toHaveLength(1);
    expect(ds[0]!.severity).toBe(DiagnosticSeverity.Warning);
    expect(ds[0]!.message).toMatch(/^the schema cannot be used/);
  });

  it('https and draft-04 meta-schema URIs are accepted', () => {
    const svc = new ValuesLanguageService();
    for (const $schema of ['https://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-04/schema#', 'https://json-schema.org/draft/2020-12/schema']) {
      const ds = svc.validate(doc('replicaCount: 0\n'), { $schema, type: 'object', properties: { replicaCount: { type: 'integer', minimum: 1 } } });
      expect(ds.map(show)).toEqual(['1:15 error replicaCount must be a whole number of at least 1; found 0']);
    }
  });
});
