// Clusters (spec 01): what create, update, delete, tags and EIP binding change, the jobs that
// track them, what happens when a cluster becomes Available or goes, and the cluster lifecycle rows.
import type { AutopilotCluster, AutopilotClusterInformation, AutopilotClusterSpec } from '@cce-autopilot/models';
import { badRequest, coded, conflict, ServiceError } from '../errors.js';
import { objectOrEmpty } from '../json.js';
import type { JsonObject } from '../json.js';
import { step } from '../lifecycle.js';
import type { Step } from '../lifecycle.js';
import type { AddonRecord, ClusterRecord, JobRecord } from '../records.js';
import { findClusterVersion, latestClusterVersion } from '../versions.js';
import type { World } from '../world.js';
import { createAddonRecord, startPendingInstalls, syncAddonWorkloads } from './addons.js';
import { syncReleaseObjects } from './charts.js';
import { checkClusterNetwork, checkEniSubnets, eipForBinding, findEip, subnetsOf } from './network.js';

function newJob(world: World, c: ClusterRecord, type: string, subTypes: string[]): JobRecord {
  const now = world.now();
  const job: JobRecord = {
    id: world.newId(),
    projectId: c.projectId,
    type,
    clusterId: c.id,
    resourceId: c.id,
    resourceName: c.name,
    phase: 'Running',
    reason: '',
    createdAt: now,
    updatedAt: now,
    subJobs: subTypes.map((t) => ({ id: world.newId(), type: t, phase: 'Running', createdAt: now, updatedAt: now })),
  };
  return world.jobs.put(job);
}

export function finishJob(world: World, jobId: string | undefined, phase: 'Success' | 'Failed', at: number, reason = ''): void {
  if (!jobId) return;
  const job = world.jobs.get(jobId);
  if (!job) return;
  job.phase = phase;
  job.reason = reason;
  job.updatedAt = at;
  for (const sub of job.subJobs) {
    sub.phase = phase === 'Success' ? 'Success' : sub.phase === 'Success' ? 'Success' : 'Failed';
    sub.updatedAt = at;
  }
  world.jobs.put(job);
}

function nameTaken(world: World, projectId: string, name: string, except?: string): boolean {
  return world.clustersOf(projectId).some((c) => c.id !== except && (c.name === name || c.alias === name));
}

/** The add-ons asked for in `metadata.annotations["cluster.install.addons/install"]` (spec 01 4.1.1). */
function requestedAddons(annotations: JsonObject): { addonTemplateName: string; version?: string; values: JsonObject }[] {
  const raw = annotations['cluster.install.addons/install'];
  if (raw === undefined) return [];
  if (typeof raw !== 'string') throw badRequest('metadata.annotations["cluster.install.addons/install"] must be a JSON string.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw badRequest('metadata.annotations["cluster.install.addons/install"] is not valid JSON; expected [{"addonTemplateName":...,"values":{...}}].');
  }
  if (!Array.isArray(parsed)) throw badRequest('metadata.annotations["cluster.install.addons/install"] must be a JSON array.');
  return parsed.map((item, i) => {
    const o = objectOrEmpty(item);
    if (typeof o.addonTemplateName !== 'string') throw badRequest(`metadata.annotations["cluster.install.addons/install"][${i}].addonTemplateName is required.`);
    return { addonTemplateName: o.addonTemplateName, ...(typeof o.version === 'string' ? { version: o.version } : {}), values: objectOrEmpty(o.values) };
  });
}

/**
 * A new cluster, `Creating` with its CreateCluster job, and the add-ons the create annotation asks
 * for (installed once it is Available). Everything is checked before anything is stored.
 */
