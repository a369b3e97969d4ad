// Cluster operations (spec 01 4.1): parse, hand to src/domain/clusters.ts, answer.
import type {
  AutopilotCluster, AutopilotClusterEndpoints, AutopilotClusterMetadata, AutopilotClusterStatus, Job, JobMetadata, JobPhase, KubeconfigClusters, KubeconfigContexts, SubJob,
} from '@cce-autopilot/models';
import { clusterTimestamp } from '../clock.js';
import { badRequest, notFound, ServiceError } from '../errors.js';
import { addonStatusName } from '../domain/addons.js';
import {
  bindClusterEip, checkDeletable, checkEipChange, createCluster, startClusterDelete, unbindClusterEip, updateCluster,
} from '../domain/clusters.js';
import { durationOf } from '../domain/transitions.js';
import type { ClusterRecord, JobRecord } from '../records.js';
import type { World } from '../world.js';
import type { Handler, HandlerMap } from './contract.js';

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

/** A cluster answer: its status is always sent (the catalogue leaves it optional for create bodies). */
type RenderedCluster = AutopilotCluster & { status: AutopilotClusterStatus };

export function renderCluster(world: World, c: ClusterRecord, options: { detail?: boolean; deleting?: boolean } = {}): RenderedCluster {
  const annotations: Record<string, string> = { ...c.metadata.annotations };
  if (options.detail) {
    const addons = world.addonsOf(c.id).map((a) => ({ addonTemplateName: a.templateName, version: a.version, status: addonStatusName(a.phase) }));
    annotations.installedAddonInstances = JSON.stringify(addons);
  }
  const metadata: AutopilotClusterMetadata = {
    name: c.name,
    uid: c.id,
    ...(c.alias ? { alias: c.alias } : {}),
    creationTimestamp: clusterTimestamp(c.createdAt),
    updateTimestamp: clusterTimestamp(c.updatedAt),
    labels: { FeatureGates: 'elbv3,' },
  };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const region = regionOf(world, c);
  const endpoints: AutopilotClusterEndpoints[] = [{ url: apiserverUrl(c, region), type: 'Internal' }];
  if (c.eip) endpoints.push({ url: publicEndpoint(c), type: 'External' });
  const status: AutopilotClusterStatus = { phase: c.phase, jobID: c.phase === 'Deleting' || options.deleting ? (c.deleteJobId ?? c.jobId) : c.jobId, endpoints };
  if (c.phase !== 'Available') {
    status.reason = c.reason ?? '';
    status.message = c.message ?? '';
  } else if (c.reason) {
    status.reason = c.reason;
    status.message = c.message ?? '';
  }
  if (options.deleting && c.deleteOption) status.deleteOption = c.deleteOption;
  const spec = { ...c.spec, az: `${region}a` };
  if (c.tags.length > 0) spec.clusterTags = c.tags;
  return { kind: 'Cluster', apiVersion: 'v3', metadata, spec, status };
}

const create: Handler<'CreateAutopilotCluster'> = (r) => {
  const { cluster, job } = createCluster(r.world, r.projectId, r.project.region, r.body);
  const out = renderCluster(r.world, cluster);
  out.metadata.annotations = { jobid: job.id, resourceJobId: r.world.newId() };
  return { status: 201, body: out };
};

const show: Handler<'ShowAutopilotCluster'> = (r) => ({ body: renderCluster(r.world, r.world.cluster(r.projectId, r.params.cluster_id), { detail: r.query.get('detail') === 'true' }) });

const list: Handler<'ListAutopilotClusters'> = (r) => {
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

const update: Handler<'UpdateAutopilotCluster'> = (r) => {
  const c = updateCluster(r.world, r.world.cluster(r.projectId, r.params.cluster_id), r.body);
  return { body: renderCluster(r.world, c) };
};

const remove: Handler<'DeleteAutopilotCluster'> = (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id);
  if (c.phase === 'Deleting') return { body: renderCluster(world, c, { deleting: true }) };
  checkDeletable(c);
  const option = (name: 'delete_efs' | 'delete_eni' | 'delete_net' | 'delete_obs' | 'delete_sfs30', def: string): string => {
    const v = r.query.get(name) ?? def;
    return v === 'true' || v === 'block' ? 'delete-block' : v === 'try' ? 'delete-try' : 'skip';
  };
  const deleteOption = {
    delete_efs: option('delete_efs', 'skip'),
    delete_eni: option('delete_eni', 'block'),
    delete_net: option('delete_net', 'block'),
    delete_obs: option('delete_obs', 'skip'),
    delete_sfs30: option('delete_sfs30', 'skip'),
    lts_reclaim_policy: r.query.get('lts_reclaim_policy') ?? 'Delete_Master_Log_Stream',
  };
  // The cloud still shows the old phase in the delete answer (spec 01 4.1.5 example); it moves on right after.
  const answer = renderCluster(world, { ...c, deleteOption }, { deleting: true });
  const job = startClusterDelete(world, c, deleteOption);
  answer.status.jobID = job.id;
  return { body: answer };
};

/**
 * While a cluster job runs, its sub-jobs finish one after another over the phase's duration, so a
 * client polling at realistic speed sees progress (Success ... Running ... Initializing).
 */
