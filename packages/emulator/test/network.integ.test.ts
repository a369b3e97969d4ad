// VPCs, subnets and EIPs as the emulator serves them, the checks cluster creation and EIP binding
// make, and the official Node VPC SDK (@huaweicloud/huaweicloud-sdk-vpc, v2 VpcClient, unchanged).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
// The v2 entry, as the SDK's own examples import it (the package's main entry loads v3 as well).
import { ListSubnetsRequest, ListVpcsRequest, ShowVpcRequest, VpcClient } from '@huaweicloud/huaweicloud-sdk-vpc/v2/public-api.js';
import type { RunningEmulator } from '../src/index.js';
import { checkValue, schemas } from '@cce-autopilot/models';
import { call, clusterBody, projectPath, startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({ seed: 'demo', quotas: { clustersPerRegion: 50 } });
});
afterAll(async () => {
  await emu?.stop();
});

const v1 = (rest: string) => `/v1/${emu.projectId}${rest}`;

describe('VPC and EIP reads', () => {
  it('lists the demo project\'s two VPCs, their subnets by vpc_id, and two free EIPs', async () => {
    const vpcs = await call(emu, 'GET', v1('/vpcs'));
    expect(vpcs.status).toBe(200);
    expect(checkValue(schemas.VpcList, vpcs.body)).toEqual([]);
    expect(vpcs.body.vpcs.map((v: any) => [v.name, v.cidr])).toEqual([['vpc-default', '192.168.0.0/16'], ['vpc-apps', '10.0.0.0/16']]);
    const apps = vpcs.body.vpcs[1];
    const subnets = await call(emu, 'GET', v1(`/subnets?vpc_id=${apps.id}`));
    expect(subnets.body.subnets.map((s: any) => s.name)).toEqual(['subnet-apps-a', 'subnet-apps-b']);
    expect(subnets.body.subnets.every((s: any) => s.vpc_id === apps.id && s.neutron_subnet_id)).toBe(true);
    expect(checkValue(schemas.SubnetList, subnets.body)).toEqual([]);
    expect((await call(emu, 'GET', v1('/subnets'))).body.subnets).toHaveLength(3);
    expect((await call(emu, 'GET', v1(`/vpcs/${apps.id}`))).body.vpc.name).toBe('vpc-apps');
    expect((await call(emu, 'GET', v1(`/subnets/${subnets.body.subnets[0].id}`))).body.subnet.cidr).toBe('10.0.1.0/24');
    expect((await call(emu, 'GET', v1('/vpcs/nope'))).status).toBe(404);
    const paged = await call(emu, 'GET', v1(`/vpcs?limit=1&marker=${vpcs.body.vpcs[0].id}`));
    expect(paged.body.vpcs.map((v: any) => v.name)).toEqual(['vpc-apps']);
    const eips = await call(emu, 'GET', v1('/publicips'));
    expect(eips.body.publicips).toHaveLength(2);
    expect(checkValue(schemas.PublicipList, eips.body)).toEqual([]);
    expect(eips.body.publicips.every((e: any) => e.status === 'DOWN' && /^203\.0\.113\./.test(e.public_ip_address))).toBe(true);
    // Another project sees only its own network.
    const east = emu.projects.find((p) => p.region === 'cn-east-3')!.projectId;
    const eastVpcs = await call(emu, 'GET', `/v1/${east}/vpcs`, { projectId: east });
    expect(eastVpcs.body.vpcs.map((v: any) => v.id)).not.toContain(apps.id);
  });

  it('works with the official VPC SDK unchanged: listVpcs, listSubnets, showVpc', async () => {
    const credentials = new BasicCredentials().withAk(emu.ak).withSk(emu.sk).withProjectId(emu.projectId);
    const vpc = VpcClient.newBuilder().withCredential(credentials).withEndpoint(emu.url).build();
    const vpcs = await vpc.listVpcs(new ListVpcsRequest());
    expect(vpcs.vpcs?.map((v) => v.name)).toEqual(['vpc-default', 'vpc-apps']);
    const apps = vpcs.vpcs?.find((v) => v.name === 'vpc-apps');
    const subnets = await vpc.listSubnets(new ListSubnetsRequest().withVpcId(apps?.id ?? ''));
    expect(subnets.subnets?.map((s) => s.name)).toEqual(['subnet-apps-a', 'subnet-apps-b']);
    const shown = await vpc.showVpc(new ShowVpcRequest(apps?.id));
    expect(shown.vpc).toMatchObject({ id: apps?.id, cidr: '10.0.0.0/16', status: 'OK' });
  });
});

