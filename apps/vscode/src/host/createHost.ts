import * as vscode from 'vscode';
import { describeFailure, formatFailure, isAbort } from '../core/api.js';
import { clusterFolderRef, isNode, regionRef, type TreeNode } from '../core/tree.js';
import type { Host } from './host.js';
import { safe } from './safeText.js';

/** The parts of a Host that activate() builds; the rest is how commands run and find rows. */
export type HostParts = Pick<Host, 'context' | 'log' | 'ui' | 'model' | 'tree' | 'profiles' | 'activeInfo'>;

/** The Host of one window: failures shown with code, message and request id; rows found by reference. */
export function createHost(parts: HostParts): Host {
  const { log, ui, model, tree, activeInfo } = parts;
  return {
    ...parts,
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
      const info = activeInfo();
      const regions = (info?.regions ?? []).map((region) => model.node(regionRef({ profileId: info?.id ?? '', region }))).filter((n): n is TreeNode => !!n);
      // Only regions and clusters can be picked among loaded rows; anything else needs its row.
      const candidates = kind === 'region' ? regions
        : kind === 'cluster' ? (await Promise.all(regions.map((n) => model.children(n)))).flat().filter((n) => n.kind === 'cluster')
          : [];
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
    refreshNode(node, folder) {
      if (!node) { tree.refresh(); return; }
      const target = folder ? model.node(clusterFolderRef(node.ctx, folder)) ?? node : node;
      tree.refresh(target);
    },
  };
}
