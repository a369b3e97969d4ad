import type { TreeModel, TreeNode } from '../core/tree.js';
import type { ObjectRow } from '../core/kube.js';
import * as vscode from 'vscode';
import { terminalSafe } from '@cce-autopilot/models';
import { deletePod, followPodLog, objectYaml, podLog, restartDeployment } from '../core/kubeActions.js';
import type { Ui } from '../core/ui.js';

/** Commands on the Kubernetes rows of the tree (kubeObject.<Kind>); `runCmd` is activate's error-reporting wrapper. */
export function registerKubeCommands(
  runCmd: (id: string, title: string, fn: (...args: any[]) => Promise<unknown>) => void,
  model: TreeModel,
  ui: Ui,
  refresh: (node: TreeNode | undefined) => void,
): void {
  const row = (node: unknown): { node: TreeNode; row: ObjectRow } | undefined => {
    const n = node as TreeNode | undefined;
    return n && n.kind === 'kubeObject' ? { node: n, row: n.data as ObjectRow } : undefined;
  };
  // A row's parent is a release or a kind group; both read the cluster again when refreshed.
  const parentOf = (n: TreeNode) => model.node(n.id.split('/').slice(0, -3).join('/'));
  runCmd('kube.showYaml', 'Show YAML', async (node?: TreeNode) => {
    const r = row(node);
    if (!r) return;
    await ui.showText(`${r.row.kind} ${r.row.namespace ? `${r.row.namespace}-` : ''}${r.row.name}`, await objectYaml(await model.kube(r.node.ctx), r.row), 'yaml');
  });
  runCmd('kube.logs', 'Logs', async (node?: TreeNode) => {
    const r = row(node);
    if (!r) return;
    await ui.showText(`log ${r.row.namespace}-${r.row.name}`, await podLog(await model.kube(r.node.ctx), r.row), 'log');
  });
  runCmd('kube.followLogs', 'Follow logs', async (node?: TreeNode) => {
    const r = row(node);
    if (!r) return;
    const reader = await model.kube(r.node.ctx);
    // Streamed into an output channel of its own while the progress notification is open (Cancel stops it).
    const channel = vscode.window.createOutputChannel(`CCE Autopilot: ${r.row.namespace}/${r.row.name}`);
    channel.show(true);
    await ui.progress(vscode.l10n.t('Following the log of {0}', r.row.name), (_p, signal) => followPodLog(reader, r.row, (t) => channel.append(t.split('\n').map((l) => terminalSafe(l)).join('\n')), signal));
  });
  runCmd('kube.restart', 'Restart deployment', async (node?: TreeNode) => {
    const r = row(node);
    if (r && (await restartDeployment(ui, await model.kube(r.node.ctx), r.row))) refresh(parentOf(r.node));
  });
  runCmd('kube.deletePod', 'Delete pod', async (node?: TreeNode) => {
    const r = row(node);
    if (r && (await deletePod(ui, await model.kube(r.node.ctx), r.row))) refresh(parentOf(r.node));
  });
}
