import { parseAllDocuments } from 'yaml';
import { readChartTemplates } from '../chart-archive.js';
import { Engine, TemplateError } from './template.js';
import type { Value } from './template.js';
import { helmFunctions } from './functions.js';

type Obj = Record<string, unknown>;

export interface RenderInput {
  archive: Buffer;
  /** The chart's values.yaml, and the release's values over it. */
  chartValues: Obj;
  values: Obj;
  release: { name: string; namespace: string; revision: number; isUpgrade: boolean };
  /** The cluster's version, e.g. v1.28.15. */
  kubeVersion: string;
  /** Helm's lookup: the object, a List of matches when name is empty, or {} when there is none. */
  lookup(apiVersion: string, kind: string, namespace: string, name: string): Obj;
  /** `.Capabilities.APIVersions.Has`: "policy/v1" or "policy/v1/PodDisruptionBudget". */
  hasApiVersion?(version: string): boolean;
  noHooks: boolean;
}

export interface Rendered {
  /** The objects to apply, in Helm's install order. */
  objects: Obj[];
  notes: string;
}

export class RenderError extends Error {}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Helm's coalescing of values: the release's values over the chart's, maps merged deeply; null deletes. */
export function coalesceValues(chart: Obj, over: Obj): Obj {
  const out: Obj = structuredClone(chart);
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isObj(v) && isObj(out[k])) out[k] = coalesceValues(out[k] as Obj, v);
    else out[k] = structuredClone(v);
  }
  return out;
}

/** Helm's kind install order (pkg/release/util/kind_sorter.go); other kinds go last. */
export const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy', 'PodDisruptionBudget', 'ServiceAccount',
  'Secret', 'SecretList', 'ConfigMap', 'StorageClass', 'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList', 'Service', 'DaemonSet',
  'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress',
  'APIService',
];

export function installRank(kind: string): number {
  const i = INSTALL_ORDER.indexOf(kind);
  return i < 0 ? INSTALL_ORDER.length : i;
}

function chartObject(meta: Obj): Obj {
  const cap = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
  const out: Obj = {};
  for (const [k, v] of Object.entries(meta)) out[cap(k)] = v;
  out.IsRoot = true;
  return out;
}

/**
 * Renders a chart as `helm install`/`upgrade` does: templates/ files (partials `_*` only define),
 * `<no value>` replaced by "", documents split on `---`, NOTES.txt kept apart, test hooks left out.
 * Every error says which file and line, in Go's wording.
 */
