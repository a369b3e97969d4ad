// First start as a marketplace user has it: the packaged .vsix in an empty profile (no settings
// file), a window with no folder, no emulator configured. The welcome view's "Use the local
// emulator" can only start the emulator bundled in the extension (dist/emulator.js); the tree then
// shows its demo clusters.
export default {
  id: 'first-start',
  title: 'empty profile, no folder, no settings: "Use the local emulator" starts the bundled emulator; the tree fills',
  commands: ['cceAutopilot.useEmulator'],
  timeoutMs: 180_000,
  async run({ bareWorkbench, api, emulator, name }) {
    const bare = await bareWorkbench();
    const { wb } = bare;
    try {
      await wb.openView('CCE Autopilot');
      await wb.page.locator('.sidebar .welcome-view-content').filter({ hasText: 'local emulator' }).waitFor({ timeout: 60_000 });
      await wb.screenshot(`${name}-welcome`);
      await wb.clickWelcome('Use the local emulator');
      // The bundled emulator starts with the demo seed, like the suite's own emulator: the same
      // region and cluster names (ids and secrets differ), so the suite's API says what to expect.
      await wb.waitForRow([/^emulator$/, emulator.region], 90_000);
      for (const cluster of await api.clusters(emulator.region)) {
        await wb.waitForRow([/^emulator$/, emulator.region, cluster.name], 30_000);
      }
      if (await wb.findRow(/^emulator \(settings\)$/)) throw new Error('the bare profile shows a settings profile; it should have no settings');
      // It is an emulator of its own (the bundled one), not the suite's.
      const toast = await wb.waitForNotification('Connected to the emulator at', 30_000);
      const url = /Connected to the emulator at (\S+?)\.?(?:\s|$)/.exec((await toast.innerText()).replace(/\s+/g, ' '))?.[1];
      if (!url || !/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) throw new Error(`unexpected confirmation: "${await toast.innerText()}"`);
      if (url === emulator.url) throw new Error(`the bare profile connected to the suite's emulator at ${url}; it should have started the bundled one`);
      await wb.screenshot(name);
    } catch (error) {
      await wb.screenshot(`${name}-failed`).catch(() => {});
      throw error;
    } finally {
      await bare.close();
    }
  },
};
