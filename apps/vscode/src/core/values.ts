// Values documents: what they are bound to, their schema (from the API, cached for offline use),
// and applying them (validate, diff against the live values, confirm, call, follow to running).
import { waitFor } from '@cce-autopilot/client';
import { compareVersions, isFailedPhase } from '@cce-autopilot/models';
import {
  buildValuesUri, deriveAddonValuesSchema, deriveChartValuesSchema, formatBindingComment, severityName, ValuesLanguageService,
  type JsonSchema, type ValuesBinding,
} from '@cce-autopilot/values';
import { parseDocument, stringify } from 'yaml';
import type { CceApi } from './api.js';
import type { FlowOptions } from './flows.js';
import { asArray, type AddonInstance, type AddonTemplate, type AddonVersion, type Chart, type Release } from './api.js';
import type { Ui } from './ui.js';

/** What applying a values document does. */
export type ValuesTarget =
  | { op: 'addon.install'; clusterId: string; template: string; version: string }
  | { op: 'addon.update'; clusterId: string; instanceId: string; template: string; version: string }
  | { op: 'release.install'; clusterId: string; chartId: string; chart: string; chartVersion: string; namespace: string; name: string }
  | { op: 'release.upgrade'; clusterId: string; chartId: string; chart: string; chartVersion: string; namespace: string; name: string };

export function bindingOfTarget(t: ValuesTarget): ValuesBinding {
  if (t.op === 'addon.install' || t.op === 'addon.update') {
    return { kind: 'addon', template: t.template, version: t.version, clusterId: t.clusterId, instance: t.op === 'addon.update' ? t.instanceId : t.template };
  }
  return { kind: 'chart', chart: t.chart, version: t.chartVersion, chartId: t.chartId };
}

/**
 * The document URI: the values package's scheme and layout (so the language server reads the
 * binding from it), plus which release it is for, because two releases of one chart must not
 * share a document.
 */
export function uriOfTarget(t: ValuesTarget): string {
  const base = buildValuesUri(bindingOfTarget(t));
  if (t.op === 'addon.install' || t.op === 'addon.update') return `${base}&op=${t.op === 'addon.install' ? 'install' : 'update'}`;
  return `${base}&cluster=${encodeURIComponent(t.clusterId)}&release=${encodeURIComponent(`${t.namespace}/${t.name}`)}&op=${t.op === 'release.install' ? 'install' : 'upgrade'}`;
}

/** The text of a values document: the binding comment (so a saved copy still validates), then YAML. */
export function documentText(t: ValuesTarget, values: unknown): string {
  const body = values && typeof values === 'object' && Object.keys(values).length > 0 ? stringify(values, { lineWidth: 0 }) : '{}\n';
  return `${formatBindingComment(bindingOfTarget(t))}\n${body}`;
}

/** Parses a values document; a syntax error names its line and column. */
export function parseValues(text: string): Record<string, unknown> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0];
    throw new Error(`The values are not valid YAML${pos ? ` (line ${pos.line}, column ${pos.col})` : ''}: ${err.message.split('\n')[0]}`);
  }
  const v = doc.toJS() as unknown;
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('The values must be a mapping (key: value), not a list or a scalar.');
  return v as Record<string, unknown>;
}

/**
 * The values an addon is installed with by default, built from its template version's `input`
 * as spec 02 section 3.4 describes: `basic` as is, the default flavor, and `custom`.
 */
export function addonDefaults(version: AddonVersion): Record<string, unknown> {
  const input = (version.input ?? {}) as { basic?: unknown; parameters?: Record<string, unknown> };
  const params = input.parameters ?? {};
  const flavors = Object.entries(params).filter(([k, v]) => k !== 'custom' && v && typeof v === 'object' && 'name' in (v as object));
  const isAutopilot = (v: unknown) => Array.isArray((v as { category?: unknown }).category) && ((v as { category: unknown[] }).category).includes('Autopilot');
  const chosen = flavors.find(([, v]) => isAutopilot(v) && (v as { is_default?: unknown }).is_default === true)
    ?? flavors.find(([, v]) => isAutopilot(v)) ?? flavors.find(([, v]) => (v as { is_default?: unknown }).is_default === true) ?? flavors[0];
  const out: Record<string, unknown> = {};
  if (input.basic && typeof input.basic === 'object') out['basic'] = structuredClone(input.basic);
  if (chosen) out['flavor'] = structuredClone(chosen[1]);
  if (params['custom'] && typeof params['custom'] === 'object') out['custom'] = structuredClone(params['custom']);
  return out;
}

