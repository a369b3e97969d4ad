// A cloud user signs in with an access key and no project id: the settings name the CCE endpoint
// of each region and the IAM endpoint (the emulator standing in for the cloud), "Sign in" asks
// how, the keys, the region and the project id (left empty), and the extension looks the project
// up through IAM (GET /v3/projects?name={region}); the tree then shows the region's clusters.
import { answersTo, assertNotShown, expectIamProjects, inCloudWorkbench, signedIn, treeShowsClusters } from '../lib/cloud.mjs';

export default {
  id: 'signin-aksk',
  title: 'Sign in with AK/SK and no project id: the project is looked up through IAM; the tree shows the clusters',
  commands: ['cceAutopilot.signIn'],
  timeoutMs: 180_000,
  async run(ctx) {
    const { api, emulator, name } = ctx;
    await inCloudWorkbench(ctx, async (cloud) => {
      const { wb } = cloud;
      const region = emulator.region;
      await wb.screenshot(`${name}-welcome`);
      await wb.clickWelcome('Sign in');
      await wb.answerPrompts([
        { match: /Sign in to Huawei Cloud/i, pick: 'Access key (AK/SK)' },
        { match: /Profile name/i, text: 'cloud' },
        { match: /Access key id/i, text: emulator.ak },
        { match: /Secret access key/i, text: emulator.sk },
        { match: /Regions to show/i, picks: [region] },
        { match: /Project id of/i, text: '' },
      ]);
      const { projects } = await signedIn(wb, 'cloud');
      await expectIamProjects(api, projects, [region]);
      // Found through IAM, at the IAM endpoint of the settings: the project list by the region's name.
      const lookups = answersTo(cloud.recorder, 'GET', '/v3/projects').filter((a) => a.query === `?name=${region}`);
      if (!lookups.some((a) => a.status === 200)) throw new Error(`no successful GET /v3/projects?name=${region} reached the emulator (saw: ${JSON.stringify(cloud.recorder.answers.slice(0, 10))})`);
      await wb.waitForRow(['cloud', region], 30_000);
      await treeShowsClusters(wb, api, region);
      await assertNotShown(wb.page, emulator.sk, 'secret access key');
      await wb.screenshot(name);
    });
  },
};
