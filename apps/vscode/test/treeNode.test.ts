import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterFolderRef, clusterRef, isNode, nodeId, parseNodeId, regionFolderRef, regionRef, TreeModel, type NodeRef, type TreeNode } from '../src/core/tree.js';
import { FakeApi } from './fakes.js';

const c = { profileId: 'P', region: 'cn-north-4', clusterId: 'c1' } as const;
const release = { kind: 'release', namespace: 'default', name: 'web', ...c } as const;
const group = { kind: 'kubeGroup', namespace: 'default', objectKind: 'Deployment', ...c } as const;

const cases: [NodeRef, string][] = [
  [{ kind: 'profile', profileId: 'P' }, 'P'],
  [{ kind: 'region', profileId: 'P', region: 'cn-north-4' }, 'P/cn-north-4'],
  [{ kind: 'charts', profileId: 'P', region: 'cn-north-4' }, 'P/cn-north-4/charts'],
  [{ kind: 'chart', chartId: 'ch1', profileId: 'P', region: 'cn-north-4' }, 'P/cn-north-4/charts/ch1'],
  [{ kind: 'quota', quotaKey: 'cluster', profileId: 'P', region: 'cn-north-4' }, 'P/cn-north-4/quotas/cluster'],
  [{ kind: 'featureGate', name: 'X', profileId: 'P', region: 'cn-north-4' }, 'P/cn-north-4/featureGates/X'],
  [{ kind: 'cluster', ...c }, 'P/cn-north-4/c1'],
  [{ kind: 'addons', ...c }, 'P/cn-north-4/c1/addons'],
  [{ kind: 'addon', addonId: 'a1', ...c }, 'P/cn-north-4/c1/addons/a1'],
  [release, 'P/cn-north-4/c1/releases/default/web'],
  [{ kind: 'kubeObject', under: release, objectKind: 'Pod', namespace: 'default', name: 'web-1' }, 'P/cn-north-4/c1/releases/default/web/Pod/default/web-1'],
  // A cluster-scoped object of a release has no namespace: its id has that key empty.
  [{ kind: 'kubeObject', under: release, objectKind: 'ClusterRole', namespace: '', name: 'web-reader' }, 'P/cn-north-4/c1/releases/default/web/ClusterRole//web-reader'],
  [{ kind: 'namespace', namespace: 'default', ...c }, 'P/cn-north-4/c1/kubernetes/default'],
  [group, 'P/cn-north-4/c1/kubernetes/default/Deployment'],
  [{ kind: 'kubeObject', under: group, objectKind: 'Deployment', namespace: 'default', name: 'web' }, 'P/cn-north-4/c1/kubernetes/default/Deployment/Deployment/default/web'],
  [{ kind: 'upgradeInfo', ...c }, 'P/cn-north-4/c1/upgrade/info'],
  [{ kind: 'workflows', ...c }, 'P/cn-north-4/c1/upgrade/workflows'],
  [{ kind: 'task', folder: 'prechecks', taskId: 'pc1', ...c }, 'P/cn-north-4/c1/upgrade/prechecks/pc1'],
  [{ kind: 'upgradePath', version: 'v1.28', platformVersion: 'cce.1.0', ...c }, 'P/cn-north-4/c1/upgrade/upgradePaths/v1.28/cce.1.0'],
  [{ kind: 'maintenanceWindow', ...c }, 'P/cn-north-4/c1/upgrade/maintenanceWindows/window'],
  [{ kind: 'upgradePlan', planId: 'u1', ...c }, 'P/cn-north-4/c1/upgrade/upgradePlans/u1'],
  [{ kind: 'logConfig', name: 'audit', ...c }, 'P/cn-north-4/c1/logConfigs/audit'],
  [{ kind: 'job', jobId: 'j1', ...c }, 'P/cn-north-4/c1/jobs/j1'],
  [{ kind: 'tag', key: 'env', ...c }, 'P/cn-north-4/c1/tags/env'],
  [{ kind: 'error', of: { kind: 'addons', ...c } }, 'P/cn-north-4/c1/addons/error'],
  [{ kind: 'empty', of: { kind: 'tags', ...c } }, 'P/cn-north-4/c1/tags/empty'],
  [{ kind: 'error', of: { kind: 'region', profileId: 'P', region: 'cn-north-4' } }, 'P/cn-north-4/error'],
  [{ kind: 'tag', key: 'team/owner', ...c }, 'P/cn-north-4/c1/tags/team/owner'],
];

