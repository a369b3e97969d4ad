import * as vscode from 'vscode';
import type { AddonInstance, Cluster } from '../../core/api.js';
import { clusterFolderRef, type TreeNode } from '../../core/tree.js';
import * as w from '../../core/workloads.js';
import type { CommandHost } from '../host.js';
import { clusterOf } from './clusters.js';
import type { Command } from './command.js';

/** The node a row command needs; from the palette there is none to guess. */
export function need(node: TreeNode | undefined, kind: TreeNode['kind']): TreeNode {
  if (node?.kind !== kind) throw new Error(vscode.l10n.t('Run this command from an item of the CCE Autopilot tree.'));
  return node;
}

/** The Addons or Chart releases folder of a node's cluster. */
export const folderOf = (host: CommandHost, n: TreeNode, kind: 'addons' | 'releases') => host.model.node(clusterFolderRef(n.ctx, kind));

/** Installing, editing, upgrading, rolling back and uninstalling addons. */
export const addonCommands: readonly Command[] = [
  {
    id: 'addon.install', title: 'Install addon',
    async handler(host, arg) {
      const c = await clusterOf(host, arg);
      if (!c) return;
      const api = await host.api(c);
      const start = await w.startAddonInstall(host.ui, api, c.ctx.clusterId ?? '', (c.data as Cluster | undefined)?.spec?.version);
      if (start) await host.values.openValues(c, start.target, start.values);
    },
  },
  {
    id: 'addon.editValues', title: 'Edit addon values',
    async handler(host, arg) {
      const n = need(arg, 'addon');
      const start = await w.startAddonEdit(await host.api(n), n.data as AddonInstance);
      await host.values.openValues(n, start.target, start.values);
    },
  },
  {
    id: 'addon.upgrade', title: 'Upgrade addon',
    async handler(host, arg) {
      const n = need(arg, 'addon');
      const start = await w.startAddonUpgrade(host.ui, await host.api(n), n.data as AddonInstance);
      if (start) await host.values.openValues(n, start.target, start.values);
    },
  },
  {
    id: 'addon.rollback', title: 'Roll back addon',
    async handler(host, arg) {
      const n = need(arg, 'addon');
      const api = await host.api(n);
      await host.following(folderOf(host, n, 'addons'), () => w.rollbackAddon(host.ui, api, n.data as AddonInstance));
    },
  },
  {
    id: 'addon.uninstall', title: 'Uninstall addon',
    async handler(host, arg) {
      const n = need(arg, 'addon');
      const api = await host.api(n);
      await host.following(folderOf(host, n, 'addons'), () => w.uninstallAddon(host.ui, api, n.data as AddonInstance));
    },
  },
];
