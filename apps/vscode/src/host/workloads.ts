import * as vscode from 'vscode';
import type { AddonInstance, Chart, Cluster, Release } from '../core/resources.js';
import type { TreeNode } from '../core/tree.js';
import * as w from '../core/workloads.js';
import { clusterNodeId, isNode, type Host, type RunRegistrar } from './activate.js';
import type { ValuesHost } from './values.js';

/** Addon, chart and release commands. */
export function registerWorkloads(host: Host, runCmd: RunRegistrar, values: ValuesHost): void {
  const { ui, model } = host;
  const folder = (n: TreeNode, kind: 'addons' | 'releases') => model.node(`${clusterNodeId(n)}/${kind}`);
  const need = (arg: unknown, kind: TreeNode['kind']): TreeNode => {
    if (!isNode(arg) || arg.kind !== kind) throw new Error(vscode.l10n.t('Run this command from an item of the CCE Autopilot tree.'));
    return arg;
  };
  const clusterOf = async (arg: unknown): Promise<TreeNode | undefined> =>
    isNode(arg) && arg.ctx.clusterId ? model.node(clusterNodeId(arg)) ?? arg : host.nodeOf(arg, 'cluster', vscode.l10n.t('Cluster'));

  runCmd('addon.install', 'Install addon', async (arg?: TreeNode) => {
    const c = await clusterOf(arg);
    if (!c) return;
    const api = await host.api(c);
    const start = await w.startAddonInstall(ui, api, c.ctx.clusterId ?? '', (c.data as Cluster | undefined)?.spec?.version);
    if (start) await values.openValues(c, start.target, start.values);
  });
  runCmd('addon.editValues', 'Edit addon values', async (arg?: TreeNode) => {
    const n = need(arg, 'addon');
    const start = await w.startAddonEdit(await host.api(n), n.data as AddonInstance);
    await values.openValues(n, start.target, start.values);
  });
  runCmd('addon.upgrade', 'Upgrade addon', async (arg?: TreeNode) => {
    const n = need(arg, 'addon');
    const start = await w.startAddonUpgrade(ui, await host.api(n), n.data as AddonInstance);
    if (start) await values.openValues(n, start.target, start.values);
  });
  runCmd('addon.rollback', 'Roll back addon', async (arg?: TreeNode) => {
    const n = need(arg, 'addon');
    const api = await host.api(n);
    await host.following(folder(n, 'addons'), () => w.rollbackAddon(ui, api, n.data as AddonInstance));
  });
  runCmd('addon.uninstall', 'Uninstall addon', async (arg?: TreeNode) => {
    const n = need(arg, 'addon');
    const api = await host.api(n);
    await host.following(folder(n, 'addons'), () => w.uninstallAddon(ui, api, n.data as AddonInstance));
  });

  const chartsOf = (n: TreeNode) => model.node(`${n.ctx.profileId}/${n.ctx.region}/charts`);
  runCmd('chart.upload', 'Upload chart', async (arg?: TreeNode) => {
    const region = isNode(arg) ? model.node(`${arg.ctx.profileId}/${arg.ctx.region}`) : await host.nodeOf(arg, 'region', vscode.l10n.t('Region'));
    if (!region) return;
    const [file] = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Chart archive')]: ['tgz', 'gz'] }, title: vscode.l10n.t('Chart archive to upload') }) ?? [];
    if (!file) return;
    const chart = await w.uploadChart(ui, await host.api(region), file.path, await vscode.workspace.fs.readFile(file));
    if (chart) { ui.info(vscode.l10n.t('Uploaded chart {0} {1}.', chart.name ?? '', chart.version ?? '')); host.tree.refresh(chartsOf(region)); }
  });
  runCmd('chart.delete', 'Delete chart', async (arg?: TreeNode) => {
    const n = need(arg, 'chart');
    if (await w.deleteChart(ui, await host.api(n), n.data as Chart)) host.tree.refresh(chartsOf(n));
  });

  runCmd('release.install', 'Install release', async (arg?: TreeNode) => {
    let chartNode: TreeNode | undefined = isNode(arg) && arg.kind === 'chart' ? arg : undefined;
    let clusterNode: TreeNode | undefined = isNode(arg) && arg.kind === 'releases' ? model.node(clusterNodeId(arg)) : undefined;
    if (!clusterNode) clusterNode = await host.nodeOf(undefined, 'cluster', vscode.l10n.t('Cluster to install into'));
    if (!clusterNode) return;
    const api = await host.api(clusterNode);
    if (!chartNode) {
      const charts = model.node(`${clusterNode.ctx.profileId}/${clusterNode.ctx.region}/charts`);
      const list = charts ? (await model.children(charts)).filter((n) => n.kind === 'chart') : [];
      if (list.length === 0) { ui.warn(vscode.l10n.t('Upload a chart first (Charts → Upload Chart).')); return; }
      chartNode = await ui.pick(list.map((n) => ({ label: n.label, description: n.description, value: n })), { title: vscode.l10n.t('Chart') });
      if (!chartNode) return;
    }
    const start = await w.startReleaseInstall(ui, api, chartNode.data as Chart, clusterNode.ctx.clusterId ?? '');
    if (start) await values.openValues(clusterNode, start.target, start.values);
  });
  runCmd('release.upgrade', 'Upgrade release', async (arg?: TreeNode) => {
    const n = need(arg, 'release');
    const start = await w.startReleaseUpgrade(ui, await host.api(n), n.data as Release);
    if (start) await values.openValues(n, start.target, start.values);
  });
  runCmd('release.rollback', 'Roll back release', async (arg?: TreeNode) => {
    const n = need(arg, 'release');
    const api = await host.api(n);
    await host.following(folder(n, 'releases'), () => w.rollbackRelease(ui, api, n.data as Release));
  });
  runCmd('release.history', 'Release history', async (arg?: TreeNode) => {
    const n = need(arg, 'release');
    await w.releaseHistory(ui, await host.api(n), n.data as Release);
  });
  runCmd('release.uninstall', 'Uninstall release', async (arg?: TreeNode) => {
    const n = need(arg, 'release');
    const api = await host.api(n);
    await host.following(folder(n, 'releases'), () => w.uninstallRelease(ui, api, n.data as Release));
  });
}
