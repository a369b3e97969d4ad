import {
  KubeconfigConflictError, listMergedClusters, mergeClusterCert, removeClusterEntries, undoLastChange,
  type ClusterCertAnswer, type ConflictPolicy, type EndpointKind, type LocationInput, type MergeResult,
} from '@cce-autopilot/kubeconfig';
import type { CceApi } from './api.js';
import type { Ui } from './ui.js';

export interface ClusterRef {
  readonly id: string;
  readonly name: string;
  readonly region: string;
  /** Whether the cluster has a public (External) endpoint. */
  readonly hasExternal: boolean;
}

const durations = [
  { label: '1 day', value: 1 },
  { label: '7 days', value: 7 },
  { label: '30 days', value: 30 },
  { label: '1 year', value: 365 },
  { label: '5 years (the maximum)', value: -1 },
];

/**
 * "Set up kubectl": choose endpoint and duration, fetch the certificate, preview the change as a
 * diff, merge (optionally switching the current context), and say which file and context.
 */
export async function setupKubectl(ui: Ui, api: CceApi, cluster: ClusterRef, location: LocationInput): Promise<MergeResult | undefined> {
  const endpoint = await ui.pick<EndpointKind>([
    { label: 'Internal endpoint', description: 'reachable inside the cluster\'s VPC', value: 'internal' },
    ...(cluster.hasExternal ? [{ label: 'External (public) endpoint', description: 'skips TLS verification of the server, as the service answers it', value: 'external' as const }] : []),
  ], { title: `Set up kubectl for ${cluster.name}: endpoint` });
  if (!endpoint) return undefined;
  if (endpoint === 'external' && !(await ui.confirm('Use the external endpoint?', 'The certificate answer for the public endpoint disables TLS verification of the API server (insecure-skip-tls-verify).', 'Use external'))) return undefined;
  const duration = await ui.pick(durations, { title: 'How long the client certificate stays valid' });
  if (duration === undefined) return undefined;
  const answer = await ui.progress(`Getting a certificate for ${cluster.name}`, (_p, signal) =>
    api.call<ClusterCertAnswer>('CreateAutopilotKubernetesClusterCert', { path: { cluster_id: cluster.id }, body: { duration } }, signal));
  const base = { ...location, answer, cluster: { id: cluster.id, name: cluster.name, region: cluster.region }, endpoint };
  let onConflict: ConflictPolicy = 'fail';
  let preview: MergeResult;
  try {
    preview = await mergeClusterCert({ ...base, dryRun: true, onConflict });
  } catch (e) {
    if (!(e instanceof KubeconfigConflictError)) throw e;
    const choice = await ui.pick<ConflictPolicy>([
      { label: 'Rename the new entries', value: 'rename' },
      { label: 'Overwrite the existing entries', description: 'they were not written by CCE Autopilot', value: 'overwrite' },
    ], { title: e.message });
    if (!choice) return undefined;
    onConflict = choice;
    preview = await mergeClusterCert({ ...base, dryRun: true, onConflict });
  }
  if (!preview.changed) {
    ui.info(`${preview.path} already holds context ${preview.contextName}; nothing changed.`);
    return preview;
  }
  await ui.showText(`kubeconfig change ${cluster.name}`, preview.diff ?? '', 'diff');
  const setCurrent = await ui.pick([
    { label: `Merge and switch kubectl to ${preview.contextName}`, value: true },
    { label: 'Merge only', value: false },
  ], { title: `Merge into ${preview.path}?` });
  if (setCurrent === undefined) return undefined;
  const result = await mergeClusterCert({ ...base, onConflict, setCurrent });
  const warnings = result.warnings.length ? ` ${result.warnings.join(' ')}` : '';
  ui.info(`kubectl context ${result.contextName} written to ${result.path}${setCurrent ? ' and made current' : ''}.${warnings}`);
  return result;
}

export async function undoKubectl(ui: Ui, location: LocationInput): Promise<boolean> {
  const preview = await undoLastChange({ ...location, dryRun: true });
  await ui.showText('kubeconfig undo', preview.diff ?? '', 'diff');
  if (!(await ui.confirm(`Undo the last ${preview.action} in ${preview.path}?`, '', 'Undo'))) return false;
  const done = await undoLastChange(location);
  ui.info(`Restored ${done.path} as it was before the last ${done.action}.`);
  return true;
}

export async function removeKubectl(ui: Ui, cluster: { id: string; name: string }, location: LocationInput): Promise<boolean> {
  const preview = await removeClusterEntries({ ...location, clusterId: cluster.id, dryRun: true });
  if (!preview.changed) { ui.info(`${preview.path} has no entries of ${cluster.name}.`); return false; }
  await ui.showText(`kubeconfig removal ${cluster.name}`, preview.diff ?? '', 'diff');
  if (!(await ui.confirm(`Remove ${cluster.name} from ${preview.path}?`, `Entries: ${preview.removed.join(', ')}`, 'Remove'))) return false;
  const done = await removeClusterEntries({ ...location, clusterId: cluster.id });
  ui.info(`Removed ${done.removed.join(', ')} from ${done.path}.`);
  return true;
}

/** Not-after of the client certificate of every cluster merged into the kubeconfig files. */
export async function certificateExpiries(location: LocationInput): Promise<Map<string, Date>> {
  const out = new Map<string, Date>();
  for (const c of await listMergedClusters(location)) {
    if (!c.certificateExpiresAt) continue;
    const prev = out.get(c.clusterId);
    if (!prev || c.certificateExpiresAt > prev) out.set(c.clusterId, c.certificateExpiresAt);
  }
  return out;
}
