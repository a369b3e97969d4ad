// VPC v1 and EIP v1 reads (the pickers' lists); the checks cluster creation and EIP binding make
// against the project's network are in src/domain/network.ts.
import type { Publicip, Subnet, Vpc } from '@cce-autopilot/models';
import { ServiceError, notFound } from '../errors.js';
import { eipsOf, findEip, findSubnet, findVpc, subnetsOf, vpcsOf } from '../domain/network.js';
import type { EipRecord, SubnetRecord, VpcRecord } from '../records.js';
import type { Handler, HandlerMap, RequestWith } from './contract.js';

const utc = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function renderVpc(v: VpcRecord): Vpc {
  return { id: v.id, name: v.name, cidr: v.cidr, status: 'OK', description: v.description, enterprise_project_id: '0', routes: [], tenant_id: v.projectId, created_at: utc(v.createdAt), updated_at: utc(v.createdAt) };
}

function renderSubnet(s: SubnetRecord, region: string): Subnet {
  return {
    id: s.id, name: s.name, description: '', cidr: s.cidr, gateway_ip: s.gatewayIp, vpc_id: s.vpcId, status: 'ACTIVE',
    ipv6_enable: false, dhcp_enable: true, primary_dns: '100.125.1.250', secondary_dns: '100.125.21.250', availability_zone: `${region}a`,
    neutron_network_id: s.id, neutron_subnet_id: s.neutronSubnetId, tenant_id: s.projectId, created_at: utc(s.createdAt), updated_at: utc(s.createdAt),
  };
}

function renderEip(e: EipRecord): Publicip {
  return {
    id: e.id, alias: e.alias, status: e.boundTo ? 'ACTIVE' : 'DOWN', type: '5_bgp', public_ip_address: e.address, ip_version: 4,
    bandwidth_id: `bw-${e.id}`, bandwidth_name: `bandwidth-${e.alias}`, bandwidth_size: e.bandwidthSize, bandwidth_share_type: 'PER',
    enterprise_project_id: '0', tenant_id: e.projectId, create_time: utc(e.createdAt).replace('T', ' ').replace('Z', ''),
    ...(e.boundTo ? { port_id: `port-${e.boundTo.clusterId}` } : {}),
  };
}

/** `limit`/`marker` paging of the VPC API: items after the one whose id is `marker`. */
function page<T extends { id: string }>(r: RequestWith<never, 'marker' | 'limit'>, items: T[]): T[] {
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

const listVpcs: Handler<'ListVpcs'> = (r) => {
  const id = r.query.get('id');
  const vpcs = vpcsOf(r.world, r.projectId).filter((v) => id === null || id === '' || v.id === id);
  return { body: { vpcs: page(r, vpcs).map(renderVpc) } };
};

const showVpc: Handler<'ShowVpc'> = (r) => {
  const v = findVpc(r.world, r.projectId, r.params.vpc_id);
  if (!v) throw notFound(`VPC ${r.params.vpc_id} does not exist in project ${r.projectId}.`);
  return { body: { vpc: renderVpc(v) } };
};

const listSubnets: Handler<'ListSubnets'> = (r) => {
  const vpcId = r.query.get('vpc_id');
  const subnets = subnetsOf(r.world, r.projectId, vpcId === null || vpcId === '' ? undefined : vpcId);
  return { body: { subnets: page(r, subnets).map((s) => renderSubnet(s, r.project.region)) } };
};

const showSubnet: Handler<'ShowSubnet'> = (r) => {
  const s = findSubnet(r.world, r.projectId, r.params.subnet_id);
  if (!s) throw notFound(`subnet ${r.params.subnet_id} does not exist in project ${r.projectId}.`);
  return { body: { subnet: renderSubnet(s, r.project.region) } };
};

const listEips: Handler<'ListPublicips'> = (r) => {
  const version = r.query.get('ip_version');
  const eips = eipsOf(r.world, r.projectId).filter(() => version === null || version === '4');
  return { body: { publicips: page(r, eips).map(renderEip) } };
};

const showEip: Handler<'ShowPublicip'> = (r) => {
  const e = findEip(r.world, r.projectId, r.params.publicip_id);
  if (!e) throw notFound(`EIP ${r.params.publicip_id} does not exist in project ${r.projectId}.`);
  return { body: { publicip: renderEip(e) } };
};

export const networkHandlers = {
  ListVpcs: listVpcs,
  ShowVpc: showVpc,
  ListSubnets: listSubnets,
  ShowSubnet: showSubnet,
  ListPublicips: listEips,
  ShowPublicip: showEip,
} satisfies Partial<HandlerMap>;