/** Key-value storage for schemas, so validation works offline (globalStorage in VS Code). */
export interface SchemaCache {
  get(key: string): Promise<JsonSchema | undefined>;
  set(key: string, schema: JsonSchema): Promise<void>;
}

export function cacheKey(b: ValuesBinding): string {
  return b.kind === 'addon' ? `addon/${b.template}/${b.version}` : `chart/${b.chartId ?? b.chart}/${b.version ?? ''}`;
}

export interface SchemaAnswer {
  readonly schema: JsonSchema;
  /** Where it came from: shown to the user so they know what validates the document. */
  readonly source: 'api' | 'cache';
  readonly title: string;
}

/** The schema of a binding from the API, falling back to the cache when the API cannot be reached. */
export async function schemaFor(b: ValuesBinding, api: CceApi | undefined, cache: SchemaCache, locale: string): Promise<SchemaAnswer | undefined> {
  const key = cacheKey(b);
  const title = b.kind === 'addon' ? `addon ${b.template} ${b.version}` : `chart ${b.chart}${b.version ? ` ${b.version}` : ''}`;
  if (api) {
    try {
      const schema = await fetchSchema(b, api, locale);
      if (schema) {
        await cache.set(key, schema);
        return { schema, source: 'api', title };
      }
    } catch (error) {
      const cached = await cache.get(key);
      if (cached) return { schema: cached, source: 'cache', title };
      throw error;
    }
  }
  const cached = await cache.get(key);
  return cached ? { schema: cached, source: 'cache', title } : undefined;
}

async function fetchSchema(b: ValuesBinding, api: CceApi, locale: string): Promise<JsonSchema | undefined> {
  if (b.kind === 'addon') {
    const version = await templateVersion(api, b.template, b.version);
    return version ? deriveAddonValuesSchema(version, { locale, addonName: b.template }) : undefined;
  }
  // A file's comment may name the chart without its id: look it up by name (and version).
  const chartId = b.chartId ?? asArray<Chart>(await api.call('ListAutopilotCharts', {})).filter((c) => c.name === b.chart && (!b.version || c.version === b.version)).sort((x, y) => compareVersions(y.version ?? '', x.version ?? ''))[0]?.id;
  if (!chartId) return undefined;
  const answer = await api.call('ShowAutopilotChartValues', { chart_id: chartId });
  const values = typeof answer.values === 'string' ? safeJson(answer.values) : answer.values;
  return deriveChartValuesSchema({ values: (values ?? {}) as Record<string, unknown>, chartName: b.chart });
}

function safeJson(s: string): unknown {
  try { return JSON.parse(s); } catch { return undefined; }
}

/**
 * Add-on templates, optionally filtered by the service: `cluster_id` keeps the versions the cluster
 * can install, `base_update_addon_version` the versions an instance at that version can upgrade to.
 */
export async function addonTemplates(api: CceApi, name?: string, filters: { cluster_id?: string; base_update_addon_version?: string } = {}): Promise<AddonTemplate[]> {
  // Empty filters are left out, as the service treats an empty value as a filter.
  const input = {
    ...(name ? { addon_template_name: name } : {}),
    ...(filters.cluster_id ? { cluster_id: filters.cluster_id } : {}),
    ...(filters.base_update_addon_version ? { base_update_addon_version: filters.base_update_addon_version } : {}),
  };
  return asArray<AddonTemplate>(await api.call('ListAutopilotAddonTemplates', input));
}

export async function templateVersion(api: CceApi, template: string, version: string): Promise<AddonVersion | undefined> {
  const list = await addonTemplates(api, template);
  const t = list.find((x) => (x.metadata?.name ?? x.metadata?.uid) === template) ?? list[0];
  return t?.spec?.versions?.find((v) => v.version === version);
}

