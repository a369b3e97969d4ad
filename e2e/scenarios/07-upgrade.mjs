// Run an upgrade pre-check and an upgrade on a demo cluster that has an upgrade target, and follow
// the task to Success in the tree.
export default {
  id: 'upgrade',
  title: 'upgrade pre-check and upgrade, followed to Success',
  // Its cluster may be in the second region, which scenario tree adds to the profile.
  needs: ['tree'],
  commands: ['cceAutopilot.upgrade.precheck', 'cceAutopilot.upgrade.start'],
  timeoutMs: 150_000,
  async run({ wb, api, screenshot }) {
    let chosen;
    for (const { region, clusters } of await api.world()) {
      for (const cluster of clusters) {
        if (chosen || cluster.phase !== 'Available') continue;
        const info = await api.call(region, 'ShowAutopilotClusterUpgradeInfo', { cluster_id: cluster.id });
        const target = info.spec?.versionInfo?.targetVersions?.[0];
        if (target) chosen = { ...cluster, target };
      }
    }
    if (!chosen) throw new Error('no Available demo cluster has an upgrade target; the demo seed should have one');
    const upgrade = [chosen.region, chosen.name, 'Upgrade'];
    await wb.expand(upgrade);

    await wb.contextMenu(upgrade, 'Run Pre-upgrade Check');
    await wb.answerPrompts([{ match: /Target version/i, pick: chosen.target }]);
    await wb.expand([...upgrade, 'Pre-checks']);
    await wb.waitForRow([...upgrade, 'Pre-checks', { text: /Success/ }], 60_000);
    // The flow ends by opening the check's result; that editor takes the focus, and a context menu
    // opened before it shows would close under the keyboard (Enter then folds the tree row).
    await wb.waitForEditor('pre-check');
    await screenshot('-precheck');

    await wb.contextMenu(upgrade, 'Upgrade Cluster');
    await wb.answerPrompts([{ match: /Target version/i, pick: chosen.target }]);
    const dialog = await wb.dialog();
    await wb.clickButton('Upgrade', dialog);
    await wb.expand([...upgrade, 'Tasks']);
    await wb.waitForRow([...upgrade, 'Tasks', { text: /Running|Queuing|Init/ }], 30_000).catch(() => {
      // A fast emulator may finish before the first poll; Success below is what matters.
    });
    await wb.waitForRow([...upgrade, 'Tasks', { text: /Success/ }], 90_000);
    const tasks = await api.call(chosen.region, 'ListAutopilotUpgradeClusterTasks', { cluster_id: chosen.id });
    const items = tasks.items ?? [];
    if (!items.some((t) => t.status?.phase === 'Success')) throw new Error(`the tree shows a Success task but the emulator's tasks are: ${items.map((t) => t.status?.phase).join(', ')}`);
    await screenshot();
  },
};
