// A cloud user mistypes the secret key. The sign-in is refused by the service (IAM's gateway
// answers 401 to the project lookup); the extension shows that error with the request id the
// emulator sent (held against what the recorder saw it answer) and an "Edit profile" action. That
// action (also on the tree's error row) re-opens the flow for the same profile with its answers filled in (never the SK); with
// the right SK the tree then shows the region's clusters, and there is still one profile.
import { answersTo, assertNotShown, expectIamProjects, inCloudWorkbench, signedIn, toastText, treeShowsClusters } from '../lib/cloud.mjs';
import { eventually } from '../lib/workbench.mjs';

export default {
  id: 'signin-wrong-sk',
  title: "Sign in with a wrong SK: the service's error with its request id and Edit Profile; fixing the SK there signs in",
  commands: ['cceAutopilot.signIn', 'cceAutopilot.editProfile'],
  timeoutMs: 180_000,
  async run(ctx) {
    const { api, emulator, name } = ctx;
    const region = emulator.region;
    const wrongSk = `${emulator.sk.slice(0, -4)}XXXX`;
    await inCloudWorkbench(ctx, async (cloud) => {
      const { wb, recorder } = cloud;
      await wb.clickWelcome('Sign in');
      await wb.answerPrompts([
        { match: /Sign in to Huawei Cloud/i, pick: 'Access key (AK/SK)' },
        { match: /Profile name/i, text: 'cloud' },
        { match: /Access key id/i, text: emulator.ak },
        { match: /Secret access key/i, text: wrongSk },
        { match: /Regions to show/i, picks: [region] },
        { match: /Project id of/i, text: '' },
      ]);
      const { toast, text } = await toastText(wb, 'cannot sign in');
      // What the emulator answered: the project lookup refused with 401, its request id in the
      // header and in the body.
      const refused = answersTo(recorder, 'GET', '/v3/projects').filter((a) => a.status === 401);
      if (refused.length === 0) throw new Error(`the emulator refused no project lookup (it answered: ${JSON.stringify(recorder.answers)})`);
      for (const a of refused) if (a.bodyRequestId !== a.requestId) throw new Error(`the emulator's 401 has request id ${a.requestId} in its header and ${a.bodyRequestId} in its body`);
      const shownId = /\(request ([0-9a-f]+)\)/.exec(text)?.[1];
      if (!shownId) throw new Error(`the error shows no request id: "${text}"`);
      const answered = refused.find((a) => a.requestId === shownId);
      if (!answered) throw new Error(`the error shows request ${shownId}; the emulator's 401 answers had ${refused.map((a) => a.requestId).join(', ')}`);
      if (!text.includes(`cloud cannot sign in to ${region}`) || !text.includes(`${answered.errorCode}:`)) throw new Error(`the error does not name the profile, region and the service's code ${answered.errorCode}: "${text}"`);
      // The tree says the same on the region's row: an error node with a request the emulator refused.
      const node = await wb.waitForRow([region, { text: new RegExp(answered.errorCode.replace('.', '\\.')) }], 30_000);
      const nodeId = /request ([0-9a-f]+)/.exec(node.description)?.[1];
      // (The tree's own load may have sent its lookup after the check's: look at every answer now.)
      const nodeAnswer = recorder.answers.find((a) => a.requestId === nodeId);
      if (nodeAnswer?.status !== 401) throw new Error(`the error node shows request ${nodeId}, which is no 401 answer of the emulator (${JSON.stringify(nodeAnswer)})`);
      // A user who closed the notification finds the same way out on that row.
      const offered = await wb.contextMenuLabels([region, { text: new RegExp(answered.errorCode.replace('.', '\\.')) }]);
      if (!offered.includes('Edit Profile')) throw new Error(`the error row's menu offers no Edit Profile (it offers: ${offered.join(' | ')})`);
      await assertNotShown(wb.page, wrongSk, 'secret access key');
      await wb.screenshot(`${name}-error`);

      await wb.clickButton('Edit profile', toast);
      await wb.answerPrompts([
        { match: /Edit profile cloud: how to sign in/i, pick: 'Access key (AK/SK)' },
        { match: /Profile name/i, keep: 'cloud' },
        { match: /Access key id/i, keep: emulator.ak },
        { match: /Secret access key/i, text: emulator.sk },
        { match: /Regions to show/i, picks: [region] },
        { match: /Project id of/i, text: '' },
      ]);
      const { projects } = await signedIn(wb, 'cloud');
      await expectIamProjects(api, projects, [region]);
      await treeShowsClusters(wb, api, region);
      await wb.waitForNoRow([region, { text: new RegExp(answered.errorCode.replace('.', '\\.')) }], 30_000);
      await assertNotShown(wb.page, emulator.sk, 'secret access key');
      // The profile was fixed, not added again: the profile picker lists one "cloud".
      await wb.runCommand('CCE Autopilot: Switch Profile');
      const listed = await eventually(async () => {
        const items = await wb.pickItems();
        return items.some((i) => /Sign in/.test(i)) ? items : undefined;
      }, { timeoutMs: 15_000, message: 'the profile picker' });
      const clouds = listed.filter((i) => /^cloud\s*aksk/.test(i.trim()));
      if (clouds.length !== 1) throw new Error(`the profile picker lists ${clouds.length} "cloud" profiles: ${listed.join(' | ')}`);
      await wb.closeQuickInput();
      await wb.screenshot(name);
    });
  },
};
