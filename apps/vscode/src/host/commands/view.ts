import * as vscode from 'vscode';
import * as flows from '../../core/flows.js';
import type { Command } from './command.js';

/** The view itself: refresh, retry, filter, the log, and what any row can show or copy. */
export const viewCommands: readonly Command[] = [
  {
    id: 'refresh',
    handler(host, node) {
      if (node && node.kind !== 'profile') host.tree.refresh(node);
      else { host.model.invalidate(); host.reload(); }
    },
  },
  {
    id: 'retry',
    handler(host, node) {
      const target = node?.ctx.retryOf ? host.model.node(node.ctx.retryOf) : undefined;
      if (target && target.kind !== 'profile') host.tree.refresh(target);
      else { host.model.invalidate(); host.reload(); }
    },
  },
  { id: 'showLog', handler: (host) => host.log.show(true) },
  {
    id: 'filter', title: 'Filter clusters',
    async handler(host) {
      const text = await host.ui.input({ title: vscode.l10n.t('Show clusters whose name contains'), value: host.model.filter });
      if (text === undefined) return;
      host.model.setFilter(text);
      host.reload();
    },
  },
  { id: 'clearFilter', handler(host) { host.model.setFilter(''); host.reload(); } },
  {
    id: 'showDetails', title: 'Show details',
    async handler(host, node) {
      const n = node ?? await host.nodeOf(node, 'cluster', vscode.l10n.t('Cluster'));
      if (!n) return;
      let data = n.data;
      if (n.kind === 'cluster') data = await (await host.api(n)).call('ShowAutopilotCluster', { cluster_id: n.ctx.clusterId ?? '' });
      await host.ui.showText(`${n.label}`, flows.detailsYaml(data), 'yaml');
    },
  },
  {
    id: 'copyId', title: 'Copy id',
    async handler(host, node) {
      const n = node ?? await host.nodeOf(node, 'cluster', vscode.l10n.t('Cluster'));
      if (!n) return;
      const data = n.data as { metadata?: { uid?: string }; id?: string } | undefined;
      const id = n.kind === 'cluster' ? n.ctx.clusterId : data?.metadata?.uid ?? data?.id;
      if (!id) { host.ui.warn(vscode.l10n.t('This item has no id.')); return; }
      await host.ui.copy(id);
      vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 3000);
    },
  },
  {
    id: 'quotas.show', title: 'Show quotas',
    async handler(host) {
      const region = await host.nodeOf(undefined, 'region', vscode.l10n.t('Region'));
      if (!region) return;
      const api = await host.api(region);
      const [q, cq] = await Promise.all([api.call('ShowAutopilotQuotas', {}), api.call('ShowAutopilotUserChartsQuotas', {})]);
      await host.ui.showText(`quotas ${region.label}`, flows.detailsYaml({ cce: q, charts: cq }), 'yaml');
    },
  },
];