/** Keys as the API has them: no `/`, never the words the tree uses for its own rows. */
const key = fc.stringMatching(/^[A-Za-z0-9._:=+@ -]{1,12}$/).filter((k) => !['error', 'empty', 'info', 'window'].includes(k));
const clusterKey = fc.record({ profileId: key, region: key, clusterId: key });
const refs: fc.Arbitrary<NodeRef> = fc.oneof(
  fc.record({ kind: fc.constant('region' as const), profileId: key, region: key }),
  fc.record({ kind: fc.constant('chart' as const), chartId: key, profileId: key, region: key }),
  clusterKey.map((k) => ({ kind: 'cluster' as const, ...k })),
  fc.tuple(clusterKey, fc.constantFrom('kubernetes', 'addons', 'releases', 'upgrade', 'jobs', 'logConfigs', 'tags', 'workflows', 'prechecks', 'upgradePlans') ).map(([k, kind]) => ({ kind, ...k }) as NodeRef),
  fc.tuple(clusterKey, key).map(([k, addonId]) => ({ kind: 'addon' as const, addonId, ...k })),
  fc.tuple(clusterKey, key, fc.stringMatching(/^[A-Za-z0-9 /_.:=+@-]{1,20}$/).filter((t) => !t.split('/').includes('') && t !== 'error' && t !== 'empty')).map(([k, _x, tag]) => ({ kind: 'tag' as const, key: tag, ...k })),
  fc.tuple(clusterKey, key, key, key, fc.oneof(key, fc.constant('')), key).map(([k, ns, name, kind, ons, oname]) => ({ kind: 'kubeObject' as const, under: { kind: 'release' as const, namespace: ns, name, ...k }, objectKind: kind, namespace: ons, name: oname })),
  fc.tuple(clusterKey, key, key, key, key).map(([k, ns, kind, ons, oname]) => ({ kind: 'kubeObject' as const, under: { kind: 'kubeGroup' as const, namespace: ns, objectKind: kind, ...k }, objectKind: kind, namespace: ons, name: oname })),
  fc.tuple(clusterKey, fc.constantFrom('upgradeTasks', 'prechecks', 'snapshots', 'workflows'), key).map(([k, folder, taskId]) => ({ kind: 'task', folder, taskId, ...k }) as NodeRef),
  fc.tuple(clusterKey, key, key).map(([k, version, platformVersion]) => ({ kind: 'upgradePath' as const, version, platformVersion, ...k })),
  clusterKey.map((k) => ({ kind: 'error' as const, of: { kind: 'addons' as const, ...k } })),
);

describe('node references', () => {
  it('spell the tree item ids the README documents, one per kind', () => {
    for (const [ref, id] of cases) expect(nodeId(ref), ref.kind).toBe(id);
  });

  it('are read back from their ids', () => {
    for (const [ref, id] of cases) expect(parseNodeId(id), id).toEqual(ref);
    fc.assert(fc.property(refs, (ref) => { expect(parseNodeId(nodeId(ref))).toEqual(ref); }));
    for (const bad of ['', 'P//c1', 'P/r/c1/nofolder', 'P/r/c1/upgrade/nothing', 'P/r/c1/releases/ns', 'P/r/c1/tags//x', 'P/r/c1/releases/ns/web/ClusterRole//', 'P/r/c1/releases//web/Pod/ns/p']) expect(parseNodeId(bad), bad).toBeUndefined();
  });

  it('find the rows a command works on from a row below them', () => {
    const ctx = { profileId: 'P', region: 'cn-north-4', clusterId: 'c1' };
    expect(nodeId(regionRef(ctx)!)).toBe('P/cn-north-4');
    expect(nodeId(regionFolderRef(ctx, 'charts')!)).toBe('P/cn-north-4/charts');
    expect(nodeId(clusterRef(ctx)!)).toBe('P/cn-north-4/c1');
    expect(nodeId(clusterFolderRef(ctx, 'tags')!)).toBe('P/cn-north-4/c1/tags');
    expect(clusterRef({ profileId: 'P', region: 'cn-north-4' })).toBeUndefined();
    expect(regionRef({ profileId: 'P' })).toBeUndefined();
  });

  it('are carried by every row the model loads, and the model finds a row by its reference', async () => {
    const api = new FakeApi({
      ListAutopilotClusters: () => ({ items: [{ metadata: { uid: 'c1', name: 'one' }, spec: { version: 'v1.28', clusterTags: [{ key: 'env', value: 'dev' }] }, status: { phase: 'Available' } }] }),
      ListAutopilotAddonInstances: () => ({ items: [{ metadata: { uid: 'a1', name: 'coredns' }, spec: { addonTemplateName: 'coredns', version: '1.0' }, status: { status: 'running' } }] }),
      ListAutopilotReleases: () => [{ name: 'web', namespace: 'default', status: 'DEPLOYED', chart_name: 'nginx', chart_version: '1.0', version: 1 }],
      ShowAutopilotCluster: () => ({ metadata: { uid: 'c1', name: 'one' }, spec: { clusterTags: [{ key: 'env', value: 'dev' }] } }),
      ListAutopilotCharts: () => [],
    });
    const model = new TreeModel({ activeProfile: () => ({ id: 'P', name: 'dev', regions: ['cn-north-4'] }), connect: async () => api });
    const seen: TreeNode[] = [];
    const walk = async (n: TreeNode, depth: number): Promise<void> => {
      seen.push(n);
      if (depth === 0 || n.collapsible === 'none' || n.kind === 'release' || n.kind === 'kubernetes') return;
      for (const child of await model.children(n)) await walk(child, depth - 1);
    };
    for (const root of await model.roots()) await walk(root, 4);
    expect(seen.map((n) => n.id)).toEqual(expect.arrayContaining(['P/cn-north-4/c1/addons/a1', 'P/cn-north-4/c1/releases/default/web', 'P/cn-north-4/c1/tags/env', 'P/cn-north-4/charts/empty']));
    for (const n of seen) {
      expect(n.id).toBe(nodeId(n.ref));
      expect(n.kind).toBe(n.ref.kind);
      expect(isNode(n)).toBe(true);
      expect(model.node(n.ref)).toBe(n);
    }
  });
});
