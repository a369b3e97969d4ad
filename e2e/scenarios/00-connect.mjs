// First start: nothing is configured, the welcome view offers the local emulator, and choosing it
// fills the tree with the emulator's clusters.
export default {
  id: 'first-start',
  title: 'welcome view offers the local emulator; choosing it fills the tree',
  commands: ['cceAutopilot.useEmulator'],
  async run({ wb, emulator, screenshot, state }) {
    await wb.openView('CCE Autopilot');
    await wb.page.locator('.sidebar .welcome-view-content').filter({ hasText: 'local emulator' }).waitFor({ timeout: 60_000 });
    await screenshot('-welcome');
    await wb.clickWelcome('Use the local emulator');
    // The profile row lists its regions; under it the emulator's default region.
    await wb.waitForRow(emulator.region, 60_000);
    state.connected = true;
  },
};
