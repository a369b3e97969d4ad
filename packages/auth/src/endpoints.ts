import { cceEndpoint, iamEndpoint, vpcEndpoint } from '@cce-autopilot/models';
import type { Env } from './credentials.js';

export interface EndpointOptions {
  region: string;
  /** Overrides win over the environment, which wins over the region table. */
  cceEndpoint?: string;
  iamEndpoint?: string;
  /** VPC v1 / EIP v1 endpoint. */
  vpcEndpoint?: string;
  env?: Env;
}

export interface ResolvedEndpoints {
  readonly region: string;
  readonly cce: string;
  readonly iam: string;
  readonly vpc: string;
}

/** `HUAWEICLOUD_SDK_REGION_CCE_<REGION>`: region upper-cased, `-` -> `_`, as the official SDKs name it. */
export function cceEndpointEnvName(region: string): string {
  return serviceEndpointEnvName('CCE', region);
}

/** `HUAWEICLOUD_SDK_REGION_<SERVICE>_<REGION>`, e.g. `HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4`. */
export function serviceEndpointEnvName(service: string, region: string): string {
  return `HUAWEICLOUD_SDK_REGION_${service.toUpperCase()}_${region.trim().toUpperCase().replace(/-/g, '_')}`;
}

function checkEndpoint(value: string, from: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new TypeError(`${from}: ${JSON.stringify(value)} is not a URL (expected e.g. https://cce.cn-north-4.myhuaweicloud.com)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${from}: ${JSON.stringify(value)} must be an http(s) URL`);
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    throw new TypeError(`${from}: ${JSON.stringify(url.origin + url.pathname)}... must not carry credentials, a query or a fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

/** CCE, IAM and VPC endpoints of a region, with option and environment overrides. */
export function resolveEndpoints(options: EndpointOptions): ResolvedEndpoints {
  const region = options.region.trim();
  const env = options.env ?? {};
  const cceVar = cceEndpointEnvName(region);
  const cce = options.cceEndpoint !== undefined ? checkEndpoint(options.cceEndpoint, 'cceEndpoint option')
    : env[cceVar] ? checkEndpoint(env[cceVar], cceVar)
      : cceEndpoint(region);
  const iam = options.iamEndpoint !== undefined ? checkEndpoint(options.iamEndpoint, 'iamEndpoint option')
    : env.HUAWEICLOUD_SDK_IAM_ENDPOINT ? checkEndpoint(env.HUAWEICLOUD_SDK_IAM_ENDPOINT, 'HUAWEICLOUD_SDK_IAM_ENDPOINT')
      : iamEndpoint(region);
  const vpcVar = serviceEndpointEnvName('VPC', region);
  const vpc = options.vpcEndpoint !== undefined ? checkEndpoint(options.vpcEndpoint, 'vpcEndpoint option')
    : env[vpcVar] ? checkEndpoint(env[vpcVar], vpcVar)
      : vpcEndpoint(region);
  return { region, cce, iam, vpc };
}
