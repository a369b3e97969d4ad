// VPCs, subnets and EIPs: what cluster creation (`--vpc`, `--subnet`, `--eni-subnet`) and
// `clusters eip bind --eip-id` take. Catalogue operations of the VPC service through addOperationCommand.
import type { Command } from 'commander';
import { columns, type CliContext } from '../context.js';
import { addGroup, addOperationCommand, optString } from './operation.js';

/**
 * Tables show the list under `key`; JSON and YAML print the service's answer as it came. Shared by
 * ListVpcs (`vpcs`), ListSubnets (`subnets`) and ListPublicips (`publicips`): typed by that shape.
 */
function listUnder<K extends string>(key: K, cols: ReturnType<typeof columns>) {
  return async (c: CliContext, answer: { readonly [P in K]?: readonly object[] }) => {
    c.print(c.globals().output === 'table' ? { items: answer[key] ?? [] } : answer, cols);
  };
}

/** The same for one resource: ShowVpc (`vpc`), ShowSubnet (`subnet`), ShowPublicip (`publicip`). */
function oneUnder<K extends string>(key: K, cols: ReturnType<typeof columns>) {
  return async (c: CliContext, answer: { readonly [P in K]: object }) => {
    c.print(c.globals().output === 'table' ? answer[key] : answer, cols);
  };
}

const vpcColumns = columns(['NAME', 'name'], ['ID', 'id'], ['CIDR', 'cidr'], ['STATUS', 'status']);
// NETWORK ID is --subnet (spec.hostNetwork.subnet); IPV4 SUBNET ID is --eni-subnet (eniNetwork.subnets[].subnetID).
const subnetColumns = columns(['NAME', 'name'], ['NETWORK ID', 'id'], ['IPV4 SUBNET ID', 'neutron_subnet_id'], ['CIDR', 'cidr'], ['VPC', 'vpc_id']);
const eipColumns = columns(['NAME', 'alias'], ['ID', 'id'], ['ADDRESS', 'public_ip_address'], ['STATUS', 'status'], ['BANDWIDTH', 'bandwidth_size']);

export function registerNetwork(program: Command, ctx: CliContext): void {
  const vpcs = addGroup(program, 'vpcs', 'VPCs of the project (VPC service)', 'cce-autopilot vpcs list');
  addOperationCommand(vpcs, ctx, { name: 'list', operation: 'ListVpcs', example: 'cce-autopilot vpcs list', columns: vpcColumns, handle: listUnder('vpcs', vpcColumns) });
  addOperationCommand(vpcs, ctx, { name: 'get', operation: 'ShowVpc', example: 'cce-autopilot vpcs get c6549063-...', columns: vpcColumns, handle: oneUnder('vpc', vpcColumns) });

  const subnets = addGroup(program, 'subnets', 'Subnets of the project\'s VPCs', 'cce-autopilot subnets list --vpc c6549063-...');
  addOperationCommand(subnets, ctx, {
    name: 'list', operation: 'ListSubnets', summary: 'List subnets (--vpc: of one VPC)', example: 'cce-autopilot subnets list --vpc c6549063-...', columns: subnetColumns,
    handle: listUnder('subnets', subnetColumns),
    // `--vpc` reads better next to clusters create's `--vpc`; it is the query parameter vpc_id.
    input: async (_c, opts, base) => {
      const vpc = optString(opts, 'vpc');
      return vpc === undefined ? base : { ...base, vpc_id: vpc };
    },
  }).option('--vpc <id>', 'only subnets of this VPC (same as --vpc-id)');
  addOperationCommand(subnets, ctx, { name: 'get', operation: 'ShowSubnet', example: 'cce-autopilot subnets get 3b18c2d5-...', columns: subnetColumns, handle: oneUnder('subnet', subnetColumns) });

  const eips = addGroup(program, 'eips', 'Elastic public IPs of the project (status DOWN = free to bind)', 'cce-autopilot eips list');
  addOperationCommand(eips, ctx, { name: 'list', operation: 'ListPublicips', example: 'cce-autopilot eips list', columns: eipColumns, handle: listUnder('publicips', eipColumns) });
  addOperationCommand(eips, ctx, { name: 'get', operation: 'ShowPublicip', example: 'cce-autopilot eips get 3f2a...', columns: eipColumns, handle: oneUnder('publicip', eipColumns) });
}