export async function renderChart(input: RenderInput): Promise<Rendered> {
  let chart;
  try {
    chart = await readChartTemplates(input.archive);
  } catch (err) {
    throw new RenderError(`the chart archive cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const chartName = String(chart.metadata.name ?? 'chart');
  if (chart.subcharts.length > 0) {
    throw new RenderError(`chart ${chartName} has subcharts (${chart.subcharts.join(', ')}); rendering charts with dependencies is not supported by the emulator`);
  }
  const minor = /^v?(\d+)\.(\d+)/.exec(input.kubeVersion);
  const values = coalesceValues(input.chartValues, input.values);
  const engine: Engine = new Engine(
    helmFunctions({
      include: (name, dot) => engine.run(`${chartName}/include`, name, dot),
      tpl: (text, dot) => {
        const root = engine.add(`${chartName}/tpl`, text);
        return engine.execute(`${chartName}/tpl`, root, dot).replaceAll('<no value>', '');
      },
      lookup: (av, kind, ns, name) => input.lookup(av, kind, ns, name),
    }),
  );
  const top = (file: string): Value => ({
    Values: values,
    Release: { Name: input.release.name, Namespace: input.release.namespace, Revision: input.release.revision, IsInstall: !input.release.isUpgrade, IsUpgrade: input.release.isUpgrade, Service: 'Helm' },
    Chart: chartObject(chart.metadata),
    Capabilities: {
      KubeVersion: { Version: input.kubeVersion, GitVersion: input.kubeVersion, Major: minor?.[1] ?? '1', Minor: minor?.[2] ?? '0' },
      HelmVersion: { Version: 'v3.15.4', GitCommit: '', GitTreeState: 'clean', GoVersion: 'go1.22.6' },
      APIVersions: { Has: (v: unknown) => (input.hasApiVersion ? input.hasApiVersion(String(v ?? '')) : false) },
    },
    // `.Files.Get`: the chart's files outside templates/ (other Files methods are not supported).
    Files: { Get: (name: unknown) => chart.files.get(String(name ?? '')) ?? '' },
    Template: { Name: `${chartName}/${file}`, BasePath: `${chartName}/templates` },
  });
  const files = [...chart.templates.keys()].sort();
  const roots = new Map<string, ReturnType<Engine['add']>>();
  try {
    for (const f of files) roots.set(f, engine.add(`${chartName}/${f}`, chart.templates.get(f) as string));
  } catch (err) {
    throw new RenderError(`parse error: ${err instanceof Error ? err.message : String(err)}`);
  }
  const objects: { obj: Obj; file: string; order: number }[] = [];
  let notes = '';
  let order = 0;
  for (const f of files) {
    const base = f.split('/').pop() as string;
    if (base.startsWith('_')) continue;
    let text: string;
    try {
      text = engine.execute(`${chartName}/${f}`, roots.get(f) as ReturnType<Engine['add']>, top(f)).replaceAll('<no value>', '');
    } catch (err) {
      if (err instanceof TemplateError) throw new RenderError(`execution error: ${err.message}`);
      throw new RenderError(`execution error at (${chartName}/${f}): ${err instanceof Error ? err.message : String(err)}`);
    }
    if (base === 'NOTES.txt') {
      notes = text;
      continue;
    }
    for (const doc of parseAllDocuments(text)) {
      if ('errors' in doc && doc.errors.length > 0) {
        throw new RenderError(`YAML parse error on ${chartName}/${f}: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
      }
      const obj = doc.toJS() as unknown;
      if (obj === null || obj === undefined) continue;
      if (!isObj(obj)) throw new RenderError(`${chartName}/${f}: a rendered document is not a Kubernetes object (a mapping with apiVersion, kind and metadata)`);
      const missing = [!obj.apiVersion && 'apiVersion not set', !obj.kind && 'kind not set', !(isObj(obj.metadata) && obj.metadata.name) && 'metadata.name not set'].filter(Boolean);
      if (missing.length > 0) throw new RenderError(`unable to build kubernetes objects from release manifest: error validating "${chartName}/${f}": error validating data: [${missing.join(', ')}]`);
      const hook = isObj(obj.metadata) && isObj(obj.metadata.annotations) ? obj.metadata.annotations['helm.sh/hook'] : undefined;
      if (typeof hook === 'string') {
        // helm install never runs test hooks; other hooks are skipped only when asked (--no-hooks).
        if (hook.split(',').every((h) => h.trim() === 'test' || h.trim() === 'test-success')) continue;
        if (input.noHooks) continue;
        throw new RenderError(`${chartName}/${f}: ${String(obj.kind)} ${String(obj.metadata && (obj.metadata as Obj).name)} is a "${hook}" hook; the emulator does not run chart hooks (install with parameters.no_hooks=true to skip them)`);
      }
      objects.push({ obj, file: f, order: order++ });
    }
  }
  objects.sort((a, b) => installRank(String(a.obj.kind)) - installRank(String(b.obj.kind)) || a.order - b.order);
  const seen = new Set<string>();
  for (const { obj, file } of objects) {
    const m = obj.metadata as Obj;
    const key = `${String(obj.apiVersion)}/${String(obj.kind)}/${String(m.namespace ?? '')}/${String(m.name)}`;
    if (seen.has(key)) throw new RenderError(`${chartName}/${file}: ${String(obj.kind)} "${String(m.name)}" is rendered twice; each object must be unique in a release`);
    seen.add(key);
  }
  return { objects: objects.map((o) => o.obj), notes };
}
