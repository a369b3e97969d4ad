// Addon, chart and release flows that do not edit values themselves; the ones that do return the
// ValuesTarget and the values to open a document with.
import { waitFor } from '@cce-autopilot/client';
import { compareVersions, supportsCluster } from '@cce-autopilot/models';
import { stringify } from 'yaml';
import type { CceApi } from './api.js';
import type { FlowOptions } from './flows.js';
import { asArray, type AddonInstance, type Chart, type Release } from './api.js';
import type { Ui } from './ui.js';
import { addonDefaults, addonTemplates, followAddon, followRelease, releaseValues, templateVersion, type ValuesTarget } from './values.js';

export interface ValuesStart {
  readonly target: ValuesTarget;
  readonly values: Record<string, unknown>;
}

// The version rules are the models' (one definition for the emulator, the CLI and the extension);
// re-exported here for the flows' callers.
export { compareVersions, supportsCluster };

export async function startAddonInstall(ui: Ui, api: CceApi, clusterId: string, clusterVersion: string | undefined): Promise<ValuesStart | undefined> {
  const [templates, instances] = await Promise.all([
    // The service lists only templates (and versions) compatible with the cluster; the version filter below stays for services that ignore it.
    addonTemplates(api, undefined, { cluster_id: clusterId }),
    api.call('ListAutopilotAddonInstances', { cluster_id: clusterId }).then((b) => asArray<AddonInstance>(b)),
  ]);
  const installed = instances.map((a) => a.spec?.addonTemplateName).filter((n): n is string => !!n);
  const name = await ui.pick(templates.map((t) => {
    const n = t.metadata?.name ?? t.metadata?.uid ?? '?';
    return { label: n, description: installed.includes(n) ? ui.t`installed` : t.metadata?.alias !== n ? t.metadata?.alias : undefined, detail: t.spec?.description, value: n };
  }), { title: ui.t`Addon to install` });
  if (!name) return undefined;
  if (installed.includes(name)) throw new Error(ui.t`${name} is already installed in this cluster; use Edit Addon Values or Upgrade Addon on it.`);
  const template = templates.find((t) => (t.metadata?.name ?? t.metadata?.uid) === name)!;
  const versions = (template.spec?.versions ?? []).filter((v) => v.version && supportsCluster(v, clusterVersion))
    .sort((a, b) => compareVersions(b.version!, a.version!));
  if (versions.length === 0) throw new Error(`Addon ${name} has no version for cluster version ${clusterVersion ?? '?'}.`);
  const version = await ui.pick(versions.map((v, i) => ({ label: v.version!, description: [i === 0 ? ui.t`latest` : '', v.stable ? ui.t`stable` : ''].filter(Boolean).join(', '), value: v })), { title: ui.t`Version of ${name}` });
  if (!version) return undefined;
  return { target: { op: 'addon.install', clusterId, template: name, version: version.version! }, values: addonDefaults(version) };
}

export async function startAddonEdit(api: CceApi, addon: AddonInstance): Promise<ValuesStart> {
  const id = addon.metadata?.uid ?? '';
  const clusterId = addon.spec?.clusterID ?? '';
  const template = addon.spec?.addonTemplateName ?? '';
  const version = addon.spec?.version ?? '';
  // List answers may carry `values: null`; the instance itself has them.
  const fresh = await api.call('ShowAutopilotAddonInstance', { id, cluster_id: clusterId });
  let values = fresh.spec?.values ?? undefined;
  if (!values) {
    const v = fresh.status?.currentVersion ?? (await templateVersion(api, template, version));
    values = v ? addonDefaults(v) : {};
  }
  return { target: { op: 'addon.update', clusterId, instanceId: id, template, version }, values };
}

