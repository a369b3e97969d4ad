// Delete a cluster with its typed confirmation: it goes Deleting, then disappears from the tree.
// The cluster is the scenario's own, created through the API (network ids taken from a demo
// cluster and the VPC API, as a user would copy them), so it does not depend on what another scenario left.
import { eventually } from '../lib/workbench.mjs';

export default {
  id: 'delete-cluster',
  title: 'delete a cluster with its typed confirmation: Deleting, then gone',
  needs: ['connect'],
  commands: ['cceAutopilot.cluster.delete'],
  timeoutMs: 150_000,
  async run({ wb, api, emulator, screenshot }) {
    const region = emulator.region;
    const [template] = await api.clusters(region);
    if (!template) throw new Error(`the demo seed has no cluster in ${region} to take a VPC and subnet from`);
    const shown = await api.call(region, 'ShowAutopilotCluster', { cluster_id: template.id });
    const vpc = shown.spec?.hostNetwork?.vpc;
    const subnet = shown.spec?.hostNetwork?.subnet;
    if (!vpc || !subnet) throw new Error(`cluster ${template.name} has no hostNetwork vpc/subnet to reuse`);
    // ENIs take the subnet's IPv4 subnet ID (not its network ID), as the VPC API lists it.
    const { subnets = [] } = await api.call(region, 'ListSubnets', { vpc_id: vpc });
    const eniSubnet = subnets.find((s) => s.id === subnet)?.neutron_subnet_id;
    if (!eniSubnet) throw new Error(`the VPC API lists no subnet ${subnet} with an IPv4 subnet ID in VPC ${vpc}`);
    const name = `e2e-del-${Date.now().toString(36)}`;
    await api.call(region, 'CreateAutopilotCluster', {
      body: {
        kind: 'Cluster', apiVersion: 'v3', metadata: { name },
        spec: {
          flavor: 'cce.autopilot.cluster', description: 'to be deleted by the end-to-end suite',
          hostNetwork: { vpc, subnet }, containerNetwork: { mode: 'eni' }, eniNetwork: { subnets: [{ subnetID: eniSubnet }] },
        },
      },
    });
    await eventually(async () => (await api.findCluster(name))?.phase === 'Available', { timeoutMs: 90_000, message: `${name} Available in the emulator` });
    // The tree learns about a cluster created elsewhere when the region is refreshed.
    await wb.expand(region);
    await wb.rowAction(region, 'Refresh');
    await wb.waitForRowText([region, name], 'Available', 30_000);

    await wb.contextMenu([region, name], 'Delete Cluster');
    // A wrong name is refused before anything is deleted.
    await wb.quickInput();
    await wb.enterText(`${name}-typo`, { accept: false });
    await eventually(async () => /Type .* exactly|confirm/i.test(await wb.validationMessage()), { timeoutMs: 5000, message: 'the typed confirmation refusing a wrong name' });
    await wb.answerPrompts([
      { match: /Delete cluster/i, text: name },
      { match: /Delete options/i, picks: [] },
    ]);
    await wb.waitForRowText([region, name], 'Deleting', 20_000);
    await screenshot('-deleting');
    await wb.waitForNoRow([region, name], 60_000);
    if (await api.findCluster(name)) throw new Error(`${name} left the tree but the emulator still has it`);
    await screenshot();
  },
};