/** The values the target has now on the server (empty for something not installed yet). */
export async function liveValues(api: CceApi, t: ValuesTarget): Promise<Record<string, unknown>> {
  if (t.op === 'addon.update') {
    const a = await api.call('ShowAutopilotAddonInstance', { id: t.instanceId, cluster_id: t.clusterId });
    return (a.spec?.values ?? {}) as Record<string, unknown>;
  }
  if (t.op === 'release.upgrade') {
    const r = await api.call('ShowAutopilotRelease', { cluster_id: t.clusterId, namespace: t.namespace, name: t.name });
    return releaseValues(r);
  }
  return {};
}

export function releaseValues(r: Release): Record<string, unknown> {
  const v: unknown = typeof r.values === 'string' ? safeJson(r.values) : r.values;
  return v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
}

/** Problems that block applying: errors of the language service (warnings do not block). */
export function blockingProblems(service: ValuesLanguageService, uri: string, text: string, schema: JsonSchema | undefined): string[] {
  return service.validate({ uri, version: Date.now(), getText: () => text }, schema)
    .filter((d) => severityName(d.severity) === 'error')
    .map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
}

export interface ApplyDeps {
  readonly service: ValuesLanguageService;
  readonly schema: JsonSchema | undefined;
}

/**
 * Applies a values document: validate, show the diff against the live values, ask, call the API,
 * and follow the addon or release until it settles. Returns false when the user declined.
 */
export async function applyValues(ui: Ui, api: CceApi, t: ValuesTarget, uri: string, text: string, deps: ApplyDeps, opts: FlowOptions = {}): Promise<boolean> {
  const problems = blockingProblems(deps.service, uri, text, deps.schema);
  if (problems.length > 0) throw new Error(`The values have ${problems.length} error(s); fix them first. ${problems.slice(0, 3).join('; ')}`);
  const values = parseValues(text);
  const live = await liveValues(api, t);
  const what = t.op === 'addon.install' || t.op === 'addon.update' ? `addon ${t.template}` : `release ${t.namespace}/${t.name}`;
  await ui.showDiff(`${what}: live ↔ edited`, stringify(live, { lineWidth: 0 }), stringify(values, { lineWidth: 0 }), 'yaml');
  const install = t.op.endsWith('install');
  const verb = install ? ui.t`Install` : ui.t`Apply`;
  const question = install ? ui.t`Install ${what}?` : ui.t`Apply the values to ${what}?`;
  if (!(await ui.confirm(question, ui.t`The diff shows the live values on the left and yours on the right.`, verb))) return false;
  await ui.progress(install ? ui.t`Installing ${what}` : ui.t`Updating ${what}`, async (p, signal) => {
    switch (t.op) {
      case 'addon.install':
      case 'addon.update': {
        const install = t.op === 'addon.install';
        const spec = { clusterID: t.clusterId, version: t.version, addonTemplateName: t.template, values };
        const answer = install
          ? await api.call('CreateAutopilotAddonInstance', { body: { kind: 'Addon', apiVersion: 'v3', metadata: { annotations: { 'addon.install/type': 'install' } }, spec } }, signal)
          : await api.call('UpdateAutopilotAddonInstance', { id: t.instanceId, body: { kind: 'Addon', apiVersion: 'v3', metadata: { annotations: { 'addon.upgrade/type': 'upgrade' } }, spec } }, signal);
        const id = answer.metadata?.uid ?? (t.op === 'addon.update' ? t.instanceId : undefined);
        if (id) await followAddon(api, t.clusterId, id, signal, (m) => p.report(m), opts);
        break;
      }
      case 'release.install': {
        await api.call('CreateAutopilotRelease', { cluster_id: t.clusterId, body: { chart_id: t.chartId, name: t.name, namespace: t.namespace, version: t.chartVersion, values } }, signal);
        await followRelease(api, t.clusterId, t.namespace, t.name, signal, (m) => p.report(m), opts);
        break;
      }
      case 'release.upgrade': {
        await api.call('UpdateAutopilotRelease', { cluster_id: t.clusterId, namespace: t.namespace, name: t.name, body: { chart_id: t.chartId, action: 'upgrade', parameters: {}, values } }, signal);
        await followRelease(api, t.clusterId, t.namespace, t.name, signal, (m) => p.report(m), opts);
        break;
      }
    }
  });
  return true;
}

