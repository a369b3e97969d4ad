import { describe, expect, it } from 'vitest';
import {
  CredentialsError, ProfileFileError, credentialChain, defaultCredentialChain, environmentProvider, explicitProvider,
  profileFileProvider, resolveCredentials, secretStoreProvider,
} from '../src/index.js';
import type { CredentialProvider, ReadTextFile } from '../src/index.js';

const HOME = '/home/tester';
const DEFAULT_FILE = '/home/tester/.huaweicloud/credentials';
const SK = 'sk-0123456789-very-secret';

function files(map: Record<string, string>): ReadTextFile {
  return async (path) => map[path];
}

async function thrown(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

describe('credential providers', () => {
  it('reads HUAWEICLOUD_SDK_* with token, project and domain', async () => {
    const result = await environmentProvider({
      HUAWEICLOUD_SDK_AK: 'AK1', HUAWEICLOUD_SDK_SK: SK, HUAWEICLOUD_SDK_SECURITY_TOKEN: 'tok',
      HUAWEICLOUD_SDK_PROJECT_ID: 'p1', HUAWEICLOUD_SDK_DOMAIN_ID: 'd1',
    }).resolve();
    expect(result).toEqual({
      found: true,
      credentials: { ak: 'AK1', sk: SK, securityToken: 'tok', projectId: 'p1', domainId: 'd1', source: 'environment (HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)' },
    });
  });

  it('falls back to CLOUD_SDK_AK/SK and says where it looked when neither is set', async () => {
    const result = await environmentProvider({ CLOUD_SDK_AK: 'AK2', CLOUD_SDK_SK: SK }).resolve();
    expect(result).toMatchObject({ found: true, credentials: { ak: 'AK2', source: 'environment (CLOUD_SDK_AK/CLOUD_SDK_SK)' } });
    expect(await environmentProvider({}).resolve()).toEqual({
      found: false,
      looked: ['environment (HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK) (not set)', 'environment (CLOUD_SDK_AK/CLOUD_SDK_SK) (not set)'],
    });
  });

  it('rejects half a key pair, without showing the secret', async () => {
    const e = await thrown(environmentProvider({ HUAWEICLOUD_SDK_SK: SK }).resolve());
    expect(e).toBeInstanceOf(CredentialsError);
    expect(e.message).toMatch(/HUAWEICLOUD_SDK_SK is set but HUAWEICLOUD_SDK_AK is not/);
    expect(e.message).not.toContain(SK);
    await expect(explicitProvider({ ak: 'A' }).resolve()).rejects.toThrow(/ak is set but sk is not/);
  });

  it('reads [basic] of the profile file, then [global], and HUAWEICLOUD_SDK_CREDENTIALS_FILE moves it', async () => {
    const text = `# Huawei Cloud\n[global]\nak = GAK\nsk = gsk\n\n[basic]\nak = BAK\nsk = "${SK}"\nproject_id = p9\nsecurity_token: tok\ndomain_id=d9\n`;
    const basic = await profileFileProvider({ env: {}, homeDir: HOME, readTextFile: files({ [DEFAULT_FILE]: text }) }).resolve();
    expect(basic).toEqual({
      found: true,
      credentials: { ak: 'BAK', sk: SK, projectId: 'p9', securityToken: 'tok', domainId: 'd9', source: `profile file ${DEFAULT_FILE} [basic]` },
    });
    const global = await profileFileProvider({ env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: '/etc/hc' }, homeDir: HOME, readTextFile: files({ '/etc/hc': '[global]\nak=GAK\nsk=gsk\n' }) }).resolve();
    expect(global).toMatchObject({ found: true, credentials: { ak: 'GAK', source: 'profile file /etc/hc [global]' } });
  });

  it('reads a named profile and names the sections present when it is missing', async () => {
    const read = files({ [DEFAULT_FILE]: '[basic]\nak=A\nsk=S\n[dev]\nak=DEV\nsk=S2\n' });
    expect(await profileFileProvider({ env: {}, homeDir: HOME, readTextFile: read, profile: 'dev' }).resolve())
      .toMatchObject({ found: true, credentials: { ak: 'DEV', source: `profile file ${DEFAULT_FILE} [dev]` } });
    await expect(profileFileProvider({ env: {}, homeDir: HOME, readTextFile: read, profile: 'prod' }).resolve())
      .rejects.toThrow(`profile file ${DEFAULT_FILE} has no section [prod] (sections: [basic], [dev])`);
    await expect(profileFileProvider({ env: {}, homeDir: HOME, readTextFile: files({}), profile: 'prod' }).resolve())
      .rejects.toThrow(/profile prod was asked for, but the profile file .* does not exist/);
  });

  it.each([
    ['[basic\nak=A\n', 1, /section header is not closed/],
    ['ak=A\n[basic]\n', 1, /key ak comes before any \[section\] header/],
    [`[basic]\nak=A\nthis line holds ${SK}\n`, 3, /expected "key = value"/],
    ['[basic]\nak=A\nak=B\n', 3, /key ak appears twice in \[basic\] \(first on line 2\)/],
    ['[basic]\nak=A\n[basic]\n', 3, /section \[basic\] appears again \(first on line 1\)/],
    ['[]\n', 1, /empty name/],
    ['\n\n[basic]\nproject_id=p\n', 3, /section \[basic\] has no ak and sk/],
  ])('reports a malformed profile file with its path and line (%#)', async (text, line, detail) => {
    const e = await thrown(profileFileProvider({ env: {}, homeDir: HOME, readTextFile: files({ [DEFAULT_FILE]: text }) }).resolve());
    expect(e).toBeInstanceOf(ProfileFileError);
    expect(e.message).toMatch(detail);
    expect(e.message.startsWith(`${DEFAULT_FILE}:${line}: `)).toBe(true);
    expect((e as ProfileFileError).line).toBe(line);
    expect(e.message).not.toContain(SK);
  });

  it('reads JSON credentials from a host secret store and never echoes a broken value', async () => {
    const store = (value: string | undefined) => ({ get: async (key: string) => (key === 'huaweicloud.credentials' ? value : undefined) });
    expect(await secretStoreProvider(store(JSON.stringify({ ak: 'SAK', sk: SK, projectId: 'p' }))).resolve())
      .toMatchObject({ found: true, credentials: { ak: 'SAK', sk: SK, projectId: 'p', source: 'secret storage key huaweicloud.credentials' } });
    expect(await secretStoreProvider(store(undefined)).resolve()).toEqual({ found: false, looked: ['secret storage key huaweicloud.credentials (not set)'] });
    const e = await thrown(secretStoreProvider(store(`{ak: ${SK}`)).resolve());
    expect(e.message).toMatch(/does not hold JSON/);
    expect(e.message).not.toContain(SK);
  });
});

