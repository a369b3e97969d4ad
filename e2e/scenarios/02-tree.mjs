import { clusterWithRelease } from '../lib/demo.mjs';

// The tree shows both demo regions, clusters with their phases, and a cluster's addons, releases
// and upgrade nodes. What it should show is asked from the emulator's API, not hard-coded.
export default {
  id: 'tree',
  title: "both demo regions, clusters with their phases, a cluster's addons, releases and upgrade nodes",
  needs: ['connect'],
  async run({ wb, api, screenshot }) {
    const world = (await api.world()).filter((r) => r.clusters.length > 0);
    if (world.length < 2) {
      throw new Error(`the demo seed should have clusters in two regions; the emulator has them in: ${world.map((r) => r.region).join(', ') || 'none'}`);
    }
    // The emulator profile starts with its default region; the user adds the others.
    const missing = [];
    for (const { region } of world) if (!(await wb.findRow(region))) missing.push(region);
    if (missing.length) {
      const profile = (await wb.treeRows()).find((row) => row.level === 1);
      if (!profile) throw new Error('the tree has no profile row');
      await wb.contextMenu(profile.label, 'Choose Regions');
      await wb.answerPrompts([{ match: /Regions/i, picks: world.map((r) => r.region) }]);
    }
    for (const { region, clusters } of world) {
      await wb.expand(region);
      for (const cluster of clusters) await wb.waitForRowText([region, cluster.name], cluster.phase, 15_000);
    }
    // A cluster with a chart release (the demo seed has one) opens into addons, releases, upgrade.
    const chosen = await clusterWithRelease(api);
    const at = [chosen.region, chosen.name];
    const addons = await api.call(chosen.region, 'ListAutopilotAddonInstances', { cluster_id: chosen.id });
    const addonNames = (addons.items ?? []).map((a) => a.metadata?.name ?? a.spec?.addonTemplateName);
    if (addonNames.length === 0) throw new Error(`demo cluster ${chosen.name} has no addons`);
    await wb.expand([...at, 'Addons']);
    for (const name of addonNames) await wb.waitForRow([...at, 'Addons', name]);
    await wb.expand([...at, 'Chart releases']);
    await wb.waitForRow([...at, 'Chart releases', `${chosen.release.namespace}/${chosen.release.name}`]);
    await wb.expand([...at, 'Upgrade']);
    await wb.waitForRow([...at, 'Upgrade', /^Version /]);
    await wb.waitForRow([...at, 'Upgrade', 'Paths']);
    await screenshot();
  },
};
