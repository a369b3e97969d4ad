import { describe, expect, it } from 'vitest';
import { cceEndpointEnvName, resolveEndpoints, serviceEndpointEnvName } from '../src/index.js';

describe('resolveEndpoints', () => {
  it('takes the region table by default', () => {
    expect(resolveEndpoints({ region: 'cn-north-4' })).toEqual({
      region: 'cn-north-4', cce: 'https://cce.cn-north-4.myhuaweicloud.com', iam: 'https://iam.cn-north-4.myhuaweicloud.com', vpc: 'https://vpc.cn-north-4.myhuaweicloud.com',
    });
  });

  it('lets the environment override, and options override the environment', () => {
    const env = { HUAWEICLOUD_SDK_REGION_CCE_AP_SOUTHEAST_1: 'http://127.0.0.1:8080/', HUAWEICLOUD_SDK_IAM_ENDPOINT: 'https://iam.myhuaweicloud.com' };
    expect(cceEndpointEnvName('ap-southeast-1')).toBe('HUAWEICLOUD_SDK_REGION_CCE_AP_SOUTHEAST_1');
    expect(resolveEndpoints({ region: 'ap-southeast-1', env })).toEqual({ region: 'ap-southeast-1', cce: 'http://127.0.0.1:8080', iam: 'https://iam.myhuaweicloud.com', vpc: 'https://vpc.ap-southeast-1.myhuaweicloud.com' });
    expect(resolveEndpoints({ region: 'ap-southeast-1', env, cceEndpoint: 'https://cce.example.com', iamEndpoint: 'https://iam.example.com/' }))
      .toEqual({ region: 'ap-southeast-1', cce: 'https://cce.example.com', iam: 'https://iam.example.com', vpc: 'https://vpc.ap-southeast-1.myhuaweicloud.com' });
    expect(serviceEndpointEnvName('vpc', 'cn-north-4')).toBe('HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4');
    const vpcEnv = { HUAWEICLOUD_SDK_REGION_VPC_CN_NORTH_4: 'http://127.0.0.1:9000' };
    expect(resolveEndpoints({ region: 'cn-north-4', env: vpcEnv }).vpc).toBe('http://127.0.0.1:9000');
    expect(resolveEndpoints({ region: 'cn-north-4', env: vpcEnv, vpcEndpoint: 'https://vpc.example.com/' }).vpc).toBe('https://vpc.example.com');
    expect(() => resolveEndpoints({ region: 'cn-north-4', vpcEndpoint: 'vpc' })).toThrow(/vpcEndpoint option/);
  });

  it('refuses overrides that are not plain http(s) URLs, naming where they came from', () => {
    expect(() => resolveEndpoints({ region: 'cn-north-4', cceEndpoint: 'cce.example.com' })).toThrow(/cceEndpoint option: "cce.example.com" is not a URL/);
    expect(() => resolveEndpoints({ region: 'cn-north-4', env: { HUAWEICLOUD_SDK_IAM_ENDPOINT: 'ftp://iam' } })).toThrow(/HUAWEICLOUD_SDK_IAM_ENDPOINT: .* must be an http\(s\) URL/);
    expect(() => resolveEndpoints({ region: 'cn-north-4', iamEndpoint: 'https://u:p@iam' })).toThrow(/must not carry credentials/);
    expect(() => resolveEndpoints({ region: 'cn north/4' })).toThrow(/region/i);
  });
});
