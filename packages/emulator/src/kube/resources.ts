import { asObject } from '../json.js';
import { at, objectOrEmpty, objectsOf, stringOf, stringsOf, type JsonObject } from './fields.js';
import type { KubeObject } from './object.js';

/**
 * The resource types the emulated apiserver serves, as data: discovery documents, routing, OpenAPI
 * and admission are all derived from this list. Built-in types are shared; each cluster's
 * `TypeRegistry` adds the custom resources its CustomResourceDefinitions declare.
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
  /** Subresources served: `status`, `scale` for workloads with replicas, `log` etc. for pods. */
  subresources?: string[];
  /** Discovery categories: `all` is what `kubectl get all` lists (upstream does not put ConfigMaps or Secrets there). */
  categories?: string[];
  /** OpenAPI v2 definition name of the kind, e.g. `io.k8s.api.apps.v1.Deployment`. */
  definition?: string;
  /** Another version of a stored kind: requests convert to `storedAs` and answers back (autoscaling/v1 HPAs). */
  storedAs?: ResourceType;
  toStored?: (obj: KubeObject) => KubeObject;
  fromStored?: (obj: KubeObject) => KubeObject;
  /** Custom resources: the CRD's structural schema for this version. */
  customSchema?: Record<string, unknown>;
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const DEF_PREFIX: Record<string, string> = {
  '': 'io.k8s.api.core',
  apps: 'io.k8s.api.apps',
  batch: 'io.k8s.api.batch',
  autoscaling: 'io.k8s.api.autoscaling',
  policy: 'io.k8s.api.policy',
  'storage.k8s.io': 'io.k8s.api.storage',
  'networking.k8s.io': 'io.k8s.api.networking',
  'discovery.k8s.io': 'io.k8s.api.discovery',
  'rbac.authorization.k8s.io': 'io.k8s.api.rbac',
  'authorization.k8s.io': 'io.k8s.api.authorization',
  'authentication.k8s.io': 'io.k8s.api.authentication',
  'events.k8s.io': 'io.k8s.api.events',
  'apiextensions.k8s.io': 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions',
};

function r(group: string, version: string, kind: string, plural: string, namespaced: boolean, extra: Partial<ResourceType> = {}): ResourceType {
  const prefix = DEF_PREFIX[group];
  return {
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: ALL,
    ...(prefix ? { definition: `${prefix}.${version}.${kind}` } : {}),
    ...extra,
  };
}

const all = ['all'];

const HPA_V2 = r('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { shortNames: ['hpa'], subresources: ['status'], categories: all });

/** autoscaling/v1 <-> v2 HorizontalPodAutoscaler, as upstream converts them (CPU utilization target only). */
function hpaToV2(o: KubeObject): KubeObject {
  const { targetCPUUtilizationPercentage, ...spec } = objectOrEmpty(o.spec);
  const metrics = targetCPUUtilizationPercentage === undefined ? undefined : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } }];
  const { currentCPUUtilizationPercentage: _cpu, ...status } = objectOrEmpty(o.status);
  return { ...o, apiVersion: 'autoscaling/v2', spec: { ...spec, ...(metrics ? { metrics } : {}) }, ...(o.status ? { status } : {}) };
}

function hpaToV1(o: KubeObject): KubeObject {
  const { metrics, behavior: _behavior, ...spec } = objectOrEmpty(o.spec);
  const cpu = at(objectsOf(metrics).find((m) => m.type === 'Resource' && at(m, 'resource', 'name') === 'cpu'), 'resource', 'target', 'averageUtilization');
  const { currentMetrics: _m, conditions: _c, ...status } = objectOrEmpty(o.status);
  return { ...o, apiVersion: 'autoscaling/v1', spec: { ...spec, ...(cpu !== undefined ? { targetCPUUtilizationPercentage: cpu } : {}) }, ...(o.status ? { status } : {}) };
}
const CREATE_ONLY = ['create'];

