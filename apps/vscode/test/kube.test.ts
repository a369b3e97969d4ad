import { describe, expect, it } from 'vitest';
import { discoverResources, releaseObjects } from '../src/core/kube.js';
import { CORE_KINDS, FakeCluster, helmMeta } from './kubeFake.js';

function shop(): FakeCluster {
  const c = new FakeCluster(CORE_KINDS.map((k) => ({ ...k })));
  c.add('Deployment', { metadata: helmMeta('shop', 'apps', 'shop-web', 'apps'), spec: { replicas: 2, selector: { matchLabels: { app: 'shop' } } }, status: { readyReplicas: 2 } });
  c.add('Service', { metadata: helmMeta('shop', 'apps', 'shop-web', 'apps'), spec: { type: 'ClusterIP', clusterIP: '10.0.0.7', selector: { app: 'shop' } } });
  c.add('Secret', { metadata: helmMeta('shop', 'apps', 'shop-token', 'apps') });
  // A chart may put an object in another namespace: still the release's.
  c.add('ConfigMap', { metadata: helmMeta('shop', 'apps', 'shop-dashboard', 'monitoring'), data: { a: '1' } });
  c.add('ClusterRole', { metadata: helmMeta('shop', 'apps', 'shop-reader') });
  c.add('ClusterRoleBinding', { metadata: helmMeta('shop', 'apps', 'shop-reader') });
  c.add('CustomResourceDefinition', { metadata: helmMeta('shop', 'apps', 'carts.shop.example.com'), status: { conditions: [{ type: 'Established', status: 'True' }] } });
  c.add('APIService', { metadata: helmMeta('shop', 'apps', 'v1beta1.metrics.shop.example.com'), status: { conditions: [{ type: 'Available', status: 'False' }] } });
  // Not the release's: another release's, one of the same name in another namespace, one without Helm's label.
  c.add('ClusterRole', { metadata: helmMeta('other', 'apps', 'other-reader') });
  c.add('ClusterRole', { metadata: helmMeta('shop', 'staging', 'shop-reader-staging') });
  c.add('ClusterRole', { metadata: { name: 'shop-reader-unlabelled', annotations: helmMeta('shop', 'apps', 'x').annotations } });
  c.add('Deployment', { metadata: { name: 'unrelated', namespace: 'apps' }, spec: { replicas: 1, selector: { matchLabels: { app: 'unrelated' } } } });
  // Pods: matched by the Deployment's selector, in its namespace.
  c.add('Pod', { metadata: { name: 'shop-web-1', namespace: 'apps', labels: { app: 'shop' } }, spec: { containers: [{}] }, status: { phase: 'Running', containerStatuses: [{ ready: true }] } });
  c.add('Pod', { metadata: { name: 'unrelated-1', namespace: 'apps', labels: { app: 'unrelated' } }, spec: { containers: [{}] }, status: { phase: 'Running' } });
  c.add('Pod', { metadata: { name: 'shop-web-elsewhere', namespace: 'staging', labels: { app: 'shop' } }, spec: { containers: [{}] }, status: { phase: 'Running' } });
  return c;
}

describe("a release's objects", () => {
  it('discovers the listable kinds of every group (no subresources, no create-only kinds)', async () => {
    const kinds = (await discoverResources(shop())).map((r) => `${r.groupVersion} ${r.kind}${r.namespaced ? '' : ' (cluster)'}`);
    expect(kinds).toContain('rbac.authorization.k8s.io/v1 ClusterRole (cluster)');
    expect(kinds).toContain('apiregistration.k8s.io/v1 APIService (cluster)');
    expect(kinds).toContain('v1 Pod');
    expect(kinds.filter((k) => k.endsWith(' Pod'))).toHaveLength(1);
    expect(kinds.some((k) => k.includes('SelfSubjectAccessReview'))).toBe(false);
  });

  it('lists what carries its Helm label and annotations across kinds, cluster-scoped ones included, then its pods', async () => {
    const cluster = shop();
    const rows = await releaseObjects(cluster, { name: 'shop', namespace: 'apps' });
    expect(rows.map((r) => `${r.kind} ${r.namespace}/${r.name}: ${r.description} [${r.state}]`)).toEqual([
      'Deployment apps/shop-web: 2/2 ready [ok]',
      'Service apps/shop-web: ClusterIP 10.0.0.7 [none]',
      'ConfigMap monitoring/shop-dashboard: 1 key [none]',
      'Secret apps/shop-token:  [none]',
      'APIService /v1beta1.metrics.shop.example.com: cluster-scoped · not Available [failed]',
      'ClusterRole /shop-reader: cluster-scoped [none]',
      'ClusterRoleBinding /shop-reader: cluster-scoped [none]',
      'CustomResourceDefinition /carts.shop.example.com: cluster-scoped · Established [ok]',
      'Pod apps/shop-web-1: Running 1/1 [ok]',
    ]);
    // Every kind is asked once, cluster-wide, by Helm's label; Show YAML uses the row's own path.
    expect(cluster.asked).toContain('GET /apis/rbac.authorization.k8s.io/v1/clusterroles?labelSelector=app.kubernetes.io%2Fmanaged-by%3DHelm');
    expect(cluster.asked.some((p) => p.includes('/events'))).toBe(false);
    expect(rows.find((r) => r.kind === 'ClusterRole')!.path).toBe('/apis/rbac.authorization.k8s.io/v1/clusterroles/shop-reader');
    expect(rows.find((r) => r.kind === 'Secret')!.path).toBe('/api/v1/namespaces/apps/secrets/shop-token');
  });

  it('skips a kind the user may not list (403) but fails on any other error', async () => {
    const denied = shop();
    denied.kinds.find((k) => k.kind === 'ClusterRole')!.failWith = 403;
    const rows = await releaseObjects(denied, { name: 'shop', namespace: 'apps' });
    expect(rows.some((r) => r.kind === 'ClusterRole')).toBe(false);
    expect(rows.some((r) => r.kind === 'ClusterRoleBinding')).toBe(true);
    const broken = shop();
    broken.kinds.find((k) => k.kind === 'ClusterRole')!.failWith = 500;
    await expect(releaseObjects(broken, { name: 'shop', namespace: 'apps' })).rejects.toThrow(/clusterroles: HTTP 500/);
  });

  it('has nothing for a release that made nothing', async () => {
    expect(await releaseObjects(shop(), { name: 'none', namespace: 'apps' })).toEqual([]);
  });
});
