// Delete the cluster created by scenario 3 with its typed confirmation: it goes Deleting, then
// disappears from the tree.
import { eventually } from '../lib/workbench.mjs';

export default {
  id: 'delete-cluster',
  title: 'delete a cluster with its typed confirmation: Deleting, then gone',
  needs: ['create-cluster'],
  commands: ['cceAutopilot.cluster.delete'],
  timeoutMs: 120_000,
  async run({ wb, api, screenshot, state }) {
    const { name, region } = state.created;
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
