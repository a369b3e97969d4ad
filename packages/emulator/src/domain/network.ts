// The VPC side of the emulated cloud: VPCs, subnets and EIPs per project, what cluster creation
// and EIP binding check against. Every project starts with a default network named after the
// reference's own example ids (spec 01 4.1.1: VPC c6549063-..., subnet 3b18c2d5-..., IPv4 subnet
// 186f9322-...), so the reference's example request creates a cluster unchanged; documents are
// keyed `${projectId}/${id}` because those ids repeat across projects.
import { randomUUID } from 'node:crypto';
import { ServiceError, coded, notFound } from '../errors.js';
import type { EipRecord, SubnetRecord, VpcRecord } from '../records.js';
import type { World } from '../world.js';

export const defaultVpcId = 'c6549063-d459-4ae1-9550-b5fec6741b0f';
export const defaultSubnetId = '3b18c2d5-b352-4f59-b421-c2d2d48a1333';
export const defaultNeutronSubnetId = '186f9322-50c5-4e5a-91e3-47da86959afc';

const key = (projectId: string, id: string) => `${projectId}/${id}`;

export function vpcsOf(world: World, projectId: string): VpcRecord[] {
  return world.vpcs.list().filter((v) => v.projectId === projectId).sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
}
export function findVpc(world: World, projectId: string, id: string): VpcRecord | undefined {
  return world.vpcs.get(key(projectId, id));
}
export function subnetsOf(world: World, projectId: string, vpcId?: string): SubnetRecord[] {
  return world.subnets.list().filter((s) => s.projectId === projectId && (vpcId === undefined || s.vpcId === vpcId)).sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
}
export function findSubnet(world: World, projectId: string, id: string): SubnetRecord | undefined {
  return world.subnets.get(key(projectId, id));
}
export function eipsOf(world: World, projectId: string): EipRecord[] {
  return world.eips.list().filter((e) => e.projectId === projectId).sort((a, b) => a.createdAt - b.createdAt || a.alias.localeCompare(b.alias));
}
export function findEip(world: World, projectId: string, id: string): EipRecord | undefined {
  return world.eips.get(key(projectId, id));
}

export function addVpc(world: World, vpc: VpcRecord, subnets: Omit<SubnetRecord, 'projectId' | 'vpcId' | 'createdAt'>[]): void {
  world.vpcs.put(vpc);
  for (const s of subnets) world.subnets.put({ ...s, projectId: vpc.projectId, vpcId: vpc.id, createdAt: vpc.createdAt });
}

/** A public address from TEST-NET-3 (203.0.113.0/24, never a real one), distinct per EIP id. */
export function eipAddressFor(id: string): string {
  let h = 0;
  for (const ch of id) h = (h * 131 + ch.charCodeAt(0)) >>> 0;
  return `203.0.113.${(h % 253) + 1}`;
}

/** The network every project has from the start: one VPC with one subnet, and one free EIP. */
export function seedDefaultNetwork(world: World, projectId: string, region: string): void {
  const now = world.now();
  addVpc(world, { id: defaultVpcId, projectId, name: 'vpc-default', cidr: '192.168.0.0/16', description: 'Default VPC', createdAt: now }, [
    { id: defaultSubnetId, name: 'subnet-default', cidr: '192.168.0.0/24', gatewayIp: '192.168.0.1', neutronSubnetId: defaultNeutronSubnetId },
  ]);
  const eipId = randomUUID();
  world.eips.put({ id: eipId, projectId, address: eipAddressFor(eipId), alias: `eip-${region}-1`, bandwidthSize: 5, createdAt: now });
}

/** The demo seed's second network per project: a VPC with two subnets, and a second EIP. */
export function seedDemoNetwork(world: World, projectId: string, region: string): void {
  const now = world.now() + 1;
  addVpc(world, { id: randomUUID(), projectId, name: 'vpc-apps', cidr: '10.0.0.0/16', description: 'Application VPC (demo)', createdAt: now }, [
    { id: randomUUID(), name: 'subnet-apps-a', cidr: '10.0.1.0/24', gatewayIp: '10.0.1.1', neutronSubnetId: randomUUID() },
    { id: randomUUID(), name: 'subnet-apps-b', cidr: '10.0.2.0/24', gatewayIp: '10.0.2.1', neutronSubnetId: randomUUID() },
  ]);
  const eipId = randomUUID();
  world.eips.put({ id: eipId, projectId, address: eipAddressFor(eipId), alias: `eip-${region}-2`, bandwidthSize: 10, createdAt: now });
}

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