export async function startAddonUpgrade(ui: Ui, api: CceApi, addon: AddonInstance): Promise<ValuesStart | undefined> {
  const current = addon.spec?.version ?? '';
  const template = addon.spec?.addonTemplateName ?? '';
  // What the service offers from the installed version for this cluster (base_update_addon_version), plus the instance's own targetVersions.
  const all = (await addonTemplates(api, template, { cluster_id: addon.spec?.clusterID, base_update_addon_version: current })).flatMap((t) => t.spec?.versions ?? []).map((v) => v.version!).filter(Boolean);
  const targets = [...new Set([...(addon.status?.targetVersions ?? []), ...all.filter((v) => compareVersions(v, current) > 0)])].sort((a, b) => compareVersions(b, a));
  if (targets.length === 0) { ui.info(ui.t`${template} ${current} is the newest version.`); return undefined; }
  const version = await ui.pick(targets.map((v) => ({ label: v, value: v })), { title: ui.t`Upgrade ${template} from ${current} to` });
  if (!version) return undefined;
  const edit = await startAddonEdit(api, addon);
  // An upgrade sends the full set of values (spec 02 2.3): keep the live ones, add the new version's defaults.
  const newDefaults = await templateVersion(api, template, version);
  const values = { ...(newDefaults ? addonDefaults(newDefaults) : {}), ...edit.values };
  return { target: { ...(edit.target as Extract<ValuesTarget, { op: 'addon.update' }>), version }, values };
}

export async function rollbackAddon(ui: Ui, api: CceApi, addon: AddonInstance, opts: FlowOptions = {}): Promise<boolean> {
  const name = addon.spec?.addonTemplateName ?? '';
  if (!addon.status?.isRollbackable) throw new Error(`${name} cannot be rolled back now (the service says it is not rollbackable).`);
  const previous = addon.status.previousVersion ?? ui.t`its previous version`;
  if (!(await ui.confirm(ui.t`Roll back ${name} to ${previous}?`, '', ui.t`Roll back`))) return false;
  const id = addon.metadata?.uid ?? '';
  const clusterId = addon.spec?.clusterID ?? '';
  await ui.progress(ui.t`Rolling back ${name}`, async (p, signal) => {
    await api.call('RollbackAutopilotAddonInstance', { id, body: { clusterID: clusterId } }, signal);
    await followAddon(api, clusterId, id, signal, (m) => p.report(m), opts);
  });
  return true;
}

export async function uninstallAddon(ui: Ui, api: CceApi, addon: AddonInstance, opts: FlowOptions = {}): Promise<boolean> {
  const name = addon.spec?.addonTemplateName ?? '';
  if (!(await ui.confirm(ui.t`Uninstall addon ${name}?`, ui.t`Its workloads are removed from the cluster.`, ui.t`Uninstall`))) return false;
  const id = addon.metadata?.uid ?? '';
  const clusterId = addon.spec?.clusterID ?? '';
  await ui.progress(ui.t`Uninstalling ${name}`, async (p, signal) => {
    await api.call('DeleteAutopilotAddonInstance', { id, cluster_id: clusterId }, signal);
    await waitFor(`uninstall of ${name}`, async (s) => {
      try {
        const a = await api.call('ShowAutopilotAddonInstance', { id, cluster_id: clusterId }, s);
        const phase = a.status?.status ?? 'unknown';
        if (phase === 'deleteSuccess') return { state: 'done', value: undefined, phase };
        if (phase === 'deleteFailed') return { state: 'failed', phase, message: a.status?.message || phase };
        return { state: 'pending', phase };
      } catch (e) {
        if ((e as { status?: number }).status === 404) return { state: 'done', value: undefined, phase: 'deleted' };
        throw e;
      }
    }, { ...opts.wait, signal, onProgress: (e) => p.report(e.phase) });
  });
  return true;
}

// ------------------------------------------------------------------ charts and releases

