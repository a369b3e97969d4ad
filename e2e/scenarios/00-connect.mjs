// The configured workbench the other scenarios use: its settings name a running emulator
// (cceAutopilot.emulator.url, the override), so the welcome view's "Use the local emulator"
// connects to it instead of starting the bundled one, and fills the tree with its clusters.
export default {
  id: 'connect',
  title: 'welcome view: "Use the local emulator" connects to cceAutopilot.emulator.url; the tree fills',
  commands: ['cceAutopilot.useEmulator'],
  async run({ wb, api, emulator, screenshot }) {
    await wb.openView('CCE Autopilot');
    await wb.page.locator('.sidebar .welcome-view-content').filter({ hasText: 'local emulator' }).waitFor({ timeout: 60_000 });
    await screenshot('-welcome');
    await wb.clickWelcome('Use the local emulator');
    // The profile row lists its regions; under it the emulator's default region and its clusters.
    await wb.waitForRow(emulator.region, 60_000);
    for (const cluster of await api.clusters(emulator.region)) await wb.waitForRow([emulator.region, cluster.name], 30_000);
  },
};
