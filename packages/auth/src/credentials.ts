import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CredentialsError, ProfileFileError } from './errors.js';
import { parseProfileFile } from './profile.js';
import type { ProfileSection } from './profile.js';

/** Credentials found by a provider, with where they came from (never the secret itself). */
export interface ResolvedCredentials {
  readonly ak: string;
  readonly sk: string;
  readonly securityToken?: string;
  readonly projectId?: string;
  readonly domainId?: string;
  readonly iamEndpoint?: string;
  /** Human-readable origin, e.g. `environment (HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK)`. */
  readonly source: string;
}

/** A provider either answers or says where it looked, so the chain can try the next one. */
export type ProviderResult =
  | { readonly found: true; readonly credentials: ResolvedCredentials }
  | { readonly found: false; readonly looked: readonly string[] };

/**
 * One place credentials can come from. A host (the VS Code extension's SecretStorage, a test)
 * can implement this directly. Throw CredentialsError for a place that exists but is broken.
 */
export interface CredentialProvider {
  readonly name: string;
  resolve(): Promise<ProviderResult>;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Reads a text file; undefined when it does not exist. */
export type ReadTextFile = (path: string) => Promise<string | undefined>;

const nonEmpty = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

interface CredentialFields {
  ak?: string | undefined;
  sk?: string | undefined;
  securityToken?: string | undefined;
  projectId?: string | undefined;
  domainId?: string | undefined;
  iamEndpoint?: string | undefined;
}

function complete(source: string, fields: CredentialFields, akName: string, skName: string): ResolvedCredentials | undefined {
  const ak = nonEmpty(fields.ak);
  const sk = nonEmpty(fields.sk);
  if (ak === undefined && sk === undefined) return undefined;
  if (ak === undefined) throw new CredentialsError(`${source}: ${skName} is set but ${akName} is not; set both`);
  if (sk === undefined) throw new CredentialsError(`${source}: ${akName} is set but ${skName} is not; set both`);
  const result: { -readonly [K in keyof ResolvedCredentials]: ResolvedCredentials[K] } = { ak, sk, source };
  const securityToken = nonEmpty(fields.securityToken);
  const projectId = nonEmpty(fields.projectId);
  const domainId = nonEmpty(fields.domainId);
  const iamEndpoint = nonEmpty(fields.iamEndpoint);
  if (securityToken !== undefined) result.securityToken = securityToken;
  if (projectId !== undefined) result.projectId = projectId;
  if (domainId !== undefined) result.domainId = domainId;
  if (iamEndpoint !== undefined) result.iamEndpoint = iamEndpoint;
  return result;
}

export interface ExplicitCredentials {
  ak?: string;
  sk?: string;
  securityToken?: string;
  projectId?: string;
  domainId?: string;
}

/** Credentials given in code or on the command line. */
export function explicitProvider(credentials: ExplicitCredentials | undefined): CredentialProvider {
  return {
    name: 'explicit',
    async resolve() {
      const found = credentials && complete('explicit credentials', credentials, 'ak', 'sk');
      return found ? { found: true, credentials: found } : { found: false, looked: ['explicit credentials (none given)'] };
    },
  };
}

const ENV_SETS = [
  { prefix: 'HUAWEICLOUD_SDK_', extras: true },
  { prefix: 'CLOUD_SDK_', extras: false },
] as const;

/** `HUAWEICLOUD_SDK_AK/SK/SECURITY_TOKEN/PROJECT_ID/DOMAIN_ID`, then the API Explorer's `CLOUD_SDK_AK/SK`. */
export function environmentProvider(env: Env): CredentialProvider {
  return {
    name: 'environment',
    async resolve() {
      const looked: string[] = [];
      for (const { prefix, extras } of ENV_SETS) {
        const akName = `${prefix}AK`;
        const skName = `${prefix}SK`;
        const source = `environment (${akName}/${skName})`;
        const found = complete(source, {
          ak: env[akName],
          sk: env[skName],
          securityToken: extras ? env[`${prefix}SECURITY_TOKEN`] : undefined,
          projectId: extras ? env[`${prefix}PROJECT_ID`] : env.HUAWEICLOUD_SDK_PROJECT_ID,
          domainId: extras ? env[`${prefix}DOMAIN_ID`] : env.HUAWEICLOUD_SDK_DOMAIN_ID,
        }, akName, skName);
        if (found) return { found: true, credentials: found };
        looked.push(`${source} (not set)`);
      }
      return { found: false, looked };
    },
  };
}

export interface ProfileProviderOptions {
  env: Env;
  /** The user's home directory (os.homedir() in a real process). */
  homeDir: string;
  readTextFile: ReadTextFile;
  /** Named profile: reads only section `[profile]`. Default: `[basic]`, then `[global]`. */
  profile?: string;
}

/** Path of the profile file: `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else `~/.huaweicloud/credentials`. */
export function profileFilePath(env: Env, homeDir: string): string {
  return nonEmpty(env.HUAWEICLOUD_SDK_CREDENTIALS_FILE) ?? join(homeDir, '.huaweicloud', 'credentials');
}

function fromSection(path: string, section: ProfileSection): ResolvedCredentials {
  const get = (key: string) => section.values.get(key)?.value;
  const source = `profile file ${path} [${section.name}]`;
  const found = complete(source, {
    ak: get('ak'), sk: get('sk'), securityToken: get('security_token'), projectId: get('project_id'),
    domainId: get('domain_id'), iamEndpoint: get('iam_endpoint'),
  }, 'ak', 'sk');
  if (!found) throw new ProfileFileError(path, section.line, `section [${section.name}] has no ak and sk`);
  return found;
}

/** The profile file (INI) of the Huawei Cloud SDKs. */
export function profileFileProvider(options: ProfileProviderOptions): CredentialProvider {
  return {
    name: 'profile file',
    async resolve() {
      const path = profileFilePath(options.env, options.homeDir);
      const text = await options.readTextFile(path);
      if (text === undefined) {
        if (options.profile !== undefined) throw new CredentialsError(`profile ${options.profile} was asked for, but the profile file ${path} does not exist`);
        return { found: false, looked: [`profile file ${path} (does not exist)`] };
      }
      const sections = parseProfileFile(text, path);
      if (options.profile !== undefined) {
        const section = sections.get(options.profile);
        if (!section) {
          const present = [...sections.keys()].map((s) => `[${s}]`).join(', ') || 'none';
          throw new CredentialsError(`profile file ${path} has no section [${options.profile}] (sections: ${present})`);
        }
        return { found: true, credentials: fromSection(path, section) };
      }
      for (const name of ['basic', 'global']) {
        const section = sections.get(name);
        if (section) return { found: true, credentials: fromSection(path, section) };
      }
      return { found: false, looked: [`profile file ${path} (no [basic] or [global] section)`] };
    },
  };
}

/** What VS Code's SecretStorage offers (`get` returns a Thenable there). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
}

/** Key under which hosts store the credentials JSON `{ak, sk, securityToken?, projectId?, domainId?}`. */
export const SECRET_STORE_KEY = 'huaweicloud.credentials';

/** Credentials a host keeps in its secret storage, as JSON under one key. */
export function secretStoreProvider(store: SecretStore, options?: { key?: string; description?: string }): CredentialProvider {
  const key = options?.key ?? SECRET_STORE_KEY;
  const description = options?.description ?? 'secret storage';
  return {
    name: description,
    async resolve() {
      const raw = await store.get(key);
      if (raw === undefined || raw.trim() === '') return { found: false, looked: [`${description} key ${key} (not set)`] };
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        // The text is a secret: say what is wrong with it, not what it is.
        throw new CredentialsError(`${description} key ${key} does not hold JSON {"ak","sk",...}`);
      }
      if (typeof parsed !== 'object' || parsed === null) throw new CredentialsError(`${description} key ${key} does not hold a JSON object {"ak","sk",...}`);
      const o = parsed as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
      const found = complete(`${description} key ${key}`, {
        ak: str(o.ak), sk: str(o.sk), securityToken: str(o.securityToken), projectId: str(o.projectId), domainId: str(o.domainId),
      }, 'ak', 'sk');
      if (!found) throw new CredentialsError(`${description} key ${key} holds no ak and sk`);
      return { found: true, credentials: found };
    },
  };
}