export function followAddon(api: CceApi, clusterId: string, id: string, signal: AbortSignal, report: (m: string) => void, opts: FlowOptions = {}): Promise<AddonInstance> {
  return waitFor<AddonInstance>(`addon ${id}`, async (s) => {
    const a = await api.call('ShowAutopilotAddonInstance', { id, cluster_id: clusterId }, s);
    const phase = a.status?.status ?? 'unknown';
    if (phase === 'running' || phase === 'available') return { state: 'done', value: a, phase };
    if (isFailedPhase('addonInstance', phase)) return { state: 'failed', phase, message: a.status?.message || a.status?.Reason || phase };
    return { state: 'pending', phase };
  }, { ...opts.wait, signal, onProgress: (e) => report(e.phase) });
}

export function followRelease(api: CceApi, clusterId: string, namespace: string, name: string, signal: AbortSignal, report: (m: string) => void, opts: FlowOptions = {}): Promise<Release> {
  return waitFor<Release>(`release ${namespace}/${name}`, async (s) => {
    const r = await api.call('ShowAutopilotRelease', { cluster_id: clusterId, namespace, name }, s);
    const phase = r.status ?? 'unknown';
    if (phase === 'DEPLOYED') return { state: 'done', value: r, phase };
    if (isFailedPhase('release', phase)) return { state: 'failed', phase, message: r.status_description || phase };
    return { state: 'pending', phase };
  }, { ...opts.wait, signal, onProgress: (e) => report(e.phase) });
}

/**
 * What applying a values file on disk does in a chosen cluster: its first-line binding names an
 * addon (update the installed instance, or install it) or a chart (upgrade the named release, or
 * install it).
 */
export async function targetForFile(ui: Ui, api: CceApi, binding: ValuesBinding, clusterId: string): Promise<ValuesTarget | undefined> {
  if (binding.kind === 'addon') {
    const instances = asArray<AddonInstance>(await api.call('ListAutopilotAddonInstances', { cluster_id: clusterId }));
    const found = instances.find((a) => a.spec?.addonTemplateName === binding.template);
    return found?.metadata?.uid
      ? { op: 'addon.update', clusterId, instanceId: found.metadata.uid, template: binding.template, version: binding.version }
      : { op: 'addon.install', clusterId, template: binding.template, version: binding.version };
  }
  const charts = asArray<Chart>(await api.call('ListAutopilotCharts', {})).filter((c) => (binding.chartId ? c.id === binding.chartId : c.name === binding.chart && (!binding.version || c.version === binding.version)));
  const chart = charts[0];
  if (!chart?.id) throw new Error(ui.t`Chart ${binding.chart} ${binding.version ?? ''} is not uploaded in this region.`);
  const releases = asArray<Release>(await api.call('ListAutopilotReleases', { cluster_id: clusterId })).filter((r) => r.chart_name === chart.name);
  const picked = await ui.pick<Release | undefined>([
    ...releases.map((r) => ({ label: `${r.namespace}/${r.name}`, description: ui.t`upgrade`, value: r })),
    { label: ui.t`New release…`, value: undefined },
  ], { title: ui.t`Apply the values of ${chart.name} to` });
  const base = { clusterId, chartId: chart.id, chart: chart.name ?? binding.chart, chartVersion: chart.version ?? binding.version ?? '' };
  if (picked) return { op: 'release.upgrade', ...base, namespace: picked.namespace ?? '', name: picked.name ?? '' };
  const name = await ui.input({ title: ui.t`Release name`, validate: (v) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 53 ? undefined : ui.t`Lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters.` });
  if (!name) return undefined;
  const namespace = await ui.input({ title: ui.t`Namespace`, value: 'default', validate: (v) => /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(v) && v.length <= 63 ? undefined : ui.t`A namespace name: lowercase letters, digits and "-", at most 63 characters.` });
  if (!namespace) return undefined;
  return { op: 'release.install', ...base, namespace, name };
}
