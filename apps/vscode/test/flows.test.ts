import { describe, expect, it } from 'vitest';
import * as flows from '../src/core/flows.js';
import { ProfileStore } from '../src/core/profiles.js';
import { pickClusterNetwork } from '../src/core/network-pick.js';
import type { Cluster } from '../src/core/api.js';
import { ACCEPT, FakeApi, MemorySecrets, MemoryState, ScriptUi, apiError } from './fakes.js';

/** The API objects of these tests carry only the fields the flow reads. */
const cluster = (c: object) => c as Cluster;
/** The phase of whichever task a flow returned. */
const phaseOf = (t: object | undefined) => (t as { status?: { phase?: string } } | undefined)?.status?.phase;

const fast = { wait: { minDelayMs: 1, maxDelayMs: 1, timeoutMs: 5_000 } };

describe('signIn', () => {
  it('stores an AK/SK profile with its secret in secret storage, refusing bad input first', async () => {
    const state = new MemoryState();
    const secrets = new MemorySecrets();
    const store = new ProfileStore(state, secrets);
    const ui = new ScriptUi(['aksk', 'work', 'AK WITH SPACE', 'AKOK123', 'sk-secret', ['cn-north-4'], 'not/valid', '0123abc']);
    const p = await flows.signIn(ui, store);
    expect(p).toMatchObject({ name: 'work', kind: 'aksk', regions: ['cn-north-4'], projectIds: { 'cn-north-4': '0123abc' } });
    expect(ui.rejected.map((r) => r.value)).toEqual(['AK WITH SPACE', 'not/valid']);
    expect(await store.secret(p!.id)).toEqual({ ak: 'AKOK123', sk: 'sk-secret' });
    expect(JSON.stringify([...state.data.values()])).not.toContain('sk-secret');
  });

  it('keeps IAM password sign-in secrets out of plain storage and stops when cancelled', async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets());
    const p = await flows.signIn(new ScriptUi(['password', 'iam', 'acme', 'alice', 'pw!', ['cn-north-4', 'cn-east-3']]), store);
    expect(p).toMatchObject({ kind: 'password', domainName: 'acme', userName: 'alice', regions: ['cn-north-4', 'cn-east-3'] });
    expect(await store.secret(p!.id)).toEqual({ password: 'pw!' });
    expect(await flows.signIn(new ScriptUi(['temporary', undefined]), store)).toBeUndefined();
    expect(store.list()).toHaveLength(1);
  });

  it('re-opens the flow for a profile: its answers filled in, the SK asked again, the same profile replaced', async () => {
    const secrets = new MemorySecrets();
    const store = new ProfileStore(new MemoryState(), secrets);
    const other = await flows.signIn(new ScriptUi(['aksk', 'other', 'AKOTHER', 'sk-other', ['cn-east-3'], '']), store);
    const first = await flows.signIn(new ScriptUi(['aksk', 'work', 'AKWORK', 'sk-wrong', ['cn-north-4'], '']), store);
    const ui = new ScriptUi(['aksk', ACCEPT, ACCEPT, '', 'sk-right', ACCEPT, ACCEPT]);
    const edited = await flows.signIn(ui, store, { profile: first!, secret: await store.secret(first!.id) });
    expect(edited).toMatchObject({ id: first!.id, name: 'work', kind: 'aksk', regions: ['cn-north-4'] });
    expect(edited!.projectIds).toBeUndefined();
    // The kind of the profile is offered first; the SK is never filled in (the empty answer was refused).
    expect(ui.prompts[0]).toBe('Edit profile work: how to sign in?');
    expect(ui.rejected).toEqual([{ title: 'Secret access key (SK)', value: '', problem: 'Enter the secret access key.' }]);
    expect(await store.secret(first!.id)).toEqual({ ak: 'AKWORK', sk: 'sk-right' });
    expect(store.list().map((p) => p.name).sort()).toEqual(['other', 'work']);
    expect(await store.secret(other!.id)).toEqual({ ak: 'AKOTHER', sk: 'sk-other' });
    expect(store.active()?.id).toBe(first!.id);
    // Its own name is not "taken"; another profile's is.
    const clash = new ScriptUi(['aksk', 'other', undefined]);
    expect(await flows.signIn(clash, store, { profile: edited! })).toBeUndefined();
    expect(clash.rejected[0]?.problem).toBe('A profile named "other" exists already.');
  });

  it('refuses to edit an emulator profile', async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets());
    const emu = await store.add({ name: 'emulator', kind: 'emulator', regions: ['cn-north-4'], endpoint: 'http://127.0.0.1:1' }, { ak: 'a', sk: 'b' });
    await expect(flows.signIn(new ScriptUi([]), store, { profile: emu })).rejects.toThrow(/connects to an emulator/);
  });
});

