#!/usr/bin/env node
// Trims the upstream Kubernetes OpenAPI v2 document (api/openapi-spec/swagger.json of a release
// branch) to the definitions the emulator serves: the served kinds and everything they reference.
// Usage: node scripts/trim-openapi.mjs <swagger.json> <source description> > src/kube/data/openapi-v1.30.json
//
// The checked-in file came from kubernetes-client/python tag v30.1.0 (commit
// 6b6201dc5f20b9f52b41e985af9b67b638ac6ab1), file kubernetes/swagger.json.unprocessed, which that
// project copies unchanged from kubernetes/kubernetes release-1.30 api/openapi-spec/swagger.json.
import { readFileSync } from 'node:fs';

const [file, source] = process.argv.slice(2);
if (!file) {
  console.error('usage: trim-openapi.mjs <swagger.json> <source description>');
  process.exit(2);
}
const swagger = JSON.parse(readFileSync(file, 'utf8'));
const roots = [
  'io.k8s.api.core.v1.Namespace', 'io.k8s.api.core.v1.Node', 'io.k8s.api.core.v1.Pod', 'io.k8s.api.core.v1.ReplicationController',
  'io.k8s.api.core.v1.Service', 'io.k8s.api.core.v1.Endpoints', 'io.k8s.api.core.v1.ConfigMap', 'io.k8s.api.core.v1.Secret',
  'io.k8s.api.core.v1.PersistentVolume', 'io.k8s.api.core.v1.PersistentVolumeClaim', 'io.k8s.api.core.v1.ResourceQuota',
  'io.k8s.api.core.v1.LimitRange', 'io.k8s.api.core.v1.Event', 'io.k8s.api.core.v1.ServiceAccount',
  'io.k8s.api.events.v1.Event',
  'io.k8s.api.apps.v1.Deployment', 'io.k8s.api.apps.v1.StatefulSet', 'io.k8s.api.apps.v1.ReplicaSet', 'io.k8s.api.apps.v1.DaemonSet',
  'io.k8s.api.apps.v1.ControllerRevision',
  'io.k8s.api.batch.v1.Job', 'io.k8s.api.batch.v1.CronJob',
  'io.k8s.api.autoscaling.v1.Scale', 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler', 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'io.k8s.api.policy.v1.PodDisruptionBudget', 'io.k8s.api.storage.v1.StorageClass',
  'io.k8s.api.networking.v1.Ingress', 'io.k8s.api.networking.v1.IngressClass', 'io.k8s.api.networking.v1.NetworkPolicy',
  'io.k8s.api.discovery.v1.EndpointSlice',
  'io.k8s.api.rbac.v1.Role', 'io.k8s.api.rbac.v1.RoleBinding', 'io.k8s.api.rbac.v1.ClusterRole', 'io.k8s.api.rbac.v1.ClusterRoleBinding',
  'io.k8s.api.authorization.v1.SelfSubjectAccessReview', 'io.k8s.api.authorization.v1.SelfSubjectRulesReview',
  'io.k8s.api.authentication.v1.SelfSubjectReview', 'io.k8s.api.authentication.v1.TokenReview',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status', 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
];
const keep = new Map();
const visit = (name) => {
  if (keep.has(name)) return;
  const def = swagger.definitions[name];
  if (!def) throw new Error(`definition ${name} is not in ${file}`);
  keep.set(name, def);
  JSON.stringify(def, (k, v) => {
    if (k === '$ref' && typeof v === 'string') visit(v.replace('#/definitions/', ''));
    return v;
  });
};
for (const r of roots) visit(r);
const definitions = Object.fromEntries([...keep].sort(([a], [b]) => a.localeCompare(b)));
process.stdout.write(JSON.stringify({ source: source ?? file, kubernetes: 'v1.30', definitions }));
