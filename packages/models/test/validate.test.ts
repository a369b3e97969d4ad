import { describe, expect, it } from 'vitest';
import { checkValue, clusterPhases, schemas } from '../src/index.js';

const cluster = () => ({
  kind: 'Cluster',
  apiVersion: 'v3',
  metadata: { name: 'my-cluster' },
  spec: {
    flavor: 'cce.autopilot.cluster',
    hostNetwork: { vpc: 'vpc-1', subnet: 'subnet-1' },
    containerNetwork: { mode: 'eni' },
  },
});

describe('checkValue', () => {
  it('accepts a valid cluster', () => {
    expect(checkValue(schemas.AutopilotCluster, cluster())).toEqual([]);
  });

  it('names a missing required field with a JSON pointer', () => {
    const c = cluster() as Record<string, any>;
    delete c.spec.flavor;
    expect(checkValue(schemas.AutopilotCluster, c)).toEqual([{ path: '/spec/flavor', message: 'spec.flavor is required' }]);
  });

  it.each(['ab', 'My-cluster', 'cluster-', '1cluster', 'a'.repeat(129), 'clu_ster'])('rejects cluster name %j', (name) => {
    const c = cluster();
    c.metadata.name = name;
    const problems = checkValue(schemas.AutopilotCluster, c);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('/metadata/name');
    expect(problems[0]?.message).toMatch(/^metadata\.name must start with a lowercase letter.*4 to 128 characters/);
  });

  it('accepts names of 4 and 128 characters', () => {
    for (const name of ['abcd', `a${'b'.repeat(127)}`]) {
      const c = cluster();
      c.metadata.name = name;
      expect(checkValue(schemas.AutopilotCluster, c)).toEqual([]);
    }
  });

  it.each([0, 1828, 1.5, -2])('rejects cert duration %j', (duration) => {
    const problems = checkValue(schemas.CertDuration, { duration });
    expect(problems).toEqual([{ path: '/duration', message: expect.stringMatching(/^duration must be an integer from 1 to 1827.*-1/) }]);
  });

  it.each([1, 30, 1827, -1])('accepts cert duration %j', (duration) => {
    expect(checkValue(schemas.CertDuration, { duration })).toEqual([]);
  });

  it('lists the allowed values of an enum', () => {
    const c = { ...cluster(), status: { phase: 'Sleeping' } };
    const [problem] = checkValue(schemas.AutopilotCluster, c);
    expect(problem?.path).toBe('/status/phase');
    expect(problem?.message).toContain('status.phase must be one of "Available"');
    expect(problem?.message).toContain('(got "Sleeping")');
    expect(clusterPhases).toContain('Hibernation');
  });

  it('names array elements and wrong types', () => {
    const c = cluster() as Record<string, any>;
    c.spec.eniNetwork = { subnets: [{ subnetID: 's' }, { subnetID: 3 }] };
    c.spec.billingMode = 'zero';
    const messages = checkValue(schemas.AutopilotCluster, c).map((p) => `${p.path} ${p.message}`);
    expect(messages).toContain('/spec/eniNetwork/subnets/1/subnetID spec.eniNetwork.subnets[1].subnetID must be a string (got 3)');
    expect(messages).toContain('/spec/billingMode spec.billingMode must be an integer (got "zero")');
  });

  it('rejects tag keys starting with _sys_ and a bad update description', () => {
    const tag = checkValue(schemas.AutopilotResourceTag, { key: '_sys_x', value: '' });
    expect(tag[0]?.message).toMatch(/^key .*must not start with _sys_/);
    const upd = checkValue(schemas.AutopilotClusterInformation, { spec: { description: 'a<b' } });
    expect(upd[0]?.path).toBe('/spec/description');
  });

  it('accepts extra fields in answers', () => {
    const c = { ...cluster(), extra: true, spec: { ...cluster().spec, eniNetwork: { subnets: [], eniSubnetId: 'x' } } };
    expect(checkValue(schemas.AutopilotCluster, c)).toEqual([]);
  });

  it('validates both error body formats', () => {
    expect(checkValue(schemas.ErrorBody, { errorCode: 'CCE.01404001', errorMessage: 'Resource not found.' })).toEqual([]);
    expect(checkValue(schemas.ErrorBody, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information', request_id: 'r' })).toEqual([]);
    expect(checkValue(schemas.ErrorBody, { message: 'x' })).not.toEqual([]);
  });
});
