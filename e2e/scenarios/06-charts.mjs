// Upload a chart, install a release with edited values, upgrade it, roll it back, see the history.
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { clusterWithRelease } from '../lib/demo.mjs';

const exec = promisify(execFile);

/** A small real Helm chart archive, packed like `helm package` does (a folder named after the chart). */
async function chartArchive(dir, name, version) {
  const root = join(dir, name);
  await mkdir(join(root, 'templates'), { recursive: true });
  await writeFile(join(root, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: ${version}\nappVersion: "1.25"\ndescription: Chart uploaded by the end-to-end suite\ntype: application\n`);
  await writeFile(join(root, 'values.yaml'), 'replicaCount: 1\nimage:\n  repository: nginx\n  tag: "1.25"\nservice:\n  port: 80\n');
  await writeFile(
    join(root, 'templates/deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicaCount }}\n  selector:\n    matchLabels: { app: {{ .Release.Name }} }\n  template:\n    metadata:\n      labels: { app: {{ .Release.Name }} }\n    spec:\n      containers:\n        - name: web\n          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"\n',
  );
  // A cluster-scoped object too: the tree lists it under the release (scenario workloads).
  await writeFile(
    join(root, 'templates/clusterrole.yaml'),
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: {{ .Release.Name }}-reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get", "list", "watch"]\n',
  );
  const file = join(dir, `${name}-${version}.tgz`);
  await exec('tar', ['-czf', file, '-C', dir, name]);
  return file;
}

export default {
  id: 'charts',
  title: 'upload a chart, install a release with edited values, upgrade, roll back, history',
  needs: ['tree'],
  commands: ['cceAutopilot.chart.upload', 'cceAutopilot.release.install', 'cceAutopilot.release.upgrade', 'cceAutopilot.release.rollback', 'cceAutopilot.release.history'],
  timeoutMs: 180_000,
  async run({ wb, api, workspace, screenshot, state }) {
    const cluster = await clusterWithRelease(api);
    const chartName = 'e2e-web';
    const archive = await chartArchive(workspace, chartName, '0.1.0');
    const charts = [cluster.region, 'Charts'];

    // Upload through the open dialog (code-server's dialog is a quick input taking a path).
    await wb.expand(charts);
    await wb.contextMenu(charts, 'Upload Chart');
    await wb.openDialogPath(archive);
    await wb.answerPrompts([{ match: /^Upload /, pick: 'Fail if the chart exists' }]);
    await wb.waitForRow([...charts, chartName], 30_000);

    // Install with an edited value.
    const releases = [cluster.region, cluster.name, 'Chart releases'];
    const release = 'e2e-rel';
    await wb.expand(releases);
    await wb.contextMenu(releases, 'Install Release');
    await wb.answerPrompts([
      { match: /^Chart( \||$)/, pick: chartName, optional: true },
      { match: /release name/i, text: release },
      { match: /^Namespace/, text: 'default' },
    ]);
    await wb.waitForEditor('.yaml');
    await wb.findInEditor('replicaCount:');
    await wb.replaceCurrentLine('replicaCount: 2');
    await wb.save();
    await wb.clickButton('Install', await wb.dialog(30_000));
    const row = [...releases, `default/${release}`];
    await wb.waitForRowText(row, /DEPLOYED/, 60_000);

    // Upgrade with another value, then roll back to the first revision.
    await wb.closeAllEditors();
    await wb.contextMenu(row, 'Upgrade Release');
    await wb.answerPrompts([{ match: /Chart version/i, pick: '0.1.0', optional: true }]).catch(() => {});
    await wb.waitForEditor('.yaml');
    await wb.findInEditor('replicaCount:');
    await wb.replaceCurrentLine('replicaCount: 3');
    await wb.save();
    await wb.clickButton('Apply', await wb.dialog(30_000));
    await wb.waitForRowText(row, /rev 2\b/, 60_000);
    await wb.waitForRowText(row, /DEPLOYED/, 60_000);

    await wb.contextMenu(row, 'Roll Back Release');
    await wb.answerPrompts([{ match: /Roll back/i, pick: 'revision 1' }]);
    await wb.clickButton('Roll back', await wb.dialog(30_000));
    await wb.waitForRowText(row, /rev 3\b/, 60_000);

    const live = await api.call(cluster.region, 'ShowAutopilotRelease', { cluster_id: cluster.id, namespace: 'default', name: release });
    const values = typeof live.values === 'string' ? JSON.parse(live.values) : live.values;
    if (values?.replicaCount !== 2) throw new Error(`after the rollback to revision 1 the release has replicaCount ${JSON.stringify(values?.replicaCount)}, not 2`);

    // History: the revisions, then the values diff between two of them.
    await wb.contextMenu(row, 'Show Release History');
    await wb.waitForEditorText('revision: 3');
    await wb.answerPrompts([
      { match: /newer revision/i, pick: 'revision 3' },
      { match: /Compare revision/i, pick: 'revision 2' },
    ]);
    // The values diff: revision 2 had replicaCount 3, revision 3 (the rollback) has 2.
    const diff = wb.page.locator('.editor-instance .monaco-diff-editor');
    await diff.waitFor({ timeout: 30_000 });
    await diff.locator('.view-lines').filter({ hasText: 'replicaCount: 3' }).first().waitFor({ timeout: 10_000 });
    await screenshot();
  },
};
