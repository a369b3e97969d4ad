import { createClient, type CceClient, type ClientCredentials, type RequestLogger } from '@cce-autopilot/client';
import { IamTokenProvider } from '@cce-autopilot/auth';
import { iamEndpoint } from '@cce-autopilot/models';
import type { ApiInput, ApiOperationName, ApiOutput, CceApi } from './api.js';
import type { Profile, ProfileSecret } from './profiles.js';

export interface ConnectSettings {
  /** CCE endpoint per region (setting `cceAutopilot.endpoints`). */
  readonly endpoints: Readonly<Record<string, string>>;
  /** IAM endpoint (setting `cceAutopilot.iamEndpoint`). */
  readonly iamEndpoint?: string;
}

/** A CceApi over the typed client, bound to one region and project. */
export class ClientApi implements CceApi {
  constructor(readonly client: CceClient, readonly region: string, readonly projectId: string) {}

  call<N extends ApiOperationName>(operation: N, input: ApiInput<N>, signal?: AbortSignal): Promise<ApiOutput<N>> {
    return this.client.request(operation, input, signal ? { signal } : undefined);
  }
}

/** The IAM endpoint of a profile in a region: the profile's own (emulator), the setting, or the region's. */
export function iamEndpointOf(profile: Profile, region: string, settings: Pick<ConnectSettings, 'iamEndpoint'> = {}): string {
  return profile.endpoint ?? settings.iamEndpoint ?? iamEndpoint(region);
}

/**
 * The credentials a profile signs with in a region: AK/SK (temporary ones with their security
 * token), or for IAM user/password an IAM token scoped to the region's project, cached and
 * refreshed before it expires.
 */
export function credentialsOf(profile: Profile, secret: ProfileSecret, region = profile.regions[0] ?? '', settings: Pick<ConnectSettings, 'iamEndpoint'> = {}): ClientCredentials {
  if (profile.kind === 'password') {
    if (!secret.password || !profile.userName || !profile.domainName) throw new Error(`Profile "${profile.name}" lacks its user, account or password; sign in again.`);
    const projectId = profile.projectIds?.[region];
    return new IamTokenProvider({
      iamEndpoint: iamEndpointOf(profile, region, settings),
      identity: { userName: profile.userName, domainName: profile.domainName, password: secret.password },
      project: projectId ? { id: projectId } : { name: region },
    });
  }
  if (!secret.ak || !secret.sk) throw new Error(`Profile "${profile.name}" has no access key in secret storage; sign in again.`);
  return profile.kind === 'temporary' && secret.securityToken
    ? { ak: secret.ak, sk: secret.sk, securityToken: secret.securityToken }
    : { ak: secret.ak, sk: secret.sk };
}

/** Builds the client of one profile and region, and resolves its project id (IAM lookup when unknown). */
export async function connect(
  profile: Profile,
  region: string,
  credentials: ClientCredentials,
  settings: ConnectSettings,
  logger?: RequestLogger,
): Promise<ClientApi> {
  const cce = settings.endpoints[region] ?? profile.endpoint;
  const iam = iamEndpointOf(profile, region, settings);
  const projectId = profile.projectIds?.[region];
  const client = createClient({
    region,
    credentials,
    ...(projectId ? { projectId } : {}),
    endpoints: { ...(cce ? { cce } : {}), iam },
    userAgent: 'cce-autopilot-vscode/0.1.0',
    ...(logger ? { logger } : {}),
    // The profile decides credentials and endpoints, not the environment VS Code happened to start in;
    // proxy settings are the exception.
    env: pick(process.env, ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']),
  });
  return new ClientApi(client, region, await client.projectId());
}

function pick(env: NodeJS.ProcessEnv, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of names) {
    const v = env[n];
    if (v !== undefined) out[n] = v;
  }
  return out;
}
