// Actions on the Kubernetes rows of the tree: Show YAML, Logs, Restart deployment, Delete pod.
import { stringify } from 'yaml';
import { objectPath, type KubeReader, type ObjectRow } from './kube.js';
import type { Ui } from './ui.js';

function sender(reader: KubeReader): NonNullable<KubeReader['send']> {
  if (!reader.send) throw new Error('This connection to the cluster can only list.');
  return reader.send.bind(reader);
}

/** The object as YAML without managedFields (what `kubectl get -o yaml` shows by default). */
export async function objectYaml(reader: KubeReader, row: ObjectRow): Promise<string> {
  const obj = JSON.parse(await sender(reader)('GET', objectPath(row))) as { metadata?: Record<string, unknown> };
  if (obj.metadata) delete obj.metadata.managedFields;
  return stringify(obj);
}

/** The last lines of every container of a pod (`kubectl logs --all-containers --tail`). */
export async function podLog(reader: KubeReader, row: ObjectRow, tailLines = 500): Promise<string> {
  if (row.kind !== 'Pod') throw new Error(`${row.kind} ${row.name} is not a pod.`);
  const send = sender(reader);
  const pod = JSON.parse(await send('GET', objectPath(row))) as { spec?: { containers?: { name: string }[] } };
  const containers = (pod.spec?.containers ?? []).map((c) => c.name);
  const parts = await Promise.all(containers.map(async (c) => {
    const text = await send('GET', `${objectPath(row)}/log?container=${encodeURIComponent(c)}&tailLines=${tailLines}&timestamps=true`);
    return containers.length > 1 ? text.split('\n').filter(Boolean).map((l) => `[${c}] ${l}`).join('\n') : text;
  }));
  return parts.join('\n');
}

/** `kubectl rollout restart`: a new pod-template annotation, so the Deployment rolls its pods. */
export async function restartDeployment(ui: Ui, reader: KubeReader, row: ObjectRow, now = new Date()): Promise<boolean> {
  if (row.kind !== 'Deployment') throw new Error(`${row.kind} ${row.name} is not a deployment.`);
  if (!(await ui.confirm(ui.t`Restart deployment ${row.namespace}/${row.name}?`, ui.t`Its pods are replaced by new ones.`, ui.t`Restart`))) return false;
  const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now.toISOString() } } } } };
  await sender(reader)('PATCH', objectPath(row), { type: 'application/merge-patch+json', text: JSON.stringify(patch) });
  ui.info(ui.t`Deployment ${row.namespace}/${row.name} restarted.`);
  return true;
}

export async function deletePod(ui: Ui, reader: KubeReader, row: ObjectRow): Promise<boolean> {
  if (row.kind !== 'Pod') throw new Error(`${row.kind} ${row.name} is not a pod.`);
  if (!(await ui.confirm(ui.t`Delete pod ${row.namespace}/${row.name}?`, ui.t`Its controller, if any, creates a replacement.`, ui.t`Delete`))) return false;
  await sender(reader)('DELETE', objectPath(row));
  ui.info(ui.t`Pod ${row.namespace}/${row.name} deleted.`);
  return true;
}

/** `kubectl logs -f`: the pod's container log as it grows, until the pod goes or the signal aborts. */
export async function followPodLog(reader: KubeReader, row: ObjectRow, onText: (text: string) => void, signal: AbortSignal, container?: string): Promise<void> {
  if (row.kind !== 'Pod') throw new Error(`${row.kind} ${row.name} is not a pod.`);
  if (!reader.stream) throw new Error('This connection to the cluster cannot stream.');
  const query = `follow=true&tailLines=100&timestamps=true${container ? `&container=${encodeURIComponent(container)}` : ''}`;
  await reader.stream(`${objectPath(row)}/log?${query}`, onText, signal);
}
