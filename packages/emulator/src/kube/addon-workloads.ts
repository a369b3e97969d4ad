import { objectOrEmpty, type JsonObject } from './fields.js';
import type { KubeObject } from './store.js';

/** What the service side knows of an installed add-on: its template name, version and effective values. */
export interface AddonWorkloadSpec {
  name: string;
  version: string;
  values?: Record<string, unknown>;
}

export const ADDON_LABEL = 'addon.cce.io/name';
export const ADDON_VERSION_LABEL = 'addon.cce.io/version';

type Obj = JsonObject;
const obj = objectOrEmpty;

/** The flavor's replicas and the container's resources (spec 02: values.flavor.replicas / resources[name]). */
function flavorOf(values: Obj, container: string, fallbackReplicas: number): { replicas: number; resources?: JsonObject } {
  const flavor = obj(values.flavor);
  const replicas = Number.isInteger(flavor.replicas) && (flavor.replicas as number) >= 0 ? (flavor.replicas as number) : fallbackReplicas;
  const r = (Array.isArray(flavor.resources) ? flavor.resources : []).map(obj).find((x) => x.name === container);
  if (!r) return { replicas };
  const q = (v: unknown) => (typeof v === 'number' ? String(v) : typeof v === 'string' ? v : undefined);
  const limits = Object.fromEntries(Object.entries({ cpu: q(r.limitsCpu), memory: q(r.limitsMem) }).filter(([, v]) => v !== undefined));
  const requests = Object.fromEntries(Object.entries({ cpu: q(r.requestsCpu), memory: q(r.requestsMem) }).filter(([, v]) => v !== undefined));
  return { replicas, resources: { ...(Object.keys(limits).length ? { limits } : {}), ...(Object.keys(requests).length ? { requests } : {}) } };
}

function image(values: Obj, repo: string, version: string): string {
  const basic = obj(values.basic);
  const addr = typeof basic.swr_addr === 'string' && basic.swr_addr ? basic.swr_addr : 'swr.cn-north-4.myhuaweicloud.com';
  const user = typeof basic.swr_user === 'string' && basic.swr_user ? basic.swr_user : 'hwofficial';
  const tag = typeof basic.image_version === 'string' && basic.image_version ? basic.image_version : version;
  return `${addr}/${user}/${repo}:${tag}`;
}

function deployment(name: string, spec: AddonWorkloadSpec, selector: Record<string, string>, replicas: number, container: JsonObject): KubeObject {
  const labels = { ...selector, [ADDON_LABEL]: spec.name, [ADDON_VERSION_LABEL]: spec.version };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'kube-system', labels },
    spec: { replicas, selector: { matchLabels: selector }, template: { metadata: { labels: selector }, spec: { containers: [container] } } },
  };
}

/**
 * The objects an add-on runs in kube-system, as CCE installs them: CoreDNS a `coredns` Deployment
 * (the flavor's replicas and resources) and the `kube-dns` Service on the template's cluster_ip;
 * metrics-server its Deployment, Service and the `v1beta1.metrics.k8s.io` APIService; any other
 * add-on one Deployment named after it.
 */
export function addonObjects(spec: AddonWorkloadSpec): KubeObject[] {
  const values = spec.values ?? {};
  const labels = { [ADDON_LABEL]: spec.name, [ADDON_VERSION_LABEL]: spec.version };
  if (spec.name === 'coredns') {
    const { replicas, resources } = flavorOf(values, 'coredns', 2);
    const selector = { app: 'coredns', 'k8s-app': 'coredns' };
    const clusterIP = obj(values.basic).cluster_ip;
    return [
      deployment('coredns', spec, selector, replicas, {
        name: 'coredns',
        image: image(values, 'coredns', spec.version),
        args: ['-conf', '/etc/coredns/Corefile'],
        ports: [{ name: 'dns', containerPort: 5353, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 5353, protocol: 'TCP' }, { name: 'metrics', containerPort: 9153, protocol: 'TCP' }],
        ...(resources ? { resources } : {}),
      }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { ...labels, 'k8s-app': 'coredns', 'kubernetes.io/name': 'CoreDNS' } },
        spec: {
          selector,
          ...(typeof clusterIP === 'string' && clusterIP ? { clusterIP } : {}),
          ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 5353 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 5353 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }],
        },
      },
    ];
  }
  if (spec.name === 'metrics-server') {
    const { replicas, resources } = flavorOf(values, 'metrics-server', 2);
    const selector = { app: 'metrics-server', 'k8s-app': 'metrics-server' };
    return [
      deployment('metrics-server', spec, selector, replicas, {
        name: 'metrics-server',
        image: image(values, 'metrics-server', spec.version),
        args: ['--secure-port=4443', '--kubelet-preferred-address-types=InternalIP'],
        ports: [{ name: 'https', containerPort: 4443, protocol: 'TCP' }],
        ...(resources ? { resources } : {}),
      }),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'metrics-server', namespace: 'kube-system', labels: { ...labels, 'k8s-app': 'metrics-server' } },
        spec: { selector, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }] },
      },
      {
        apiVersion: 'apiregistration.k8s.io/v1',
        kind: 'APIService',
        metadata: { name: 'v1beta1.metrics.k8s.io', labels: { ...labels, 'k8s-app': 'metrics-server' } },
        spec: { group: 'metrics.k8s.io', version: 'v1beta1', groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { name: 'metrics-server', namespace: 'kube-system', port: 443 } },
      },
    ];
  }
  const workload = spec.name.toLowerCase().replace(/[^a-z0-9-]/g, '-');
  return [deployment(workload, spec, { app: workload }, 1, { name: workload, image: `swr.cn-north-4.myhuaweicloud.com/hwofficial/${workload}:${spec.version}` })];
}
