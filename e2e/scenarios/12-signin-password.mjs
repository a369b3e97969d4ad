// A cloud user signs in as an IAM user with a password, in two regions: the extension gets a
// project-scoped token from IAM (POST /v3/auth/tokens at the cceAutopilot.iamEndpoint of the
// settings) for each region, and the tree shows both regions' clusters. The account, user and
// password are the emulator's demo IAM user (its ready line).
import { answersTo, assertNotShown, expectIamProjects, inCloudWorkbench, signedIn, treeShowsClusters } from '../lib/cloud.mjs';

export default {
  id: 'signin-password',
  title: 'Sign in as an IAM user with a password in two regions: a token per region; the tree shows both regions\' clusters',
  commands: ['cceAutopilot.signIn'],
  timeoutMs: 180_000,
  async run(ctx) {
    const { api, emulator, name } = ctx;
    await inCloudWorkbench(ctx, async (cloud) => {
      const { wb } = cloud;
      const world = (await api.world()).filter((r) => r.clusters.length > 0);
      if (world.length < 2) throw new Error(`the demo seed should have clusters in two regions; it has them in ${world.map((r) => r.region).join(', ') || 'none'}`);
      const regions = world.map((r) => r.region);
      await wb.runCommand('CCE Autopilot: Sign In');
      await wb.answerPrompts([
        { match: /Sign in to Huawei Cloud/i, pick: 'IAM user and password' },
        { match: /Profile name/i, text: 'iam' },
        { match: /account \(domain\) name/i, text: emulator.domain },
        { match: /IAM user name/i, text: emulator.user },
        { match: /Password/i, text: emulator.password },
        { match: /Regions to show/i, picks: regions },
      ]);
      const { projects } = await signedIn(wb, 'iam');
      await expectIamProjects(api, projects, regions);
      const tokens = answersTo(cloud.recorder, 'POST', '/v3/auth/tokens').filter((a) => a.status === 201);
      if (tokens.length < regions.length) throw new Error(`IAM issued ${tokens.length} tokens for ${regions.length} regions`);
      for (const region of regions) await treeShowsClusters(wb, api, region);
      await assertNotShown(wb.page, emulator.password, 'password');
      await wb.screenshot(name);
    });
  },
};