describe('checkSignIn', () => {
  const profile = { id: 'p', name: 'work', kind: 'aksk' as const, regions: ['cn-north-4', 'cn-east-3'] };

  it('reports each region with the project the connection found and its cluster count', async () => {
    const apis = {
      'cn-north-4': new FakeApi({ ListAutopilotClusters: () => ({ items: [{}, {}] }) }, 'cn-north-4', 'proj-n4'),
      'cn-east-3': new FakeApi({ ListAutopilotClusters: () => ({ items: [] }) }, 'cn-east-3', 'proj-e3'),
    };
    const check = await flows.checkSignIn(profile, async (r) => apis[r as keyof typeof apis]);
    expect(check).toEqual({ ok: true, regions: [{ region: 'cn-north-4', projectId: 'proj-n4', clusters: 2 }, { region: 'cn-east-3', projectId: 'proj-e3', clusters: 0 }] });
    expect(flows.signInMessage(new ScriptUi([]), profile, check)).toBe(
      'Signed in as profile work: cn-north-4 (project proj-n4, 2 clusters), cn-east-3 (project proj-e3, 0 clusters). Secrets are kept in VS Code secret storage.');
  });

  it("stops at the first region whose connection fails, with the service's code, message and request id", async () => {
    let east = 0;
    const check = await flows.checkSignIn(profile, async (r) => {
      if (r === 'cn-east-3') east++;
      throw apiError(401, 'APIGW.0301', 'Incorrect IAM authentication information: verify aksk signature fail', 'req-401');
    });
    expect(check).toEqual({ ok: false, region: 'cn-north-4', failure: { status: 401, code: 'APIGW.0301', message: 'Incorrect IAM authentication information: verify aksk signature fail', requestId: 'req-401' } });
    expect(east).toBe(0);
    expect(flows.signInMessage(new ScriptUi([]), profile, check)).toBe(
      'Profile work cannot sign in to cn-north-4: APIGW.0301: Incorrect IAM authentication information: verify aksk signature fail (request req-401)');
  });

  it('lets a cancellation through instead of reporting it as a failed sign-in', async () => {
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    await expect(flows.checkSignIn(profile, async () => { throw abort; })).rejects.toBe(abort);
  });
});

