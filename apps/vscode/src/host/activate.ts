import * as vscode from 'vscode';
import { safe, safeOutputChannel } from './safeText.js';
import { describeFailure, formatFailure, isAbort, type CceApi } from '../core/api.js';
import { connect, credentialsOf } from '../core/connect.js';
import { bundledEmulator, emulatorCandidates, findEmulator, startEmulator, type RunningEmulator } from '../core/emulator.js';
import * as flows from '../core/flows.js';
import { delayUpgradePlan, setMaintenanceWindow } from '../core/maintenance.js';
import type { UpgradePlan } from '@cce-autopilot/models';
import { Poller } from '../core/poller.js';
import { ProfileStore, validate, type Profile } from '../core/profiles.js';
import type { Cluster, ResourceTag, Task } from '../core/resources.js';
import { TreeModel, type ProfileInfo, type TreeNode } from '../core/tree.js';
import { logRequest } from './log.js';
import { READONLY_SCHEME, ReadonlyDocs } from './readonlyDocs.js';
import { readSettings, settingsProfile, SETTINGS_PROFILE_ID } from './settings.js';
import { ClusterTreeProvider } from './treeProvider.js';
import { kubeconfigLocation, registerKubeconfig } from './kubeconfig.js';
import { registerMcp } from './mcp.js';
import { registerValues } from './values.js';
import { registerWorkloads } from './workloads.js';
import { kubeReaderWith, registerKubeCommands, registerKubernetesView, watchKubeTree } from './kubeCommands.js';
import { registerSignIn } from './signIn.js';
import { VscodeUi } from './ui.js';

export const VIEW_ID = 'cceAutopilot.clusters';

/** What the command modules share. */
export interface Host {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly ui: VscodeUi;
  readonly model: TreeModel;
  readonly tree: ClusterTreeProvider;
  readonly profiles: ProfileStore;
  /** The API of a node's profile and region. */
  api(node: TreeNode): Promise<CceApi>;
  /** Runs a command body; failures are shown with code, message, request id and "Show log". */
  run(name: string, body: () => Promise<unknown>): Promise<void>;
  /** The node a command was invoked on, or one the user picks among loaded nodes of that kind. */
  nodeOf(arg: unknown, kind: TreeNode['kind'], title: string): Promise<TreeNode | undefined>;
  refreshNode(node: TreeNode | undefined, childKind?: TreeNode['kind']): void;
  /** Runs a long operation, refreshing `node` once the API accepted it and again when it ends. */
  following<T>(node: TreeNode | undefined, run: () => Promise<T>): Promise<T>;
}

