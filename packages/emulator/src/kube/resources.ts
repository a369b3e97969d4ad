/**
 * The resource types of the seed's "Kubernetes API" table (spec 01, section 2), as data: discovery
 * documents and routing are both derived from this list.
 */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  verbs: string[];
  /** Subresources served: `status` (and `scale` for workloads with replicas). */
  subresources?: ('status' | 'scale')[];
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

function r(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return { group, version, kind, plural, singular: kind.toLowerCase(), namespaced, verbs: ALL, ...extra };
}

export const RESOURCE_TYPES: readonly ResourceType[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status'] }),
  r('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  r('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], subresources: ['status'] }),
  r('', 'v1', 'ReplicationController', 'replicationcontrollers', true, { shortNames: ['rc'], subresources: ['status', 'scale'] }),
  r('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], subresources: ['status'], verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] }),
  r('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  r('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], subresources: ['status'] }),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, { shortNames: ['pvc'], subresources: ['status'] }),
  r('', 'v1', 'ResourceQuota', 'resourcequotas', true, { shortNames: ['quota'], subresources: ['status'] }),
  r('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], subresources: ['status', 'scale'] }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], subresources: ['status', 'scale'] }),
  r('batch', 'v1', 'Job', 'jobs', true, { subresources: ['status'] }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'] }),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

export function groupsOf(types: readonly ResourceType[]): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const t of types) if (t.group && !seen.has(t.group)) seen.set(t.group, { group: t.group, version: t.version });
  return [...seen.values()];
}

export function findType(group: string, version: string, plural: string): ResourceType | undefined {
  return RESOURCE_TYPES.find((t) => t.group === group && t.version === version && t.plural === plural);
}
