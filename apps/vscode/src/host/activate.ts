import * as vscode from 'vscode';
import * as l10n from '@vscode/l10n';
import { safeOutputChannel } from './safeText.js';
import { connect, credentialsOf } from '../core/connect.js';
import type { RunningEmulator } from '../core/emulator.js';
import { Poller } from '../core/poller.js';
import { ProfileStore } from '../core/profiles.js';
import { nodeId, TreeModel, type ProfileInfo } from '../core/tree.js';
import { commands, kubeCommands, registerCommands } from './commands/index.js';
import { kubeconfigHost, kubeconfigLocation } from './commands/kubeconfig.js';
import type { CommandHost, Host } from './host.js';
import { createHost } from './createHost.js';
import { logRequest } from './log.js';
import { READONLY_SCHEME, ReadonlyDocs } from './readonlyDocs.js';
import { readSettings, settingsProfile, SETTINGS_PROFILE_ID } from './settings.js';
import { ClusterTreeProvider } from './treeProvider.js';
import { kubeReaderWith, trackKubernetesExtension, watchKubeTree } from './kubeCommands.js';
import { registerValues } from './values.js';
import { VscodeUi } from './ui.js';

export const VIEW_ID = 'cceAutopilot.clusters';

export async function activateExtension(context: vscode.ExtensionContext): Promise<Host> {
  // The command flows (core/) translate through @vscode/l10n: give it the bundle VS Code loaded
  // for the display language (none for English).
  l10n.config({ contents: vscode.l10n.bundle ?? {} });
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

  const host = createHost({ context, log, ui, model, tree, profiles, activeInfo });

  const values = await registerValues(host);
  onReload = () => values.schemasChanged();
  const kubeconfig = kubeconfigHost(log, expiries);
  const commandHost: CommandHost = {
    ...host, values, kubeconfig, reload,
    get emulator() { return emulator; },
    set emulator(e: RunningEmulator | undefined) { emulator = e; },
  };
  registerCommands(commandHost, [...commands, ...kubeCommands(host)]);
  context.subscriptions.push(trackKubernetesExtension());
  // Certificate expiries show on cluster rows: re-read the cluster lists, re-render the rows that changed.
  const clusterLists = () => {
    const p = activeInfo();
    return p ? p.regions.map((region) => nodeId({ kind: 'region', profileId: p.id, region })) : [];
  };
  void kubeconfig.reloadExpiries().then(() => { if (expiries.size > 0) void tree.refreshIds(clusterLists()); });

  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (!e.affectsConfiguration('cceAutopilot')) return;
    poller.setInterval(readSettings().pollIntervalSeconds * 1000);
    if (e.affectsConfiguration('cceAutopilot.kubeconfigPath')) void kubeconfig.reloadExpiries().then(() => tree.refreshIds(clusterLists()));
    if (['regions', 'endpoint', 'endpoints', 'iamEndpoint', 'region', 'projectId', 'emulator'].some((k) => e.affectsConfiguration(`cceAutopilot.${k}`))) {
      model.invalidate();
      reload();
    }
  }));
  if (profiles.active()?.id === SETTINGS_PROFILE_ID) log.info('Using the emulator profile from settings.');
  return host;
}
