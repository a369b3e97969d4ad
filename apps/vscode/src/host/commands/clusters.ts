import * as vscode from 'vscode';
import type { CceApi, Cluster, ResourceTag } from '../../core/api.js';
import * as flows from '../../core/flows.js';
import { setMaintenanceWindow } from '../../core/maintenance.js';
import { clusterFolderRef, clusterRef, regionRef, type TreeNode } from '../../core/tree.js';
import type { CommandHost } from '../host.js';
import type { Command } from './command.js';

/**
 * The cluster row of a node (itself, or the cluster it hangs under; the node itself when that row
 * is not loaded), or one the user picks.
 */
export async function clusterOf(host: CommandHost, node: TreeNode | undefined, title = vscode.l10n.t('Cluster')): Promise<TreeNode | undefined> {
  if (!node?.ctx.clusterId) return host.nodeOf(node, 'cluster', title);
  return node.kind === 'cluster' ? node : host.model.node(clusterRef(node.ctx)) ?? node;
}

/** A command on a cluster: the handler gets the cluster as the API shows it now. */
export function withCluster(id: string, title: string, fn: (host: CommandHost, api: CceApi, cluster: Cluster, node: TreeNode) => Promise<unknown>): Command {
  return {
    id, title,
    async handler(host, arg) {
      const node = await clusterOf(host, arg);
      if (!node) return;
      const api = await host.api(node);
      const cluster = await api.call('ShowAutopilotCluster', { cluster_id: node.ctx.clusterId ?? '' });
      await fn(host, api, cluster, node);
    },
  };
}

export const regionOf = (host: CommandHost, n: TreeNode) => host.model.node(regionRef(n.ctx));

/** Creating, describing, deleting clusters; EIPs; tags; the maintenance window. */
export const clusterCommands: readonly Command[] = [
  {
    id: 'cluster.create', title: 'Create cluster',
    async handler(host, arg) {
      const region = arg?.kind === 'region' ? arg : await host.nodeOf(arg, 'region', vscode.l10n.t('Region'));
      if (!region) return;
      const api = await host.api(region);
      const names = (await host.model.children(region)).filter((n) => n.kind === 'cluster').map((n) => n.label);
      // The new cluster shows (Creating) as soon as the API accepted it; polling follows it.
      const c = await host.following(region, () => flows.createCluster(host.ui, api, names));
      if (c) host.ui.info(vscode.l10n.t('Cluster {0} is {1}.', c.metadata?.name ?? '', c.status?.phase ?? 'created'));
    },
  },
  withCluster('cluster.setMaintenanceWindow', 'Set maintenance window', async (host, api, c, node) => {
    const w = await setMaintenanceWindow(host.ui, api, node.ctx.clusterId ?? '', c.metadata?.name ?? '');
    if (w) { host.ui.info(vscode.l10n.t('Maintenance window of {0}: {1} from {2} UTC for {3} h.', c.metadata?.name ?? '', w.weekly_period, w.start_time, String(w.duration_hours))); host.tree.refresh(node); }
  }),
  withCluster('cluster.updateDescription', 'Update description', async (host, api, c, node) => { if (await flows.updateDescription(host.ui, api, c)) host.tree.refresh(regionOf(host, node)); }),
  withCluster('cluster.delete', 'Delete cluster', async (host, api, c, node) => {
    if (await host.following(regionOf(host, node), () => flows.deleteCluster(host.ui, api, c))) { host.ui.info(vscode.l10n.t('Cluster {0} was deleted.', c.metadata?.name ?? '')); }
  }),
  withCluster('cluster.bindEip', 'Bind EIP', async (host, api, c, node) => { if (await flows.bindEip(host.ui, api, c, true)) host.tree.refresh(regionOf(host, node)); }),
  withCluster('cluster.unbindEip', 'Unbind EIP', async (host, api, c, node) => { if (await flows.bindEip(host.ui, api, c, false)) host.tree.refresh(regionOf(host, node)); }),
  withCluster('tags.add', 'Add tag', async (host, api, c, node) => { if (await flows.addTag(host.ui, api, node.ctx.clusterId ?? '', c.spec?.clusterTags ?? [])) host.refreshNode(node, 'tags'); }),
  {
    id: 'tags.remove', title: 'Remove tag',
    async handler(host, arg) {
      if (arg?.kind !== 'tag') return;
      const tag = arg.data as ResourceTag;
      if (await flows.removeTag(host.ui, await host.api(arg), arg.ctx.clusterId ?? '', tag.key ?? '')) host.tree.refresh(host.model.node(clusterFolderRef(arg.ctx, 'tags')));
    },
  },
];
