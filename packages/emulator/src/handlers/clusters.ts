import { clusterTimestamp } from '../clock.js';
import { badRequest, coded, conflict, notFound, ServiceError } from '../errors.js';
import type { AddonRecord, ClusterRecord, JobRecord } from '../records.js';
import type { Handler } from '../server.js';
import { findClusterVersion, latestClusterVersion } from '../versions.js';
import type { World } from '../world.js';
import { createAddonRecord } from './addons.js';
import { checkClusterNetwork, checkEniSubnets, eipForBinding } from './network.js';
import { findEip, putEip, subnetsOf } from '../network.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

/** Cloud-style address of a cluster's kube-apiserver (spec 01 Table 4-17). */
export function apiserverUrl(c: ClusterRecord, region: string): string {
  return `https://${c.id}.cluster.cce.${region}.myhuaweicloud.com:5443`;
}

/** A deterministic private address per cluster, as the subnet would assign. */
function privateIp(c: ClusterRecord): string {
  let h = 0;
  for (const ch of c.id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `192.168.${(h >>> 8) % 250}.${(h % 250) + 2}`;
}

export function privateEndpoint(c: ClusterRecord): string {
  return `https://${privateIp(c)}:5443`;
}

export function publicEndpoint(c: ClusterRecord): string {
  return c.eip ? `https://${c.eip.address}:5443` : '';
}

function regionOf(world: World, c: ClusterRecord): string {
  return world.project(c.projectId)?.region ?? 'cn-north-4';
}

export function renderCluster(world: World, c: ClusterRecord, options: { detail?: boolean; deleting?: boolean } = {}): Obj {
  const annotations: Record<string, string> = { ...(obj(c.metadata.annotations) as Record<string, string>) };
  if (options.detail) {
    const addons = world.addonsOf(c.id).map((a) => ({ addonTemplateName: a.templateName, version: a.version, status: addonStatusName(a.phase) }));
    annotations.installedAddonInstances = JSON.stringify(addons);
  }
  const metadata: Obj = {
    name: c.name,
    uid: c.id,
    ...(c.alias ? { alias: c.alias } : {}),
    creationTimestamp: clusterTimestamp(c.createdAt),
    updateTimestamp: clusterTimestamp(c.updatedAt),
    labels: { FeatureGates: 'elbv3,' },
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const region = regionOf(world, c);
  const endpoints = [{ url: apiserverUrl(c, region), type: 'Internal' }];
  if (c.eip) endpoints.push({ url: publicEndpoint(c), type: 'External' });
  const status: Obj = { phase: c.phase, jobID: c.phase === 'Deleting' || options.deleting ? (c.deleteJobId ?? c.jobId) : c.jobId, endpoints };
  if (c.phase !== 'Available') {
    status.reason = c.reason ?? '';
    status.message = c.message ?? '';
  } else if (c.reason) {
    status.reason = c.reason;
    status.message = c.message ?? '';
  }
  if (options.deleting && c.deleteOption) status.deleteOption = c.deleteOption;
  const spec: Obj = { ...c.spec, az: `${region}a` };
  if (c.tags.length > 0) spec.clusterTags = c.tags;
  return { kind: 'Cluster', apiVersion: 'v3', metadata, spec, status };
}

export function addonStatusName(phase: string): string {
  return phase === 'pending' ? 'installing' : phase;
}

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
  return world.put('jobs', job.id, job);
}

function nameTaken(world: World, projectId: string, name: string, except?: string): boolean {
  return world.clustersOf(projectId).some((c) => c.id !== except && (c.name === name || c.alias === name));
}

/** The add-ons asked for in `metadata.annotations["cluster.install.addons/install"]` (spec 01 4.1.1). */
function requestedAddons(annotations: Obj): { addonTemplateName: string; version?: string; values: Obj }[] {
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
    const o = obj(item);
    if (typeof o.addonTemplateName !== 'string') throw badRequest(`metadata.annotations["cluster.install.addons/install"][${i}].addonTemplateName is required.`);
    return { addonTemplateName: o.addonTemplateName, ...(typeof o.version === 'string' ? { version: o.version } : {}), values: obj(o.values) };
  });
}

