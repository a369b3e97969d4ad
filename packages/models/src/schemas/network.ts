// VPC v1 and EIP v1 objects (the VPC service's API reference; the official SDKs' VpcClient /
// EipClient models): what the cluster-create and bind-EIP pickers read. Answers only, so none of
// them forbids extra properties.
import { Type } from '@sinclair/typebox';
import { ResponseObject } from './common.js';

export const vpcStatuses = ['CREATING', 'OK'] as const;
/** EIP statuses; `DOWN` = not bound to anything (free), `ACTIVE` = bound. */
export const publicipStatuses = ['FREEZED', 'BIND_ERROR', 'BINDING', 'PENDING_DELETE', 'PENDING_CREATE', 'PENDING_UPDATE', 'DOWN', 'ACTIVE', 'ELB', 'ERROR', 'VPN'] as const;

export const Vpc = ResponseObject(
  {
    id: Type.String({ description: 'VPC ID.' }),
    name: Type.String({ description: 'VPC name.' }),
    cidr: Type.String({ description: 'VPC CIDR block, e.g. `192.168.0.0/16`.' }),
    status: Type.String({ description: 'VPC status: `CREATING` or `OK`.' }),
    description: Type.Optional(Type.String({ description: 'Description.' })),
    enterprise_project_id: Type.Optional(Type.String({ description: 'Enterprise project ID (`0` = default).' })),
    routes: Type.Optional(Type.Array(ResponseObject({
      destination: Type.Optional(Type.String({ description: 'Destination CIDR.' })),
      nexthop: Type.Optional(Type.String({ description: 'Next hop.' })),
    }, { description: 'A route.' }), { description: 'Routes.' })),
    tenant_id: Type.Optional(Type.String({ description: 'Project ID.' })),
    created_at: Type.Optional(Type.String({ description: 'Creation time (UTC).' })),
    updated_at: Type.Optional(Type.String({ description: 'Update time (UTC).' })),
  },
  { description: 'A VPC (VPC v1 API).' },
);

export const VpcList = ResponseObject({ vpcs: Type.Array(Vpc, { description: 'VPCs.' }) }, { description: 'Answer of ListVpcs.' });
export const VpcAnswer = ResponseObject({ vpc: Vpc }, { description: 'Answer of ShowVpc.' });

export const Subnet = ResponseObject(
  {
    id: Type.String({ description: 'Subnet ID (what CCE calls the subnet network ID, `spec.hostNetwork.subnet`).' }),
    name: Type.String({ description: 'Subnet name.' }),
    cidr: Type.String({ description: 'Subnet CIDR block.' }),
    gateway_ip: Type.String({ description: 'Gateway address.' }),
    vpc_id: Type.String({ description: 'VPC the subnet belongs to.' }),
    status: Type.String({ description: 'Subnet status: `ACTIVE`, `UNKNOWN` or `ERROR`.' }),
    description: Type.Optional(Type.String({ description: 'Description.' })),
    ipv6_enable: Type.Optional(Type.Boolean({ description: 'Whether IPv6 is enabled.' })),
    dhcp_enable: Type.Optional(Type.Boolean({ description: 'Whether DHCP is enabled.' })),
    primary_dns: Type.Optional(Type.String({ description: 'Primary DNS server.' })),
    secondary_dns: Type.Optional(Type.String({ description: 'Secondary DNS server.' })),
    availability_zone: Type.Optional(Type.String({ description: 'Availability zone.' })),
    neutron_network_id: Type.Optional(Type.String({ description: 'Network ID (OpenStack Neutron).' })),
    neutron_subnet_id: Type.Optional(Type.String({ description: 'IPv4 subnet ID (OpenStack Neutron); CCE\'s `eniNetwork.subnets[].subnetID`.' })),
    tenant_id: Type.Optional(Type.String({ description: 'Project ID.' })),
    created_at: Type.Optional(Type.String({ description: 'Creation time (UTC).' })),
    updated_at: Type.Optional(Type.String({ description: 'Update time (UTC).' })),
  },
  { description: 'A subnet (VPC v1 API).' },
);

export const SubnetList = ResponseObject({ subnets: Type.Array(Subnet, { description: 'Subnets.' }) }, { description: 'Answer of ListSubnets.' });
export const SubnetAnswer = ResponseObject({ subnet: Subnet }, { description: 'Answer of ShowSubnet.' });

export const Publicip = ResponseObject(
  {
    id: Type.String({ description: 'EIP ID (what CCE\'s mastereip binding takes as `spec.spec.id`).' }),
    status: Type.String({ description: 'EIP status; `DOWN` = free, `ACTIVE` = bound.' }),
    type: Type.Optional(Type.String({ description: 'EIP type, e.g. `5_bgp`.' })),
    public_ip_address: Type.Optional(Type.String({ description: 'The public IPv4 address.' })),
    private_ip_address: Type.Optional(Type.String({ description: 'Private address it is bound to.' })),
    port_id: Type.Optional(Type.String({ description: 'Port it is bound to.' })),
    ip_version: Type.Optional(Type.Integer({ description: 'IP version, 4 or 6.' })),
    alias: Type.Optional(Type.String({ description: 'EIP name.' })),
    bandwidth_id: Type.Optional(Type.String({ description: 'Bandwidth ID.' })),
    bandwidth_name: Type.Optional(Type.String({ description: 'Bandwidth name.' })),
    bandwidth_size: Type.Optional(Type.Integer({ description: 'Bandwidth in Mbit/s.' })),
    bandwidth_share_type: Type.Optional(Type.String({ description: '`PER` (dedicated) or `WHOLE` (shared).' })),
    enterprise_project_id: Type.Optional(Type.String({ description: 'Enterprise project ID.' })),
    tenant_id: Type.Optional(Type.String({ description: 'Project ID.' })),
    create_time: Type.Optional(Type.String({ description: 'Creation time (UTC).' })),
  },
  { description: 'An elastic public IP (EIP v1 API).' },
);

export const PublicipList = ResponseObject({ publicips: Type.Array(Publicip, { description: 'EIPs.' }) }, { description: 'Answer of ListPublicips.' });
export const PublicipAnswer = ResponseObject({ publicip: Publicip }, { description: 'Answer of ShowPublicip.' });
