import * as vscode from 'vscode';
import * as flows from '../core/flows.js';
import type { Profile } from '../core/profiles.js';
import type { TreeNode } from '../core/tree.js';
import { isNode, type Host, type RunRegistrar } from './activate.js';
import { safe } from './safeText.js';

/**
 * "Sign in" and "Edit profile". A profile is stored as soon as the user answered (nothing typed is
 * lost), shown in the tree, and then proven: each region's project is found and CCE answers. When
 * the service refuses (a wrong SK, a locked user), its error is shown with the request id and an
 * "Edit profile" action that re-opens the flow for that profile.
 */
export function registerSignIn(host: Host, runCmd: RunRegistrar, reload: () => void): void {
  const { ui, model, profiles, log } = host;

  const check = async (profile: Profile) => {
    model.invalidate();
    reload();
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
      if (chosen === edit) await vscode.commands.executeCommand('cceAutopilot.editProfile', profile.id);
      if (chosen === copy && result.failure.requestId) await vscode.env.clipboard.writeText(result.failure.requestId);
      if (chosen === showLog) log.show(true);
    });
  };

  runCmd('signIn', 'Sign in', async () => {
    const p = await flows.signIn(ui, profiles);
    if (p) await check(p);
  });

  // From the profile row's menu (a node), the failed sign-in's notification (a profile id), or the palette (the active profile).
  runCmd('editProfile', 'Edit profile', async (arg?: TreeNode | string) => {
    const id = typeof arg === 'string' ? arg : isNode(arg) ? arg.ctx.profileId : profiles.active()?.id;
    const profile = id ? profiles.get(id) : undefined;
    if (!profile) return vscode.commands.executeCommand('cceAutopilot.signIn');
    if (profile.fromSettings || profile.kind === 'emulator') {
      ui.warn(vscode.l10n.t('Profile {0} connects to an emulator; use "Use the local emulator" or its settings instead.', profile.name));
      return;
    }
    // The stored access key id is filled in; a missing secret (storage cleared) just means typing it again.
    const secret = await profiles.secret(profile.id).catch(() => undefined);
    const p = await flows.signIn(ui, profiles, { profile, ...(secret ? { secret } : {}) });
    if (p) await check(p);
  });
}
