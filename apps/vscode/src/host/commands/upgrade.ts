import * as vscode from 'vscode';
import type { UpgradePlan } from '@cce-autopilot/models';
import * as flows from '../../core/flows.js';
import { delayUpgradePlan } from '../../core/maintenance.js';
import { taskState, type Task } from '../../core/api.js';
import { clusterFolderRef, clusterRef } from '../../core/tree.js';
import { regionOf, withCluster } from './clusters.js';
import type { Command } from './command.js';

/** The cluster's Upgrade node: checks, snapshot, upgrade, workflows, automatic upgrade plans. */
export const upgradeCommands: readonly Command[] = [
  {
    id: 'upgradePlan.delay', title: 'Delay upgrade plan',
    async handler(host, arg) {
      if (arg?.kind !== 'upgradePlan' || !arg.ctx.clusterId) { host.ui.warn(vscode.l10n.t('Choose an upgrade plan in the tree.')); return; }
      const api = await host.api(arg);
      if (await delayUpgradePlan(host.ui, api, arg.ctx.clusterId, arg.data as UpgradePlan)) host.tree.refresh(host.model.node(clusterRef(arg.ctx)));
    },
  },
  withCluster('upgrade.precheck', 'Pre-upgrade check', async (host, api, c, node) => {
    const t = await flows.precheck(host.ui, api, c);
    host.refreshNode(node, 'upgrade');
    if (t) await host.ui.showText(`pre-check ${c.metadata?.name}`, flows.detailsYaml(t), 'yaml');
  }),
  withCluster('upgrade.snapshot', 'Snapshot', async (host, api, c, node) => { await flows.snapshot(host.ui, api, c); host.refreshNode(node, 'upgrade'); }),
  withCluster('upgrade.start', 'Upgrade cluster', async (host, api, c, node) => {
    const t = await host.following(host.model.node(clusterFolderRef(node.ctx, 'upgrade')), () => flows.upgradeCluster(host.ui, api, c));
    host.tree.refresh(regionOf(host, node));
    if (t) host.ui.info(vscode.l10n.t('Upgrade of {0}: {1}', c.metadata?.name ?? '', taskState(t).phase ?? ''));
  }),
  withCluster('upgrade.retry', 'Retry upgrade', async (host, api, c, node) => { await flows.retryUpgrade(host.ui, api, c); host.refreshNode(node, 'upgrade'); }),
  withCluster('upgrade.postcheck', 'Post-check', async (host, api, c, node) => {
    const t = await flows.postcheck(host.ui, api, c);
    host.refreshNode(node, 'upgrade');
    host.ui.info(vscode.l10n.t('Post-upgrade check: {0}', taskState(t).phase ?? '?'));
  }),
  withCluster('upgrade.createWorkflow', 'Start upgrade workflow', async (host, api, c, node) => { if (await flows.createWorkflow(host.ui, api, c)) host.refreshNode(node, 'upgrade'); }),
  {
    id: 'upgrade.cancelWorkflow', title: 'Cancel workflow',
    async handler(host, arg) {
      if (arg?.contextValue !== 'workflow') return;
      if (await flows.cancelWorkflow(host.ui, await host.api(arg), arg.ctx.clusterId ?? '', arg.data as Task)) host.tree.refresh(host.model.node(clusterFolderRef(arg.ctx, 'workflows')));
    },
  },
];