export function createCluster(world: World, projectId: string, region: string, body: AutopilotCluster): { cluster: ClusterRecord; job: JobRecord } {
  const { metadata, spec } = body;
  const name = String(metadata.name);
  if (spec.flavor !== 'cce.autopilot.cluster') throw coded('CCE.01400004', `spec.flavor must be "cce.autopilot.cluster" for an Autopilot cluster (got ${JSON.stringify(spec.flavor)}).`);
  const versionInfo = findClusterVersion(typeof spec.version === 'string' ? spec.version : latestClusterVersion);
  if (!versionInfo) throw coded('CCE.01400015', `spec.version ${JSON.stringify(spec.version)} is not offered; choose one of the versions in GET /autopilot/v3/clusterupgradepaths.`);
  if (nameTaken(world, projectId, name)) throw conflict(`a cluster named ${JSON.stringify(name)} already exists in project ${projectId}.`);
  const alias = typeof metadata.alias === 'string' && metadata.alias !== '' ? metadata.alias : undefined;
  if (alias && alias !== name && nameTaken(world, projectId, alias)) throw conflict(`the display name ${JSON.stringify(alias)} is already used by another cluster.`);
  const used = world.clustersOf(projectId).length;
  if (used >= world.quotas.clustersPerRegion) {
    throw coded('CCE.01400007', `project ${projectId} (${region}) already has ${used} clusters and the quota is ${world.quotas.clustersPerRegion}.`);
  }
  const { hostNetwork } = spec;
  const eniSubnets = (spec.eniNetwork?.subnets ?? []).map((x) => x.subnetID);
  checkClusterNetwork(world, projectId, hostNetwork.vpc, hostNetwork.subnet, eniSubnets);
  const addons = requestedAddons(objectOrEmpty(metadata.annotations));
  const now = world.now();
  const id = world.newId();
  const serviceCidr = String(spec.serviceNetwork?.IPv4CIDR ?? spec.kubernetesSvcIpRange ?? '10.247.0.0/16');
  const storedSpec: AutopilotClusterSpec = {
    category: 'Turbo',
    type: 'VirtualMachine',
    ...spec,
    version: versionInfo.version,
    platformVersion: versionInfo.platformVersion,
    // Without a subnet the VPC's first one is used, as the console preselects it.
    hostNetwork: { ...hostNetwork, subnet: typeof hostNetwork.subnet === 'string' ? hostNetwork.subnet : subnetsOf(world, projectId, hostNetwork.vpc)[0]?.id ?? '' },
    serviceNetwork: { IPv4CIDR: serviceCidr },
    authentication: { mode: 'rbac', ...spec.authentication },
    billingMode: spec.billingMode ?? 0,
    kubernetesSvcIpRange: serviceCidr,
    kubeProxyMode: spec.kubeProxyMode ?? 'iptables',
    extendParam: { enterpriseProjectId: '0', ...spec.extendParam },
    enableAutopilot: true,
  };
  delete storedSpec.clusterTags;
  const cluster: ClusterRecord = {
    id,
    projectId,
    name,
    createdAt: now,
    updatedAt: now,
    phase: 'Creating',
    phaseSince: now,
    // The reference says annotations are not stored; only what the answer echoes is kept.
    metadata: {},
    spec: storedSpec,
    jobId: '',
    // The schema lets key and value be left out; a left-out one is stored empty rather than as "undefined".
    tags: (spec.clusterTags ?? []).map((t) => ({ key: t.key ?? '', value: t.value ?? '' })),
  };
  if (alias) cluster.alias = alias;
  // Every requested add-on is checked before anything is stored, so a bad one leaves no half-created cluster.
  const addonRecords: AddonRecord[] = [];
  for (const a of addons) {
    if (addonRecords.some((x) => x.templateName === a.addonTemplateName)) throw badRequest(`metadata.annotations["cluster.install.addons/install"] names add-on ${a.addonTemplateName} twice.`);
    addonRecords.push(createAddonRecord(world, projectId, cluster, a.addonTemplateName, a.version, a.values, 'pending', '01'));
  }
  const job = newJob(world, cluster, 'CreateCluster', ['InstallMaster', 'CreatePSMCert', 'InstallAddons']);
  cluster.jobId = job.id;
  world.clusters.put(cluster);
  for (const addon of addonRecords) world.addons.put(addon);
  return { cluster, job };
}