export async function activateExtension(context: vscode.ExtensionContext): Promise<Host> {
  const log = safeOutputChannel(vscode.window.createOutputChannel('CCE Autopilot', { log: true }));
  const docs = new ReadonlyDocs();
  const ui = new VscodeUi(docs);
  context.subscriptions.push(log, docs, vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, docs));

  const profiles = new ProfileStore(context.globalState, context.secrets, () => settingsProfile(readSettings()));
  let emulator: RunningEmulator | undefined;
  context.subscriptions.push({ dispose: () => emulator?.stop() });

  const activeInfo = (): ProfileInfo | undefined => {
    const p = profiles.active();
    if (!p) return undefined;
    const shown = readSettings().regions;
    const regions = p.fromSettings || shown.length === 0 ? p.regions : p.regions.filter((r) => shown.includes(r)).concat(shown.filter((r) => !p.regions.includes(r)));
    return { id: p.id, name: p.name, regions };
  };

  const expiries = new Map<string, Date>();
  const model = new TreeModel({
    activeProfile: activeInfo,
    certExpiry: (clusterId) => expiries.get(clusterId),
    kubeReader: kubeReaderWith(() => kubeconfigLocation(readSettings().kubeconfigPath), log),
    connect: async (info, region) => {
      const profile = profiles.get(info.id);
      if (!profile) throw new Error(`Profile ${info.name} no longer exists.`);
      const secret = await profiles.secret(profile.id);
      const s = readSettings();
      const settings = { endpoints: s.endpoints, ...(s.iamEndpoint ? { iamEndpoint: s.iamEndpoint } : {}) };
      return connect(profile, region, credentialsOf(profile, secret, region, settings), settings, (e) => logRequest(log, e));
    },
  });

  const poller = new Poller({ transientParents: model.transientParents, refresh: async (ids) => tree.refreshIds(ids) }, readSettings().pollIntervalSeconds * 1000);
  const tree = new ClusterTreeProvider(model, () => {
    void vscode.commands.executeCommand('setContext', 'cceAutopilot.state', model.state);
    poller.reschedule();
  });
  const view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  poller.setVisible(view.visible);
  context.subscriptions.push(tree, view, view.onDidChangeVisibility((e) => poller.setVisible(e.visible)), { dispose: () => poller.stop() });
  context.subscriptions.push(watchKubeTree(view, model, (ids) => tree.refreshIds(ids), () => activeInfo()?.id, log));

  const status = vscode.window.createStatusBarItem('cceAutopilot.profile', vscode.StatusBarAlignment.Left, 10);
  status.name = 'CCE Autopilot profile';
  status.command = 'cceAutopilot.switchProfile';
  context.subscriptions.push(status);
  const updateStatus = () => {
    const p = profiles.active();
    status.text = `$(cloud) ${p ? p.name : vscode.l10n.t('CCE: not signed in')}`;
    status.tooltip = p ? vscode.l10n.t('CCE Autopilot profile {0} ({1}). Click to switch.', p.name, p.regions.join(', ') || '-') : vscode.l10n.t('Sign in to CCE Autopilot');
    status.show();
  };
  let onReload = () => {};
  const reload = () => {
    onReload();
    updateStatus();
    view.message = model.filter ? vscode.l10n.t('Filtered by "{0}"', model.filter) : undefined;
    void vscode.commands.executeCommand('setContext', 'cceAutopilot.filtered', !!model.filter);
    tree.refresh();
  };
  updateStatus();

  const host: Host = {
    context, log, ui, model, tree, profiles,
    api: (node) => model.api(node.ctx),
    async run(name, body) {
      try {
        await body();
      } catch (error) {
        if (isAbort(error) || (error as { name?: string }).name === 'CceAbortError') {
          log.info(`${name}: cancelled`);
          return;
        }
        const f = describeFailure(error);
        log.error(`${name}: ${formatFailure(f)}`);
        const showLog = vscode.l10n.t('Show log');
        const copy = vscode.l10n.t('Copy request id');
        const actions = f.requestId ? [showLog, copy] : [showLog];
        const chosen = await vscode.window.showErrorMessage(safe(`${name}: ${formatFailure(f)}`), ...actions);
        if (chosen === showLog) log.show(true);
        if (chosen === copy && f.requestId) await vscode.env.clipboard.writeText(f.requestId);
      }
    },
    async nodeOf(arg, kind, title) {
      if (isNode(arg) && arg.kind === kind) return arg;
      await model.roots();
      const regions = await Promise.all((activeInfo()?.regions ?? []).map((r) => model.node(`${activeInfo()?.id}/${r}`)).filter((n): n is TreeNode => !!n).map((n) => model.children(n)));
      let candidates = regions.flat().filter((n) => n.kind === kind);
      if (kind !== 'cluster' && kind !== 'region') candidates = [];
      if (kind === 'region') candidates = (activeInfo()?.regions ?? []).map((r) => model.node(`${activeInfo()?.id}/${r}`)).filter((n): n is TreeNode => !!n);
      if (candidates.length === 1) return candidates[0];
      return ui.pick(candidates.map((n) => ({ label: n.label, description: n.description, detail: n.ctx.region, value: n })), { title });
    },
    async following(node, run) {
      // A node never loaded has nothing to update; refreshing `undefined` would reload everything.
      const refresh = () => { if (node) tree.refresh(node); };
      const off = ui.onFirstReport(refresh);
      try {
        return await run();
      } finally {
        off();
        refresh();
      }
    },
    refreshNode(node, childKind) {
      if (!node) { tree.refresh(); return; }
      const target = childKind ? model.node(`${node.id}/${childKind}`) ?? node : node;
      tree.refresh(target);
    },
  };

  // A menu command gets the object VS Code holds for its row, which a reload of the row kept (see
  // ClusterTreeProvider.reload); the command works on what was loaded last for that row.
  const latest = (arg: unknown): unknown => (isNode(arg) ? model.node(arg.id) ?? arg : Array.isArray(arg) ? arg.map(latest) : arg);
  const cmd = (id: string, fn: (...args: any[]) => unknown) => context.subscriptions.push(vscode.commands.registerCommand(`cceAutopilot.${id}`, (...args: unknown[]) => fn(...args.map(latest))));
  const runCmd = (id: string, title: string, fn: (...args: any[]) => Promise<unknown>) => cmd(id, (...args: unknown[]) => host.run(vscode.l10n.t(title), () => fn(...args)));

  registerSignIn(host, runCmd, reload);

  runCmd('useEmulator', 'Use the local emulator', async () => {
    const s = readSettings();
    let info: { url: string; region: string; projectId: string; ak: string; sk: string };
    if (s.emulatorUrl) {
      const ak = s.emulatorAccessKey || await ui.input({ title: vscode.l10n.t('Access key the emulator at {0} accepts', s.emulatorUrl), validate: validate.accessKey });
      if (!ak) return;
      const sk = s.emulatorSecretKey || await ui.input({ title: vscode.l10n.t('Secret key of that access key'), password: true, validate: (v) => validate.secret(v, 'secret key') });
      if (!sk) return;
      info = { url: s.emulatorUrl, region: s.region || 'cn-north-4', projectId: s.projectId, ak, sk };
    } else {
      const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath);
      const main = findEmulator(emulatorCandidates(s.emulatorPath || undefined, folders, bundledEmulator(context.extensionPath)));
      if (!main) {
        const open = vscode.l10n.t('Open settings');
        const chosen = await vscode.window.showWarningMessage(vscode.l10n.t('The emulator bundled with the extension (dist/emulator.js) is missing: reinstall the extension, set cceAutopilot.emulator.path to an emulator start script, or set cceAutopilot.emulator.url to a running emulator.'), open);
        if (chosen === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'cceAutopilot.emulator');
        return;
      }
      emulator?.stop();
      const emuLog = (line: string) => log.info(`[emulator] ${line}`);
      emulator = await ui.progress(vscode.l10n.t('Starting the local emulator'), () => startEmulator(main, 'node', { ...process.env }, emuLog)
        .catch(() => startEmulator(main, process.execPath, { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, emuLog)));
      info = emulator;
      log.info(`emulator listening at ${emulator.url} (region ${emulator.region}, project ${emulator.projectId})`);
    }
    const existing = profiles.list().find((p) => p.kind === 'emulator' && !p.fromSettings);
    if (existing) await profiles.remove(existing.id);
    await profiles.add({
      name: 'emulator', kind: 'emulator', regions: [info.region], endpoint: info.url,
      ...(info.projectId ? { projectIds: { [info.region]: info.projectId } } : {}),
    }, { ak: info.ak, sk: info.sk });
    model.invalidate();
    reload();
    ui.info(vscode.l10n.t('Connected to the emulator at {0}.', info.url));
  });

  cmd('stopEmulator', () => {
    if (!emulator) { ui.info(vscode.l10n.t('No emulator was started by this window.')); return; }
    emulator.stop();
    emulator = undefined;
    model.invalidate();
    reload();
  });

  runCmd('switchProfile', 'Switch profile', async () => {
    const list = profiles.list();
    const active = profiles.active();
    const signIn = { label: `$(add) ${vscode.l10n.t('Sign in…')}`, value: '__signin' };
    const emu = { label: `$(server-process) ${vscode.l10n.t('Use the local emulator')}`, value: '__emulator' };
    const id = await ui.pick([
      ...list.map((p) => ({ label: p.name, description: `${p.kind} · ${p.regions.join(', ') || '-'}${p.id === active?.id ? ' · ' + vscode.l10n.t('active') : ''}`, value: p.id })),
      signIn, emu,
    ], { title: vscode.l10n.t('CCE Autopilot profile') });
    if (!id) return;
    if (id === '__signin') return vscode.commands.executeCommand('cceAutopilot.signIn');
    if (id === '__emulator') return vscode.commands.executeCommand('cceAutopilot.useEmulator');
    await profiles.setActive(id);
    model.invalidate();
    reload();
  });

  runCmd('removeProfile', 'Remove profile', async (node?: TreeNode) => {
    const p = node ? profiles.get(node.ctx.profileId) : profiles.active();
    if (!p) return;
    if (p.fromSettings) { ui.warn(vscode.l10n.t('This profile comes from the cceAutopilot.endpoint settings; clear them to remove it.')); return; }
    if (!(await ui.confirm(vscode.l10n.t('Remove profile {0}?', p.name), vscode.l10n.t('Its secrets are deleted from secret storage.'), vscode.l10n.t('Remove')))) return;
    await profiles.remove(p.id);
    model.invalidate();
    reload();
  });

  runCmd('chooseRegions', 'Choose regions', async () => {
    const p = profiles.active();
    if (!p) return vscode.commands.executeCommand('cceAutopilot.signIn');
    const regions = await flows.pickRegions(ui, p.regions);
    if (!regions) return;
    if (p.fromSettings || p.kind === 'emulator') {
      await vscode.workspace.getConfiguration('cceAutopilot').update('regions', regions, vscode.ConfigurationTarget.Global);
    } else {
      await profiles.update(p.id, { regions });
    }
    model.invalidate();
    reload();
  });

  cmd('refresh', (node?: TreeNode) => {
    if (isNode(node) && node.kind !== 'profile') tree.refresh(node);
    else { model.invalidate(); reload(); }
  });
  cmd('retry', (node?: TreeNode) => {
    const target = isNode(node) && node.ctx.retryOf ? model.node(node.ctx.retryOf) : undefined;
    if (target && target.kind !== 'profile') tree.refresh(target);
    else { model.invalidate(); reload(); }
  });
  cmd('showLog', () => log.show(true));
  runCmd('filter', 'Filter clusters', async () => {
    const text = await ui.input({ title: vscode.l10n.t('Show clusters whose name contains'), value: model.filter });
    if (text === undefined) return;
    model.setFilter(text);
    reload();
  });
  cmd('clearFilter', () => { model.setFilter(''); reload(); });

  registerKubeCommands(runCmd, model, ui, (n) => tree.refresh(n));
  context.subscriptions.push(registerKubernetesView(runCmd, ui, () => kubeconfigLocation(readSettings().kubeconfigPath)));
  runCmd('showDetails', 'Show details', async (node?: TreeNode) => {
    const n = isNode(node) ? node : await host.nodeOf(node, 'cluster', vscode.l10n.t('Cluster'));
    if (!n) return;
    let data = n.data;
    if (n.kind === 'cluster') data = await (await host.api(n)).call('ShowAutopilotCluster', { path: { cluster_id: n.ctx.clusterId ?? '' } });
    await ui.showText(`${n.label}`, flows.detailsYaml(data), 'yaml');
  });
  runCmd('copyId', 'Copy id', async (node?: TreeNode) => {
    const n = isNode(node) ? node : await host.nodeOf(node, 'cluster', vscode.l10n.t('Cluster'));
    if (!n) return;
    const data = n.data as { metadata?: { uid?: string }; id?: string } | undefined;
    const id = n.kind === 'cluster' ? n.ctx.clusterId : data?.metadata?.uid ?? data?.id;
    if (!id) { ui.warn(vscode.l10n.t('This item has no id.')); return; }
    await ui.copy(id);
    vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', id), 3000);
  });

  const withCluster = (id: string, title: string, fn: (api: CceApi, cluster: Cluster, node: TreeNode) => Promise<unknown>) =>
    runCmd(id, title, async (arg?: TreeNode) => {
      const owner = isNode(arg) && arg.ctx.clusterId ? arg : undefined;
      const node = owner?.kind === 'cluster' ? owner : owner ? model.node(clusterNodeId(owner)) : await host.nodeOf(arg, 'cluster', vscode.l10n.t('Cluster'));
      if (!node) return;
      const api = await host.api(node);
      const cluster = await api.call<Cluster>('ShowAutopilotCluster', { path: { cluster_id: node.ctx.clusterId ?? '' } });
      await fn(api, cluster, node);
    });
  const regionOf = (n: TreeNode) => model.node(`${n.ctx.profileId}/${n.ctx.region}`);

  runCmd('cluster.create', 'Create cluster', async (arg?: TreeNode) => {
    const region = isNode(arg) && arg.kind === 'region' ? arg : await host.nodeOf(arg, 'region', vscode.l10n.t('Region'));
    if (!region) return;
    const api = await host.api(region);
    const names = (await model.children(region)).filter((n) => n.kind === 'cluster').map((n) => n.label);
    // The new cluster shows (Creating) as soon as the API accepted it; polling follows it.
    const c = await host.following(region, () => flows.createCluster(ui, api, names));
    if (c) ui.info(vscode.l10n.t('Cluster {0} is {1}.', c.metadata?.name ?? '', c.status?.phase ?? 'created'));
  });
  withCluster('cluster.setMaintenanceWindow', 'Set maintenance window', async (api, c, node) => {
    const w = await setMaintenanceWindow(ui, api, node.ctx.clusterId ?? '', c.metadata?.name ?? '');
    if (w) { ui.info(vscode.l10n.t('Maintenance window of {0}: {1} from {2} UTC for {3} h.', c.metadata?.name ?? '', w.weekly_period, w.start_time, String(w.duration_hours))); tree.refresh(node); }
  });
  runCmd('upgradePlan.delay', 'Delay upgrade plan', async (arg?: TreeNode) => {
    if (!isNode(arg) || arg.kind !== 'upgradePlan' || !arg.ctx.clusterId) { ui.warn(vscode.l10n.t('Choose an upgrade plan in the tree.')); return; }
    const api = await host.api(arg);
    if (await delayUpgradePlan(ui, api, arg.ctx.clusterId, arg.data as UpgradePlan)) tree.refresh(model.node(clusterNodeId(arg)));
  });
  withCluster('cluster.updateDescription', 'Update description', async (api, c, node) => { if (await flows.updateDescription(ui, api, c)) tree.refresh(regionOf(node)); });
  withCluster('cluster.delete', 'Delete cluster', async (api, c, node) => {
    if (await host.following(regionOf(node), () => flows.deleteCluster(ui, api, c))) { ui.info(vscode.l10n.t('Cluster {0} was deleted.', c.metadata?.name ?? '')); }
  });
  withCluster('cluster.bindEip', 'Bind EIP', async (api, c, node) => { if (await flows.bindEip(ui, api, c, true)) tree.refresh(regionOf(node)); });
  withCluster('cluster.unbindEip', 'Unbind EIP', async (api, c, node) => { if (await flows.bindEip(ui, api, c, false)) tree.refresh(regionOf(node)); });

  withCluster('tags.add', 'Add tag', async (api, c, node) => { if (await flows.addTag(ui, api, node.ctx.clusterId ?? '', c.spec?.clusterTags ?? [])) host.refreshNode(node, 'tags'); });
  runCmd('tags.remove', 'Remove tag', async (arg?: TreeNode) => {
    if (!isNode(arg) || arg.kind !== 'tag') return;
    const tag = arg.data as ResourceTag;
    if (await flows.removeTag(ui, await host.api(arg), arg.ctx.clusterId ?? '', tag.key ?? '')) tree.refresh(model.node(`${clusterNodeId(arg)}/tags`));
  });

  withCluster('upgrade.precheck', 'Pre-upgrade check', async (api, c, node) => {
    const t = await flows.precheck(ui, api, c);
    host.refreshNode(node, 'upgrade');
    if (t) await ui.showText(`pre-check ${c.metadata?.name}`, flows.detailsYaml(t), 'yaml');
  });
  withCluster('upgrade.snapshot', 'Snapshot', async (api, c, node) => { await flows.snapshot(ui, api, c); host.refreshNode(node, 'upgrade'); });
  withCluster('upgrade.start', 'Upgrade cluster', async (api, c, node) => {
    const t = await host.following(model.node(`${node.id}/upgrade`), () => flows.upgradeCluster(ui, api, c));
    tree.refresh(regionOf(node));
    if (t) ui.info(vscode.l10n.t('Upgrade of {0}: {1}', c.metadata?.name ?? '', t.status?.phase ?? ''));
  });
  withCluster('upgrade.retry', 'Retry upgrade', async (api, c, node) => { await flows.retryUpgrade(ui, api, c); host.refreshNode(node, 'upgrade'); });
  withCluster('upgrade.postcheck', 'Post-check', async (api, c, node) => {
    const t = await flows.postcheck(ui, api, c);
    host.refreshNode(node, 'upgrade');
    ui.info(vscode.l10n.t('Post-upgrade check: {0}', t.status?.phase ?? '?'));
  });
  withCluster('upgrade.createWorkflow', 'Start upgrade workflow', async (api, c, node) => { if (await flows.createWorkflow(ui, api, c)) host.refreshNode(node, 'upgrade'); });
  runCmd('upgrade.cancelWorkflow', 'Cancel workflow', async (arg?: TreeNode) => {
    if (!isNode(arg) || arg.contextValue !== 'workflow') return;
    if (await flows.cancelWorkflow(ui, await host.api(arg), arg.ctx.clusterId ?? '', arg.data as Task)) tree.refresh(model.node(`${clusterNodeId(arg)}/upgrade/workflows`));
  });

  runCmd('quotas.show', 'Show quotas', async () => {
    const region = await host.nodeOf(undefined, 'region', vscode.l10n.t('Region'));
    if (!region) return;
    const api = await host.api(region);
    const [q, cq] = await Promise.all([api.call('ShowAutopilotQuotas'), api.call('ShowAutopilotUserChartsQuotas')]);
    await ui.showText(`quotas ${region.label}`, flows.detailsYaml({ cce: q, charts: cq }), 'yaml');
  });


  const values = await registerValues(host, runCmd);
  onReload = () => values.schemasChanged();
  registerWorkloads(host, runCmd, values);
  registerMcp(host, runCmd);
  const reloadExpiries = registerKubeconfig(host, runCmd, () => readSettings().kubeconfigPath, expiries);
  void reloadExpiries().then(() => { if (expiries.size > 0) tree.refresh(); });

  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('cceAutopilot')) return;
    poller.setInterval(readSettings().pollIntervalSeconds * 1000);
    if (e.affectsConfiguration('cceAutopilot.kubeconfigPath')) void reloadExpiries().then(() => tree.refresh());
    if (['regions', 'endpoint', 'endpoints', 'iamEndpoint', 'region', 'projectId', 'emulator'].some((k) => e.affectsConfiguration(`cceAutopilot.${k}`))) {
      model.invalidate();
      reload();
    }
  }));
  if (profiles.active()?.id === SETTINGS_PROFILE_ID) log.info('Using the emulator profile from settings.');
  return host;
}

export function isNode(v: unknown): v is TreeNode {
  return typeof v === 'object' && v !== null && typeof (v as TreeNode).id === 'string' && typeof (v as TreeNode).kind === 'string';
}

/** `profile/region/clusterId/...` -> `profile/region/clusterId`. */
export function clusterNodeId(n: TreeNode): string {
  const parts = n.id.split('/');
  return parts.slice(0, 3).join('/');
}

export type CommandRegistrar = (id: string, fn: (...args: any[]) => unknown) => void;
export type RunRegistrar = (id: string, title: string, fn: (...args: any[]) => Promise<unknown>) => void;
export type { Profile };
