import * as vscode from 'vscode';
import type { LocationInput } from '@cce-autopilot/kubeconfig';
import { certificateExpiries, removeKubectl, setupKubectl, undoKubectl } from '../core/kubeconfig.js';
import type { TreeNode } from '../core/tree.js';
import type { Cluster } from '../core/resources.js';
import { clusterNodeId, isNode, type Host, type RunRegistrar } from './activate.js';

/** The kubeconfig files of the `cceAutopilot.kubeconfigPath` setting (empty: KUBECONFIG, else ~/.kube/config). */
export function kubeconfigLocation(path: string): LocationInput {
  return path ? { path: path.replace(/^~(?=$|\/)/, process.env['HOME'] ?? '~') } : { env: process.env };
}

/** "Set up kubectl", undo, remove; keeps the certificate expiry shown on cluster rows current. */
export function registerKubeconfig(host: Host, runCmd: RunRegistrar, kubeconfigPath: () => string, expiries: Map<string, Date>): () => Promise<void> {
  const location = (): LocationInput => kubeconfigLocation(kubeconfigPath());
  const reloadExpiries = async () => {
    try {
      const fresh = await certificateExpiries(location());
      expiries.clear();
      for (const [k, v] of fresh) expiries.set(k, v);
    } catch (error) {
      host.log.warn(`kubeconfig: ${(error as Error).message}`);
    }
  };
  const clusterOf = async (arg: unknown): Promise<TreeNode | undefined> =>
    isNode(arg) && arg.ctx.clusterId ? host.model.node(clusterNodeId(arg)) ?? arg : host.nodeOf(arg, 'cluster', vscode.l10n.t('Cluster'));
  const after = async (node: TreeNode) => {
    await reloadExpiries();
    host.tree.refresh(host.model.node(`${node.ctx.profileId}/${node.ctx.region}`));
  };

  runCmd('kubeconfig.setup', 'Set up kubectl', async (arg?: TreeNode) => {
    const node = await clusterOf(arg);
    if (!node) return;
    const cluster = node.data as Cluster | undefined;
    const result = await setupKubectl(host.ui, await host.api(node), {
      id: node.ctx.clusterId ?? '', name: node.ctx.clusterName ?? node.label, region: node.ctx.region ?? '',
      hasExternal: !!cluster?.status?.endpoints?.some((e) => e.type === 'External'),
    }, location());
    if (result) await after(node);
  });
  runCmd('kubeconfig.undo', 'Undo kubectl setup', async (arg?: TreeNode) => {
    if (await undoKubectl(host.ui, location()) && isNode(arg)) await after(arg);
  });
  runCmd('kubeconfig.remove', 'Remove from kubeconfig', async (arg?: TreeNode) => {
    const node = await clusterOf(arg);
    if (!node) return;
    if (await removeKubectl(host.ui, { id: node.ctx.clusterId ?? '', name: node.label }, location())) await after(node);
  });
  return reloadExpiries;
}