/** Description, ENI subnets (only added) and display name; only while Available. */
export function updateCluster(world: World, c: ClusterRecord, body: AutopilotClusterInformation): ClusterRecord {
  const { spec } = body;
  const metadata = body.metadata ?? {};
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; it can be updated only while Available.`);
  // Everything is checked before anything changes: a refused update leaves the cluster as it was.
  if (typeof spec.description === 'string') {
    if (spec.description.length > 200) throw badRequest('spec.description must be at most 200 characters.');
    if (/[~$%^&*<>[\]{}()'"#\\]/.test(spec.description)) throw badRequest('spec.description must not contain any of ~$%^&*<>[]{}()\'"#\\.');
  }
  if (spec.customSan !== undefined) throw badRequest('spec.customSan is not supported for Autopilot clusters.');
  const nextSubnets = spec.eniNetwork?.subnets;
  if (nextSubnets) {
    const current = c.spec.eniNetwork?.subnets ?? [];
    const missing = current.filter((s) => !nextSubnets.some((n) => n.subnetID === s.subnetID));
    if (missing.length > 0) throw badRequest(`spec.eniNetwork.subnets must include every existing subnet; missing ${missing.map((m) => m.subnetID).join(', ')} (subnets can only be added).`);
    const added = nextSubnets.filter((n) => !current.some((s) => s.subnetID === n.subnetID)).map((n) => n.subnetID);
    checkEniSubnets(world, c.projectId, c.spec.hostNetwork.vpc, added, 'spec.eniNetwork.subnets (added)');
  }
  const alias = typeof metadata.alias === 'string' && metadata.alias !== '' ? metadata.alias : undefined;
  if (alias && nameTaken(world, c.projectId, alias, c.id)) throw conflict(`the display name ${JSON.stringify(alias)} is already used by another cluster.`);
  if (typeof spec.description === 'string') c.spec.description = spec.description;
  if (nextSubnets) c.spec.eniNetwork = { subnets: nextSubnets };
  if (alias) c.alias = alias;
  c.updatedAt = world.now();
  return world.clusters.put(c);
}

/** Whether a delete may start: not while another job runs, not with deletion protection. */
export function checkDeletable(c: ClusterRecord): void {
  if (c.phase === 'Creating' || c.phase === 'Upgrading') {
    throw new ServiceError(409, 'CCE.01409002', `The cluster is ${c.phase}; wait until the current job finishes before deleting it.`);
  }
  // The reference has no code for deletion protection; the service's generic Forbidden of the cluster family is used.
  if (c.spec.deletionProtection === true) {
    throw new ServiceError(403, 'CCE.01403001', `Forbidden. cluster ${c.id} has deletion protection (spec.deletionProtection is true); the cluster cannot be deleted while it is on.`);
  }
}

/** Starts the DeleteCluster job; the cluster goes `Deleting`, then away. */
export function startClusterDelete(world: World, c: ClusterRecord, deleteOption: Record<string, string>): JobRecord {
  c.deleteOption = deleteOption;
  const job = newJob(world, c, 'DeleteCluster', ['DeleteAddons', 'UninstallMaster']);
  c.deleteJobId = job.id;
  c.phase = 'Deleting';
  c.phaseSince = world.now();
  c.updatedAt = c.phaseSince;
  world.clusters.put(c);
  return job;
}

/** A cluster has at most 20 tags (spec 04 4.5.1). */
export const maxTagsPerCluster = 20;

/** Adds the tags, replacing the values of keys it has. */
export function addClusterTags(world: World, c: ClusterRecord, tags: readonly { key: string; value: string }[]): void {
  const next = c.tags.map((t) => ({ ...t }));
  for (const t of tags) {
    const existing = next.find((x) => x.key === t.key);
    if (existing) existing.value = t.value;
    else next.push(t);
  }
  if (next.length > maxTagsPerCluster) throw badRequest(`a cluster can have at most ${maxTagsPerCluster} tags; this request would give cluster ${c.id} ${next.length}.`);
  c.tags = next;
  c.updatedAt = world.now();
  world.clusters.put(c);
}

export function removeClusterTags(world: World, c: ClusterRecord, keys: ReadonlySet<string>): void {
  c.tags = c.tags.filter((t) => !keys.has(t.key));
  c.updatedAt = world.now();
  world.clusters.put(c);
}

/** EIP binding and unbinding happen only while the cluster is Available. */
export function checkEipChange(c: ClusterRecord): void {
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; bind or unbind an EIP while it is Available.`);
}

