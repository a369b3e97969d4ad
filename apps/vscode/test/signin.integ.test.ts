// Signing in as a cloud user does: no emulator profile, the emulator standing in for the cloud only
// through the endpoint settings (cceAutopilot.endpoints per region, cceAutopilot.iamEndpoint).
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, credentialsOf, type ClientApi, type ConnectSettings } from '../src/core/connect.js';
import * as flows from '../src/core/flows.js';
import { ProfileStore, type Profile } from '../src/core/profiles.js';
import { MemorySecrets, MemoryState, ScriptUi } from './fakes.js';

let emu: RunningEmulator;
let settings: ConnectSettings;
const apis: ClientApi[] = [];

beforeAll(async () => {
  emu = await startEmulator({ seed: 'demo', speed: 'instant' });
  settings = { endpoints: Object.fromEntries(emu.projects.map((p) => [p.region, emu.url])), iamEndpoint: emu.url };
});
afterAll(async () => {
  await Promise.all(apis.map((a) => a.client.close()));
  await emu?.stop();
});

/** What the extension does once the flow stored a profile: connect per region, then check. */
async function check(store: ProfileStore, profile: Profile) {
  const secret = await store.secret(profile.id);
  return flows.checkSignIn(profile, async (region) => {
    const api = await connect(profile, region, credentialsOf(profile, secret, region, settings), settings);
    apis.push(api);
    return api;
  });
}

const clusterCount = async (region: string) => {
  const api = await connect({ id: 'truth', name: 'truth', kind: 'aksk', regions: [region] }, region, { ak: emu.ak, sk: emu.sk }, settings);
  apis.push(api);
  return ((await api.call('ListAutopilotClusters', {})).items ?? []).length;
};

describe('cloud sign-in against the emulator as the cloud', () => {
  it('AK/SK with no project id: the project is looked up through IAM and CCE answers the clusters', async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets());
    const profile = await flows.signIn(new ScriptUi(['aksk', 'cloud', emu.ak, emu.sk, [emu.region], '']), store);
    expect(profile!.projectIds).toBeUndefined();
    expect(profile!.endpoint).toBeUndefined();
    const result = await check(store, profile!);
    expect(result).toEqual({ ok: true, regions: [{ region: emu.region, projectId: emu.projectId, clusters: await clusterCount(emu.region) }] });
  });

  it('IAM user and password in two regions: a project-scoped token per region', async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets());
    const regions = emu.projects.slice(0, 2).map((p) => p.region);
    const profile = await flows.signIn(new ScriptUi(['password', 'iam', emu.domain, emu.user, emu.password, regions]), store);
    const result = await check(store, profile!);
    expect(result.ok).toBe(true);
    expect(result.ok && result.regions).toEqual(await Promise.all(regions.map(async (region) => ({
      region, projectId: emu.projects.find((p) => p.region === region)!.projectId, clusters: await clusterCount(region),
    }))));
  });

  it("a wrong SK: the gateway's 401 with its request id, no secret in the message; editing the profile with the right SK then works", async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets());
    const wrong = `wrong-${emu.sk.slice(0, 4)}-secret`;
    const profile = await flows.signIn(new ScriptUi(['aksk', 'cloud', emu.ak, wrong, [emu.region], '']), store);
    const failed = await check(store, profile!);
    expect(failed).toMatchObject({ ok: false, region: emu.region, failure: { status: 401, code: 'APIGW.0301' } });
    const requestId = !failed.ok ? failed.failure.requestId : undefined;
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    const message = flows.signInMessage(new ScriptUi([]), profile!, failed);
    expect(message).toContain(`(request ${requestId})`);
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(emu.sk);

    const fixed = await flows.signIn(new ScriptUi(['aksk', 'cloud', emu.ak, emu.sk, [emu.region], '']), store, { profile: profile!, secret: await store.secret(profile!.id) });
    expect(fixed!.id).toBe(profile!.id);
    expect(store.list()).toHaveLength(1);
    expect(await check(store, fixed!)).toMatchObject({ ok: true, regions: [{ region: emu.region, projectId: emu.projectId }] });
  });

  it('a wrong password: IAM.0004 from the token call, with its request id', async () => {
    const store = new ProfileStore(new MemoryState(), new MemorySecrets());
    const profile = await flows.signIn(new ScriptUi(['password', 'iam', emu.domain, emu.user, 'not-the-password', [emu.region], '']), store);
    const failed = await check(store, profile!);
    expect(failed).toMatchObject({ ok: false, failure: { status: 401, code: 'IAM.0004' } });
    expect(!failed.ok && failed.failure.requestId).toMatch(/^[0-9a-f]{32}$/);
  });
});
