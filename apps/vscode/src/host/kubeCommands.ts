import type { TreeModel, TreeNode } from '../core/tree.js';
import type { ObjectRow } from '../core/kube.js';
import * as vscode from 'vscode';
import { terminalSafe } from '@cce-autopilot/models';
import { deletePod, followPodLog, objectYaml, podLog, restartDeployment } from '../core/kubeActions.js';
import type { Ui } from '../core/ui.js';
import { TreeWatches } from '../core/kubeWatch.js';
import { clusterReader } from '../core/kubeCredentials.js';
import type { CceApi } from '../core/api.js';
import type { KubeReader } from '../core/kube.js';
import { listMergedClusters, type LocationInput } from '@cce-autopilot/kubeconfig';
import { currentContextOf, KUBERNETES_EXPLORER_VIEW, KUBERNETES_EXTENSION_ID, planKubernetesView } from '../core/kubeView.js';

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

/**
 * The Kubernetes rows refresh from the cluster's watches while they are shown (kubeWatch.ts): a row
 * expanded in the visible view is watched; collapsing it, hiding the view or disposing stops that.
 */
export function watchKubeTree(
  view: vscode.TreeView<TreeNode>,
  model: TreeModel,
  refreshIds: (ids: readonly string[]) => Promise<void>,
  activeProfileId: () => string | undefined,
  log?: vscode.LogOutputChannel,
): vscode.Disposable {
  const watches: TreeWatches = new TreeWatches({
    // Rows of a profile no longer shown are gone for the watches (the model keeps what it loaded).
    node: (id) => { const n = model.node(id); return n && n.ctx.profileId === activeProfileId() ? n : undefined; },
    children: (n) => model.children(n as TreeNode),
    reader: (n) => model.kube((n as TreeNode).ctx),
    // Rows read again may be other rows now (a release's new kinds): the watches follow them.
    refresh: (ids) => void refreshIds(ids).then(() => watches.reconcile()),
    listWatch: { onError: (path, e) => log?.warn(`watch ${path}: ${terminalSafe(e instanceof Error ? e.message : String(e))}; retrying`) },
  });
  void watches.setVisible(view.visible);
  return vscode.Disposable.from(
    view.onDidExpandElement((e) => void watches.expanded(e.element.id)),
    view.onDidCollapseElement((e) => void watches.collapsed(e.element.id)),
    view.onDidChangeVisibility((e) => void watches.setVisible(e.visible)),
    { dispose: () => watches.dispose() },
  );
}

/**
 * How the tree reaches a cluster's API: with the kubeconfig context the user set up for it (Set up
 * kubectl) when it verifies the server and is accepted, otherwise a one-day certificate fetched
 * from the service (kubeCredentials.ts). The log says which, never the credentials.
 */
export function kubeReaderWith(location: () => LocationInput, log?: vscode.LogOutputChannel): (api: CceApi, clusterId: string) => Promise<KubeReader> {
  return (api, clusterId) => clusterReader(api, clusterId, {
    location: location(),
    onSource: (s) => log?.info(s.kind === 'kubeconfig'
      ? `cluster ${clusterId}: using kubeconfig context ${terminalSafe(s.context)} (${terminalSafe(s.file)})`
      : `cluster ${clusterId}: fetched a one-day certificate (${terminalSafe(s.reason)})`),
  });
}

/** What the Kubernetes extension's activate() gives: its API broker (vscode-kubernetes-tools-api). */
interface KubernetesApiBroker {
  get(component: string, version: string): { available: true; api: any } | { available: false; reason?: string };
}

/**
 * "Open in Kubernetes view" on a cluster (and its Kubernetes node) where the Kubernetes extension
 * is installed: the context Set up kubectl wrote for the cluster becomes current through that
 * extension's kubectl (`config use-context`), its cluster explorer is refreshed and shown.
 * The context key `cceAutopilot.kubernetesExtension` keeps the menu entry to where it works.
 */
export function registerKubernetesView(
  runCmd: (id: string, title: string, fn: (node?: TreeNode) => Promise<unknown>) => void,
  ui: Ui,
  location: () => LocationInput,
): vscode.Disposable {
  runCmd('kube.openInKubernetesView', 'Open in Kubernetes view', openInKubernetesView(ui, location));
  return trackKubernetesExtension();
}

const kubernetesExtension = () => vscode.extensions.getExtension<KubernetesApiBroker>(KUBERNETES_EXTENSION_ID);

/** Keeps the context key `cceAutopilot.kubernetesExtension` equal to whether that extension is installed. */
export function trackKubernetesExtension(): vscode.Disposable {
  const update = () => void vscode.commands.executeCommand('setContext', 'cceAutopilot.kubernetesExtension', kubernetesExtension() !== undefined);
  update();
  return vscode.extensions.onDidChange(update);
}

/** The body of "Open in Kubernetes view" (a cluster row, or its Kubernetes node). */
export function openInKubernetesView(ui: Ui, location: () => LocationInput): (node?: TreeNode) => Promise<void> {
  const plan = async (node: TreeNode, broker: KubernetesApiBroker | undefined) => {
    const merged = await listMergedClusters(location());
    const configuration = broker?.get('configuration', 'v1');
    const path = configuration?.available ? (configuration.api.getKubeconfigPath?.() as { pathType?: string; hostPath?: string } | undefined) : undefined;
    const viewKubeconfig = path?.pathType === 'host' ? path.hostPath : undefined;
    const mine = merged.find((m) => m.clusterId === node.ctx.clusterId);
    const currentContext = mine ? await currentContextOf(mine.file) : undefined;
    return planKubernetesView({
      installed: kubernetesExtension() !== undefined, clusterId: node.ctx.clusterId ?? '', clusterName: node.ctx.clusterName ?? node.label,
      merged, ...(viewKubeconfig ? { viewKubeconfig } : {}), ...(currentContext ? { currentContext } : {}),
    }, ui);
  };
  return async (node?: TreeNode) => {
    if (!node?.ctx.clusterId) return;
    const ext = kubernetesExtension();
    const broker = ext ? await ext.activate() : undefined;
    let next = await plan(node, broker);
    if (next.kind === 'setUpFirst') {
      if (!(await ui.confirm(next.message, '', vscode.l10n.t('Set Up kubectl')))) return;
      await vscode.commands.executeCommand('cceAutopilot.kubeconfig.setup', node);
      next = await plan(node, broker);
    }
    if (next.kind !== 'open') throw new Error(next.message);
    if (next.switchContext) {
      const kubectl = broker?.get('kubectl', 'v1');
      if (!kubectl?.available) throw new Error(vscode.l10n.t('The Kubernetes extension offers no kubectl API ({0}).', kubectl && !kubectl.available ? kubectl.reason ?? '' : ''));
      const result = (await kubectl.api.invokeCommand(`config use-context ${next.context}`)) as { code: number; stderr: string } | undefined;
      if (!result || result.code !== 0) throw new Error(vscode.l10n.t('kubectl config use-context {0} failed: {1}', next.context, terminalSafe(result?.stderr.trim() || 'kubectl could not be run')));
    }
    const explorer = broker?.get('clusterexplorer', 'v1');
    if (explorer?.available) explorer.api.refresh();
    await vscode.commands.executeCommand(`${KUBERNETES_EXPLORER_VIEW}.focus`);
  };
}