const create: Handler = (r) => {
  const { world } = r;
  const body = obj(r.body);
  const metadata = obj(body.metadata);
  const spec = obj(body.spec);
  const name = String(metadata.name);
  if (spec.flavor !== 'cce.autopilot.cluster') throw coded('CCE.01400004', `spec.flavor must be "cce.autopilot.cluster" for an Autopilot cluster (got ${JSON.stringify(spec.flavor)}).`);
  const versionInfo = findClusterVersion(typeof spec.version === 'string' ? spec.version : latestClusterVersion);
  if (!versionInfo) throw coded('CCE.01400015', `spec.version ${JSON.stringify(spec.version)} is not offered; choose one of the versions in GET /autopilot/v3/clusterupgradepaths.`);
  if (nameTaken(world, r.projectId, name)) throw conflict(`a cluster named ${JSON.stringify(name)} already exists in project ${r.projectId}.`);
  const alias = typeof metadata.alias === 'string' && metadata.alias !== '' ? metadata.alias : undefined;
  if (alias && alias !== name && nameTaken(world, r.projectId, alias)) throw conflict(`the display name ${JSON.stringify(alias)} is already used by another cluster.`);
  const used = world.clustersOf(r.projectId).length;
  if (used >= world.quotas.clustersPerRegion) {
    throw coded('CCE.01400007', `project ${r.projectId} (${r.project.region}) already has ${used} clusters and the quota is ${world.quotas.clustersPerRegion}.`);
  }
  const hostNetwork = obj(spec.hostNetwork);
  const eniSubnets = Array.isArray(obj(spec.eniNetwork).subnets) ? (obj(spec.eniNetwork).subnets as unknown[]).map((x) => obj(x).subnetID) : [];
  checkClusterNetwork(world, r.projectId, hostNetwork.vpc, hostNetwork.subnet, eniSubnets);
  const annotations = obj(metadata.annotations);
  const addons = requestedAddons(annotations);
  const now = world.now();
  const id = world.newId();
  const serviceCidr = String(obj(spec.serviceNetwork).IPv4CIDR ?? spec.kubernetesSvcIpRange ?? '10.247.0.0/16');
  const storedSpec: Obj = {
    category: 'Turbo',
    type: 'VirtualMachine',
    ...spec,
    version: versionInfo.version,
    platformVersion: versionInfo.platformVersion,
    // Without a subnet the VPC's first one is used, as the console preselects it.
    hostNetwork: { ...hostNetwork, subnet: typeof hostNetwork.subnet === 'string' ? hostNetwork.subnet : subnetsOf(world, r.projectId, String(hostNetwork.vpc))[0]?.id ?? '' },
    serviceNetwork: { IPv4CIDR: serviceCidr },
    authentication: { mode: 'rbac', ...obj(spec.authentication) },
    billingMode: spec.billingMode ?? 0,
    kubernetesSvcIpRange: serviceCidr,
    kubeProxyMode: spec.kubeProxyMode ?? 'iptables',
    extendParam: { enterpriseProjectId: '0', ...obj(spec.extendParam) },
    enableAutopilot: true,
  };
  delete storedSpec.clusterTags;
  const cluster: ClusterRecord = {
    id,
    projectId: r.projectId,
    name,
    createdAt: now,
    updatedAt: now,
    phase: 'Creating',
    phaseSince: now,
    // The reference says annotations are not stored; only what the answer echoes is kept.
    metadata: {},
    spec: storedSpec,
    jobId: '',
    tags: Array.isArray(spec.clusterTags) ? (spec.clusterTags as { key: string; value: string }[]) : [],
  };
  if (alias) cluster.alias = alias;
  // Every requested add-on is checked before anything is stored, so a bad one leaves no half-created cluster.
  const addonRecords: AddonRecord[] = [];
  for (const a of addons) {
    if (addonRecords.some((x) => x.templateName === a.addonTemplateName)) throw badRequest(`metadata.annotations["cluster.install.addons/install"] names add-on ${a.addonTemplateName} twice.`);
    addonRecords.push(createAddonRecord(world, r.projectId, cluster, a.addonTemplateName, a.version, a.values, 'pending', '01'));
  }
  const job = newJob(world, cluster, 'CreateCluster', ['InstallMaster', 'CreatePSMCert', 'InstallAddons']);
  cluster.jobId = job.id;
  world.put('clusters', id, cluster);
  for (const addon of addonRecords) world.put('addons', addon.id, addon);
  const out = renderCluster(world, cluster);
  (out.metadata as Obj).annotations = { jobid: job.id, resourceJobId: world.newId() };
  return { status: 201, body: out };
};