describe('clusters', () => {
  it('creates a cluster from validated input and follows it until Available', async () => {
    let polls = 0;
    const api = new FakeApi({
      CreateAutopilotCluster: (i) => ({ ...(i.body as object), metadata: { name: 'my-cluster', uid: 'u1' }, status: { phase: 'Creating' } }),
      ShowAutopilotCluster: (i) => {
        expect(i.path).toEqual({ cluster_id: 'u1' });
        polls++;
        return { metadata: { uid: 'u1', name: 'my-cluster' }, status: { phase: polls < 3 ? 'Creating' : 'Available' } };
      },
    });
    // No VPC API in this fake (it answers 501): the ids are typed, with the IPv4 subnet id for ENIs asked apart; then the preview is confirmed.
    const ui = new ScriptUi(['Bad_Name', 'taken', 'my-cluster', '1.28', 'v1.28', 'vpc-1', 'subnet-1', 'ipv4-1', 'first one', true]);
    const c = await flows.createCluster(ui, api, ['taken'], fast);
    expect(c?.status?.phase).toBe('Available');
    expect(ui.rejected.map((r) => r.value)).toEqual(['Bad_Name', 'taken', '1.28']);
    const body = api.calls.find((x) => x.op === 'CreateAutopilotCluster')!.input.body;
    expect(body).toMatchObject({
      kind: 'Cluster', apiVersion: 'v3', metadata: { name: 'my-cluster' },
      spec: { flavor: 'cce.autopilot.cluster', version: 'v1.28', description: 'first one', hostNetwork: { vpc: 'vpc-1', subnet: 'subnet-1' }, containerNetwork: { mode: 'eni' }, eniNetwork: { subnets: [{ subnetID: 'ipv4-1' }] } },
    });
    expect(ui.messages.some((m) => m.startsWith('Could not list the VPCs'))).toBe(true);
    expect(ui.messages).toContain('progress: Creating');
    expect(ui.messages).toContain('progress: Available');
  });

  it('when the create answer is lost after sending, finds the cluster by name and follows it; says so when it is not there', async () => {
    const lost = () => {
      throw Object.assign(new Error('CreateAutopilotCluster: response body cut short (UND_ERR_RES_CONTENT_LENGTH_MISMATCH)'), { name: 'CceNetworkError', requestMayHaveBeenProcessed: true });
    };
    const api = new FakeApi({
      CreateAutopilotCluster: lost,
      ListAutopilotClusters: () => ({ items: [{ metadata: { name: 'other', uid: 'u0' } }, { metadata: { name: 'my-cluster', uid: 'u1' }, status: { phase: 'Creating' } }] }),
      ShowAutopilotCluster: () => ({ metadata: { uid: 'u1', name: 'my-cluster' }, status: { phase: 'Available' } }),
    });
    const c = await flows.createCluster(new ScriptUi(['my-cluster', 'v1.28', 'vpc-1', 'subnet-1', '', '', true]), api, [], fast);
    expect(c?.metadata?.uid).toBe('u1');
    expect(api.calls.filter((x) => x.op === 'CreateAutopilotCluster')).toHaveLength(1);

    const missing = new FakeApi({ CreateAutopilotCluster: lost, ListAutopilotClusters: () => ({ items: [] }) });
    await expect(flows.createCluster(new ScriptUi(['my-cluster', 'v1.28', 'vpc-1', 'subnet-1', '', '', true]), missing, [], fast)).rejects.toThrow(
      /answer to creating cluster my-cluster was lost after the request was sent.*may still have been created.*look for my-cluster before creating it again/,
    );
  });

  it('fails the create with the service message when the cluster ends in Error', async () => {
    const api = new FakeApi({
      CreateAutopilotCluster: () => ({ metadata: { uid: 'u1' } }),
      ShowAutopilotCluster: () => ({ status: { phase: 'Error', message: 'quota exceeded' } }),
    });
    await expect(flows.createCluster(new ScriptUi(['good-name', '', 'vpc', 'sub', '', '', true]), api, [], fast)).rejects.toThrow(/quota exceeded/);
  });

  it('deletes only after the exact name is typed, with the chosen delete options, and waits until gone', async () => {
    let shows = 0;
    const api = new FakeApi({
      DeleteAutopilotCluster: () => ({}),
      ShowAutopilotCluster: () => {
        if (++shows > 1) throw Object.assign(new Error('not found'), { status: 404 });
        return { status: { phase: 'Deleting' } };
      },
    });
    const cluster = { metadata: { uid: 'u1', name: 'prod' } } as Cluster;
    const ui = new ScriptUi(['pro', 'prod', ['delete_eni'], 'try']);
    expect(await flows.deleteCluster(ui, api, cluster, fast)).toBe(true);
    expect(ui.rejected.map((r) => r.value)).toEqual(['pro']);
    expect(api.calls[0]).toEqual({ op: 'DeleteAutopilotCluster', input: { path: { cluster_id: 'u1' }, query: { delete_eni: 'try' } } });
    // Cancelling the typed confirmation calls nothing.
    const untouched = new FakeApi({});
    expect(await flows.deleteCluster(new ScriptUi([undefined]), untouched, cluster)).toBe(false);
    expect(untouched.calls).toEqual([]);
  });

  it('binds and unbinds the public endpoint with the documented bodies', async () => {
    const api = new FakeApi({ UpdateAutopilotClusterEip: () => ({}) });
    const c = { metadata: { uid: 'u1', name: 'x' } } as Cluster;
    await flows.bindEip(new ScriptUi(['eip-9']), api, c, true);
    await flows.bindEip(new ScriptUi([true]), api, c, false);
    expect(api.calls.filter((x) => x.op === 'UpdateAutopilotClusterEip').map((x) => x.input.body)).toEqual([{ spec: { action: 'bind', spec: { id: 'eip-9' } } }, { spec: { action: 'unbind' } }]);
  });

  it('picks the VPC, then a subnet in it, sends the subnet\'s IPv4 id for ENIs, and previews the request', async () => {
    const api = new FakeApi({
      ListVpcs: () => ({ vpcs: [{ id: 'v1', name: 'vpc-a', cidr: '192.168.0.0/16', status: 'OK' }, { id: 'v2', name: 'vpc-b', cidr: '10.0.0.0/16', status: 'OK' }] }),
      ListSubnets: (i) => {
        expect(i.query).toEqual({ vpc_id: 'v2' });
        return { subnets: [{ id: 'net-b1', name: 'sub-b1', cidr: '10.0.1.0/24', gateway_ip: '10.0.1.1', vpc_id: 'v2', status: 'ACTIVE', neutron_subnet_id: 'ipv4-b1' }] };
      },
      CreateAutopilotCluster: (i) => ({ ...(i.body as object), metadata: { name: 'picked', uid: 'u2' }, status: { phase: 'Available' } }),
      ShowAutopilotCluster: () => ({ metadata: { uid: 'u2' }, status: { phase: 'Available' } }),
    });
    const ui = new ScriptUi(['picked', '', 'vpc-b', 'sub-b1', '', true]);
    await flows.createCluster(ui, api, [], fast);
    expect(ui.prompts).toEqual(['New cluster (1/5): name', 'New cluster (2/5): Kubernetes version (empty: the latest)', 'New cluster (3/5): VPC', 'New cluster (4/5): subnet in vpc-b', 'New cluster (5/5): description (optional)', 'Create cluster picked?']);
    const body = api.calls.find((x) => x.op === 'CreateAutopilotCluster')!.input.body as any;
    expect(body.spec.hostNetwork).toEqual({ vpc: 'v2', subnet: 'net-b1' });
    expect(body.spec.eniNetwork).toEqual({ subnets: [{ subnetID: 'ipv4-b1' }] });

    // Declining the preview sends nothing.
    const before = api.count('CreateAutopilotCluster');
    expect(await flows.createCluster(new ScriptUi(['picked2', '', 'vpc-a', undefined]), api, [], fast)).toBeUndefined();
    expect(await flows.createCluster(new ScriptUi(['picked3', '', 'vpc-b', 'sub-b1', '', false]), api, [], fast)).toBeUndefined();
    expect(api.count('CreateAutopilotCluster')).toBe(before);
  });

  it('falls back to typing with a note when the VPC API answers 403, and lets the user type an id from the list', async () => {
    const denied = new FakeApi({ ListVpcs: () => { throw apiError(403, 'VPC.0005', 'Policy doesn\'t allow vpc:vpcs:list to be performed.', 'req-403'); } });
    const ui = new ScriptUi(['typed-vpc', 'typed-subnet', '']);
    const network = await pickClusterNetwork(ui, denied, (n) => `Step ${n}`);
    expect(network).toEqual({ vpc: 'typed-vpc', subnet: 'typed-subnet' });
    expect(ui.messages[0]).toMatch(/may not read the VPCs \(403: VPC.0005: Policy .* \(request req-403\)\); type the ids instead, or ask for VPC read permission/);
    const listed = new FakeApi({ ListVpcs: () => ({ vpcs: [{ id: 'v1', name: 'vpc-a', cidr: '192.168.0.0/16', status: 'OK' }] }) });
    expect(await pickClusterNetwork(new ScriptUi(['Type a VPC id…', 'other-vpc', 'other-subnet', 'ipv4-x']), listed, (n) => `Step ${n}`)).toEqual({ vpc: 'other-vpc', subnet: 'other-subnet', eniSubnet: 'ipv4-x' });
  });

  it('offers only free EIPs to bind, and typing one', async () => {
    const api = new FakeApi({
      ListPublicips: () => ({ publicips: [
        { id: 'e-bound', status: 'ACTIVE', public_ip_address: '203.0.113.1' },
        { id: 'e-free', status: 'DOWN', public_ip_address: '203.0.113.2', alias: 'spare', bandwidth_size: 5 },
      ] }),
      UpdateAutopilotClusterEip: () => ({}),
    });
    const c = { metadata: { uid: 'u1', name: 'x' } } as Cluster;
    await expect(flows.bindEip(new ScriptUi(['203.0.113.1']), api, c, true)).rejects.toThrow(/no item 203.0.113.1/);
    expect(await flows.bindEip(new ScriptUi(['203.0.113.2']), api, c, true)).toBe(true);
    expect(await flows.bindEip(new ScriptUi(['Type an EIP id…', 'e-typed']), api, c, true)).toBe(true);
    expect(api.calls.filter((x) => x.op === 'UpdateAutopilotClusterEip').map((x) => (x.input.body as any).spec.spec.id)).toEqual(['e-free', 'e-typed']);
  });

  it('validates tags against the API rules before calling', async () => {
    const api = new FakeApi({ BatchCreateAutopilotClusterTags: () => ({}) });
    const ui = new ScriptUi(['_sys_x', 'team', 'bad#value', 'blue']);
    await flows.addTag(ui, api, 'u1', []);
    expect(ui.rejected.map((r) => r.value)).toEqual(['_sys_x', 'bad#value']);
    expect(api.calls[0]!.input.body).toEqual({ tags: [{ key: 'team', value: 'blue' }] });
    await expect(flows.addTag(new ScriptUi([]), api, 'u1', Array.from({ length: 20 }, (_, i) => ({ key: `k${i}`, value: '' })))).rejects.toThrow(/at most 20/);
  });
});

