// Pickers for what cluster creation and EIP binding need: a VPC, then its subnets, and a free EIP,
// read from the VPC service. Typing an id stays possible, and when the VPC API cannot be read (a
// policy that denies VPC reads answers 403) the flow falls back to typing with a note saying why.
import type { PublicipList, SubnetList, VpcList } from '@cce-autopilot/models';
import { describeFailure, formatFailure, type CceApi } from './api.js';
import type { PickItem, Ui } from './ui.js';

/** What the create body needs: the VPC, the control-plane subnet (network ID) and the ENI subnet (IPv4 subnet ID). */
export interface ClusterNetwork {
  readonly vpc: string;
  readonly subnet: string;
  /** Absent when the user typed ids and left it empty: the cluster then has no eniNetwork in the request. */
  readonly eniSubnet?: string;
}

const typed = Symbol('type an id');
type Choice<T> = T | typeof typed;

function unreadable(ui: Ui, what: string, error: unknown): void {
  const f = describeFailure(error);
  ui.warn(f.status === 403
    ? ui.t`Your credentials may not read ${what} (403: ${formatFailure(f)}); type the ids instead, or ask for VPC read permission (vpc:vpcs:list, vpc:subnets:list, eip:publicIps:list).`
    : ui.t`Could not list ${what} (${formatFailure(f)}); type the ids instead.`);
}

/** VPC and subnet ids typed by the user (no VPC API at hand, or the user chose to type). */
export async function typedClusterNetwork(ui: Ui, step: (n: number) => string): Promise<ClusterNetwork | undefined> {
  const vpc = await ui.input({ title: ui.t`${step(3)}: VPC id`, validate: (v) => v.trim() ? undefined : ui.t`The VPC id is required.` });
  if (vpc === undefined) return undefined;
  const subnet = await ui.input({ title: ui.t`${step(4)}: subnet network id`, validate: (v) => v.trim() ? undefined : ui.t`The subnet id is required.` });
  if (subnet === undefined) return undefined;
  return { vpc: vpc.trim(), subnet: subnet.trim(), ...(await typedEniSubnet(ui, step)) };
}

/** Typed ids cannot be looked up: the IPv4 subnet ID of the ENIs (not the network ID) is asked for too. */
async function typedEniSubnet(ui: Ui, step: (n: number) => string): Promise<{ eniSubnet?: string }> {
  const eni = await ui.input({ title: ui.t`${step(4)}: IPv4 subnet id for container ENIs (empty: leave eniNetwork out)` });
  return eni !== undefined && eni.trim() !== '' ? { eniSubnet: eni.trim() } : {};
}

/**
 * VPC (name, CIDR), then a subnet within it (the first preselected), from the VPC service; the ENI
 * subnet is that subnet's IPv4 subnet ID, as CCE wants it. `step(n)` titles the n-th step of the caller's flow.
 */
export async function pickClusterNetwork(ui: Ui, api: CceApi, step: (n: number) => string): Promise<ClusterNetwork | undefined> {
  let vpcs: VpcList['vpcs'];
  try {
    vpcs = (await api.call('ListVpcs', {})).vpcs ?? [];
  } catch (error) {
    unreadable(ui, ui.t`the VPCs`, error);
    return typedClusterNetwork(ui, step);
  }
  const vpcItems: PickItem<Choice<VpcList['vpcs'][number]>>[] = vpcs.map((v, i) => ({ label: v.name, description: `${v.cidr} · ${v.id}`, value: v, picked: i === 0 }));
  vpcItems.push({ label: ui.t`Type a VPC id…`, value: typed });
  const vpc = await ui.pick(vpcItems, { title: ui.t`${step(3)}: VPC`, placeholder: vpcs.length === 0 ? ui.t`This project has no VPC in the region; create one in the VPC console, or type an id.` : ui.t`The VPC of the cluster's control plane and pods` });
  if (vpc === undefined) return undefined;
  if (vpc === typed) return typedClusterNetwork(ui, step);
  let subnets: SubnetList['subnets'];
  try {
    subnets = (await api.call('ListSubnets', { vpc_id: vpc.id })).subnets ?? [];
  } catch (error) {
    unreadable(ui, ui.t`the subnets of ${vpc.name}`, error);
    const subnet = await ui.input({ title: ui.t`${step(4)}: subnet network id`, validate: (v) => v.trim() ? undefined : ui.t`The subnet id is required.` });
    return subnet === undefined ? undefined : { vpc: vpc.id, subnet: subnet.trim(), ...(await typedEniSubnet(ui, step)) };
  }
  const subnetItems: PickItem<Choice<SubnetList['subnets'][number]>>[] = subnets.map((s, i) => ({ label: s.name, description: `${s.cidr} · ${s.id}`, value: s, picked: i === 0 }));
  subnetItems.push({ label: ui.t`Type a subnet id…`, value: typed });
  const subnet = await ui.pick(subnetItems, { title: ui.t`${step(4)}: subnet in ${vpc.name}`, placeholder: subnets.length === 0 ? ui.t`${vpc.name} has no subnet; add one in the VPC console, or type an id.` : ui.t`Control plane and container ENIs use this subnet` });
  if (subnet === undefined) return undefined;
  if (subnet === typed) {
    const id = await ui.input({ title: ui.t`${step(4)}: subnet network id in ${vpc.name}`, validate: (v) => v.trim() ? undefined : ui.t`The subnet id is required.` });
    return id === undefined ? undefined : { vpc: vpc.id, subnet: id.trim(), ...(await typedEniSubnet(ui, step)) };
  }
  return { vpc: vpc.id, subnet: subnet.id, ...(subnet.neutron_subnet_id ? { eniSubnet: subnet.neutron_subnet_id } : {}) };
}

/** A free EIP (status DOWN) to bind, or a typed id; undefined when cancelled. */
export async function pickFreeEip(ui: Ui, api: CceApi, clusterName: string): Promise<string | undefined> {
  const typeIt = async () => {
    const id = await ui.input({ title: ui.t`Bind a public endpoint to ${clusterName}: EIP id`, validate: (v) => v.trim() ? undefined : ui.t`Enter the id of the elastic IP to bind.` });
    return id?.trim();
  };
  let eips: PublicipList['publicips'];
  try {
    eips = (await api.call('ListPublicips', {})).publicips ?? [];
  } catch (error) {
    unreadable(ui, ui.t`the EIPs`, error);
    return typeIt();
  }
  const free = eips.filter((e) => e.status === 'DOWN');
  const items: PickItem<Choice<string>>[] = free.map((e) => ({ label: e.public_ip_address ?? e.id, description: [e.alias, e.bandwidth_size !== undefined ? `${e.bandwidth_size} Mbit/s` : undefined, e.id].filter(Boolean).join(' · '), value: e.id }));
  items.push({ label: ui.t`Type an EIP id…`, value: typed });
  const choice = await ui.pick(items, { title: ui.t`Bind a public endpoint to ${clusterName}: free EIP`, placeholder: free.length === 0 ? ui.t`No free EIP in this region (${eips.length} bound); buy one in the EIP console, or type an id.` : ui.t`EIPs not bound to anything` });
  if (choice === undefined) return undefined;
  return choice === typed ? typeIt() : choice;
}
