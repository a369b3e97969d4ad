// Create a cluster from the guided input as a user would: name and version typed, the VPC and
// then a subnet in it picked from the VPC service's lists, the request preview confirmed. It
// appears as Creating, then Available, without a manual refresh, and the emulator holds it in
// the network that was picked.
import { eventually } from '../lib/workbench.mjs';
export default {
  id: 'create-cluster',
  title: 'create a cluster from the guided input (VPC and subnet picked, preview confirmed): Creating, then Available, without refresh',
  needs: ['connect'],
  commands: ['cceAutopilot.cluster.create'],
  timeoutMs: 150_000,
  async run({ wb, api, emulator, screenshot }) {
    const region = emulator.region;
    // What the pickers will offer, from the VPC API: the demo seed's second VPC and its first subnet.
    const { vpcs = [] } = await api.call(region, 'ListVpcs', {});
    const vpc = vpcs.find((v) => v.name === 'vpc-apps');
    if (!vpc) throw new Error(`the demo seed has no VPC vpc-apps in ${region} (has ${vpcs.map((v) => v.name).join(', ') || 'none'})`);
    const { subnets = [] } = await api.call(region, 'ListSubnets', { vpc_id: vpc.id });
    const subnet = subnets.find((s) => s.name === 'subnet-apps-b') ?? subnets[0];
    if (!subnet) throw new Error(`VPC ${vpc.name} has no subnet in ${region}`);

    const name = `e2e-${Date.now().toString(36)}`;
    await wb.expand(region);
    await wb.contextMenu(region, 'Create Cluster');
    // The VPC pick is checked before it is answered: it lists the VPCs with their CIDR.
    await wb.answerPrompts([
      { match: /\(1\/5\).*name/i, text: name },
      { match: /\(2\/5\).*version/i, text: '' },
    ]);
    await eventually(async () => /\(3\/5\).*VPC/i.test((await wb.promptTitle()) ?? ''), { timeoutMs: 30_000, message: 'the VPC picker' });
    const offered = await wb.pickItems();
    for (const v of vpcs) {
      if (!offered.some((row) => row.includes(v.name) && row.includes(v.cidr))) throw new Error(`the VPC picker does not offer ${v.name} (${v.cidr}); it offers: ${offered.join(' | ')}`);
    }
    await screenshot('-vpc-picker');
    await wb.answerPrompts([
      { match: /\(3\/5\).*VPC/i, pick: vpc.name },
      // The subnet step lists the picked VPC's subnets only.
      { match: new RegExp(`\\(4/5\\).*subnet in ${vpc.name}`, 'i'), pick: subnet.name },
      { match: /\(5\/5\).*description/i, text: 'created by the end-to-end suite' },
    ]);
    // The request preview shows what will be sent, picked ids included, before anything is created.
    const preview = await wb.dialog();
    const shownPreview = await preview.innerText();
    for (const id of [vpc.id, subnet.id, subnet.neutron_subnet_id]) {
      if (!shownPreview.includes(id)) throw new Error(`the request preview does not show ${id}: ${shownPreview.slice(0, 400)}`);
    }
    if (await api.findCluster(name)) throw new Error(`${name} exists before the preview was confirmed`);
    await wb.clickButton('Create', preview);

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
    const spec = (await api.call(region, 'ShowAutopilotCluster', { cluster_id: created.id })).spec ?? {};
    const got = { vpc: spec.hostNetwork?.vpc, subnet: spec.hostNetwork?.subnet, eni: spec.eniNetwork?.subnets?.map((s) => s.subnetID).join(',') };
    const want = { vpc: vpc.id, subnet: subnet.id, eni: subnet.neutron_subnet_id };
    if (JSON.stringify(got) !== JSON.stringify(want)) throw new Error(`${name} was created in ${JSON.stringify(got)}, not in the picked ${vpc.name}/${subnet.name} ${JSON.stringify(want)}`);
    await screenshot();
  },
};
