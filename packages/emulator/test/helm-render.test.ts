import { describe, expect, it } from 'vitest';
import { buildChartArchive, demoChartFiles } from '../src/chart-archive.js';
import { renderChart } from '../src/helm/render.js';
import { Engine } from '../src/helm/template.js';
import { helmFunctions } from '../src/helm/functions.js';

function tpl(src: string, dot: unknown = {}, defines = ''): string {
  const engine: Engine = new Engine(helmFunctions({ include: (n, d) => engine.run('t', n, d), tpl: (t, d) => engine.execute('tpl', engine.add('tpl', t), d), lookup: () => ({}) }));
  if (defines) engine.add('defs', defines);
  return engine.execute('t', engine.add('t', src), dot);
}

const chartValues = { replicaCount: 2, image: { repository: 'nginx', tag: '1.25.3', pullPolicy: 'IfNotPresent' }, service: { type: 'ClusterIP', port: 80 }, resources: { limits: { cpu: '500m', memory: '512Mi' } } };
const input = (files: Record<string, string>, values: Record<string, unknown> = {}) => ({
  archive: buildChartArchive(files), chartValues, values, release: { name: 'web', namespace: 'default', revision: 1, isUpgrade: false },
  kubeVersion: 'v1.28', lookup: () => ({}), noHooks: false,
});

