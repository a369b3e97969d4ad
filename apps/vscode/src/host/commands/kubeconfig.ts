import * as vscode from 'vscode';
import type { LocationInput } from '@cce-autopilot/kubeconfig';
import { certificateExpiries, removeKubectl, setupKubectl, undoKubectl } from '../../core/kubeconfig.js';
import type { Cluster } from '../../core/api.js';
import { regionRef, type TreeNode } from '../../core/tree.js';
import type { CommandHost, KubeconfigHost } from '../host.js';
import { readSettings } from '../settings.js';
import { clusterOf } from './clusters.js';
import type { Command } from './command.js';

/** The kubeconfig files of the `cceAutopilot.kubeconfigPath` setting (empty: KUBECONFIG, else ~/.kube/config). */
export function kubeconfigLocation(path: string): LocationInput {
  return path ? { path: path.replace(/^~(?=$|\/)/, process.env['HOME'] ?? '~') } : { env: process.env };
}

/** The kubeconfig *Set Up kubectl* writes, as the settings say now. */
const location = (): LocationInput => kubeconfigLocation(readSettings().kubeconfigPath);

/** Keeps `expiries` (shown on cluster rows) equal to the certificates in the kubeconfig. */
export function kubeconfigHost(log: vscode.LogOutputChannel, expiries: Map<string, Date>): KubeconfigHost {
  return {
    async reloadExpiries() {
      try {
        const fresh = await certificateExpiries(location());
        expiries.clear();
        for (const [k, v] of fresh) expiries.set(k, v);
      } catch (error) {
        log.warn(`kubeconfig: ${(error as Error).message}`);
      }
    },
  };
}

const after = async (host: CommandHost, node: TreeNode) => {
  await host.kubeconfig.reloadExpiries();
  host.tree.refresh(host.model.node(regionRef(node.ctx)));
};

/** "Set up kubectl", undo, remove. */
export const kubeconfigCommands: readonly Command[] = [
  {
    id: 'kubeconfig.setup', title: 'Set up kubectl',
    async handler(host, arg) {
      const node = await clusterOf(host, arg);
      if (!node) return;
      const cluster = node.data as Cluster | undefined;
      const result = await setupKubectl(host.ui, await host.api(node), {
        id: node.ctx.clusterId ?? '', name: node.ctx.clusterName ?? node.label, region: node.ctx.region ?? '',
        hasExternal: !!cluster?.status?.endpoints?.some((e) => e.type === 'External'),
      }, location());
      if (result) await after(host, node);
    },
  },
  {
    id: 'kubeconfig.undo', title: 'Undo kubectl setup',
    async handler(host, arg) {
      if (await undoKubectl(host.ui, location()) && arg) await after(host, arg);
    },
  },
  {
    id: 'kubeconfig.remove', title: 'Remove from kubeconfig',
    async handler(host, arg) {
      const node = await clusterOf(host, arg);
      if (!node) return;
      if (await removeKubectl(host.ui, { id: node.ctx.clusterId ?? '', name: node.label }, location())) await after(host, node);
    },
  },
];
