// The VPC side of the emulated cloud: VPCs, subnets and EIPs per project, what cluster creation
// and EIP binding check against. Every project starts with a default network named after the
// reference's own example ids (spec 01 4.1.1: VPC c6549063-..., subnet 3b18c2d5-..., IPv4 subnet
// 186f9322-...), so the reference's example request creates a cluster unchanged; documents are
// keyed `${projectId}/${id}` because those ids repeat across projects.
import { randomUUID } from 'node:crypto';
import type { EipRecord, SubnetRecord, VpcRecord } from './records.js';
import type { World } from './world.js';

export const defaultVpcId = 'c6549063-d459-4ae1-9550-b5fec6741b0f';
export const defaultSubnetId = '3b18c2d5-b352-4f59-b421-c2d2d48a1333';
export const defaultNeutronSubnetId = '186f9322-50c5-4e5a-91e3-47da86959afc';

const key = (projectId: string, id: string) => `${projectId}/${id}`;

export function vpcsOf(world: World, projectId: string): VpcRecord[] {
  return world.list<VpcRecord>('vpcs').filter((v) => v.projectId === projectId).sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
}
export function findVpc(world: World, projectId: string, id: string): VpcRecord | undefined {
  return world.store.get<VpcRecord>('vpcs', key(projectId, id));
}
export function subnetsOf(world: World, projectId: string, vpcId?: string): SubnetRecord[] {
  return world.list<SubnetRecord>('subnets').filter((s) => s.projectId === projectId && (vpcId === undefined || s.vpcId === vpcId)).sort((a, b) => a.createdAt - b.createdAt || a.name.localeCompare(b.name));
}
export function findSubnet(world: World, projectId: string, id: string): SubnetRecord | undefined {
  return world.store.get<SubnetRecord>('subnets', key(projectId, id));
}
export function eipsOf(world: World, projectId: string): EipRecord[] {
  return world.list<EipRecord>('eips').filter((e) => e.projectId === projectId).sort((a, b) => a.createdAt - b.createdAt || a.alias.localeCompare(b.alias));
}
export function findEip(world: World, projectId: string, id: string): EipRecord | undefined {
  return world.store.get<EipRecord>('eips', key(projectId, id));
}
export function putEip(world: World, eip: EipRecord): void {
  world.put('eips', key(eip.projectId, eip.id), eip);
}

export function addVpc(world: World, vpc: VpcRecord, subnets: Omit<SubnetRecord, 'projectId' | 'vpcId' | 'createdAt'>[]): void {
  world.put('vpcs', key(vpc.projectId, vpc.id), vpc);
  for (const s of subnets) {
    const record: SubnetRecord = { ...s, projectId: vpc.projectId, vpcId: vpc.id, createdAt: vpc.createdAt };
    world.put('subnets', key(vpc.projectId, s.id), record);
  }
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
  putEip(world, { id: eipId, projectId, address: eipAddressFor(eipId), alias: `eip-${region}-1`, bandwidthSize: 5, createdAt: now });
}

/** The demo seed's second network per project: a VPC with two subnets, and a second EIP. */
export function seedDemoNetwork(world: World, projectId: string, region: string): void {
  const now = world.now() + 1;
  addVpc(world, { id: randomUUID(), projectId, name: 'vpc-apps', cidr: '10.0.0.0/16', description: 'Application VPC (demo)', createdAt: now }, [
    { id: randomUUID(), name: 'subnet-apps-a', cidr: '10.0.1.0/24', gatewayIp: '10.0.1.1', neutronSubnetId: randomUUID() },
    { id: randomUUID(), name: 'subnet-apps-b', cidr: '10.0.2.0/24', gatewayIp: '10.0.2.1', neutronSubnetId: randomUUID() },
  ]);
  const eipId = randomUUID();
  putEip(world, { id: eipId, projectId, address: eipAddressFor(eipId), alias: `eip-${region}-2`, bandwidthSize: 10, createdAt: now });
}
