import * as vscode from 'vscode';
import { bundledEmulator, emulatorCandidates, findEmulator, startEmulator } from '../../core/emulator.js';
import * as flows from '../../core/flows.js';
import { validate, type Profile } from '../../core/profiles.js';
import type { CommandHost } from '../host.js';
import { safe } from '../safeText.js';
import { readSettings } from '../settings.js';
import type { Command } from './command.js';

/**
 * After "Sign in" or "Edit profile" stored a profile (nothing typed is lost), it is shown in the
 * tree and then proven: each region's project is found and CCE answers. When the service refuses
 * (a wrong SK, a locked user), its error is shown with the request id and an "Edit profile"
 * action that re-opens the flow for that profile.
 */
async function checkSignIn(host: CommandHost, profile: Profile): Promise<void> {
  const { ui, model, log } = host;
  model.invalidate();
  host.reload();
  // The tree loads through the same connections (model.api), so the lookups are not repeated.
  const result = await ui.progress(vscode.l10n.t('Signing in as profile {0}', profile.name), (_progress, signal) =>
    flows.checkSignIn(profile, (region) => model.api({ profileId: profile.id, region }), signal));
  const message = flows.signInMessage(ui, profile, result);
  if (result.ok) {
    log.info(message);
    ui.info(message);
    return;
  }
  log.error(message);
  const edit = vscode.l10n.t('Edit profile');
  const copy = vscode.l10n.t('Copy request id');
  const showLog = vscode.l10n.t('Show log');
  const actions = result.failure.requestId ? [edit, copy, showLog] : [edit, showLog];
  // Not awaited: the command is over; the notification stays until the user acts on it.
  void vscode.window.showErrorMessage(safe(message), ...actions).then(async (chosen) => {
    if (chosen === edit) await host.run(vscode.l10n.t('Edit profile'), () => editProfile(host, profile.id));
    if (chosen === copy && result.failure.requestId) await vscode.env.clipboard.writeText(result.failure.requestId);
    if (chosen === showLog) log.show(true);
  });
}

/** Re-opens the sign-in flow for a profile (the active one when none is given), then proves it. */
async function editProfile(host: CommandHost, profileId: string | undefined): Promise<unknown> {
  const { profiles, ui } = host;
  const profile = profileId ? profiles.get(profileId) : undefined;
  if (!profile) return vscode.commands.executeCommand('cceAutopilot.signIn');
  if (profile.fromSettings || profile.kind === 'emulator') {
    ui.warn(vscode.l10n.t('Profile {0} connects to an emulator; use "Use the local emulator" or its settings instead.', profile.name));
    return undefined;
  }
  // The stored access key id is filled in; a missing secret (storage cleared) just means typing it again.
  const secret = await profiles.secret(profile.id).catch(() => undefined);
  const p = await flows.signIn(ui, profiles, { profile, ...(secret ? { secret } : {}) });
  if (p) await checkSignIn(host, p);
  return undefined;
}

/** Signing in, the local emulator, and choosing among profiles and regions. */
export const profileCommands: readonly Command[] = [
  {
    id: 'signIn', title: 'Sign in',
    async handler(host) {
      const p = await flows.signIn(host.ui, host.profiles);
      if (p) await checkSignIn(host, p);
    },
  },
  {
    // From the profile row's or a refused sign-in's error row's menu (that row's profile), the
    // failed sign-in's notification (checkSignIn), or the palette (the active profile).
    id: 'editProfile', title: 'Edit profile',
    handler: (host, node) => editProfile(host, node ? node.ctx.profileId : host.profiles.active()?.id),
  },
  {
    id: 'useEmulator', title: 'Use the local emulator',
    async handler(host) {
      const { ui, log, profiles } = host;
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
        const main = findEmulator(emulatorCandidates(s.emulatorPath || undefined, folders, bundledEmulator(host.context.extensionPath)));
        if (!main) {
          const open = vscode.l10n.t('Open settings');
          const chosen = await vscode.window.showWarningMessage(vscode.l10n.t('The emulator bundled with the extension (dist/emulator.js) is missing: reinstall the extension, set cceAutopilot.emulator.path to an emulator start script, or set cceAutopilot.emulator.url to a running emulator.'), open);
          if (chosen === open) await vscode.commands.executeCommand('workbench.action.openSettings', 'cceAutopilot.emulator');
          return;
        }
        host.emulator?.stop();
        const emuLog = (line: string) => log.info(`[emulator] ${line}`);
        const emulator = await ui.progress(vscode.l10n.t('Starting the local emulator'), () => startEmulator(main, 'node', { ...process.env }, emuLog)
          .catch(() => startEmulator(main, process.execPath, { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, emuLog)));
        host.emulator = emulator;
        info = emulator;
        log.info(`emulator listening at ${emulator.url} (region ${emulator.region}, project ${emulator.projectId})`);
      }
      const existing = profiles.list().find((p) => p.kind === 'emulator' && !p.fromSettings);
      if (existing) await profiles.remove(existing.id);
      await profiles.add({
        name: 'emulator', kind: 'emulator', regions: [info.region], endpoint: info.url,
        ...(info.projectId ? { projectIds: { [info.region]: info.projectId } } : {}),
      }, { ak: info.ak, sk: info.sk });
      host.model.invalidate();
      host.reload();
      ui.info(vscode.l10n.t('Connected to the emulator at {0}.', info.url));
    },
  },
  {
    id: 'stopEmulator',
    handler(host) {
      if (!host.emulator) { host.ui.info(vscode.l10n.t('No emulator was started by this window.')); return; }
      host.emulator.stop();
      host.emulator = undefined;
      host.model.invalidate();
      host.reload();
    },
  },
  {
    id: 'switchProfile', title: 'Switch profile',
    async handler(host) {
      const { profiles, ui } = host;
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
      host.model.invalidate();
      host.reload();
    },
  },
  {
    id: 'removeProfile', title: 'Remove profile',
    async handler(host, node) {
      const { profiles, ui } = host;
      const p = node ? profiles.get(node.ctx.profileId) : profiles.active();
      if (!p) return;
      if (p.fromSettings) { ui.warn(vscode.l10n.t('This profile comes from the cceAutopilot.endpoint settings; clear them to remove it.')); return; }
      if (!(await ui.confirm(vscode.l10n.t('Remove profile {0}?', p.name), vscode.l10n.t('Its secrets are deleted from secret storage.'), vscode.l10n.t('Remove')))) return;
      await profiles.remove(p.id);
      host.model.invalidate();
      host.reload();
    },
  },
  {
    id: 'chooseRegions', title: 'Choose regions',
    async handler(host) {
      const p = host.profiles.active();
      if (!p) return vscode.commands.executeCommand('cceAutopilot.signIn');
      const regions = await flows.pickRegions(host.ui, p.regions);
      if (!regions) return;
      if (p.fromSettings || p.kind === 'emulator') {
        await vscode.workspace.getConfiguration('cceAutopilot').update('regions', regions, vscode.ConfigurationTarget.Global);
      } else {
        await host.profiles.update(p.id, { regions });
      }
      host.model.invalidate();
      host.reload();
    },
  },
];
