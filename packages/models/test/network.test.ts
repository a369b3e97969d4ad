import { describe, expect, it } from 'vitest';
import { checkValue, expandPath, matchOperation, networkOperations, operations, schemas, vpcEndpoint } from '../src/index.js';
import type { OperationDef } from '../src/index.js';

const network = Object.values(networkOperations) as OperationDef[];

describe('VPC and EIP catalogue', () => {
  it('has the six picker operations, on the VPC endpoint, apart from the CCE catalogue', () => {
    expect(network.map((o) => o.name).sort()).toEqual(['ListPublicips', 'ListSubnets', 'ListVpcs', 'ShowPublicip', 'ShowSubnet', 'ShowVpc']);
    for (const o of network) {
      expect(o.service, o.name).toBe('vpc');
      expect(o.name in operations, o.name).toBe(false);
      expect((o.responseSchema as { description?: string }).description, o.name).toBeTruthy();
    }
    expect(vpcEndpoint('cn-north-4')).toBe('https://vpc.cn-north-4.myhuaweicloud.com');
    expect(() => vpcEndpoint('cn-north-4.evil.com/')).toThrow(/Invalid region id/);
  });

  it('routes every operation back to itself', () => {
    for (const o of network) {
      const params = Object.fromEntries(o.pathParams.map((p) => [p.name, `${p.name}-1`]));
      const match = matchOperation(o.method, expandPath(o, params));
      expect(match?.operation.name, o.name).toBe(o.name);
      expect(match?.pathParams).toEqual(params);
    }
  });

  it('validates answers shaped like the VPC service\'s examples', () => {
    expect(checkValue(schemas.VpcList, { vpcs: [{ id: 'v1', name: 'vpc-a', cidr: '192.168.0.0/16', status: 'OK', routes: [], enterprise_project_id: '0' }] })).toEqual([]);
    expect(checkValue(schemas.SubnetList, { subnets: [{ id: 's1', name: 'subnet-a', cidr: '192.168.0.0/24', gateway_ip: '192.168.0.1', vpc_id: 'v1', status: 'ACTIVE', neutron_subnet_id: 'n1' }] })).toEqual([]);
    expect(checkValue(schemas.PublicipList, { publicips: [{ id: 'e1', status: 'DOWN', public_ip_address: '203.0.113.9', bandwidth_size: 5 }] })).toEqual([]);
    expect(checkValue(schemas.VpcAnswer, { vpc: { id: 'v1', name: 'x' } }).map((p) => p.path)).toEqual(['/vpc/cidr', '/vpc/status']);
  });
});
