import * as vscode from 'vscode';
import { isNode, type TreeNode } from '../../core/tree.js';
import type { CommandHost } from '../host.js';
import { openInKubernetesView, registerKubeCommands } from '../kubeCommands.js';
import { readSettings } from '../settings.js';
import { addonCommands } from './addons.js';
import { clusterCommands } from './clusters.js';
import { COMMAND_PREFIX, type Command } from './command.js';
import { kubeconfigCommands, kubeconfigLocation } from './kubeconfig.js';
import { mcpCommands } from './mcp.js';
import { profileCommands } from './profiles.js';
import { releaseCommands } from './releases.js';
import { upgradeCommands } from './upgrade.js';
import { valuesCommands } from './values.js';
import { viewCommands } from './view.js';

/** Every command of the extension but the Kubernetes rows' (host/kubeCommands.ts), one module per area. */
export const commands: readonly Command[] = [
  ...profileCommands, ...viewCommands, ...clusterCommands, ...upgradeCommands, ...addonCommands,
  ...releaseCommands, ...kubeconfigCommands, ...valuesCommands, ...mcpCommands,
];

/**
 * The commands on Kubernetes rows and "Open in Kubernetes view", as table entries
 * (host/kubeCommands.ts registers them through a callback; activate.ts keeps the context key
 * `cceAutopilot.kubernetesExtension` that shows the latter).
 */
export function kubeCommands(host: Pick<CommandHost, 'model' | 'ui' | 'tree'>): Command[] {
  const list: Command[] = [];
  registerKubeCommands((id, title, fn) => list.push({ id, title, handler: (_host, node) => fn(node) }), host.model, host.ui, (n) => host.tree.refresh(n));
  list.push({
    id: 'kube.openInKubernetesView', title: 'Open in Kubernetes view',
    handler: (_host, node) => openInKubernetesView(host.ui, () => kubeconfigLocation(readSettings().kubeconfigPath))(node),
  });
  return list;
}

/** Registers each command of the table once; a failure of a titled one is shown by Host.run. */
export function registerCommands(host: CommandHost, table: readonly Command[]): void {
  // A menu command gets the object VS Code holds for its row, which a reload of the row kept (see
  // ClusterTreeProvider.reload); the command works on what was loaded last for that row.
  const latest = (arg: unknown): TreeNode | undefined => (isNode(arg) ? host.model.node(arg.id) ?? arg : undefined);
  for (const c of table) {
    const title = c.title;
    const run = title
      ? (node: TreeNode | undefined) => host.run(vscode.l10n.t(title), async () => c.handler(host, node))
      : (node: TreeNode | undefined) => c.handler(host, node);
    host.context.subscriptions.push(vscode.commands.registerCommand(`${COMMAND_PREFIX}${c.id}`, (arg?: unknown) => run(latest(arg))));
  }
}