const releaseNameRe = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export async function uploadChart(ui: Ui, api: CceApi, fileName: string, content: Uint8Array): Promise<Chart | undefined> {
  if (!/\.(tgz|tar\.gz)$/.test(fileName)) throw new Error(`${fileName} is not a chart archive (.tgz).`);
  const override = await ui.pick([{ label: ui.t`Fail if the chart exists`, value: false }, { label: ui.t`Replace an existing chart of the same name and version`, value: true }], { title: ui.t`Upload ${fileName}` });
  if (override === undefined) return undefined;
  return ui.progress(ui.t`Uploading ${fileName}`, (_p, signal) => api.call('UploadAutopilotChart', { body: { content, filename: fileName.split(/[\\/]/).pop(), parameters: { override, skip_lint: false, source: 'package' } } }, signal));
}

export async function deleteChart(ui: Ui, api: CceApi, chart: Chart): Promise<boolean> {
  if (!(await ui.confirm(ui.t`Delete chart ${chart.name} ${chart.version}?`, ui.t`Releases installed from it keep running.`, ui.t`Delete`))) return false;
  await api.call('DeleteAutopilotChart', { chart_id: chart.id ?? '' });
  return true;
}

export async function startReleaseInstall(ui: Ui, api: CceApi, chart: Chart, clusterId: string): Promise<ValuesStart | undefined> {
  const name = await ui.input({ title: ui.t`Install ${chart.name} ${chart.version}: release name`, validate: (v) => releaseNameRe.test(v) && v.length <= 53 ? undefined : ui.t`Lowercase letters, digits and "-", starting and ending with a letter or digit, at most 53 characters.` });
  if (!name) return undefined;
  const namespace = await ui.input({ title: ui.t`Namespace`, value: 'default', validate: (v) => releaseNameRe.test(v) && v.length <= 63 ? undefined : ui.t`A namespace name: lowercase letters, digits and "-", at most 63 characters.` });
  if (!namespace) return undefined;
  const answer = await api.call('ShowAutopilotChartValues', { chart_id: chart.id ?? '' });
  const raw = typeof answer.values === 'string' ? JSON.parse(answer.values) as unknown : answer.values;
  return {
    target: { op: 'release.install', clusterId, chartId: chart.id ?? '', chart: chart.name ?? '', chartVersion: chart.version ?? '', namespace, name },
    values: (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>,
  };
}

export async function startReleaseUpgrade(ui: Ui, api: CceApi, release: Release): Promise<ValuesStart | undefined> {
  const charts = asArray<Chart>(await api.call('ListAutopilotCharts', {})).filter((c) => c.name === release.chart_name);
  if (charts.length === 0) throw new Error(`Chart ${release.chart_name} is no longer uploaded; upload it to upgrade the release.`);
  const chart = charts.length === 1 ? charts[0] : await ui.pick(charts.sort((a, b) => compareVersions(b.version ?? '', a.version ?? '')).map((c) => ({
    label: c.version ?? '?', description: c.version === release.chart_version ? ui.t`current` : undefined, value: c,
  })), { title: ui.t`Chart version for ${release.namespace}/${release.name}` });
  if (!chart) return undefined;
  const fresh = await api.call('ShowAutopilotRelease', { cluster_id: release.cluster_id ?? '', namespace: release.namespace ?? '', name: release.name ?? '' });
  return {
    target: { op: 'release.upgrade', clusterId: release.cluster_id ?? '', chartId: chart.id ?? '', chart: chart.name ?? '', chartVersion: chart.version ?? '', namespace: release.namespace ?? '', name: release.name ?? '' },
    values: releaseValues(fresh),
  };
}

async function history(api: CceApi, r: Release): Promise<Release[]> {
  const list = asArray<Release>(await api.call('ShowAutopilotReleaseHistory', { cluster_id: r.cluster_id ?? '', namespace: r.namespace ?? '', name: r.name ?? '' }));
  return list.sort((a, b) => (b.version ?? 0) - (a.version ?? 0));
}

const revisionItem = (ui: Ui) => (r: Release) => ({ label: ui.t`revision ${r.version}`, description: [r.status, r.chart_version, r.update_at].filter(Boolean).join(' · '), value: r });

export async function rollbackRelease(ui: Ui, api: CceApi, release: Release, opts: FlowOptions = {}): Promise<boolean> {
  const revisions = (await history(api, release)).filter((r) => r.version !== release.version);
  if (revisions.length === 0) { ui.info(ui.t`${release.namespace}/${release.name} has no earlier revision.`); return false; }
  const to = await ui.pick(revisions.map(revisionItem(ui)), { title: ui.t`Roll back ${release.namespace}/${release.name} to` });
  if (!to) return false;
  if (!(await ui.confirm(ui.t`Roll back ${release.namespace}/${release.name} to revision ${to.version}?`, '', ui.t`Roll back`))) return false;
  const charts = asArray<Chart>(await api.call('ListAutopilotCharts', {}));
  const chartId = charts.find((c) => c.name === to.chart_name && c.version === to.chart_version)?.id ?? charts.find((c) => c.name === release.chart_name)?.id ?? '';
  await ui.progress(ui.t`Rolling back ${release.namespace}/${release.name}`, async (p, signal) => {
    await api.call('UpdateAutopilotRelease', { cluster_id: release.cluster_id ?? '', namespace: release.namespace ?? '', name: release.name ?? '', body: { chart_id: chartId, action: 'rollback', parameters: { release_version: to.version }, values: releaseValues(to) } }, signal);
    await followRelease(api, release.cluster_id ?? '', release.namespace ?? '', release.name ?? '', signal, (m) => p.report(m), opts);
  });
  return true;
}

/** Shows the history, then the values diff between two chosen revisions. */
export async function releaseHistory(ui: Ui, api: CceApi, release: Release): Promise<void> {
  const revisions = await history(api, release);
  await ui.showText(`history ${release.namespace}/${release.name}`, stringify(revisions.map((r) => ({ revision: r.version, status: r.status, chart: `${r.chart_name}@${r.chart_version}`, updated: r.update_at, description: r.description || undefined })), { lineWidth: 0 }), 'yaml');
  if (revisions.length < 2) return;
  const newer = await ui.pick(revisions.map(revisionItem(ui)), { title: ui.t`Compare values: newer revision` });
  if (!newer) return;
  const older = await ui.pick(revisions.filter((r) => r !== newer).map(revisionItem(ui)), { title: ui.t`Compare revision ${newer.version} with` });
  if (!older) return;
  await ui.showDiff(`${release.namespace}/${release.name}: revision ${older.version} ↔ ${newer.version}`, stringify(releaseValues(older), { lineWidth: 0 }), stringify(releaseValues(newer), { lineWidth: 0 }), 'yaml');
}

export async function uninstallRelease(ui: Ui, api: CceApi, release: Release, opts: FlowOptions = {}): Promise<boolean> {
  const id = `${release.namespace}/${release.name}`;
  if (!(await ui.confirm(ui.t`Uninstall release ${id}?`, ui.t`Its Kubernetes resources are deleted.`, ui.t`Uninstall`))) return false;
  const path = { cluster_id: release.cluster_id ?? '', namespace: release.namespace ?? '', name: release.name ?? '' };
  await ui.progress(ui.t`Uninstalling ${id}`, async (p, signal) => {
    await api.call('DeleteAutopilotRelease', { ...path }, signal);
    await waitFor(`uninstall of ${id}`, async (s) => {
      try {
        const r = await api.call('ShowAutopilotRelease', { ...path }, s);
        return r.status === 'DELETED' ? { state: 'done', value: undefined, phase: 'DELETED' } : { state: 'pending', phase: r.status ?? 'unknown' };
      } catch (e) {
        if ((e as { status?: number }).status === 404) return { state: 'done', value: undefined, phase: 'deleted' };
        throw e;
      }
    }, { ...opts.wait, signal, onProgress: (e) => p.report(e.phase) });
  });
  return true;
}
