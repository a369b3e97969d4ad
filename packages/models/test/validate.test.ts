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

describe('negative cases across areas', () => {
  it('rejects an unknown workflow phase and a cancel to anything but Cancel', () => {
    const [problem] = checkValue(schemas.UpgradeWorkFlow, { status: { phase: 'Done' } });
    expect(problem).toMatchObject({ path: '/status/phase' });
    expect(problem?.message).toMatch(/^status\.phase must be one of "Init", "Running", "Pending", "Success", "Cancel"/);
    expect(checkValue(schemas.UpgradeWorkFlowUpdateRequestBody, { status: { phase: 'Running' } })[0]?.path).toBe('/status/phase');
  });

  it('enforces the upgrade step range and strategy type', () => {
    const body = (step: number, type = 'inPlaceRollingUpdate') => ({
      metadata: { apiVersion: 'v3', kind: 'UpgradeTask' },
      spec: { clusterUpgradeAction: { targetVersion: 'v1.28', strategy: { type, inPlaceRollingUpdate: { userDefinedStep: step } } } },
    });
    expect(checkValue(schemas.UpgradeClusterRequestBody, body(20))).toEqual([]);
    expect(checkValue(schemas.UpgradeClusterRequestBody, body(41))[0]?.message).toBe(
      'spec.clusterUpgradeAction.strategy.inPlaceRollingUpdate.userDefinedStep must be at most 40 (got 41)',
    );
    expect(checkValue(schemas.UpgradeClusterRequestBody, body(1, 'blueGreen'))[0]?.path).toBe('/spec/clusterUpgradeAction/strategy/type');
  });

  it('requires the add-on version on update but not on install', () => {
    const body = { kind: 'Addon', apiVersion: 'v3', metadata: {}, spec: { clusterID: 'c', addonTemplateName: 'coredns', values: {} } };
    expect(checkValue(schemas.InstanceRequest, body)).toEqual([]);
    expect(checkValue(schemas.InstanceUpdateRequest, body)).toEqual([{ path: '/spec/version', message: 'spec.version is required' }]);
  });

  it('enforces tag rules of the batch tag operations', () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: '' }));
    expect(checkValue(schemas.BatchCreateClusterTagsRequestBody, { tags: tags(20) })).toEqual([]);
    expect(checkValue(schemas.BatchCreateClusterTagsRequestBody, { tags: tags(21) })[0]?.message).toBe('tags must have at most 20 entries');
    expect(checkValue(schemas.BatchCreateClusterTagsRequestBody, { tags: [{ key: 'env' }] })).toEqual([{ path: '/tags/0/value', message: 'tags[0].value is required' }]);
    expect(checkValue(schemas.BatchCreateClusterTagsRequestBody, { tags: [{ key: ' env', value: 'x' }] })[0]?.path).toBe('/tags/0/key');
    expect(checkValue(schemas.BatchCreateClusterTagsRequestBody, { tags: [{ key: '环境 a', value: '生产' }] })).toEqual([]);
    expect(checkValue(schemas.BatchDeleteClusterTagsRequestBody, { tags: [{ key: '_sys_x' }] })[0]?.path).toBe('/tags/0/key');
  });

  it('checks release bodies', () => {
    const update = { chart_id: 'c', action: 'undo', parameters: {}, values: {} };
    expect(checkValue(schemas.UpdateReleaseReqBody, update)[0]?.message).toBe('action must be one of "upgrade", "rollback" (got "undo")');
    expect(checkValue(schemas.CreateReleaseReqBody, { chart_id: 'c', name: 'r', namespace: 'default', values: {} }))
      .toEqual([{ path: '/version', message: 'version is required' }]);
  });

  it('requires the bind/unbind action of the master EIP request', () => {
    expect(checkValue(schemas.MasterEIPRequest, { spec: { action: 'bind', spec: { id: 'eip' } } })).toEqual([]);
    expect(checkValue(schemas.MasterEIPRequest, { spec: {} })).toEqual([{ path: '/spec/action', message: 'spec.action is required' }]);
  });

  it('reports a non-object body at the root', () => {
    expect(checkValue(schemas.CertDuration, 'x')).toEqual([{ path: '', message: 'the value must be an object (got "x")' }]);
  });
});

describe('checkValue on unions', () => {
  it('looks inside a nullable field', () => {
    const instance = { spec: { values: { flavor: { name: 'f', resources: [{ name: 'coredns', limitsCpu: true }] } } } };
    expect(checkValue(schemas.AddonInstance, instance)).toEqual([
      { path: '/spec/values/flavor/resources/0/limitsCpu', message: 'spec.values.flavor.resources[0].limitsCpu must be a string or a number (got true)' },
    ]);
    expect(checkValue(schemas.AddonInstance, { spec: { values: null } })).toEqual([]);
    expect(checkValue(schemas.AddonInstance, { spec: { values: 3 } })).toEqual([
      { path: '/spec/values', message: 'spec.values must be an object (got 3)' },
    ]);
  });
});
