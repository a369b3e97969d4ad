import { describe, expect, it } from 'vitest';
import { expandPath, matchOperation, operations, encodeRfc3986 } from '../src/index.js';
import type { OperationDef } from '../src/index.js';

const all = Object.values(operations as Record<string, OperationDef>);

describe('matchOperation', () => {
  it.each(all.map((o) => [o.name, o] as const))('routes %s back to itself', (_name, op) => {
    const params = Object.fromEntries(op.pathParams.map((p) => [p.name, `v-${p.name}`]));
    const path = expandPath(op, params);
    const match = matchOperation(op.method, path);
    expect(match?.operation.name).toBe(op.name);
    expect(match?.pathParams).toEqual(params);
  });

  it('prefers literal segments over parameters', () => {
    expect(matchOperation('GET', '/autopilot/v2/charts/p1/quotas')?.operation.name).toBe('ShowAutopilotUserChartsQuotas');
    expect(matchOperation('GET', '/autopilot/v2/charts/c1/values')?.operation.name).toBe('ShowAutopilotChartValues');
    expect(matchOperation('GET', '/autopilot/v2/charts/c1')?.operation.name).toBe('ShowAutopilotChart');
    expect(matchOperation('POST', '/autopilot/v3/projects/p/clusters/c/operation/upgrade/retry')?.operation.name)
      .toBe('RetryAutopilotUpgradeClusterTask');
  });

  it('decodes path parameters and ignores a query part and trailing slash', () => {
    const m = matchOperation('get', '/autopilot/cam/v3/clusters/c%201/namespace/kube-system/releases/my%2Frel/?x=1');
    expect(m?.operation.name).toBe('ShowAutopilotRelease');
    expect(m?.pathParams).toEqual({ cluster_id: 'c 1', namespace: 'kube-system', name: 'my/rel' });
  });

  it('answers undefined for unknown paths, wrong methods and broken encoding', () => {
    expect(matchOperation('GET', '/autopilot/v3/nothing')).toBeUndefined();
    expect(matchOperation('PATCH', '/autopilot/v3/projects/p/clusters')).toBeUndefined();
    expect(matchOperation('GET', '/autopilot/v3/projects/%E0%A4%A/clusters')).toBeUndefined();
    expect(matchOperation('GET', '/autopilot/v3/projects//clusters')).toBeUndefined();
  });
});

describe('expandPath', () => {
  it('percent-encodes each parameter as one segment', () => {
    expect(expandPath(operations.ShowAutopilotRelease, { cluster_id: 'c', namespace: 'ns', name: "a/b c(1)" }))
      .toBe('/autopilot/cam/v3/clusters/c/namespace/ns/releases/a%2Fb%20c%281%29');
  });

  it('names a missing parameter', () => {
    expect(() => expandPath(operations.ShowAutopilotCluster, { project_id: 'p' }))
      .toThrow(/ShowAutopilotCluster: path parameter "cluster_id" is missing/);
    expect(() => expandPath(operations.ShowAutopilotJob, { project_id: 'p', job_id: '' })).toThrow(/"job_id"/);
  });

  it('names a parameter holding a lone surrogate instead of a bare "URI malformed"; pairs are fine', () => {
    expect(() => expandPath(operations.ShowAutopilotCluster, { project_id: 'p', cluster_id: 'ab\uD800c' }))
      .toThrow('ShowAutopilotCluster: path parameter "cluster_id" is not valid text: a lone UTF-16 surrogate (\\ud800) at index 2 cannot be put in a URL');
    expect(() => expandPath(operations.ShowAutopilotCluster, { project_id: 'p', cluster_id: '\uDC00' })).toThrow(/"cluster_id" is not valid text/);
    expect(expandPath(operations.ShowAutopilotCluster, { project_id: 'p', cluster_id: '😀' })).toBe('/autopilot/v3/projects/p/clusters/%F0%9F%98%80');
  });
});

describe('encodeRfc3986', () => {
  it.each([
    ['AZaz09-_.~', 'AZaz09-_.~'],
    ["*'()!", '%2A%27%28%29%21'],
    ['a b+c', 'a%20b%2Bc'],
    ['a/b?c=d&e', 'a%2Fb%3Fc%3Dd%26e'],
    ['é', '%C3%A9'],
    ['😀', '%F0%9F%98%80'],
    ['100%', '100%25'],
  ])('%j -> %s', (raw, encoded) => expect(encodeRfc3986(raw)).toBe(encoded));
});
