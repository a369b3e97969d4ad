// VPC v1 and EIP v1 reads (the pickers' lists), and the checks cluster creation and EIP binding
// make against the project's network.
import { ServiceError, coded, notFound } from '../errors.js';
import { eipsOf, findEip, findSubnet, findVpc, subnetsOf, vpcsOf } from '../network.js';
import type { EipRecord, SubnetRecord, VpcRecord } from '../records.js';
import type { Handler, OpRequest } from '../server.js';
import type { World } from '../world.js';

type Obj = Record<string, unknown>;

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function renderVpc(v: VpcRecord): Obj {
  return { id: v.id, name: v.name, cidr: v.cidr, status: 'OK', description: v.description, enterprise_project_id: '0', routes: [], tenant_id: v.projectId, created_at: utc(v.createdAt), updated_at: utc(v.createdAt) };
}

function renderSubnet(s: SubnetRecord, region: string): Obj {
  return {
    id: s.id, name: s.name, description: '', cidr: s.cidr, gateway_ip: s.gatewayIp, vpc_id: s.vpcId, status: 'ACTIVE',
    ipv6_enable: false, dhcp_enable: true, primary_dns: '100.125.1.250', secondary_dns: '100.125.21.250', availability_zone: `${region}a`,
    neutron_network_id: s.id, neutron_subnet_id: s.neutronSubnetId, tenant_id: s.projectId, created_at: utc(s.createdAt), updated_at: utc(s.createdAt),
  };
}

function renderEip(e: EipRecord): Obj {
  return {
    id: e.id, alias: e.alias, status: e.boundTo ? 'ACTIVE' : 'DOWN', type: '5_bgp', public_ip_address: e.address, ip_version: 4,
    bandwidth_id: `bw-${e.id}`, bandwidth_name: `bandwidth-${e.alias}`, bandwidth_size: e.bandwidthSize, bandwidth_share_type: 'PER',
    enterprise_project_id: '0', tenant_id: e.projectId, create_time: utc(e.createdAt).replace('T', ' ').replace('Z', ''),
    ...(e.boundTo ? { port_id: `port-${e.boundTo.clusterId}` } : {}),
  };
}

/** `limit`/`marker` paging of the VPC API: items after the one whose id is `marker`. */
function page<T extends { id: string }>(r: OpRequest, items: T[]): T[] {
  const marker = r.query.get('marker');
  const limitRaw = r.query.get('limit');
  let from = 0;
  if (marker !== null && marker !== '') {
    const at = items.findIndex((x) => x.id === marker);
    if (at < 0) throw new ServiceError(400, 'VPC.0101', `marker ${marker} is not an item of this list.`);
    from = at + 1;
  }
  const limit = limitRaw === null ? 2000 : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > 2000) throw new ServiceError(400, 'VPC.0101', `limit must be an integer from 1 to 2000 (got ${JSON.stringify(limitRaw)}).`);
  return items.slice(from, from + limit);
}

const listVpcs: Handler = (r) => {
  const id = r.query.get('id');
  const vpcs = vpcsOf(r.world, r.projectId).filter((v) => id === null || id === '' || v.id === id);
  return { body: { vpcs: page(r, vpcs).map(renderVpc) } };
};

const showVpc: Handler = (r) => {
  const v = findVpc(r.world, r.projectId, r.params.vpc_id ?? '');
  if (!v) throw notFound(`VPC ${r.params.vpc_id} does not exist in project ${r.projectId}.`);
  return { body: { vpc: renderVpc(v) } };
};

const listSubnets: Handler = (r) => {
  const vpcId = r.query.get('vpc_id');
  const subnets = subnetsOf(r.world, r.projectId, vpcId === null || vpcId === '' ? undefined : vpcId);
  return { body: { subnets: page(r, subnets).map((s) => renderSubnet(s, r.project.region)) } };
};

const showSubnet: Handler = (r) => {
  const s = findSubnet(r.world, r.projectId, r.params.subnet_id ?? '');
  if (!s) throw notFound(`subnet ${r.params.subnet_id} does not exist in project ${r.projectId}.`);
  return { body: { subnet: renderSubnet(s, r.project.region) } };
};

const listEips: Handler = (r) => {
  const version = r.query.get('ip_version');
  const eips = eipsOf(r.world, r.projectId).filter(() => version === null || version === '4');
  return { body: { publicips: page(r, eips).map(renderEip) } };
};

const showEip: Handler = (r) => {
  const e = findEip(r.world, r.projectId, r.params.publicip_id ?? '');
  if (!e) throw notFound(`EIP ${r.params.publicip_id} does not exist in project ${r.projectId}.`);
  return { body: { publicip: renderEip(e) } };
};

export const networkHandlers: Record<string, Handler> = {
  ListVpcs: listVpcs,
  ShowVpc: showVpc,
  ListSubnets: listSubnets,
  ShowSubnet: showSubnet,
  ListPublicips: listEips,
  ShowPublicip: showEip,
};

/**
 * Cluster create: the VPC exists, the control-plane subnet (network ID) is one of its subnets, and
 * every ENI subnet (IPv4 subnet ID) is too. Codes of spec 01 section 7.2: a subnet outside the VPC
 * is CCE.01400002; a VPC that does not exist has no code of its own, so it is an invalid request.
 */
export function checkClusterNetwork(world: World, projectId: string, vpcId: unknown, subnetId: unknown, eniSubnetIds: readonly unknown[]): void {
  if (typeof vpcId !== 'string' || !findVpc(world, projectId, vpcId)) {
    throw coded('CCE.01400001', `spec.hostNetwork.vpc ${JSON.stringify(vpcId)} is not a VPC of project ${projectId}; list them with GET /v1/${projectId}/vpcs.`);
  }
  if (typeof subnetId === 'string') {
    const s = findSubnet(world, projectId, subnetId);
    if (!s || s.vpcId !== vpcId) throw coded('CCE.01400002', `spec.hostNetwork.subnet ${subnetId} is not a subnet of VPC ${vpcId}; list them with GET /v1/${projectId}/subnets?vpc_id=${vpcId}.`);
  }
  checkEniSubnets(world, projectId, vpcId, eniSubnetIds, 'spec.eniNetwork.subnets');
}

/** ENI subnets are IPv4 subnet IDs (`neutron_subnet_id`) of subnets in the cluster's VPC. */
export function checkEniSubnets(world: World, projectId: string, vpcId: string, ids: readonly unknown[], where: string): void {
  const inVpc = subnetsOf(world, projectId, vpcId);
  ids.forEach((id, i) => {
    if (!inVpc.some((s) => s.neutronSubnetId === id)) {
      throw coded('CCE.01400002', `${where}[${i}].subnetID ${JSON.stringify(id)} is not the IPv4 subnet ID of a subnet in VPC ${vpcId}.`);
    }
  });
}

/** EIP binding: the EIP exists in the project and is free (or already this cluster's). */
export function eipForBinding(world: World, projectId: string, clusterId: string, eipId: string): EipRecord {
  const e = findEip(world, projectId, eipId);
  if (!e) throw notFound(`EIP ${eipId} does not exist in project ${projectId}; list the free ones with GET /v1/${projectId}/publicips.`);
  if (e.boundTo && e.boundTo.clusterId !== clusterId) {
    throw new ServiceError(409, 'CCE.01409001', `EIP ${eipId} (${e.address}) is already bound to cluster ${e.boundTo.clusterId}; choose a free EIP (status DOWN).`);
  }
  return e;
}
