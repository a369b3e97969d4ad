// Open coredns's values from the tree, type an invalid replicas value: a diagnostic appears at that
// line; hover shows the field's description; completion offers the flavor names; fix it, apply,
// confirm the diff: the addon goes upgrading -> running in the tree.
import { eventually } from '../lib/workbench.mjs';
import { clusterWithRelease } from '../lib/demo.mjs';

export default {
  id: 'values',
  title: 'coredns values: diagnostic, hover, flavor completion, apply with diff, upgrading -> running',
  needs: ['tree'],
  commands: ['cceAutopilot.addon.editValues', 'cceAutopilot.values.apply'],
  timeoutMs: 150_000,
  async run({ wb, api, screenshot, state, log }) {
    const cluster = await clusterWithRelease(api);
    const addons = await api.call(cluster.region, 'ListAutopilotAddonInstances', { cluster_id: cluster.id });
    const coredns = (addons.items ?? []).find((a) => a.spec?.addonTemplateName === 'coredns');
    if (!coredns) throw new Error(`demo cluster ${cluster.name} has no coredns addon`);
    const templates = await api.call(cluster.region, 'ListAutopilotAddonTemplates', { addon_template_name: 'coredns' });
    const template = (templates.items ?? []).find((t) => t.metadata?.name === 'coredns' || t.spec?.name === 'coredns') ?? templates.items?.[0];
    const version = (template?.spec?.versions ?? []).find((v) => v.version === coredns.spec?.version);
    const flavorNames = Object.entries(version?.input?.parameters ?? {})
      .filter(([key]) => key !== 'custom')
      .map(([key, flavor]) => String(flavor?.name ?? key));
    if (flavorNames.length < 2) throw new Error(`the coredns ${coredns.spec?.version} template offers flavors ${flavorNames.join(', ') || 'none'}`);

    const addonRow = [cluster.region, cluster.name, 'Addons', 'coredns'];
    await wb.expand(addonRow.slice(0, 3));
    await wb.contextMenu(addonRow, 'Edit Addon Values');
    // The document is named after the addon instance and says what it holds on its first line.
    await wb.waitForEditor(coredns.metadata?.uid ?? 'coredns');
    // Its first line says what it holds; once that is rendered the document is loaded.
    await wb.waitForEditorText('cce-autopilot: addon=coredns');
    await screenshot('-opened');

    // An invalid replicas value is flagged at its own line.
    const at = await wb.findInEditor('replicas:');
    await wb.replaceCurrentLine('replicas: 0');
    const lines = await eventually(async () => {
      const marked = await wb.errorLines();
      return marked.includes(at.line) ? marked : undefined;
    }, { timeoutMs: 30_000, message: `an error squiggle on line ${at.line} (replicas: 0)` });
    // Hovering the value shows the problem with it (about 0, not a parse error); hovering the key
    // shows the field: its description and type.
    const hoverUntil = async (token, ok, what) => {
      let text = '';
      await eventually(async () => {
        text = await wb.hover('replicas: 0', token);
        if (ok(text)) return true;
        await wb.page.mouse.move(0, 0);
        return false;
      }, { timeoutMs: 20_000, message: what }).catch(() => {
        throw new Error(`${what}: the hover says ${text.replace(/\s+/g, ' ')}`);
      });
      return text;
    };
    const hover = await hoverUntil('replicas', (t) => /Type:/i.test(t) && /replica/i.test(t), "the field's description shown over replicas");
    const problem = await hoverUntil('0', (t) => /found 0(?!\d)/.test(t), 'the problem with replicas 0 shown over the value');
    await screenshot('-diagnostic');
    state.valuesDiagnostic = { line: at.line, lines, problem, hover };
    log.write(`[e2e] hover over replicas: ${problem.replace(/\s+/g, ' ')} / ${hover.replace(/\s+/g, ' ')}\n`);
    await wb.page.keyboard.press('Escape');

    // Completion on the flavor name offers the template's flavors.
    await wb.findInEditor(`name: ${coredns.spec?.values?.flavor?.name ?? 'autopilot-flavor1'}`);
    await wb.page.keyboard.press('End');
    const original = coredns.spec?.values?.flavor?.name;
    for (let i = 0; i < String(original ?? '').length; i++) await wb.page.keyboard.press('Backspace');
    const offered = await wb.suggestions();
    const missing = flavorNames.filter((name) => !offered.some((label) => label.includes(name)));
    if (missing.length === flavorNames.length) throw new Error(`completion offered ${offered.join(', ')}; none of the flavors ${flavorNames.join(', ')}`);
    await screenshot('-completion');
    await wb.page.keyboard.press('Escape');
    await wb.page.keyboard.type(String(original));

    // Fix, apply, review the diff, confirm.
    await wb.findInEditor('replicas: 0');
    await wb.replaceCurrentLine('replicas: 3');
    await eventually(async () => !(await wb.errorLines()).includes(at.line), { timeoutMs: 20_000, message: 'the replicas error gone after the fix' });
    // Saving a values document applies it (the extension's documented way; Apply Values does the same).
    await wb.save();
    const dialog = await wb.dialog(30_000);
    await screenshot('-diff');
    await wb.clickButton('Apply', dialog);
    const replicas = async () => {
      const after = await api.call(cluster.region, 'ShowAutopilotAddonInstance', { id: coredns.metadata?.uid, cluster_id: cluster.id });
      return after.spec?.values?.flavor?.replicas;
    };
    try {
      await wb.waitForRowText(addonRow, /upgrading/, 30_000);
    } catch (error) {
      // Say which half failed: the update itself, or the tree not showing it in progress.
      const now = await replicas();
      throw new Error(now === 3 ? 'the update was applied (replicas 3) but the tree never showed coredns upgrading' : `${error.message}; the emulator has replicas ${JSON.stringify(now)}`);
    }
    await wb.waitForRowText(addonRow, /running/, 60_000);
    const now = await replicas();
    if (now !== 3) throw new Error(`the emulator has replicas ${JSON.stringify(now)}, not 3`);
    await screenshot();
  },
};
