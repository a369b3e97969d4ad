import { KubeUnavailableError, type KubeObject, type KubeReader } from '../src/core/kube.js';

export interface FakeKind {
  groupVersion: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  verbs?: string[];
  /** Answer every list of this kind with this HTTP status (403: not allowed). */
  failWith?: number;
}

/**
 * A cluster's API in memory, answering discovery (/api/v1, /apis, /apis/<gv>) and lists with
 * `labelSelector` (equality terms only) as the apiserver does; records every path asked.
 */
export class FakeCluster implements KubeReader {
  readonly asked: string[] = [];
  readonly objects: { kind: FakeKind; object: KubeObject }[] = [];
  constructor(readonly kinds: FakeKind[]) {}

  add(kind: string, object: KubeObject, groupVersion?: string): this {
    const k = this.kinds.find((x) => x.kind === kind && (!groupVersion || x.groupVersion === groupVersion));
    if (!k) throw new Error(`fake cluster has no kind ${kind}`);
    this.objects.push({ kind: k, object });
    return this;
  }

  async send(method: 'GET' | 'PATCH' | 'DELETE', path: string): Promise<string> {
    this.asked.push(`${method} ${path}`);
    if (method !== 'GET') throw new Error(`fake cluster: ${method} not supported`);
    if (path === '/apis') {
      const groups = [...new Set(this.kinds.map((k) => k.groupVersion).filter((gv) => gv !== 'v1'))];
      return JSON.stringify({ groups: groups.map((gv) => ({ name: gv.split('/')[0], versions: [{ groupVersion: gv }], preferredVersion: { groupVersion: gv } })) });
    }
    const discovery = /^\/(?:api\/(v1)|apis\/([^/]+\/[^/]+))$/.exec(path);
    if (discovery) {
      const gv = discovery[1] ?? discovery[2];
      return JSON.stringify({
        resources: this.kinds.filter((k) => k.groupVersion === gv).flatMap((k) => [
          { name: k.plural, kind: k.kind, namespaced: k.namespaced, verbs: k.verbs ?? ['get', 'list', 'watch'] },
          ...(k.kind === 'Pod' ? [{ name: 'pods/log', kind: 'Pod', namespaced: true, verbs: ['get'] }] : []),
        ]),
      });
    }
    return JSON.stringify(this.answerList(path));
  }

  async list(path: string): Promise<KubeObject[]> {
    return (JSON.parse(await this.send('GET', path)) as { items: KubeObject[] }).items;
  }

  private answerList(path: string): { items: KubeObject[] } {
    const url = new URL(path, 'https://fake');
    const m = /^\/(?:api\/v1|apis\/([^/]+\/[^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)$/.exec(url.pathname);
    if (!m) throw new KubeUnavailableError(`GET ${url.pathname}: HTTP 404: not found`, false);
    const gv = m[1] ?? 'v1';
    const kind = this.kinds.find((k) => k.groupVersion === gv && k.plural === m[3]);
    if (!kind) throw new KubeUnavailableError(`GET ${url.pathname}: HTTP 404: the server could not find the requested resource`, false);
    if (kind.failWith) throw new KubeUnavailableError(`GET ${url.pathname}: HTTP ${kind.failWith}: refused`, false);
    const terms = (url.searchParams.get('labelSelector') ?? '').split(',').filter(Boolean).map((t) => t.split('='));
    const items = this.objects
      .filter((o) => o.kind === kind && (m[2] === undefined || o.object.metadata.namespace === decodeURIComponent(m[2])))
      .map((o) => o.object)
      .filter((o) => terms.every(([key, value]) => o.metadata.labels?.[key!] === value));
    return { items };
  }
}

export const CORE_KINDS: FakeKind[] = [
  { groupVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false },
  { groupVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { groupVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true },
  { groupVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true },
  { groupVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true },
  { groupVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { groupVersion: 'apps/v1', kind: 'Deployment', plural: 'deployments', namespaced: true },
  { groupVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { groupVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', plural: 'clusterroles', namespaced: false },
  { groupVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false },
  { groupVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false },
  { groupVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', plural: 'apiservices', namespaced: false },
  { groupVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', plural: 'selfsubjectaccessreviews', namespaced: false, verbs: ['create'] },
];

/** Metadata of an object the release `name` in `namespace` made (Helm 3's label and annotations). */
export function helmMeta(release: string, releaseNamespace: string, name: string, namespace?: string, labels: Record<string, string> = {}): KubeObject['metadata'] {
  return {
    name, ...(namespace ? { namespace } : {}),
    labels: { 'app.kubernetes.io/managed-by': 'Helm', ...labels },
    annotations: { 'meta.helm.sh/release-name': release, 'meta.helm.sh/release-namespace': releaseNamespace },
  };
}