/** Asks each provider in order; the first that answers wins. */
export function credentialChain(providers: readonly CredentialProvider[]): CredentialProvider {
  return {
    name: `chain(${providers.map((p) => p.name).join(', ')})`,
    async resolve() {
      const looked: string[] = [];
      for (const provider of providers) {
        const result = await provider.resolve();
        if (result.found) return result;
        looked.push(...result.looked);
      }
      return { found: false, looked };
    },
  };
}

/** Resolves credentials or throws a CredentialsError listing every place it looked. */
export async function resolveCredentials(provider: CredentialProvider): Promise<ResolvedCredentials> {
  const result = await provider.resolve();
  if (result.found) return result.credentials;
  throw new CredentialsError(
    'No Huawei Cloud credentials found. Looked in:\n' + result.looked.map((l) => `  - ${l}`).join('\n') +
    '\nSet HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or add ak and sk to a [basic] section of the profile file.',
    result.looked,
  );
}

export interface DefaultChainOptions {
  explicit?: ExplicitCredentials;
  env: Env;
  homeDir: string;
  readTextFile: ReadTextFile;
  profile?: string;
  /** The host's secret storage, asked last. */
  secretStore?: SecretStore;
}

/**
 * The standard order: explicit, environment, profile file, then the host's secret storage.
 * A named profile skips the environment, since asking for a profile means "use that one".
 */
export function defaultCredentialChain(options: DefaultChainOptions): CredentialProvider {
  const providers: CredentialProvider[] = [explicitProvider(options.explicit)];
  if (options.profile === undefined) providers.push(environmentProvider(options.env));
  const profileOptions: ProfileProviderOptions = { env: options.env, homeDir: options.homeDir, readTextFile: options.readTextFile };
  if (options.profile !== undefined) profileOptions.profile = options.profile;
  providers.push(profileFileProvider(profileOptions));
  if (options.secretStore) providers.push(secretStoreProvider(options.secretStore));
  return credentialChain(providers);
}

/** ReadTextFile on the real file system (ENOENT/ENOTDIR mean "does not exist"). */
export const nodeReadTextFile: ReadTextFile = async (path) => {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new CredentialsError(`cannot read ${path}: ${code ?? String(e)}`);
  }
};
