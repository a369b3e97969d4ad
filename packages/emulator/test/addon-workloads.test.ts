import { afterEach, describe, expect, it } from 'vitest';
import { createKubeHub, type KubeHub } from '../src/kube/index.js';
import { builtinType } from '../src/kube/resources.js';

const hubs: KubeHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.stop();
});

async function objects(addons: Parameters<KubeHub['setAddonWorkloads']>[1]) {
  const h = createKubeHub({ host: '127.0.0.1' });
  hubs.push(h);
  h.setAddonWorkloads('c-1', addons);
  await h.ensureCluster({ id: 'c-1', name: 'one', version: 'v1.28' });
  return { h, kube: h.objectsOf('c-1')! };
}

const coredns = (replicas: number) => ({
  name: 'coredns',
  version: '1.28.6',
  values: {
    basic: { cluster_ip: '10.247.3.10', image_version: '1.28.6', swr_addr: 'swr.cn-north-7.myhuaweicloud.com', swr_user: 'autopilot-official' },
    flavor: { name: 'autopilot-flavor1', replicas, resources: [{ name: 'coredns', limitsCpu: 1, limitsMem: '2Gi', requestsCpu: 1, requestsMem: '2Gi' }] },
  },
});

describe('add-on workloads', () => {
  it("coredns: a Deployment with the flavor's replicas and resources, and the kube-dns Service on cluster_ip", async () => {
    const { h, kube } = await objects([coredns(3)]);
    const dep = kube.get(builtinType('Deployment'), 'kube-system', 'coredns');
    expect(dep.spec.replicas).toBe(3);
    expect(dep.status.readyReplicas).toBe(3);
    expect(dep.spec.template.spec.containers[0]).toMatchObject({ image: 'swr.cn-north-7.myhuaweicloud.com/autopilot-official/coredns:1.28.6', resources: { limits: { cpu: '1', memory: '2Gi' }, requests: { cpu: '1', memory: '2Gi' } } });
    expect(kube.list(builtinType('Pod'), 'kube-system').filter((p) => p.metadata.labels?.app === 'coredns')).toHaveLength(3);
    const svc = kube.get(builtinType('Service'), 'kube-system', 'kube-dns');
    expect(svc.spec).toMatchObject({ clusterIP: '10.247.3.10', selector: { app: 'coredns', 'k8s-app': 'coredns' } });
    expect(svc.spec.ports.map((p: { name: string; port: number; protocol: string }) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(['dns:53/UDP', 'dns-tcp:53/TCP', 'metrics:9153/TCP']);
    expect(kube.get(builtinType('Endpoints'), 'kube-system', 'kube-dns').subsets[0].addresses).toHaveLength(3);

    // New values scale it; the Service keeps its address; removing the add-on removes both.
    h.setAddonWorkloads('c-1', [coredns(5)]);
    expect(kube.get(builtinType('Deployment'), 'kube-system', 'coredns').spec.replicas).toBe(5);
    expect(kube.get(builtinType('Service'), 'kube-system', 'kube-dns').spec.clusterIP).toBe('10.247.3.10');
    const rv = kube.get(builtinType('Deployment'), 'kube-system', 'coredns').metadata.resourceVersion;
    h.setAddonWorkloads('c-1', [coredns(5)]);
    expect(kube.get(builtinType('Deployment'), 'kube-system', 'coredns').metadata.resourceVersion).toBe(rv);
    h.setAddonWorkloads('c-1', []);
    expect(() => kube.get(builtinType('Deployment'), 'kube-system', 'coredns')).toThrow(/not found/);
    expect(() => kube.get(builtinType('Service'), 'kube-system', 'kube-dns')).toThrow(/not found/);
  });

  it('metrics-server: its Deployment, Service and the v1beta1.metrics.k8s.io APIService', async () => {
    const { h, kube } = await objects([{ name: 'metrics-server', version: '0.7.2', values: { flavor: { replicas: 2 } } }]);
    expect(kube.get(builtinType('Deployment'), 'kube-system', 'metrics-server').status.readyReplicas).toBe(2);
    expect(kube.get(builtinType('Service'), 'kube-system', 'metrics-server').spec.ports[0].port).toBe(443);
    const apiService = kube.types.byKind('apiregistration.k8s.io/v1', 'APIService')!;
    expect(kube.get(apiService, undefined, 'v1beta1.metrics.k8s.io').spec).toMatchObject({ group: 'metrics.k8s.io', version: 'v1beta1', service: { name: 'metrics-server', namespace: 'kube-system', port: 443 } });
    h.setAddonWorkloads('c-1', []);
    expect(kube.list(apiService, undefined)).toEqual([]);
  });
});