describe('Go template subset', () => {
  it('renders actions, pipelines, trim markers and variables', () => {
    expect(tpl('a {{- " b" }} {{ .x | upper | quote }}', { x: 'hi' })).toBe('a b "HI"');
    expect(tpl('{{ $n := .n }}{{ range $i, $v := .l }}{{ $i }}={{ $v }}{{ $n }};{{ end }}', { n: '!', l: ['a', 'b'] })).toBe('0=a!;1=b!;');
    expect(tpl('{{ range $k, $v := . }}{{ $k }}:{{ $v }} {{ end }}', { b: 2, a: 1 })).toBe('a:1 b:2 ');
    expect(tpl('{{ if eq .a 1 }}one{{ else if eq .a 2 }}two{{ else }}many{{ end }}', { a: 2 })).toBe('two');
    expect(tpl('{{ with .m }}{{ .k }}{{ else }}none{{ end }}|{{ with .z }}x{{ else }}none{{ end }}', { m: { k: 'v' } })).toBe('v|none');
    expect(tpl('{{ range .l }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}', { l: [1, 2, 3, 4, 5] })).toBe('13');
    expect(tpl('{{/* note */ -}} x {{- /* y */}}')).toBe('x');
    expect(tpl('{{ .missing }}|{{ (index .m "k") }}|{{ printf "%s-%d-%v" "a" 3 true }}', { m: { k: 'v' } })).toBe('<no value>|v|a-3-true');
    expect(tpl('{{ and .a .a.b }}|{{ or .x "d" }}', { a: null })).toBe('<no value>|d');
  });
  it('has Helm helpers: include, nindent, toYaml, default, required, tpl, semverCompare', () => {
    expect(tpl('x:{{- include "l" . | nindent 2 }}', { n: 'a' }, '{{- define "l" -}}\nname: {{ .n }}\nk: v\n{{- end }}')).toBe('x:\n  name: a\n  k: v');
    expect(tpl('{{ toYaml .r }}', { r: { b: [1, 'x'], a: { c: true } } })).toBe('a:\n  c: true\nb:\n  - 1\n  - x');
    expect(tpl('{{ .t | default "d" }} {{ tpl .s . }}', { s: '{{ .t }}!', t: 'T' })).toBe('T T!');
    expect(tpl('{{ semverCompare ">=1.19-0" "v1.28.3" }} {{ semverCompare "<1.25" "1.28" }}')).toBe('true false');
    expect(() => tpl('{{ required "image.tag is required" .tag }}')).toThrow(/image.tag is required/);
  });
  it('fails clearly on what it does not support, never renders wrong output', () => {
    expect(() => tpl('{{ toToml .x }}')).toThrow('template: t:1: function "toToml" not defined');
    expect(() => tpl('{{ .Files.Get "x" }}')).toThrow('template: t:1: nil pointer evaluating interface {}.Get');
    expect(() => tpl('{{ .Values.x "y" }}', { Values: { x: 'str' } })).toThrow(/can't give argument to non-function .Values.x/);
    expect(() => tpl('{{ "a" "b" }}')).toThrow(/can't give argument to non-function "a"/);
    expect(() => tpl('{{ if .a }}x')).toThrow(/unexpected EOF/);
    expect(() => tpl('line1\n{{ .a.b }}', { a: null })).toThrow('template: t:2: nil pointer evaluating interface {}.b');
    expect(() => tpl('{{ include "nope" . }}')).toThrow(/no template "nope"/);
  });
});

describe('renderChart', () => {
  it('renders the demo chart as helm template would', async () => {
    const out = await renderChart(input(demoChartFiles('nginx-demo', '1.0.0'), { replicaCount: 3 }));
    expect(out.objects.map((o) => `${String(o.kind)}/${String((o.metadata as { name: string }).name)}`)).toEqual(['Service/web-nginx-demo', 'Deployment/web-nginx-demo']);
    const dep = out.objects[1] as { metadata: { labels: Record<string, string> }; spec: Record<string, any> };
    expect(dep.spec.replicas).toBe(3);
    expect(dep.metadata.labels).toEqual({ 'helm.sh/chart': 'nginx-demo-1.0.0', 'app.kubernetes.io/name': 'nginx-demo', 'app.kubernetes.io/instance': 'web', 'app.kubernetes.io/version': '1.25.3', 'app.kubernetes.io/managed-by': 'Helm' });
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ image: 'nginx:1.25.3', resources: { limits: { cpu: '500m', memory: '512Mi' } } });
    expect(out.notes).toBe('Release web runs 3 pods of nginx-demo in default.\n');
  });
  it('offers .Capabilities.APIVersions.Has and .Files.Get', async () => {
    const files = {
      ...demoChartFiles('c', '1.0.0'),
      'c/config/app.conf': 'level=info\n',
      'c/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  pdb: {{ .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" | quote }}\n  beta: {{ .Capabilities.APIVersions.Has "policy/v1beta1" | quote }}\n  app.conf: {{ .Files.Get "config/app.conf" | quote }}\n',
    };
    const out = await renderChart({ ...input(files), hasApiVersion: (v) => ['policy/v1', 'policy/v1/PodDisruptionBudget'].includes(v) });
    expect(out.objects.find((o) => o.kind === 'ConfigMap')!.data).toEqual({ pdb: 'true', beta: 'false', 'app.conf': 'level=info\n' });
    const glob = { ...demoChartFiles('c', '1.0.0'), 'c/templates/cm.yaml': '{{ .Files.Glob "config/*" }}\n' };
    await expect(renderChart(input(glob))).rejects.toThrow(/can't give argument to non-function .Files.Glob \(methods other than .Capabilities.APIVersions.Has and .Files.Get are not supported/);
  });

  it('reports template errors with file and line', async () => {
    const files = { ...demoChartFiles('c', '1.0.0'), 'c/templates/bad.yaml': 'a: 1\nb: {{ .Values.x.y }}\n' };
    await expect(renderChart(input(files))).rejects.toThrow('execution error: template: c/templates/bad.yaml:2: nil pointer evaluating interface {}.y');
    const syntax = { ...demoChartFiles('c', '1.0.0'), 'c/templates/bad.yaml': '{{ if .Values.x }}\n' };
    await expect(renderChart(input(syntax))).rejects.toThrow(/parse error: template: c\/templates\/bad.yaml:2: unexpected EOF \(the {{if}} at line 1 has no {{end}}\)/);
    const notObj = { ...demoChartFiles('c', '1.0.0'), 'c/templates/bad.yaml': 'kind: ConfigMap\n' };
    await expect(renderChart(input(notObj))).rejects.toThrow(/apiVersion not set, metadata.name not set/);
  });
});
