import {
  KubeconfigConflictError, listMergedClusters, mergeClusterCert, removeClusterEntries, undoLastChange,
  type ConflictPolicy, type EndpointKind, type LocationInput, type MergeResult,
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

const durations = (ui: Ui) => [
  { label: ui.t`1 day`, value: 1 },
  { label: ui.t`7 days`, value: 7 },
  { label: ui.t`30 days`, value: 30 },
  { label: ui.t`1 year`, value: 365 },
  { label: ui.t`5 years (the maximum)`, value: -1 },
];

/**
 * "Set up kubectl": choose endpoint and duration, fetch the certificate, preview the change as a
 * diff, merge (optionally switching the current context), and say which file and context.
 */
export async function setupKubectl(ui: Ui, api: CceApi, cluster: ClusterRef, location: LocationInput): Promise<MergeResult | undefined> {
  const endpoint = await ui.pick<EndpointKind>([
    { label: ui.t`Internal endpoint`, description: ui.t`reachable inside the cluster's VPC`, value: 'internal' },
    ...(cluster.hasExternal ? [{ label: ui.t`External (public) endpoint`, description: ui.t`skips TLS verification of the server, as the service answers it`, value: 'external' as const }] : []),
  ], { title: ui.t`Set up kubectl for ${cluster.name}: endpoint` });
  if (!endpoint) return undefined;
  if (endpoint === 'external' && !(await ui.confirm(ui.t`Use the external endpoint?`, ui.t`The certificate answer for the public endpoint disables TLS verification of the API server (insecure-skip-tls-verify).`, ui.t`Use external`))) return undefined;
  const duration = await ui.pick(durations(ui), { title: ui.t`How long the client certificate stays valid` });
  if (duration === undefined) return undefined;
  const answer = await ui.progress(ui.t`Getting a certificate for ${cluster.name}`, (_p, signal) =>
    api.call('CreateAutopilotKubernetesClusterCert', { cluster_id: cluster.id, body: { duration } }, signal));
  const base = { ...location, answer, cluster: { id: cluster.id, name: cluster.name, region: cluster.region }, endpoint };
  let onConflict: ConflictPolicy = 'fail';
  let preview: MergeResult;
  try {
    preview = await mergeClusterCert({ ...base, dryRun: true, onConflict });
  } catch (e) {
    if (!(e instanceof KubeconfigConflictError)) throw e;
    const choice = await ui.pick<ConflictPolicy>([
      { label: ui.t`Rename the new entries`, value: 'rename' },
      { label: ui.t`Overwrite the existing entries`, description: ui.t`they were not written by CCE Autopilot`, value: 'overwrite' },
    ], { title: e.message });
    if (!choice) return undefined;
    onConflict = choice;
    preview = await mergeClusterCert({ ...base, dryRun: true, onConflict });
  }
  if (!preview.changed) {
    ui.info(ui.t`${preview.path} already holds context ${preview.contextName}; nothing changed.`);
    return preview;
  }
  await ui.showText(`kubeconfig change ${cluster.name}`, preview.diff ?? '', 'diff');
  const setCurrent = await ui.pick([
    { label: ui.t`Merge and switch kubectl to ${preview.contextName}`, value: true },
    { label: ui.t`Merge only`, value: false },
  ], { title: ui.t`Merge into ${preview.path}?` });
  if (setCurrent === undefined) return undefined;
  const result = await mergeClusterCert({ ...base, onConflict, setCurrent });
  const warnings = result.warnings.length ? ` ${result.warnings.join(' ')}` : '';
  ui.info((setCurrent ? ui.t`kubectl context ${result.contextName} written to ${result.path} and made current.` : ui.t`kubectl context ${result.contextName} written to ${result.path}.`) + warnings);
  return result;
}

export async function undoKubectl(ui: Ui, location: LocationInput): Promise<boolean> {
  const preview = await undoLastChange({ ...location, dryRun: true });
  await ui.showText('kubeconfig undo', preview.diff ?? '', 'diff');
  if (!(await ui.confirm(ui.t`Undo the last ${preview.action} in ${preview.path}?`, '', ui.t`Undo`))) return false;
  const done = await undoLastChange(location);
  ui.info(ui.t`Restored ${done.path} as it was before the last ${done.action}.`);
  return true;
}

export async function removeKubectl(ui: Ui, cluster: { id: string; name: string }, location: LocationInput): Promise<boolean> {
  const preview = await removeClusterEntries({ ...location, clusterId: cluster.id, dryRun: true });
  if (!preview.changed) { ui.info(ui.t`${preview.path} has no entries of ${cluster.name}.`); return false; }
  await ui.showText(`kubeconfig removal ${cluster.name}`, preview.diff ?? '', 'diff');
  if (!(await ui.confirm(ui.t`Remove ${cluster.name} from ${preview.path}?`, ui.t`Entries: ${preview.removed.join(', ')}`, ui.t`Remove`))) return false;
  const done = await removeClusterEntries({ ...location, clusterId: cluster.id });
  ui.info(ui.t`Removed ${done.removed.join(', ')} from ${done.path}.`);
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