describe('credential chain', () => {
  const calls: string[] = [];
  const fake = (name: string, answer: boolean): CredentialProvider => ({
    name,
    async resolve() {
      calls.push(name);
      return answer ? { found: true, credentials: { ak: name, sk: 's', source: name } } : { found: false, looked: [`${name} (empty)`] };
    },
  });

  it('asks providers in order and stops at the first answer', async () => {
    calls.length = 0;
    const creds = await resolveCredentials(credentialChain([fake('a', false), fake('b', true), fake('c', true)]));
    expect(creds.ak).toBe('b');
    expect(calls).toEqual(['a', 'b']);
  });

  it('puts explicit first, then environment, then the profile file, then the secret store', async () => {
    const text = '[basic]\nak=FILE\nsk=S\n';
    const store = { get: async () => JSON.stringify({ ak: 'STORE', sk: 'S' }) };
    const base = { homeDir: HOME, readTextFile: files({ [DEFAULT_FILE]: text }), secretStore: store };
    const env = { HUAWEICLOUD_SDK_AK: 'ENV', HUAWEICLOUD_SDK_SK: 'S' };
    expect((await resolveCredentials(defaultCredentialChain({ ...base, env, explicit: { ak: 'EXP', sk: 'S' } }))).ak).toBe('EXP');
    expect((await resolveCredentials(defaultCredentialChain({ ...base, env }))).ak).toBe('ENV');
    expect((await resolveCredentials(defaultCredentialChain({ ...base, env: {} }))).ak).toBe('FILE');
    expect((await resolveCredentials(defaultCredentialChain({ ...base, env: {}, readTextFile: files({}) }))).ak).toBe('STORE');
    // A named profile means "use that one", even when the environment has keys.
    const dev = { ...base, env, readTextFile: files({ [DEFAULT_FILE]: '[dev]\nak=DEV\nsk=S\n' }), profile: 'dev' };
    expect((await resolveCredentials(defaultCredentialChain(dev))).ak).toBe('DEV');
  });

  it('lists every place it looked when nothing is found', async () => {
    const e = await thrown(resolveCredentials(defaultCredentialChain({
      env: {}, homeDir: HOME, readTextFile: files({}), secretStore: { get: async () => undefined },
    })));
    expect(e).toBeInstanceOf(CredentialsError);
    expect((e as CredentialsError).looked).toEqual([
      'explicit credentials (none given)',
      'environment (HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK) (not set)',
      'environment (CLOUD_SDK_AK/CLOUD_SDK_SK) (not set)',
      `profile file ${DEFAULT_FILE} (does not exist)`,
      'secret storage key huaweicloud.credentials (not set)',
    ]);
    expect(e.message).toContain(`  - profile file ${DEFAULT_FILE} (does not exist)`);
  });
});
