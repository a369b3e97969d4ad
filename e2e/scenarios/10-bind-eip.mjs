// Bind a public endpoint from the EIP picker: the picker offers the region's free EIPs (status
// DOWN) by address; once bound, the cluster's external endpoint uses that address in the API and
// the EIP is no longer free. The cluster is a demo cluster with no EIP, found through the API.
import { eventually } from '../lib/workbench.mjs';

const freeEips = async (api, region) => ((await api.call(region, 'ListPublicips', {})).publicips ?? []).filter((e) => e.status === 'DOWN');
const externalUrl = (shown) => (shown.status?.endpoints ?? []).find((e) => e.type === 'External')?.url;

export default {
  id: 'bind-eip',
  title: 'bind a free EIP from the picker: the cluster gets its address, the EIP leaves the free list',
  needs: ['connect'],
  commands: ['cceAutopilot.cluster.bindEip'],
  timeoutMs: 120_000,
  async run({ wb, api, emulator, screenshot }) {
    const region = emulator.region;
    let cluster;
    for (const c of await api.clusters(region)) {
      if (c.phase !== 'Available' || c.name.startsWith('e2e-')) continue;
      if (!externalUrl(await api.call(region, 'ShowAutopilotCluster', { cluster_id: c.id }))) { cluster = c; break; }
    }
    if (!cluster) throw new Error(`no Available demo cluster without an EIP in ${region}`);
    const free = await freeEips(api, region);
    if (free.length === 0) throw new Error(`the demo seed has no free EIP in ${region}`);
    const eip = free[free.length - 1];

    await wb.expand(region);
    await wb.contextMenu([region, cluster.name], 'Bind Public Endpoint (EIP)');
    await eventually(async () => /free EIP/i.test((await wb.promptTitle()) ?? ''), { timeoutMs: 30_000, message: 'the EIP picker' });
    // It offers exactly the free EIPs (and a way to type an id), by address.
    const offered = await wb.pickItems();
    for (const e of free) {
      if (!offered.some((row) => row.includes(e.public_ip_address))) throw new Error(`the EIP picker does not offer the free EIP ${e.public_ip_address}; it offers: ${offered.join(' | ')}`);
    }
    const bound = ((await api.call(region, 'ListPublicips', {})).publicips ?? []).filter((e) => e.status !== 'DOWN');
    for (const e of bound) {
      if (offered.some((row) => row.includes(e.public_ip_address))) throw new Error(`the EIP picker offers ${e.public_ip_address}, which is bound already`);
    }
    await screenshot('-picker');
    await wb.answerPrompts([{ match: /free EIP/i, pick: eip.public_ip_address }]);

    await eventually(async () => externalUrl(await api.call(region, 'ShowAutopilotCluster', { cluster_id: cluster.id }))?.includes(eip.public_ip_address), {
      timeoutMs: 30_000, message: `${cluster.name}'s external endpoint on ${eip.public_ip_address} in the API`,
    });
    const after = await freeEips(api, region);
    if (after.some((e) => e.id === eip.id)) throw new Error(`EIP ${eip.public_ip_address} is still listed as free after binding it to ${cluster.name}`);
    const shown = ((await api.call(region, 'ListPublicips', {})).publicips ?? []).find((e) => e.id === eip.id);
    if (shown?.status !== 'ACTIVE') throw new Error(`EIP ${eip.public_ip_address} is ${shown?.status ?? 'gone'} after binding, not ACTIVE`);
    // The extension refreshes the region after binding: the cluster's menu then offers the unbind
    // (its row became a cluster with an EIP); the menu is opened again until it does.
    await eventually(async () => {
      await wb.contextMenu([region, cluster.name], 'Unbind Public Endpoint (EIP)');
      return true;
    }, { timeoutMs: 30_000, message: `the Unbind entry in ${cluster.name}'s menu` });
    const dialog = await wb.dialog();
    await screenshot();
    await wb.clickButton('Cancel', dialog);
  },
};
