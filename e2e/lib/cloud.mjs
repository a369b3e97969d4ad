// A cloud user's VS Code for the sign-in scenarios: a profile whose only CCE Autopilot settings are
// `cceAutopilot.endpoints` (every region of the emulator) and `cceAutopilot.iamEndpoint`, both
// naming the suite's emulator as the cloud's stand-in, through a recorder that notes what the
// emulator answered (status, request id) so the scenario can hold the UI against it.
import { cloudSettings } from '../../scripts/lib/settings.mjs';
import { startRecorder } from './recorder.mjs';
import { eventually } from './workbench.mjs';

/** Opens the cloud user's workbench on the CCE Autopilot view; `close()` stops it and the recorder. */
export async function cloudWorkbench({ api, emulator, bareWorkbench }) {
  const regions = (await api.projects()).map((p) => p.region);
  const recorder = await startRecorder(emulator.url);
  let bare;
  try {
    bare = await bareWorkbench({ settings: cloudSettings({ endpoint: recorder.url, regions }) });
    await bare.wb.openView('CCE Autopilot');
    // Not signed in: the welcome view offers the emulator and Sign in.
    await bare.wb.page.locator('.sidebar .welcome-view-content').filter({ hasText: 'Sign in' }).waitFor({ timeout: 60_000 });
  } catch (error) {
    await bare?.close();
    await recorder.close();
    throw error;
  }
  return {
    wb: bare.wb,
    page: bare.page,
    recorder,
    regions,
    close: async () => {
      await bare.close();
      await recorder.close();
    },
  };
}

/**
 * Runs `scenario(cloud)` in the cloud user's workbench: a failure leaves a `NAME-failed` screenshot,
 * and the workbench and the recorder are closed either way.
 */
export async function inCloudWorkbench(ctx, scenario) {
  const cloud = await cloudWorkbench(ctx);
  try {
    await scenario(cloud);
  } catch (error) {
    await cloud.wb.screenshot(`${ctx.name}-failed`).catch(() => {});
    throw error;
  } finally {
    await cloud.close();
  }
}

/** Fails unless the sign-in found, for each of `regions`, the project the emulator's IAM has there. */
export async function expectIamProjects(api, projects, regions) {
  const iam = await api.projects();
  for (const region of regions) {
    const expected = iam.find((p) => p.region === region)?.id;
    if (projects[region] !== expected) throw new Error(`the sign-in found project ${projects[region]} for ${region}; the emulator's IAM has ${expected}`);
  }
}

/** The answers the recorder saw for `method path` (e.g. `GET /v3/projects`). */
export function answersTo(recorder, method, path) {
  return recorder.answers.filter((a) => a.method === method && a.path === path);
}

/** The text of the notification toast containing `text`, whitespace folded. */
export async function toastText(wb, text, timeoutMs = 60_000) {
  const toast = await wb.waitForNotification(text, timeoutMs);
  return { toast, text: (await toast.innerText()).replace(/\s+/g, ' ').trim() };
}

/**
 * The "Signed in as profile NAME: region (project ID, N clusters), ..." confirmation, parsed:
 * `{ region: projectId }`.
 */
export async function signedIn(wb, name) {
  const { text } = await toastText(wb, `Signed in as profile ${name}`);
  const projects = {};
  for (const [, region, projectId] of text.matchAll(/([a-z]{2}(?:-[a-z0-9]+)+) \(project (\S+?),/g)) projects[region] = projectId;
  if (Object.keys(projects).length === 0) throw new Error(`the sign-in confirmation names no project: "${text}"`);
  return { text, projects };
}

/** Fails when `secret` shows anywhere on the page (tree, notifications, inputs' text). */
export async function assertNotShown(page, secret, what) {
  const shown = await page.evaluate((s) => document.body.innerText.includes(s), secret);
  if (shown) throw new Error(`the ${what} is shown on the page`);
}

/**
 * Waits until the tree shows every cluster the emulator's API lists in `region`, each with the phase
 * the API gives it at that moment (a cluster another scenario created may still be settling).
 */
export async function treeShowsClusters(wb, api, region) {
  await wb.expand(region, 60_000);
  let missing = [];
  await eventually(async () => {
    const clusters = await api.clusters(region);
    if (clusters.length === 0) throw new Error(`the emulator has no cluster in ${region} to show`);
    missing = [];
    for (const cluster of clusters) {
      const row = await wb.findRow([region, cluster.name]);
      if (!row || !row.text.includes(cluster.phase)) missing.push(`${cluster.name} (${cluster.phase})`);
    }
    return missing.length === 0;
  }, { timeoutMs: 60_000, message: `the tree showing the clusters of ${region}` }).catch((error) => {
    throw new Error(`${error.message}; not shown: ${missing.join(', ')}`);
  });
}

export { eventually };