export const BUILTIN_TYPES: readonly ResourceType[] = [
  r('', 'v1', 'Namespace', 'namespaces', false, { shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['status', 'finalize'] }),
  r('', 'v1', 'Node', 'nodes', false, { shortNames: ['no'], subresources: ['status'] }),
  r('', 'v1', 'Pod', 'pods', true, { shortNames: ['po'], subresources: ['status', 'log', 'exec', 'attach', 'portforward', 'binding', 'eviction'], categories: all }),
  r('', 'v1', 'ReplicationController', 'replicationcontrollers', true, { shortNames: ['rc'], subresources: ['status', 'scale'], categories: all }),
  r('', 'v1', 'Service', 'services', true, { shortNames: ['svc'], subresources: ['status', 'proxy'], categories: all }),
  r('', 'v1', 'Endpoints', 'endpoints', true, { shortNames: ['ep'], singular: 'endpoints' }),
  r('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
  r('', 'v1', 'Secret', 'secrets', true),
  r('', 'v1', 'ServiceAccount', 'serviceaccounts', true, { shortNames: ['sa'], subresources: ['token'] }),
  r('', 'v1', 'PersistentVolume', 'persistentvolumes', false, { shortNames: ['pv'], subresources: ['status'] }),
  r('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, { shortNames: ['pvc'], subresources: ['status'] }),
  r('', 'v1', 'ResourceQuota', 'resourcequotas', true, { shortNames: ['quota'], subresources: ['status'] }),
  r('', 'v1', 'LimitRange', 'limitranges', true, { shortNames: ['limits'] }),
  r('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('events.k8s.io', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
  r('apps', 'v1', 'Deployment', 'deployments', true, { shortNames: ['deploy'], subresources: ['status', 'scale'], categories: all }),
  r('apps', 'v1', 'StatefulSet', 'statefulsets', true, { shortNames: ['sts'], subresources: ['status', 'scale'], categories: all }),
  r('apps', 'v1', 'ReplicaSet', 'replicasets', true, { shortNames: ['rs'], subresources: ['status', 'scale'], categories: all }),
  r('apps', 'v1', 'DaemonSet', 'daemonsets', true, { shortNames: ['ds'], subresources: ['status'], categories: all }),
  r('apps', 'v1', 'ControllerRevision', 'controllerrevisions', true),
  r('batch', 'v1', 'Job', 'jobs', true, { subresources: ['status'], categories: all }),
  r('batch', 'v1', 'CronJob', 'cronjobs', true, { shortNames: ['cj'], subresources: ['status'], categories: all }),
  HPA_V2,
  r('autoscaling', 'v1', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, { subresources: ['status'], storedAs: HPA_V2, toStored: hpaToV2, fromStored: hpaToV1 }),
  r('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, { shortNames: ['pdb'], subresources: ['status'] }),
  r('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, { shortNames: ['sc'] }),
  r('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, { shortNames: ['ing'], subresources: ['status'] }),
  r('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  r('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, { shortNames: ['netpol'] }),
  r('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', true),
  r('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  r('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  r('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  r('authorization.k8s.io', 'v1', 'SelfSubjectAccessReview', 'selfsubjectaccessreviews', false, { verbs: CREATE_ONLY }),
  r('authorization.k8s.io', 'v1', 'SelfSubjectRulesReview', 'selfsubjectrulesreviews', true, { verbs: CREATE_ONLY }),
  r('authentication.k8s.io', 'v1', 'SelfSubjectReview', 'selfsubjectreviews', false, { verbs: CREATE_ONLY }),
  // Served so metrics-server's APIService exists (kubectl get apiservices); stored without an upstream schema.
  r('apiregistration.k8s.io', 'v1', 'APIService', 'apiservices', false, { subresources: ['status'] }),
  r('apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', false, { shortNames: ['crd', 'crds'], subresources: ['status'] }),
];

/** Review kinds are answered, never stored. */
export const VIRTUAL_KINDS = new Set(['SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SelfSubjectReview']);

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** A custom resource's schema with the fields every object has (the apiserver adds them the same way). */
function withObjectMeta(schema: JsonObject): JsonObject {
  return {
    ...schema,
    type: 'object',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' },
      ...objectOrEmpty(schema.properties),
    },
  };
}

/** One cluster's served types: the built-ins plus what its CRDs declare. */
export class TypeRegistry {
  private custom: ResourceType[] = [];

  get all(): readonly ResourceType[] {
    return this.custom.length === 0 ? BUILTIN_TYPES : [...BUILTIN_TYPES, ...this.custom];
  }

  find(group: string, version: string, plural: string): ResourceType | undefined {
    return this.all.find((t) => t.group === group && t.version === version && t.plural === plural);
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }

  /** Replaces the custom types with those of the given CRDs (served versions only). */
  setCustomResources(crds: readonly KubeObject[]): void {
    const out: ResourceType[] = [];
    for (const crd of crds) {
      const spec = objectOrEmpty(crd.spec);
      const names = objectOrEmpty(spec.names);
      // Admission has checked the CRD (group, names.kind, names.plural and each version's name are required).
      const kind = stringOf(names.kind) ?? '';
      for (const v of objectsOf(spec.versions)) {
        if (v.served === false) continue;
        const subresources: string[] = [];
        if (at(v, 'subresources', 'status')) subresources.push('status');
        if (at(v, 'subresources', 'scale')) subresources.push('scale');
        const shortNames = stringsOf(names.shortNames);
        const categories = stringsOf(names.categories);
        out.push({
          group: stringOf(spec.group) ?? '',
          version: stringOf(v.name) ?? '',
          kind,
          plural: stringOf(names.plural) ?? '',
          singular: stringOf(names.singular) ?? kind.toLowerCase(),
          namespaced: spec.scope !== 'Cluster',
          verbs: ALL,
          ...(shortNames ? { shortNames } : {}),
          ...(categories ? { categories } : {}),
          ...(subresources.length ? { subresources } : {}),
          customSchema: withObjectMeta(asObject(at(v, 'schema', 'openAPIV3Schema')) ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }),
        });
      }
    }
    this.custom = out;
  }

  groups(): { group: string; versions: string[] }[] {
    const seen = new Map<string, string[]>();
    for (const t of this.all) {
      if (!t.group) continue;
      const vs = seen.get(t.group) ?? [];
      if (!vs.includes(t.version)) vs.push(t.version);
      seen.set(t.group, vs);
    }
    return [...seen].map(([group, versions]) => ({ group, versions }));
  }
}

export function builtinType(kind: string, group?: string): ResourceType {
  const t = BUILTIN_TYPES.find((x) => x.kind === kind && (group === undefined || x.group === group));
  if (!t) throw new Error(`unknown kind ${kind}`);
  return t;
}