function runningSubJobPhase(world: World, job: JobRecord, index: number): JobPhase | undefined {
  if (job.phase !== 'Running') return undefined;
  const c = world.clusters.get(job.clusterId);
  if (!c || (c.phase !== 'Creating' && c.phase !== 'Deleting')) return undefined;
  const duration = durationOf(world, 'clusters', c.phase);
  if (duration <= 0) return undefined;
  const done = Math.floor(((world.now() - c.phaseSince) / duration) * job.subJobs.length);
  return index < done ? 'Success' : index === done ? 'Running' : 'Initializing';
}

const showJob: Handler<'ShowAutopilotJob'> = (r) => {
  const job = r.world.jobs.get(r.params.job_id);
  if (!job || job.projectId !== r.projectId) throw notFound(`job ${r.params.job_id} does not exist in project ${r.projectId}.`);
  const metadata = (id: string, created: number, updated: number): JobMetadata => ({ uid: id, creationTimestamp: clusterTimestamp(created), updateTimestamp: clusterTimestamp(updated) });
  const subJobs = job.subJobs.map((s, i): SubJob => {
    const phase = runningSubJobPhase(r.world, job, i) ?? s.phase;
    return {
      kind: 'Job',
      apiVersion: 'v3',
      metadata: metadata(s.id, s.createdAt, s.updatedAt),
      spec: { type: s.type, clusterUID: job.clusterId, resourceID: job.resourceId },
      status: { phase, reason: phase === 'Failed' ? job.reason : '' },
    };
  });
  const body: Job = {
    kind: 'Job',
    apiVersion: 'v3',
    metadata: metadata(job.id, job.createdAt, job.updatedAt),
    spec: { type: job.type, clusterUID: job.clusterId, resourceID: job.resourceId, resourceName: job.resourceName, extendParam: {}, subJobs },
    status: { phase: job.phase, reason: job.reason },
  };
  return { body };
};

/** Kubeconfig answer of spec 01 4.1.6, with real X.509 material from the cluster's CA. */
const clusterCert: Handler<'CreateAutopilotKubernetesClusterCert'> = async (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id);
  const duration = Number(r.body.duration);
  if (!Number.isInteger(duration) || (duration !== -1 && (duration < 1 || duration > 1827))) {
    throw badRequest(`duration must be an integer from 1 to 1827 days, or -1 for the maximum (got ${JSON.stringify(r.body.duration)}).`);
  }
  if (c.phase !== 'Available') throw new ServiceError(400, 'CCE.01400001', `Invalid request. cluster ${c.id} is ${c.phase}; certificates are issued only for Available clusters.`);
  const kube = world.kube;
  if (!kube) throw new ServiceError(501, 'CCE.01500001', 'This emulator runs without the Kubernetes API side, so it cannot issue cluster certificates.');
  const { server, caPem } = await kube.ensureCluster({ id: c.id, name: c.name, version: String(c.spec.version) });
  const cert = await kube.issueClientCert(c.id, duration);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const clusters: KubeconfigClusters[] = [{ name: 'internalCluster', cluster: { server, 'certificate-authority-data': b64(caPem) } }];
  const contexts: KubeconfigContexts[] = [{ name: 'internal', context: { cluster: 'internalCluster', user: 'user' } }];
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

const masterEip: Handler<'UpdateAutopilotClusterEip'> = (r) => {
  const { world } = r;
  const c = world.cluster(r.projectId, r.params.cluster_id);
  const { spec } = r.body;
  const action = spec.action;
  if (action !== 'bind' && action !== 'unbind') throw badRequest(`spec.action is required and must be "bind" or "unbind" (got ${JSON.stringify(action)}).`);
  checkEipChange(c);
  if (action === 'unbind') {
    unbindClusterEip(world, c);
    return { body: undefined };
  }
  const eipId = spec.spec?.id;
  if (typeof eipId !== 'string' || eipId === '') throw badRequest('spec.spec.id (the EIP to bind) is required when spec.action is "bind".');
  bindClusterEip(world, c, eipId);
  return {
    body: {
      metadata: {},
      // `elasticIp`, as the SDK's MasterEipResponseSpec and the reference's example spell it (its table says `elasticip`).
      spec: { action: 'bind', spec: { id: eipId, eip: { bandwidth: { size: 5, sharetype: 'PER' } }, IsDynamic: false }, elasticIp: c.eip?.address },
      status: { privateEndpoint: privateEndpoint(c), publicEndpoint: publicEndpoint(c) },
    },
  };
};

const endpoints: Handler<'ShowAutopilotClusterEndpoints'> = (r) => {
  const c = r.world.cluster(r.projectId, r.params.cluster_id);
  return {
    body: {
      metadata: {},
      spec: { spec: { eip: { bandwidth: c.eip ? { size: 5, sharetype: 'PER' } : {} }, IsDynamic: false } },
      status: { privateEndpoint: privateEndpoint(c), publicEndpoint: publicEndpoint(c) },
    },
  };
};

export const clusterHandlers = {
  CreateAutopilotCluster: create,
  ShowAutopilotCluster: show,
  ListAutopilotClusters: list,
  UpdateAutopilotCluster: update,
  DeleteAutopilotCluster: remove,
  CreateAutopilotKubernetesClusterCert: clusterCert,
  ShowAutopilotJob: showJob,
  UpdateAutopilotClusterEip: masterEip,
  ShowAutopilotClusterEndpoints: endpoints,
} satisfies Partial<HandlerMap>;
