// The VPC and EIP operations the product needs (pickers for cluster create and EIP binding), as
// data like the CCE catalogue but kept apart from it: `operations` is exactly the SDK's 61 CCE
// Autopilot operations. These live on the region's VPC endpoint (`service: 'vpc'`).
import type { OperationDef } from './catalogue.js';
import { operations } from './operations.js';
import { schemas } from './schemas/index.js';

function op<const N extends string, const O extends Omit<OperationDef<N>, 'name'>>(name: N, def: O) {
  return { name, ...def } as const;
}

const project = { name: 'project_id', required: true, type: 'string', description: 'Project ID (IAM project of the region).' } as const;
const page = [
  { name: 'limit', required: false, type: 'integer', description: 'Page size (1-2000).' },
  { name: 'marker', required: false, type: 'string', description: 'ID of the last item of the previous page.' },
] as const;

export const networkOperations = {
  ListVpcs: op('ListVpcs', {
    section: 'VPC v1', title: 'List VPCs', titleZh: '查询VPC列表', group: 'network', service: 'vpc',
    method: 'GET', path: '/v1/{project_id}/vpcs',
    pathParams: [project],
    query: [...page, { name: 'id', required: false, type: 'string', description: 'Only this VPC.' }, { name: 'enterprise_project_id', required: false, type: 'string', description: 'Only VPCs of this enterprise project (`all_granted_eps` for every one the caller may see).' }],
    requestKind: 'none', requestSchema: undefined,
    responseKind: 'json', responseSchema: schemas.VpcList,
    successStatus: [200], projectIdInPath: true,
  }),
  ShowVpc: op('ShowVpc', {
    section: 'VPC v1', title: 'Get a VPC', titleZh: '查询VPC', group: 'network', service: 'vpc',
    method: 'GET', path: '/v1/{project_id}/vpcs/{vpc_id}',
    pathParams: [project, { name: 'vpc_id', required: true, type: 'string', description: 'VPC ID.' }],
    query: [],
    requestKind: 'none', requestSchema: undefined,
    responseKind: 'json', responseSchema: schemas.VpcAnswer,
    successStatus: [200], projectIdInPath: true,
  }),
  ListSubnets: op('ListSubnets', {
    section: 'VPC v1', title: 'List subnets', titleZh: '查询子网列表', group: 'network', service: 'vpc',
    method: 'GET', path: '/v1/{project_id}/subnets',
    pathParams: [project],
    query: [...page, { name: 'vpc_id', required: false, type: 'string', description: 'Only subnets of this VPC.' }],
    requestKind: 'none', requestSchema: undefined,
    responseKind: 'json', responseSchema: schemas.SubnetList,
    successStatus: [200], projectIdInPath: true,
  }),
  ShowSubnet: op('ShowSubnet', {
    section: 'VPC v1', title: 'Get a subnet', titleZh: '查询子网', group: 'network', service: 'vpc',
    method: 'GET', path: '/v1/{project_id}/subnets/{subnet_id}',
    pathParams: [project, { name: 'subnet_id', required: true, type: 'string', description: 'Subnet ID.' }],
    query: [],
    requestKind: 'none', requestSchema: undefined,
    responseKind: 'json', responseSchema: schemas.SubnetAnswer,
    successStatus: [200], projectIdInPath: true,
  }),
  ListPublicips: op('ListPublicips', {
    section: 'EIP v1', title: 'List EIPs', titleZh: '查询弹性公网IP列表', group: 'network', service: 'vpc',
    method: 'GET', path: '/v1/{project_id}/publicips',
    pathParams: [project],
    query: [...page, { name: 'ip_version', required: false, type: 'integer', enum: ['4', '6'], description: 'Only IPv4 (4) or IPv6 (6) EIPs.' }, { name: 'enterprise_project_id', required: false, type: 'string', description: 'Only EIPs of this enterprise project.' }],
    requestKind: 'none', requestSchema: undefined,
    responseKind: 'json', responseSchema: schemas.PublicipList,
    successStatus: [200], projectIdInPath: true,
  }),
  ShowPublicip: op('ShowPublicip', {
    section: 'EIP v1', title: 'Get an EIP', titleZh: '查询弹性公网IP', group: 'network', service: 'vpc',
    method: 'GET', path: '/v1/{project_id}/publicips/{publicip_id}',
    pathParams: [project, { name: 'publicip_id', required: true, type: 'string', description: 'EIP ID.' }],
    query: [],
    requestKind: 'none', requestSchema: undefined,
    responseKind: 'json', responseSchema: schemas.PublicipAnswer,
    successStatus: [200], projectIdInPath: true,
  }),
};

export type NetworkOperations = typeof networkOperations;
export type NetworkOperationName = keyof NetworkOperations;


/** Every operation the product calls: the CCE catalogue and the VPC/EIP operations, by name. */
export const allOperations = { ...operations, ...networkOperations };
export type AllOperations = typeof allOperations;