describe('cluster create checks the network', () => {
  const withNetwork = (name: string, hostNetwork: object, eni?: string[]) => {
    const b = clusterBody(name);
    return { ...b, spec: { ...b.spec, hostNetwork, ...(eni ? { eniNetwork: { subnets: eni.map((subnetID) => ({ subnetID })) } } : {}) } };
  };

  it('refuses a VPC that does not exist, a subnet of another VPC and a foreign ENI subnet', async () => {
    const vpcs = (await call(emu, 'GET', v1('/vpcs'))).body.vpcs;
    const apps = vpcs.find((v: any) => v.name === 'vpc-apps');
    const appsSubnets = (await call(emu, 'GET', v1(`/subnets?vpc_id=${apps.id}`))).body.subnets;
    const before = (await call(emu, 'GET', projectPath(emu, '/clusters'))).body.items.length;

    const noVpc = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: withNetwork('net-novpc', { vpc: 'nope', subnet: appsSubnets[0].id }) });
    expect(noVpc.status).toBe(400);
    expect(noVpc.body.errorCode).toBe('CCE.01400001');
    expect(noVpc.body.errorMessage).toMatch(/spec.hostNetwork.vpc "nope" is not a VPC/);

    const foreignSubnet = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: withNetwork('net-foreign', { vpc: apps.id, subnet: '3b18c2d5-b352-4f59-b421-c2d2d48a1333' }) });
    expect(foreignSubnet.status).toBe(400);
    expect(foreignSubnet.body.errorCode).toBe('CCE.01400002');

    const foreignEni = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: withNetwork('net-eni', { vpc: apps.id, subnet: appsSubnets[0].id }, ['186f9322-50c5-4e5a-91e3-47da86959afc']) });
    expect(foreignEni.body.errorCode).toBe('CCE.01400002');
    expect(foreignEni.body.errorMessage).toMatch(/eniNetwork.subnets\[0\]/);
    expect((await call(emu, 'GET', projectPath(emu, '/clusters'))).body.items.length).toBe(before);

    const ok = await call(emu, 'POST', projectPath(emu, '/clusters'), { body: withNetwork('net-ok', { vpc: apps.id, subnet: appsSubnets[1].id }, [appsSubnets[0].neutron_subnet_id]) });
    expect(ok.status).toBe(201);
    expect(ok.body.spec.hostNetwork).toEqual({ vpc: apps.id, subnet: appsSubnets[1].id });
  });
});

describe('EIP binding uses the project\'s EIPs', () => {
  it('binds a free EIP and marks it bound, refuses a bound or unknown one, frees it on unbind and delete', async () => {
    const clusters = (await call(emu, 'GET', projectPath(emu, '/clusters'))).body.items.filter((c: any) => c.status.phase === 'Available');
    const [a, b] = clusters;
    const [eip] = (await call(emu, 'GET', v1('/publicips'))).body.publicips;
    const bind = (cluster: any, id: string) => call(emu, 'PUT', projectPath(emu, `/clusters/${cluster.metadata.uid}/mastereip`), { body: { spec: { action: 'bind', spec: { id } } } });

    const bound = await bind(a, eip.id);
    expect(bound.status).toBe(200);
    expect(bound.body.spec.elasticIp).toBe(eip.public_ip_address);
    const after = (await call(emu, 'GET', v1(`/publicips/${eip.id}`))).body.publicip;
    expect(after.status).toBe('ACTIVE');
    expect(after.port_id).toBeTruthy();

    const taken = await bind(b, eip.id);
    expect(taken.status).toBe(409);
    expect(taken.body.errorMessage).toMatch(/already bound to cluster/);
    const unknown = await bind(b, 'no-such-eip');
    expect(unknown.status).toBe(404);

    await call(emu, 'PUT', projectPath(emu, `/clusters/${a.metadata.uid}/mastereip`), { body: { spec: { action: 'unbind' } } });
    expect((await call(emu, 'GET', v1(`/publicips/${eip.id}`))).body.publicip.status).toBe('DOWN');

    expect((await bind(b, eip.id)).status).toBe(200);
    await call(emu, 'DELETE', projectPath(emu, `/clusters/${b.metadata.uid}`));
    emu.admin.tick();
    expect((await call(emu, 'GET', v1(`/publicips/${eip.id}`))).body.publicip.status).toBe('DOWN');
  });
});
