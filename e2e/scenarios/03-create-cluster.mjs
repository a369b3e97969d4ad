// Create a cluster from the guided input: it appears as Creating, then Available, without a
// manual refresh.
export default {
  id: 'create-cluster',
  title: 'create a cluster from the guided input: Creating, then Available, without refresh',
  needs: ['connect'],
  commands: ['cceAutopilot.cluster.create'],
  timeoutMs: 150_000,
  async run({ wb, api, emulator, screenshot }) {
    const region = emulator.region;
    // Network ids as a user would copy them from an existing cluster of the same region.
    const [template] = await api.clusters(region);
    if (!template) throw new Error(`the demo seed has no cluster in ${region} to take a VPC and subnet from`);
    const shown = await api.call(region, 'ShowAutopilotCluster', { cluster_id: template.id });
    const vpc = shown.spec?.hostNetwork?.vpc;
    const subnet = shown.spec?.hostNetwork?.subnet;
    if (!vpc || !subnet) throw new Error(`cluster ${template.name} has no hostNetwork vpc/subnet to reuse`);

    const name = `e2e-${Date.now().toString(36)}`;
    await wb.expand(region);
    await wb.contextMenu(region, 'Create Cluster');
    await wb.answerPrompts([
      { match: /name/i, text: name },
      { match: /version/i, text: '' },
      { match: /VPC/i, text: vpc },
      { match: /subnet/i, text: subnet },
      { match: /description/i, text: 'created by the end-to-end suite' },
    ]);

    try {
      await wb.waitForRowText([region, name], 'Creating', 30_000);
    } catch (error) {
      // Say what the user saw instead: the row late (after the create finished) or not at all.
      const later = await wb.waitForRow([region, name], 30_000).catch(() => undefined);
      throw new Error(later ? `${name} appeared only as "${later.text}", never as Creating: the tree did not show the cluster while it was being created` : error.message);
    }
    await screenshot('-creating');
    await wb.waitForRowText([region, name], 'Available', 90_000);
    const created = await api.findCluster(name);
    if (!created) throw new Error(`the tree shows ${name} but the emulator has no such cluster`);
    if (created.phase !== 'Available') throw new Error(`the tree shows ${name} Available but the emulator says ${created.phase}`);
    await screenshot();
  },
};