const show: Handler = (r) => ({ body: renderCluster(r.world, r.world.cluster(r.projectId, r.params.cluster_id ?? ''), { detail: r.query.get('detail') === 'true' }) });

const list: Handler = (r) => {
  const status = r.query.get('status');
  const version = r.query.get('version');
  const detail = r.query.get('detail') === 'true';
  const items = r.world
    .clustersOf(r.projectId)
    .sort((a, b) => a.createdAt - b.createdAt)
    .filter((c) => status === null || c.phase === status)
    .filter((c) => version === null || c.spec.version === version || String(c.spec.version).startsWith(`${version}.`))
    .map((c) => renderCluster(r.world, c, { detail }));
  return { body: { kind: 'Cluster', apiVersion: 'v3', items } };
};

const update: Handler = (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id ?? '');
  const body = obj(r.body);
  const spec = obj(body.spec);
  const metadata = obj(body.metadata);
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; it can be updated only while Available.`);
  // Everything is checked before anything changes: a refused update leaves the cluster as it was.
  if (typeof spec.description === 'string') {
    if (spec.description.length > 200) throw badRequest('spec.description must be at most 200 characters.');
    if (/[~$%^&*<>[\]{}()'"#\\]/.test(spec.description)) throw badRequest('spec.description must not contain any of ~$%^&*<>[]{}()\'"#\\.');
  }
  if (spec.customSan !== undefined) throw badRequest('spec.customSan is not supported for Autopilot clusters.');
  const eni = obj(spec.eniNetwork);
  const nextSubnets = Array.isArray(eni.subnets) ? (eni.subnets as { subnetID: string }[]) : undefined;
  if (nextSubnets) {
    const current = (obj(c.spec.eniNetwork).subnets as { subnetID: string }[] | undefined) ?? [];
    const missing = current.filter((s) => !nextSubnets.some((n) => n.subnetID === s.subnetID));
    if (missing.length > 0) throw badRequest(`spec.eniNetwork.subnets must include every existing subnet; missing ${missing.map((m) => m.subnetID).join(', ')} (subnets can only be added).`);
    const added = nextSubnets.filter((n) => !current.some((s) => s.subnetID === n.subnetID)).map((n) => n.subnetID);
    checkEniSubnets(world, r.projectId, String(obj(c.spec.hostNetwork).vpc), added, 'spec.eniNetwork.subnets (added)');
  }
  const alias = typeof metadata.alias === 'string' && metadata.alias !== '' ? metadata.alias : undefined;
  if (alias && nameTaken(world, r.projectId, alias, c.id)) throw conflict(`the display name ${JSON.stringify(alias)} is already used by another cluster.`);
  if (typeof spec.description === 'string') c.spec.description = spec.description;
  if (nextSubnets) c.spec.eniNetwork = { subnets: nextSubnets };
  if (alias) c.alias = alias;
  c.updatedAt = world.now();
  world.put('clusters', c.id, c);
  return { body: renderCluster(world, c) };
};

const remove: Handler = (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id ?? '');
  if (c.phase === 'Deleting') return { body: renderCluster(world, c, { deleting: true }) };
  if (c.phase === 'Creating' || c.phase === 'Upgrading') {
    throw new ServiceError(409, 'CCE.01409002', `The cluster is ${c.phase}; wait until the current job finishes before deleting it.`);
  }
  // The reference has no code for deletion protection; the service's generic Forbidden of the cluster family is used.
  if (c.spec.deletionProtection === true) {
    throw new ServiceError(403, 'CCE.01403001', `Forbidden. cluster ${c.id} has deletion protection (spec.deletionProtection is true); the cluster cannot be deleted while it is on.`);
  }
  const option = (name: string, def: string): string => {
    const v = r.query.get(name) ?? def;
    return v === 'true' || v === 'block' ? 'delete-block' : v === 'try' ? 'delete-try' : 'skip';
  };
  c.deleteOption = {
    delete_efs: option('delete_efs', 'skip'),
    delete_eni: option('delete_eni', 'block'),
    delete_net: option('delete_net', 'block'),
    delete_obs: option('delete_obs', 'skip'),
    delete_sfs30: option('delete_sfs30', 'skip'),
    lts_reclaim_policy: r.query.get('lts_reclaim_policy') ?? 'Delete_Master_Log_Stream',
  };
  const job = newJob(world, c, 'DeleteCluster', ['DeleteAddons', 'UninstallMaster']);
  c.deleteJobId = job.id;
  // The cloud still shows the old phase in the delete answer (spec 01 4.1.5 example); it moves on right after.
  const answer = renderCluster(world, c, { deleting: true });
  c.phase = 'Deleting';
  c.phaseSince = world.now();
  c.updatedAt = c.phaseSince;
  world.put('clusters', c.id, c);
  (answer.status as Obj).jobID = job.id;
  return { body: answer };
};

const showJob: Handler = (r) => {
  const job = r.world.store.get<JobRecord>('jobs', r.params.job_id ?? '');
  if (!job || job.projectId !== r.projectId) throw notFound(`job ${r.params.job_id} does not exist in project ${r.projectId}.`);
  const render = (id: string, type: string, phase: string, created: number, updated: number, extra: Obj = {}) => ({
    kind: 'Job',
    apiVersion: 'v3',
    metadata: { uid: id, creationTimestamp: clusterTimestamp(created), updateTimestamp: clusterTimestamp(updated) },
    spec: { type, clusterUID: job.clusterId, resourceID: job.resourceId, ...extra },
    status: { phase, reason: phase === 'Failed' ? job.reason : '' },
  });
  const body = render(job.id, job.type, job.phase, job.createdAt, job.updatedAt, {
    resourceName: job.resourceName,
    extendParam: {},
    subJobs: job.subJobs.map((s, i) => render(s.id, s.type, runningSubJobPhase(r.world, job, i) ?? s.phase, s.createdAt, s.updatedAt)),
  });
  (body.status as Obj).reason = job.reason;
  return { body };
};

/**
 * While a cluster job runs, its sub-jobs finish one after another over the phase's duration, so a
 * client polling at realistic speed sees progress (Success ... Running ... Initializing).
 */
function runningSubJobPhase(world: World, job: JobRecord, index: number): string | undefined {
  if (job.phase !== 'Running') return undefined;
  const c = world.store.get<ClusterRecord>('clusters', job.clusterId);
  if (!c || (c.phase !== 'Creating' && c.phase !== 'Deleting')) return undefined;
  const duration = world.phaseDuration('clusters', c.phase);
  if (duration <= 0) return undefined;
  const done = Math.floor(((world.now() - c.phaseSince) / duration) * job.subJobs.length);
  return index < done ? 'Success' : index === done ? 'Running' : 'Initializing';
}

/** Kubeconfig answer of spec 01 4.1.6, with real X.509 material from the cluster's CA. */
const clusterCert: Handler = async (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id ?? '');
  const duration = Number(obj(r.body).duration);
  if (!Number.isInteger(duration) || (duration !== -1 && (duration < 1 || duration > 1827))) {
    throw badRequest(`duration must be an integer from 1 to 1827 days, or -1 for the maximum (got ${JSON.stringify(obj(r.body).duration)}).`);
  }
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; certificates are issued only for Available clusters.`);
  const kube = world.kube;
  if (!kube) throw new ServiceError(501, 'CCE.01500001', 'This emulator runs without the Kubernetes API side, so it cannot issue cluster certificates.');
  const { server, caPem } = await kube.ensureCluster({ id: c.id, name: c.name, version: String(c.spec.version) });
  const cert = await kube.issueClientCert(c.id, duration);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const clusters: Obj[] = [{ name: 'internalCluster', cluster: { server, 'certificate-authority-data': b64(caPem) } }];
  const contexts: Obj[] = [{ name: 'internal', context: { cluster: 'internalCluster', user: 'user' } }];
  if (c.eip) {
    // The emulated public address is the same loopback listener; TLS is not verified for it, as in the cloud answer.
    clusters.push({ name: 'externalCluster', cluster: { server, 'insecure-skip-tls-verify': true } });
    contexts.push({ name: 'external', context: { cluster: 'externalCluster', user: 'user' } });
  }
  return {
    headers: { 'Port-ID': c.id },
    body: {
      kind: 'Config',
      apiVersion: 'v1',
      preferences: {},
      clusters,
      users: [{ name: 'user', user: { 'client-certificate-data': b64(cert.certPem), 'client-key-data': b64(cert.keyPem) } }],
      contexts,
      'current-context': c.eip ? 'external' : 'internal',
    },
  };
};