export function unbindClusterEip(world: World, c: ClusterRecord): void {
  const bound = c.eip ? findEip(world, c.projectId, c.eip.id) : undefined;
  if (bound) {
    delete bound.boundTo;
    world.eips.put(bound);
  }
  delete c.eip;
  c.updatedAt = world.now();
  world.clusters.put(c);
}

/** Binds a free EIP of the project to the cluster's apiserver. */
export function bindClusterEip(world: World, c: ClusterRecord, eipId: string): void {
  if (c.eip && c.eip.id !== eipId) throw conflict(`cluster ${c.id} already has EIP ${c.eip.id} bound; unbind it first.`);
  const eip = eipForBinding(world, c.projectId, c.id, eipId);
  eip.boundTo = { clusterId: c.id };
  world.eips.put(eip);
  c.eip = { id: eipId, address: eip.address };
  c.updatedAt = world.now();
  world.clusters.put(c);
}

/** Starts (or keeps) the cluster's Kubernetes API, with its add-ons' workloads and its releases' objects. */
export function clusterBecameAvailable(world: World, c: ClusterRecord): void {
  if (!world.kube) return;
  world.kube.ensureCluster({ id: c.id, name: c.name, version: String(c.spec.version) }).then(
    () => {
      syncAddonWorkloads(world, c.id);
      syncReleaseObjects(world, c.id);
    },
    (err: unknown) => world.log(`kubernetes API of cluster ${c.id} did not start: ${err instanceof Error ? err.message : String(err)}`),
  );
}

/** A deleted cluster takes everything of it along; its EIP is free again. */
function clusterGone(world: World, clusterId: string): void {
  const ofCluster = <T extends { clusterId: string }>(coll: { list(): T[]; remove(doc: T): void }) => {
    for (const doc of coll.list()) if (doc.clusterId === clusterId) coll.remove(doc);
  };
  ofCluster(world.addons);
  ofCluster(world.upgradeTasks);
  ofCluster(world.prechecks);
  ofCluster(world.snapshots);
  ofCluster(world.workflows);
  ofCluster(world.maintenanceWindows);
  ofCluster(world.upgradePlans);
  ofCluster(world.releases);
  for (const e of world.eips.list()) {
    if (e.boundTo?.clusterId !== clusterId) continue;
    delete e.boundTo;
    world.eips.put(e);
  }
  world.kube?.removeCluster(clusterId).catch((err: unknown) => world.log(`stopping the kubernetes API of ${clusterId} failed: ${String(err)}`));
}

const delay = (instant: number, realistic: number) => ({ instant, realistic });

/** Lifecycle rows of clusters (spec 01 4.1). Upgrades are in ./upgrade.ts. */
export const clusterSteps: readonly Step<World>[] = [
  step<World, ClusterRecord>({
    collection: (w) => w.clusters, from: 'Creating', to: 'Available', failTo: 'Error', failureKey: 'cluster.create', delay: delay(0, 8000),
    effect: (w, c, arrived, at) => {
      c.updatedAt = at;
      if (arrived === 'Available') {
        delete c.reason;
        delete c.message;
        finishJob(w, c.jobId, 'Success', at);
        clusterBecameAvailable(w, c);
        startPendingInstalls(w, c.id, at);
      } else {
        c.reason = 'CreateFailed';
        c.message = 'Cluster creation failed (injected failure). Delete the cluster and create it again.';
        finishJob(w, c.jobId, 'Failed', at, c.message);
      }
      w.clusters.put(c);
    },
  }, 'clusters'),
  step<World, ClusterRecord>({
    collection: (w) => w.clusters, from: 'Deleting', to: null, failTo: 'Error', failureKey: 'cluster.delete', delay: delay(0, 5000),
    effect: (w, c, arrived, at) => {
      if (arrived === null) {
        finishJob(w, c.deleteJobId, 'Success', at);
        clusterGone(w, c.id);
      } else {
        c.reason = 'DeleteFailed';
        c.message = 'Cluster deletion failed (injected failure). Delete it again.';
        finishJob(w, c.deleteJobId, 'Failed', at, c.message);
        w.clusters.put(c);
      }
    },
  }, 'clusters'),
];
