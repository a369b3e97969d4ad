// The official Node IAM SDK (@huaweicloud/huaweicloud-sdk-iam, unchanged) against the emulator:
// the calls the SDKs and their users make (tokens of both scopes, validation, domain-id and
// project-id discovery, regions).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicCredentials, GlobalCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  AuthScope, AuthScopeDomain, AuthScopeProject, IamClient, KeystoneCreateUserTokenByPasswordRequest, KeystoneCreateUserTokenByPasswordRequestBody,
  KeystoneListAuthDomainsRequest, KeystoneListAuthProjectsRequest, KeystoneListProjectsRequest, KeystoneListRegionsRequest, KeystoneShowProjectRequest,
  KeystoneValidateTokenRequest, PwdAuth, PwdIdentity, PwdPassword, PwdPasswordUser, PwdPasswordUserDomain,
} from '@huaweicloud/huaweicloud-sdk-iam/v3/public-api.js';
// (The package's main entry also loads its v5 API, whose index requires a file that is not shipped in 3.1.172.)
import type { RunningEmulator } from '../src/index.js';
import { startTestEmulator } from './helpers.js';

let emu: RunningEmulator;
let iam: IamClient;
beforeAll(async () => {
  emu = await startTestEmulator();
  // No domain id given: the SDK discovers it with GET /v3/auth/domains before its first call.
  const credentials = new GlobalCredentials().withAk(emu.ak).withSk(emu.sk).withIamEndpoint(emu.url);
  iam = IamClient.newBuilder().withCredential(credentials).withEndpoint(emu.url).build();
});
afterAll(async () => {
  await emu?.stop();
});

/** The SDK copies the X-Subject-Token header into the plain answer object under the header's name. */
const subjectToken = (res: object): string => (res as Record<string, string>)['X-Subject-Token'] ?? '';

function passwordTokenRequest(scope: AuthScope, nocatalog: boolean): KeystoneCreateUserTokenByPasswordRequest {
  const user = new PwdPasswordUser().withDomain(new PwdPasswordUserDomain().withName(emu.domain)).withName(emu.user).withPassword(emu.password);
  const identity = new PwdIdentity().withMethods(['password' as never]).withPassword(new PwdPassword().withUser(user));
  const request = new KeystoneCreateUserTokenByPasswordRequest().withBody(new KeystoneCreateUserTokenByPasswordRequestBody().withAuth(new PwdAuth().withIdentity(identity).withScope(scope)));
  return nocatalog ? request.withNocatalog('true') : request;
}

describe('official IAM SDK against the emulator', () => {
  it('finds the domain id, lists the caller\'s domains and projects, shows a project, lists regions', async () => {
    const domains = await iam.keystoneListAuthDomains(new KeystoneListAuthDomainsRequest());
    expect(domains.domains?.map((d) => [d.id, d.name])).toEqual([[emu.domainId, emu.domain]]);
    const projects = await iam.keystoneListAuthProjects(new KeystoneListAuthProjectsRequest());
    expect(projects.projects?.map((p) => p.name).sort()).toEqual(emu.projects.map((p) => p.region).sort());
    const byName = await iam.keystoneListProjects(new KeystoneListProjectsRequest().withName(emu.region));
    expect(byName.projects?.map((p) => p.id)).toEqual([emu.projectId]);
    // KeystoneShowProject takes the project id from project-scoped (basic) credentials.
    const scoped = (projectId: string) => IamClient.newBuilder().withCredential(new BasicCredentials().withAk(emu.ak).withSk(emu.sk).withProjectId(projectId)).withEndpoint(emu.url).build();
    const shown = await scoped(emu.projectId).keystoneShowProject(new KeystoneShowProjectRequest());
    expect(shown.project).toMatchObject({ id: emu.projectId, name: emu.region, domain_id: emu.domainId });
    await expect(scoped('not-a-project').keystoneShowProject(new KeystoneShowProjectRequest())).rejects.toMatchObject({ httpStatusCode: 404 });
    const regions = await iam.keystoneListRegions(new KeystoneListRegionsRequest());
    expect(regions.regions?.map((r) => r.id)).toContain(emu.region);
    expect(regions.regions?.find((r) => r.id === 'cn-north-4')?.locales).toMatchObject({ 'en-us': 'CN North-Beijing4' });
  });

  it('issues project- and domain-scoped password tokens, with and without the catalog, and validates them', async () => {
    const project = await iam.keystoneCreateUserTokenByPassword(passwordTokenRequest(new AuthScope().withProject(new AuthScopeProject().withName(emu.region)), false));
    expect(project.token?.project?.id).toBe(emu.projectId);
    expect(project.token?.catalog?.length).toBeGreaterThan(0);
    expect(subjectToken(project)).toMatch(/^MII/);

    const domain = await iam.keystoneCreateUserTokenByPassword(passwordTokenRequest(new AuthScope().withDomain(new AuthScopeDomain().withName(emu.domain)), true));
    expect(domain.token?.domain).toMatchObject({ id: emu.domainId, name: emu.domain });
    expect(domain.token?.project).toBeUndefined();
    expect(domain.token?.catalog).toBeUndefined();

    const valid = await iam.keystoneValidateToken(new KeystoneValidateTokenRequest().withXSubjectToken(subjectToken(domain)));
    expect(valid.token?.domain?.id).toBe(emu.domainId);
    expect(subjectToken(valid)).toBe(subjectToken(domain));
    const validProject = await iam.keystoneValidateToken(new KeystoneValidateTokenRequest().withXSubjectToken(subjectToken(project)).withNocatalog('true'));
    expect(validProject.token?.project?.id).toBe(emu.projectId);
    expect(validProject.token?.catalog).toBeUndefined();
    await expect(iam.keystoneValidateToken(new KeystoneValidateTokenRequest().withXSubjectToken('MIInot-a-token'))).rejects.toMatchObject({ httpStatusCode: 404 });
  });

  it('keeps domain-scoped tokens out of CCE: the gateway accepts project tokens only', async () => {
    const domain = await iam.keystoneCreateUserTokenByPassword(passwordTokenRequest(new AuthScope().withDomain(new AuthScopeDomain().withName(emu.domain)), true));
    const res = await fetch(`${emu.url}/autopilot/v3/projects/${emu.projectId}/clusters`, { headers: { 'X-Auth-Token': subjectToken(domain) } });
    expect(res.status).toBe(401);
    // ...while IAM reads accept it.
    const domains = await fetch(`${emu.url}/v3/auth/domains`, { headers: { 'X-Auth-Token': subjectToken(domain) } });
    expect(((await domains.json()) as { domains: { id: string }[] }).domains.map((d) => d.id)).toEqual([emu.domainId]);
  });
});
