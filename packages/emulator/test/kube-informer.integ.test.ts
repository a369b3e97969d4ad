import { AppsV1Api, CoreV1Api, KubeConfig, makeInformer, type ObjectCache, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createKubeHub, type KubeHub } from '../src/kube/index.js';

/** A watch-based client (client-node's informer) sees what the controllers do, step by step. */
let hub: KubeHub;
let kc: KubeConfig;

beforeAll(async () => {
  hub = createKubeHub({ host: '127.0.0.1' });
  const { server, caPem } = await hub.ensureCluster({ id: 'c-informer', name: 'informer', version: 'v1.30' });
  const cert = await hub.issueClientCert('c-informer', 1);
  kc = new KubeConfig();
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, caData: b64(caPem) }],
    users: [{ name: 'u', certData: b64(cert.certPem), keyData: b64(cert.keyPem) }],
    contexts: [{ name: 'c', cluster: 'c', user: 'u' }],
    currentContext: 'c',
  });
});

afterAll(async () => {
  await hub.stop();
});

/** Waits for a condition over the informer's state, re-checked on each of its events (never on elapsed time). */
const waiters = new Set<() => void>();
const notify = (): void => waiters.forEach((w) => w());
function until(check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const w = (): void => {
      if (!check()) return;
      waiters.delete(w);
      resolve();
    };
    waiters.add(w);
    w();
  });
}

it('an informer on pods sees the Deployment controller create pods and replace a deleted one', async () => {
  const core = kc.makeApiClient(CoreV1Api);
  const apps = kc.makeApiClient(AppsV1Api);
  const informer = makeInformer(kc, '/api/v1/namespaces/default/pods', () => core.listNamespacedPod({ namespace: 'default' }));
  // The informer client-node makes is also the cache of what it has seen (typed as Informer only).
  const cache = informer as unknown as ObjectCache<V1Pod>;
  const added: string[] = [];
  const deleted: string[] = [];
  informer.on('add', (p: V1Pod) => {
    added.push(String(p.metadata?.name));
    notify();
  });
  informer.on('delete', (p: V1Pod) => {
    deleted.push(String(p.metadata?.name));
    notify();
  });
  informer.on('update', notify);
  await informer.start();
  try {
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] } } },
      },
    });
    await until(() => added.length === 2);
    expect(cache.list('default').every((p) => p.status?.phase === 'Running')).toBe(true);
    const victim = added[0] as string;
    await core.deleteNamespacedPod({ name: victim, namespace: 'default' });
    await until(() => deleted.includes(victim) && added.length === 3);
    expect(cache.list('default').map((p) => p.metadata?.name)).not.toContain(victim);
    expect(cache.list('default')).toHaveLength(2);
    // The replacement belongs to the same ReplicaSet.
    const owners = new Set(cache.list('default').map((p) => p.metadata?.ownerReferences?.[0]?.name));
    expect(owners.size).toBe(1);
  } finally {
    await informer.stop();
  }
});