describe('upgrade', () => {
  it('runs a pre-check for a chosen target and returns a failed result instead of throwing', async () => {
    const api = new FakeApi({
      ShowAutopilotClusterUpgradeInfo: () => ({ spec: { versionInfo: { targetVersions: ['v1.29.1-r0'] } } }),
      CreateAutopilotPreCheck: () => ({ metadata: { uid: 't1' } }),
      ShowAutopilotPreCheck: () => ({ metadata: { uid: 't1' }, status: { phase: 'Failed', message: 'AddonLimit' } }),
    });
    const t = await flows.precheck(new ScriptUi(['v1.29.1-r0']), api, cluster({ metadata: { uid: 'c1', name: 'x' }, spec: { version: 'v1.28' } }), fast);
    expect(phaseOf(t)).toBe('Failed');
    expect(api.calls[1]!.input.body).toMatchObject({ kind: 'PreCheckTask', spec: { targetVersion: 'v1.29.1-r0' } });
  });

  it('upgrades with progress until the task succeeds, and says when nothing is newer', async () => {
    let n = 0;
    const api = new FakeApi({
      ShowAutopilotClusterUpgradeInfo: () => ({ spec: { versionInfo: { targetVersions: ['v1.29.1-r0'] } } }),
      UpgradeAutopilotCluster: () => ({ metadata: { uid: 'up1' } }),
      ShowAutopilotUpgradeClusterTask: () => ({ status: n++ < 1 ? { phase: 'Running', progress: '40.00' } : { phase: 'Success', progress: '100.00' } }),
    });
    const ui = new ScriptUi(['v1.29.1-r0', true]);
    const t = await flows.upgradeCluster(ui, api, cluster({ metadata: { uid: 'c1', name: 'x' }, spec: { version: 'v1.28' } }), fast);
    expect(phaseOf(t)).toBe('Success');
    expect(ui.messages).toContain('progress: Running 40.00%');
    const none = new ScriptUi([]);
    expect(await flows.upgradeCluster(none, new FakeApi({ ShowAutopilotClusterUpgradeInfo: () => ({ spec: { versionInfo: { targetVersions: [] } } }) }), cluster({ metadata: { uid: 'c1' } }))).toBeUndefined();
    expect(none.messages[0]).toMatch(/up to date/);
  });
});
