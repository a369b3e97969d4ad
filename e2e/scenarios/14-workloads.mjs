// What runs in a cluster: the release the charts scenario installed (a Deployment of its chart)
// shows its objects and pods in the tree, the cluster's Kubernetes node lists the same pods under
// the release's namespace, both checked against kubectl; then a pod's log opens in an editor with
// the lines the emulator's Kubernetes API serves for that pod; a pod kubectl deletes is replaced in
// the tree by the cluster's watches.
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clusterWithRelease } from '../lib/demo.mjs';
import { deletePod, listClusterRoles, listPods, podLog } from '../lib/kubectl.mjs';
import { eventually } from '../lib/workbench.mjs';

/** A kubeconfig of the cluster's own (a one-day certificate from the API), TLS verified against its CA. */
async function clusterKubeconfig(api, cluster, dir) {
  const answer = await api.call(cluster.region, 'CreateAutopilotKubernetesClusterCert', { cluster_id: cluster.id, body: { duration: 1 } });
  const verified = (answer.clusters ?? []).find((c) => c.cluster?.['certificate-authority-data'] && c.cluster['insecure-skip-tls-verify'] !== true);
  const context = (answer.contexts ?? []).find((c) => c.context?.cluster === verified?.name);
  if (!context) throw new Error(`the certificate answer for ${cluster.name} has no context with a CA to verify the API server against`);
  const path = join(dir, `e2e-workloads-${cluster.id}.kubeconfig`);
  await writeFile(path, JSON.stringify({ ...answer, 'current-context': context.name }), { mode: 0o600 });
  await chmod(path, 0o600);
  return { path, context: context.name };
}

export default {
  id: 'workloads',
  title: "a release's objects and pods in the tree match kubectl; a pod's log opens with the lines the cluster serves; watches follow kubectl's changes",
  // The release of a chart with a Deployment, installed through the extension by scenario charts.
  needs: ['charts'],
  commands: ['cceAutopilot.kube.logs', 'cceAutopilot.kube.showYaml'],
  timeoutMs: 150_000,
  async run({ wb, api, workDir, screenshot }) {
    const cluster = await clusterWithRelease(api);
    const release = 'e2e-rel';
    const namespace = 'default';
    // Scenario charts ends on its rollback's revision; the rollback itself may still be settling.
    const shown = await eventually(async () => {
      const r = await api.call(cluster.region, 'ShowAutopilotRelease', { cluster_id: cluster.id, namespace, name: release });
      if (r.status === 'FAILED') throw new Error(`release ${namespace}/${release} is FAILED: ${r.status_description}`);
      return r.status === 'DEPLOYED' ? r : undefined;
    }, { timeoutMs: 60_000, message: `release ${namespace}/${release} DEPLOYED in the API` });
    const values = typeof shown.values === 'string' ? JSON.parse(shown.values) : shown.values;
    const replicas = values?.replicaCount;
    const { path: kubeconfig, context } = await clusterKubeconfig(api, cluster, workDir);

    // The chart's Deployment selects `app: <release>`; wait (on kubectl's answer) until the
    // rollback's replica count has settled: that many pods, all Running, none terminating.
    const settled = await eventually(async () => {
      const pods = await listPods(kubeconfig, context, namespace, `app=${release}`);
      return pods.length === replicas && pods.every((p) => p.phase === 'Running' && !p.terminating) ? pods : undefined;
    }, { timeoutMs: 60_000, message: `${replicas} Running pods of ${release} in kubectl` });
    const podNames = settled.map((p) => p.name).sort();

    // Under the release: its Deployment and its pods.
    const releaseRow = [cluster.region, cluster.name, 'Chart releases', `${namespace}/${release}`];
    await wb.expand([cluster.region, cluster.name, 'Chart releases']);
    await wb.expand(releaseRow);
    await wb.waitForRowText([...releaseRow, `Deployment ${release}`], new RegExp(`${replicas}/${replicas} ready`), 30_000);
    for (const pod of podNames) await wb.waitForRowText([...releaseRow, `Pod ${pod}`], /Running 1\/1/, 30_000);
    const releasePods = await eventually(async () => {
      const below = ((await wb.childRows(releaseRow)) ?? []).filter((r) => r.label.startsWith('Pod ')).map((r) => r.label.slice(4)).sort();
      return below.length === podNames.length ? below : undefined;
    }, { timeoutMs: 30_000, message: `exactly ${podNames.length} pod rows under ${release}` });
    if (JSON.stringify(releasePods) !== JSON.stringify(podNames)) throw new Error(`the tree shows pods ${releasePods.join(', ')} under ${release}; kubectl lists ${podNames.join(', ')}`);

    // Its cluster-scoped object (the chart's ClusterRole), which kubectl finds by Helm's label.
    const roles = (await listClusterRoles(kubeconfig, context, 'app.kubernetes.io/managed-by=Helm')).filter((r) => r.release === release);
    if (roles.length !== 1) throw new Error(`kubectl lists ${roles.length} ClusterRoles of release ${release} (${roles.map((r) => r.name).join(', ')}); the chart has one`);
    await wb.waitForRowText([...releaseRow, `ClusterRole ${roles[0].name}`], /cluster-scoped/, 30_000);

    // The cluster's Kubernetes node: namespace -> Pods lists the same pods (among the namespace's others).
    const pods = [cluster.region, cluster.name, 'Kubernetes', namespace, 'Pods'];
    await wb.expand(pods);
    const allPods = (await listPods(kubeconfig, context, namespace, '')).map((p) => p.name);
    await wb.waitForRowText(pods, new RegExp(`^Pods ${allPods.length}$`), 30_000);
    for (const pod of podNames) await wb.waitForRowText([...pods, pod], /Running 1\/1/, 30_000);
    await screenshot('-tree');

    // A pod's log: the editor shows the lines kubectl gets for the same pod (the tree asks with
    // timestamps, which prefix each line).
    const pod = podNames[0];
    const expected = (await podLog(kubeconfig, context, namespace, pod)).split('\n').filter(Boolean);
    if (!expected.some((l) => l.includes(`of pod ${namespace}/${pod}`))) throw new Error(`kubectl logs ${pod} printed no start line naming the pod: ${expected.slice(0, 3).join(' | ')}`);
    await wb.contextMenu([...pods, pod], 'Show Logs');
    await wb.waitForEditor(`log ${namespace}-${pod}`);
    for (const line of expected.slice(0, 3)) await wb.waitForEditorText(line);
    await screenshot('-log');
    await wb.closeAllEditors();

    // Changed outside the extension (kubectl deletes a pod; its ReplicaSet makes another): the
    // expanded rows follow by the cluster's watches, with no refresh clicked and no poll (these
    // rows are not polled).
    await deletePod(kubeconfig, context, namespace, pod);
    const replaced = await eventually(async () => {
      const now = await listPods(kubeconfig, context, namespace, `app=${release}`);
      const fresh = now.filter((p) => !podNames.includes(p.name) && p.phase === 'Running' && !p.terminating);
      return !now.some((p) => p.name === pod) && fresh.length === 1 ? fresh[0].name : undefined;
    }, { timeoutMs: 60_000, message: `a replacement of pod ${pod} Running in kubectl` });
    await wb.waitForRowText([...pods, replaced], /Running 1\/1/, 30_000);
    await wb.waitForNoRow([...pods, pod], 30_000);
    await wb.waitForRowText([...releaseRow, `Pod ${replaced}`], /Running 1\/1/, 30_000);
    await wb.waitForNoRow([...releaseRow, `Pod ${pod}`], 30_000);
    await screenshot();
  },
};