const masterEip: Handler = (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id ?? '');
  const spec = obj(obj(r.body).spec);
  const action = spec.action;
  if (action !== 'bind' && action !== 'unbind') throw badRequest(`spec.action is required and must be "bind" or "unbind" (got ${JSON.stringify(action)}).`);
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; bind or unbind an EIP while it is Available.`);
  if (action === 'unbind') {
    const bound = c.eip ? findEip(world, r.projectId, c.eip.id) : undefined;
    if (bound) {
      delete bound.boundTo;
      putEip(world, bound);
    }
    delete c.eip;
    c.updatedAt = world.now();
    world.put('clusters', c.id, c);
    return { body: undefined };
  }
  const eipId = obj(spec.spec).id;
  if (typeof eipId !== 'string' || eipId === '') throw badRequest('spec.spec.id (the EIP to bind) is required when spec.action is "bind".');
  if (c.eip && c.eip.id !== eipId) throw conflict(`cluster ${c.id} already has EIP ${c.eip.id} bound; unbind it first.`);
  const eip = eipForBinding(world, r.projectId, c.id, eipId);
  eip.boundTo = { clusterId: c.id };
  putEip(world, eip);
  c.eip = { id: eipId, address: eip.address };
  c.updatedAt = world.now();
  world.put('clusters', c.id, c);
  return {
    body: {
      metadata: {},
      // `elasticIp`, as the SDK's MasterEipResponseSpec and the reference's example spell it (its table says `elasticip`).
      spec: { action: 'bind', spec: { id: eipId, eip: { bandwidth: { size: 5, sharetype: 'PER' } }, IsDynamic: false }, elasticIp: c.eip.address },
      status: { privateEndpoint: privateEndpoint(c), publicEndpoint: publicEndpoint(c) },
    },
  };
};

const endpoints: Handler = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id ?? '');
  return {
    body: {
      metadata: {},
      spec: { spec: { eip: { bandwidth: c.eip ? { size: 5, sharetype: 'PER' } : {} }, IsDynamic: false } },
      status: { privateEndpoint: privateEndpoint(c), publicEndpoint: publicEndpoint(c) },
    },
  };
};

export const clusterHandlers: Record<string, Handler> = {
  CreateAutopilotCluster: create,
  ShowAutopilotCluster: show,
  ListAutopilotClusters: list,
  UpdateAutopilotCluster: update,
  DeleteAutopilotCluster: remove,
  CreateAutopilotKubernetesClusterCert: clusterCert,
  ShowAutopilotJob: showJob,
  UpdateAutopilotClusterEip: masterEip,
  ShowAutopilotClusterEndpoints: endpoints,
};

