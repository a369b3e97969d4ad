import * as vscode from 'vscode';
import type { Chart, Release } from '../../core/api.js';
import { clusterRef, regionFolderRef, regionRef, type TreeNode } from '../../core/tree.js';
import * as w from '../../core/workloads.js';
import type { CommandHost } from '../host.js';
import { folderOf, need } from './addons.js';
import type { Command } from './command.js';

const chartsOf = (host: CommandHost, n: TreeNode) => host.model.node(regionFolderRef(n.ctx, 'charts'));

/** Charts of the region and the releases installed from them. */
export const releaseCommands: readonly Command[] = [
  {
    id: 'chart.upload', title: 'Upload chart',
    async handler(host, arg) {
      const region = arg ? host.model.node(regionRef(arg.ctx)) : await host.nodeOf(arg, 'region', vscode.l10n.t('Region'));
      if (!region) return;
      const [file] = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Chart archive')]: ['tgz', 'gz'] }, title: vscode.l10n.t('Chart archive to upload') }) ?? [];
      if (!file) return;
      const chart = await w.uploadChart(host.ui, await host.api(region), file.path, await vscode.workspace.fs.readFile(file));
      if (chart) { host.ui.info(vscode.l10n.t('Uploaded chart {0} {1}.', chart.name ?? '', chart.version ?? '')); host.tree.refresh(chartsOf(host, region)); }
    },
  },
  {
    id: 'chart.delete', title: 'Delete chart',
    async handler(host, arg) {
      const n = need(arg, 'chart');
      if (await w.deleteChart(host.ui, await host.api(n), n.data as Chart)) host.tree.refresh(chartsOf(host, n));
    },
  },
  {
    id: 'release.install', title: 'Install release',
    async handler(host, arg) {
      const { model, ui } = host;
      let chartNode: TreeNode | undefined = arg?.kind === 'chart' ? arg : undefined;
      let clusterNode: TreeNode | undefined = arg?.kind === 'releases' ? model.node(clusterRef(arg.ctx)) : undefined;
      if (!clusterNode) clusterNode = await host.nodeOf(undefined, 'cluster', vscode.l10n.t('Cluster to install into'));
      if (!clusterNode) return;
      const api = await host.api(clusterNode);
      if (!chartNode) {
        const charts = chartsOf(host, clusterNode);
        const list = charts ? (await model.children(charts)).filter((n) => n.kind === 'chart') : [];
        if (list.length === 0) { ui.warn(vscode.l10n.t('Upload a chart first (Charts → Upload Chart).')); return; }
        chartNode = await ui.pick(list.map((n) => ({ label: n.label, description: n.description, value: n })), { title: vscode.l10n.t('Chart') });
        if (!chartNode) return;
      }
      const start = await w.startReleaseInstall(ui, api, chartNode.data as Chart, clusterNode.ctx.clusterId ?? '');
      if (start) await host.values.openValues(clusterNode, start.target, start.values);
    },
  },
  {
    id: 'release.upgrade', title: 'Upgrade release',
    async handler(host, arg) {
      const n = need(arg, 'release');
      const start = await w.startReleaseUpgrade(host.ui, await host.api(n), n.data as Release);
      if (start) await host.values.openValues(n, start.target, start.values);
    },
  },
  {
    id: 'release.rollback', title: 'Roll back release',
    async handler(host, arg) {
      const n = need(arg, 'release');
      const api = await host.api(n);
      await host.following(folderOf(host, n, 'releases'), () => w.rollbackRelease(host.ui, api, n.data as Release));
    },
  },
  {
    id: 'release.history', title: 'Release history',
    async handler(host, arg) {
      const n = need(arg, 'release');
      await w.releaseHistory(host.ui, await host.api(n), n.data as Release);
    },
  },
  {
    id: 'release.uninstall', title: 'Uninstall release',
    async handler(host, arg) {
      const n = need(arg, 'release');
      const api = await host.api(n);
      await host.following(folderOf(host, n, 'releases'), () => w.uninstallRelease(host.ui, api, n.data as Release));
    },
  },
];
