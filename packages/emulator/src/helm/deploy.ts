import type { ClusterObjects, KubeObject } from '../kube/cluster.js';
import { installRank } from './render.js';

/** One object of a release's manifest, as stored on the revision. */
export interface ManifestRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

const FIELD_MANAGER = 'helm';

export function refOf(obj: KubeObject): ManifestRef {
  const ns = obj.metadata?.namespace;
  return { apiVersion: String(obj.apiVersion), kind: String(obj.kind), ...(typeof ns === 'string' ? { namespace: ns } : {}), name: String(obj.metadata?.name) };
}

const key = (r: ManifestRef) => `${r.apiVersion}/${r.kind}/${r.namespace ?? ''}/${r.name}`;

/**
 * Gives the rendered objects the release's namespace (namespaced kinds without one) and Helm's
 * ownership metadata: label app.kubernetes.io/managed-by=Helm, annotations
 * meta.helm.sh/release-name and meta.helm.sh/release-namespace.
 */
export function prepareObjects(objects: KubeObject[], release: { name: string; namespace: string }, kube: ClusterObjects | undefined): KubeObject[] {
  return objects.map((o) => {
    const obj = structuredClone(o);
    const meta = (obj.metadata ??= {});
    const type = kube?.types.byKind(String(obj.apiVersion), String(obj.kind));
    // Without a running cluster to ask, the kind is taken as namespaced (the API ignores it for cluster-scoped kinds).
    if ((type === undefined || type.namespaced) && !meta.namespace) meta.namespace = release.namespace;
    if (type && !type.namespaced) delete meta.namespace;
    meta.labels = { ...(meta.labels ?? {}), 'app.kubernetes.io/managed-by': 'Helm' };
    meta.annotations = { ...(meta.annotations ?? {}), 'meta.helm.sh/release-name': release.name, 'meta.helm.sh/release-namespace': release.namespace };
    return obj;
  });
}

function describeRef(r: ManifestRef): string {
  return `${r.kind} "${r.name}"${r.namespace ? ` in namespace "${r.namespace}"` : ''}`;
}

/** Kubernetes' error text (a KubeError's message) or any other error's. */
function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Applies a release's objects (install, upgrade, rollback) and deletes what the previous manifest
 * had and this one has not. An object that exists but belongs to no release or another one stops
 * the apply, as Helm's "invalid ownership metadata". Throws an Error with Helm's wording.
 */
export function applyRelease(kube: ClusterObjects, objects: KubeObject[], previous: ManifestRef[], release: { name: string; namespace: string }, verb: 'install' | 'upgrade' | 'rollback'): void {
  const wanted = new Set(objects.map((o) => key(refOf(o))));
  const owned = new Set(previous.map(key));
  for (const obj of objects) {
    const ref = refOf(obj);
    const type = kube.types.byKind(ref.apiVersion, ref.kind);
    if (!type) throw new Error(`unable to build kubernetes objects from release manifest: resource mapping not found for name: "${ref.name}" namespace: "${ref.namespace ?? ''}" from "": no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    const current = kube.list(type, ref.namespace).find((x) => x.metadata.name === ref.name);
    if (current && !owned.has(key(ref))) {
      const a = current.metadata.annotations ?? {};
      if (a['meta.helm.sh/release-name'] !== release.name || a['meta.helm.sh/release-namespace'] !== release.namespace) {
        throw new Error(`rendered manifests contain a resource that already exists. Unable to continue with ${verb}: ${describeRef(ref)} exists and cannot be imported into the current release: invalid ownership metadata; annotation validation error: key "meta.helm.sh/release-name" must equal "${release.name}": current value is "${String(a['meta.helm.sh/release-name'] ?? '')}"`);
      }
    }
    try {
      kube.applyObject(obj, { fieldManager: FIELD_MANAGER });
    } catch (err) {
      throw new Error(`failed to ${verb === 'install' ? 'create' : 'update'} ${describeRef(ref)}: ${messageOf(err)}`);
    }
  }
  const stale = previous.filter((r) => !wanted.has(key(r)));
  deleteObjects(kube, stale);
}

/** Deletes objects in Helm's uninstall order (the reverse of the install order). */
export function deleteObjects(kube: ClusterObjects, refs: ManifestRef[]): void {
  const ordered = [...refs].sort((a, b) => installRank(b.kind) - installRank(a.kind));
  for (const r of ordered) kube.deleteObject(r, 'Background');
}

/** Creates the manifest's objects that are missing (after an emulator restart: objects live in memory). */
export function restoreMissing(kube: ClusterObjects, objects: KubeObject[]): string[] {
  const errors: string[] = [];
  for (const obj of [...objects].sort((a, b) => installRank(String(a.kind)) - installRank(String(b.kind)))) {
    const ref = refOf(obj);
    const type = kube.types.byKind(ref.apiVersion, ref.kind);
    if (!type) continue;
    if (kube.list(type, ref.namespace).some((x) => x.metadata.name === ref.name)) continue;
    try {
      kube.applyObject(obj, { fieldManager: FIELD_MANAGER });
    } catch (err) {
      errors.push(`${describeRef(ref)}: ${messageOf(err)}`);
    }
  }
  return errors;
}
