// Reading a cluster with a kubeconfig context, as a user would check it (namespaces, pods, a pod's
// log, ClusterRoles, deleting a pod): with kubectl when it is on PATH, otherwise with
// @kubernetes/client-node (a dev dependency of packages/kubeconfig, loaded from there).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { repoRoot } from '../../scripts/lib/vscode-web.mjs';

const exec = promisify(execFile);

export async function hasKubectl() {
  try {
    await exec('kubectl', ['version', '--client'], { timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** Namespace names the context's cluster lists; `via` says which tool asked. */
export async function listNamespaces(kubeconfigPath, context) {
  if (await hasKubectl()) {
    const { stdout } = await exec('kubectl', ['--kubeconfig', kubeconfigPath, '--context', context, 'get', 'namespaces', '-o', 'name', '--request-timeout=20s'], {
      timeout: 30_000,
      env: { ...process.env, KUBECONFIG: kubeconfigPath },
    });
    return { via: 'kubectl', names: stdout.split('\n').map((l) => l.trim().replace(/^namespace\//, '')).filter(Boolean) };
  }
  const core = await coreApi(kubeconfigPath, context);
  const list = await core.listNamespace();
  return { via: '@kubernetes/client-node', names: list.items.map((n) => n.metadata?.name).filter(Boolean) };
}

/** A client-node API (`CoreV1Api`, `RbacAuthorizationV1Api`) on a context of a kubeconfig file (when kubectl is not on PATH). */
async function clientApi(kubeconfigPath, context, apiName) {
  const require = createRequire(join(repoRoot, 'packages/kubeconfig/package.json'));
  const k8s = await import(pathToFileURL(require.resolve('@kubernetes/client-node')).href);
  const config = new k8s.KubeConfig();
  config.loadFromFile(kubeconfigPath);
  config.setCurrentContext(context);
  return config.makeApiClient(k8s[apiName]);
}

const coreApi = (kubeconfigPath, context) => clientApi(kubeconfigPath, context, 'CoreV1Api');

/**
 * Pods of a namespace matching a label selector, as `kubectl get pods -l` lists them:
 * `[{ name, phase, terminating }]`.
 */
export async function listPods(kubeconfigPath, context, namespace, selector) {
  if (await hasKubectl()) {
    const { stdout } = await exec('kubectl', ['--kubeconfig', kubeconfigPath, '--context', context, '-n', namespace, 'get', 'pods', '-l', selector, '-o', 'json', '--request-timeout=20s'], { timeout: 30_000 });
    return JSON.parse(stdout).items.map(podSummary);
  }
  const core = await coreApi(kubeconfigPath, context);
  return (await core.listNamespacedPod({ namespace, labelSelector: selector })).items.map(podSummary);
}

const podSummary = (p) => ({ name: p.metadata.name, phase: p.status?.phase, terminating: !!p.metadata.deletionTimestamp });

/** A pod's log as `kubectl logs` prints it (no timestamps). */
export async function podLog(kubeconfigPath, context, namespace, pod) {
  if (await hasKubectl()) {
    const { stdout } = await exec('kubectl', ['--kubeconfig', kubeconfigPath, '--context', context, '-n', namespace, 'logs', pod, '--request-timeout=20s'], { timeout: 30_000 });
    return stdout;
  }
  const core = await coreApi(kubeconfigPath, context);
  return core.readNamespacedPodLog({ name: pod, namespace });
}

/** Deletes a pod as `kubectl delete pod --wait=false` does (its controller replaces it). */
export async function deletePod(kubeconfigPath, context, namespace, pod) {
  if (await hasKubectl()) {
    await exec('kubectl', ['--kubeconfig', kubeconfigPath, '--context', context, '-n', namespace, 'delete', 'pod', pod, '--wait=false', '--request-timeout=20s'], { timeout: 30_000 });
    return;
  }
  const core = await coreApi(kubeconfigPath, context);
  await core.deleteNamespacedPod({ name: pod, namespace });
}

/** Names of the ClusterRoles matching a label selector, with the Helm release each belongs to: `[{ name, release }]`. */
export async function listClusterRoles(kubeconfigPath, context, selector) {
  const summary = (r) => ({ name: r.metadata.name, release: r.metadata.annotations?.['meta.helm.sh/release-name'] });
  if (await hasKubectl()) {
    const { stdout } = await exec('kubectl', ['--kubeconfig', kubeconfigPath, '--context', context, 'get', 'clusterroles', '-l', selector, '-o', 'json', '--request-timeout=20s'], { timeout: 30_000 });
    return JSON.parse(stdout).items.map(summary);
  }
  const rbac = await clientApi(kubeconfigPath, context, 'RbacAuthorizationV1Api');
  return (await rbac.listClusterRole({ labelSelector: selector })).items.map(summary);
}
