import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKubeHub, type KubeHub } from '../src/kube/index.js';

/**
 * The real kubectl against the emulated apiserver. Each case names the behaviour, what a real
 * kube-apiserver answers, and the Kubernetes documentation that says so. Skipped (with the
 * reason) only when no kubectl is installed.
 */
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
let kubectlMissing: string | undefined;
try {
  accessSync(KUBECTL, constants.X_OK);
} catch {
  kubectlMissing = `kubectl not found at ${KUBECTL} (set KUBECTL to run these tests)`;
}

let hub: KubeHub;
let dir: string;
let clock = Date.parse('2026-03-01T08:00:00Z');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(KUBECTL, ['--kubeconfig', join(dir, 'config'), '--cache-dir', join(dir, 'cache'), ...args], { timeout: 30_000, env: { ...process.env, HOME: dir } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

async function ok(args: string[], stdin?: string): Promise<string> {
  const r = await kubectl(args, stdin);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

async function json(args: string[]): Promise<any> {
  return JSON.parse(await ok([...args, '-o', 'json']));
}

let nsCount = 0;
async function namespace(): Promise<string> {
  const ns = `t${++nsCount}`;
  await ok(['create', 'namespace', ns]);
  return ns;
}

const deployment = (name: string, image = 'nginx:1.27', extra = ''): string => `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: ${image}
        ports: [{containerPort: 80}]${extra}
`;

beforeAll(async () => {
  if (kubectlMissing) return;
  dir = mkdtempSync(join(tmpdir(), 'kubectl-integ-'));
  hub = createKubeHub({ host: '127.0.0.1', now: () => clock });
  const { server, caPem } = await hub.ensureCluster({ id: 'c-kubectl', name: 'kubectl', version: 'v1.30' });
  const cert = await hub.issueClientCert('c-kubectl', 1);
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  writeFileSync(
    join(dir, 'config'),
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server, 'certificate-authority-data': b64(caPem) } }],
      users: [{ name: 'u', user: { 'client-certificate-data': b64(cert.certPem), 'client-key-data': b64(cert.keyPem) } }],
      contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'c',
    }),
    { mode: 0o600 },
  );
});

afterAll(async () => {
  if (kubectlMissing) return;
  await hub.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(kubectlMissing !== undefined)(`kubectl against the emulated apiserver${kubectlMissing ? ` (skipped: ${kubectlMissing})` : ''}`, () => {
  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_version/
  it('01 kubectl version: the server answers the cluster version', async () => {
    const v = JSON.parse(await ok(['version', '-o', 'json']));
    expect(v.serverVersion.gitVersion).toMatch(/^v1\.30\.\d+/);
    expect(v.serverVersion.minor).toBe('30');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_api-resources/
  it('02 kubectl api-resources lists the common kinds', async () => {
    const out = await ok(['api-resources', '-o', 'name']);
    for (const r of ['serviceaccounts', 'daemonsets.apps', 'horizontalpodautoscalers.autoscaling', 'poddisruptionbudgets.policy', 'storageclasses.storage.k8s.io', 'customresourcedefinitions.apiextensions.k8s.io', 'endpointslices.discovery.k8s.io', 'networkpolicies.networking.k8s.io', 'selfsubjectaccessreviews.authorization.k8s.io']) {
      expect(out.split('\n')).toContain(r);
    }
  });

  // https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts
  it('03 every namespace has a default ServiceAccount, a new one included', async () => {
    const ns = await namespace();
    expect((await json(['get', 'serviceaccount', 'default', '-n', ns])).metadata.name).toBe('default');
    expect((await json(['get', 'serviceaccount', 'default', '-n', 'default'])).kind).toBe('ServiceAccount');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_serviceaccount/
  it('04 kubectl create serviceaccount', async () => {
    const ns = await namespace();
    expect(await ok(['create', 'serviceaccount', 'builder', '-n', ns])).toContain('serviceaccount/builder created');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_explain/
  it('05 kubectl explain deployment.spec shows the upstream schema', async () => {
    const out = await ok(['explain', 'deployment.spec']);
    expect(out).toContain('KIND:       Deployment');
    expect(out).toMatch(/strategy\s+<DeploymentStrategy>/);
    expect(out).toMatch(/template\s+<PodTemplateSpec> -required-/);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_explain/
  it('06 kubectl explain a nested field (pod.spec.containers.imagePullPolicy)', async () => {
    const out = await ok(['explain', 'pod.spec.containers.imagePullPolicy']);
    expect(out).toContain('FIELD: imagePullPolicy <string>');
    expect(out).toContain('Always');
  });

  // https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
  it('07 --validate=strict refuses an unknown field with its path', async () => {
    const ns = await namespace();
    const r = await kubectl(['apply', '--validate=strict', '-n', ns, '-f', '-'], deployment('typo', 'nginx:1.27', '\n        imagee: nginx'));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('unknown field "spec.template.spec.containers[0].imagee"');
  });

  // https://kubernetes.io/docs/reference/using-api/api-concepts/#field-validation
  it('08 --validate=warn accepts the object, drops the field and warns', async () => {
    const ns = await namespace();
    const r = await kubectl(['apply', '--validate=warn', '-n', ns, '-f', '-'], deployment('warned', 'nginx:1.27', '\n        imagee: nginx'));
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('unknown field "spec.template.spec.containers[0].imagee"');
    expect((await json(['get', 'deploy', 'warned', '-n', ns])).spec.template.spec.containers[0].imagee).toBeUndefined();
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#selector
  it('09 a selector that does not match the template labels is 422 Invalid', async () => {
    const ns = await namespace();
    const bad = deployment('mismatch').replace('matchLabels: {app: mismatch}', 'matchLabels: {app: other}');
    const r = await kubectl(['apply', '-n', ns, '-f', '-'], bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.template.metadata.labels: Invalid value');
    expect(r.stderr).toContain('`selector` does not match template `labels`');
  });

  // https://kubernetes.io/docs/concepts/containers/images/ (a container names its image)
  it('10 a container without an image is 422 Invalid: Required value', async () => {
    const ns = await namespace();
    const bad = deployment('noimage').replace('        image: nginx:1.27\n', '');
    const r = await kubectl(['apply', '--validate=false', '-n', ns, '-f', '-'], bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.template.spec.containers[0].image: Required value');
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#strategy
  // https://kubernetes.io/docs/concepts/containers/images/#imagepullpolicy-defaulting
  it('11 defaulting: strategy, imagePullPolicy, port protocol, restartPolicy', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('defaults', 'nginx'));
    const d = await json(['get', 'deploy', 'defaults', '-n', ns]);
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    expect(d.spec.revisionHistoryLimit).toBe(10);
    const c = d.spec.template.spec.containers[0];
    expect(c.imagePullPolicy).toBe('Always');
    expect(c.ports[0].protocol).toBe('TCP');
    expect(d.spec.template.spec.restartPolicy).toBe('Always');
  });

  // https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
  it('12 kubectl create secret generic: type Opaque; tls secrets keep their type', async () => {
    const ns = await namespace();
    await ok(['create', 'secret', 'generic', 'creds', '--from-literal=user=admin', '-n', ns]);
    const s = await json(['get', 'secret', 'creds', '-n', ns]);
    expect(s.type).toBe('Opaque');
    expect(Buffer.from(s.data.user, 'base64').toString()).toBe('admin');
    const r = await kubectl(['create', '-n', ns, '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: {} }));
    expect(r.stderr).toContain('data[tls.crt]: Required value');
  });

  // https://kubernetes.io/docs/concepts/services-networking/service/ and .../endpoint-slices/
  it('13 kubectl expose: a cluster IP, Endpoints and an EndpointSlice with the pods', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['expose', 'deployment', 'web', '--port=80', '-n', ns]);
    const svc = await json(['get', 'svc', 'web', '-n', ns]);
    expect(svc.spec.clusterIP).toMatch(/^10\.247\.\d+\.\d+$/);
    expect(svc.spec.ports[0].protocol).toBe('TCP');
    const slices = await json(['get', 'endpointslices', '-n', ns, '-l', 'kubernetes.io/service-name=web']);
    expect(slices.items[0].endpoints).toHaveLength(2);
    const ep = await json(['get', 'endpoints', 'web', '-n', ns]);
    expect(ep.subsets[0].addresses).toHaveLength(2);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_status/
  it('14 kubectl rollout status finishes', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    expect(await ok(['rollout', 'status', 'deployment/web', '-n', ns, '--timeout=20s'])).toContain('successfully rolled out');
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/replicaset/#how-a-replicaset-works
  it('15 a deleted pod of a Deployment is replaced', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    const before = (await json(['get', 'pods', '-n', ns])).items.map((p: any) => p.metadata.name);
    await ok(['delete', 'pod', before[0], '-n', ns]);
    const after = (await json(['get', 'pods', '-n', ns])).items.map((p: any) => p.metadata.name);
    expect(after).toHaveLength(2);
    expect(after).not.toContain(before[0]);
    expect(after).toContain(before[1]);
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
  it('16 one template gives one ReplicaSet with a deterministic pod-template-hash', async () => {
    const a = await namespace();
    const b = await namespace();
    await ok(['apply', '-n', a, '-f', '-'], deployment('web'));
    await ok(['apply', '-n', a, '-f', '-'], deployment('web'));
    await ok(['apply', '-n', b, '-f', '-'], deployment('web'));
    const rsA = (await json(['get', 'rs', '-n', a])).items;
    const rsB = (await json(['get', 'rs', '-n', b])).items;
    expect(rsA).toHaveLength(1);
    expect(rsA[0].metadata.labels['pod-template-hash']).toBe(rsB[0].metadata.labels['pod-template-hash']);
    const pods = (await json(['get', 'pods', '-n', a])).items;
    expect(pods.every((p: any) => p.metadata.labels['pod-template-hash'] === rsA[0].metadata.labels['pod-template-hash'])).toBe(true);
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#checking-rollout-history-of-a-deployment
  // https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-back-to-a-previous-revision
  it('17 rollout history has one revision per template, and rollout undo --to-revision=1 goes back', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['set', 'image', 'deployment/web', 'main=nginx:1.28', '-n', ns]);
    const history = await ok(['rollout', 'history', 'deployment/web', '-n', ns]);
    expect(history).toMatch(/^1\s/m);
    expect(history).toMatch(/^2\s/m);
    await ok(['rollout', 'undo', 'deployment/web', '--to-revision=1', '-n', ns]);
    const d = await json(['get', 'deploy', 'web', '-n', ns]);
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27');
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    const pods = (await json(['get', 'pods', '-n', ns])).items;
    expect(pods.map((p: any) => p.spec.containers[0].image)).toEqual(['nginx:1.27', 'nginx:1.27']);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_scale/
  it('18 kubectl scale changes the number of pods', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['scale', 'deployment/web', '--replicas=3', '-n', ns]);
    expect((await json(['get', 'pods', '-n', ns])).items).toHaveLength(3);
    expect((await json(['get', 'deploy', 'web', '-n', ns])).status.readyReplicas).toBe(3);
  });

  // https://kubernetes.io/docs/tasks/administer-cluster/use-cascading-deletion/#set-orphan-deletion-policy
  it('19 delete --cascade=orphan leaves the ReplicaSet and pods, without the owner reference', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['delete', 'deployment', 'web', '--cascade=orphan', '-n', ns]);
    const rs = (await json(['get', 'rs', '-n', ns])).items;
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.ownerReferences).toBeUndefined();
    expect((await json(['get', 'pods', '-n', ns])).items).toHaveLength(2);
  });

  // https://kubernetes.io/docs/tasks/administer-cluster/use-cascading-deletion/#use-foreground-cascading-deletion
  it('20 delete --cascade=foreground removes the dependents first; background (default) removes them too', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('fg'));
    await ok(['apply', '-n', ns, '-f', '-'], deployment('bg'));
    await ok(['delete', 'deployment', 'fg', '--cascade=foreground', '-n', ns]);
    await ok(['delete', 'deployment', 'bg', '-n', ns]);
    expect((await json(['get', 'rs', '-n', ns])).items).toHaveLength(0);
    expect((await json(['get', 'pods', '-n', ns])).items).toHaveLength(0);
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/job/
  it('21 kubectl create job: the Job runs to completion and kubectl wait sees it', async () => {
    const ns = await namespace();
    await ok(['create', 'job', 'once', '--image=busybox', '-n', ns, '--', 'echo', 'hi']);
    await ok(['wait', '--for=condition=complete', 'job/once', '-n', ns, '--timeout=20s']);
    const job = await json(['get', 'job', 'once', '-n', ns]);
    expect(job.status.succeeded).toBe(1);
    const pods = (await json(['get', 'pods', '-n', ns, '-l', 'job-name=once'])).items;
    expect(pods[0].status.phase).toBe('Succeeded');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_events/ (controllers record events)
  it('22 kubectl get events shows what the controllers did', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    const out = await ok(['get', 'events', '-n', ns]);
    expect(out).toContain('ScalingReplicaSet');
    expect(out).toContain('SuccessfulCreate');
    expect(out).toContain('Scheduled');
    expect(out).toContain('Started');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/ (`all` is a discovery category)
  it('23 kubectl get all lists workloads and services, not ConfigMaps or Secrets', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', ns]);
    await ok(['create', 'secret', 'generic', 'sec', '--from-literal=a=b', '-n', ns]);
    const out = await ok(['get', 'all', '-n', ns]);
    expect(out).toContain('deployment.apps/web');
    expect(out).toContain('replicaset.apps/web-');
    expect(out).toContain('pod/web-');
    expect(out).not.toContain('configmap');
    expect(out).not.toContain('secret');
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#ordinal-index
  it('24 a StatefulSet has ordinal pods', async () => {
    const ns = await namespace();
    const sts = deployment('db').replace('kind: Deployment', 'kind: StatefulSet').replace('spec:\n  replicas: 2', 'spec:\n  serviceName: db\n  replicas: 3');
    await ok(['apply', '-n', ns, '-f', '-'], sts);
    const pods = (await json(['get', 'pods', '-n', ns])).items.map((p: any) => p.metadata.name);
    expect(pods).toEqual(['db-0', 'db-1', 'db-2']);
    await ok(['scale', 'statefulset/db', '--replicas=1', '-n', ns]);
    expect((await json(['get', 'pods', '-n', ns])).items.map((p: any) => p.metadata.name)).toEqual(['db-0']);
  });

  // https://kubernetes.io/docs/reference/access-authn-authz/rbac/#kubectl-create-rolebinding
  it('25 kubectl create role and rolebinding (kubectl sends these as protobuf)', async () => {
    const ns = await namespace();
    expect(await ok(['create', 'role', 'reader', '--verb=get,list', '--resource=pods', '-n', ns])).toContain('role.rbac.authorization.k8s.io/reader created');
    expect(await ok(['create', 'rolebinding', 'read', '--role=reader', '--user=alice', '-n', ns])).toContain('rolebinding.rbac.authorization.k8s.io/read created');
    const rb = await json(['get', 'rolebinding', 'read', '-n', ns]);
    expect(rb.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' });
    expect(rb.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' }]);
    expect(await ok(['create', 'clusterrolebinding', `crb-${ns}`, '--clusterrole=view', '--group=devs'])).toContain('created');
  });

  // https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access
  it('26 kubectl auth can-i answers through SelfSubjectAccessReview', async () => {
    expect((await ok(['auth', 'can-i', 'create', 'deployments'])).trim()).toBe('yes');
  });

  // https://kubernetes.io/docs/reference/access-authn-authz/authentication/#self-subject-review
  it('27 kubectl auth whoami answers through SelfSubjectReview', async () => {
    const who = JSON.parse(await ok(['auth', 'whoami', '-o', 'json']));
    expect(who.kind).toBe('SelfSubjectReview');
    expect(who.status.userInfo.groups).toContain('system:masters');
  });

  // https://support.huaweicloud.com/intl/en-us/usermanual-cce/cce_10_0380.html (CCE's default StorageClasses)
  it('28 the CCE default StorageClasses are there, csi-disk the default', async () => {
    const out = await ok(['get', 'storageclass']);
    expect(out).toMatch(/csi-disk \(default\)\s+everest-csi-provisioner/);
    for (const sc of ['csi-disk-topology', 'csi-nas', 'csi-obs', 'csi-sfsturbo']) expect(out).toContain(sc);
  });

  // https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
  it('29 a CRD serves its custom resources and validates them by its schema', async () => {
    const ns = await namespace();
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'crontabs.stable.example.com' },
      spec: {
        group: 'stable.example.com',
        scope: 'Namespaced',
        names: { plural: 'crontabs', singular: 'crontab', kind: 'CronTab', shortNames: ['ct'] },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { cronSpec: { type: 'string' }, replicas: { type: 'integer' } } } } } } }],
      },
    };
    await ok(['apply', '-f', '-'], JSON.stringify(crd));
    const good = { apiVersion: 'stable.example.com/v1', kind: 'CronTab', metadata: { name: 'tab' }, spec: { cronSpec: '* * * * */5', replicas: 1 } };
    await ok(['apply', '-n', ns, '-f', '-'], JSON.stringify(good));
    expect(await ok(['get', 'ct', '-n', ns])).toContain('tab');
    const bad = await kubectl(['apply', '-n', ns, '-f', '-'], JSON.stringify({ ...good, metadata: { name: 'bad' }, spec: { replicas: 'three' } }));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('spec.replicas');
    // The CRD's schema is published too, so kubectl explain knows the custom kind.
    expect(await ok(['explain', 'crontab.spec'])).toMatch(/cronSpec\s+<string>/);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_logs/
  it('30 kubectl logs with --tail and --since on the emulator clock', async () => {
    const ns = await namespace();
    await ok(['run', 'app', '--image=nginx:1.27', '-n', ns]);
    clock += 60_000;
    const all = await ok(['logs', 'app', '-n', ns]);
    expect(all).toContain('starting container app');
    expect(all).toContain('app heartbeat 6');
    expect((await ok(['logs', 'app', '--tail=1', '-n', ns])).trim()).toBe('[cce-autopilot-emulator] app heartbeat 6');
    const since = await ok(['logs', 'app', '--since=25s', '-n', ns]);
    expect(since.trim().split('\n')).toEqual(['[cce-autopilot-emulator] app heartbeat 4', '[cce-autopilot-emulator] app heartbeat 5', '[cce-autopilot-emulator] app heartbeat 6']);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_logs/ (-f streams new lines)
  it('31 kubectl logs -f streams new lines as the clock moves, and ends when the pod goes', async () => {
    const ns = await namespace();
    await ok(['run', 'tailed', '--image=nginx:1.27', '-n', ns]);
    const child = spawn(KUBECTL, ['--kubeconfig', join(dir, 'config'), '--cache-dir', join(dir, 'cache'), 'logs', '-f', 'tailed', '-n', ns], { env: { ...process.env, HOME: dir } });
    let out = '';
    const seen = (text: string) => new Promise<void>((resolve) => {
      const check = () => (out.includes(text) ? resolve() : undefined);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        check();
      });
      check();
    });
    await seen('is running');
    clock += 20_000;
    await seen('tailed heartbeat 2');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await ok(['delete', 'pod', 'tailed', '-n', ns]);
    expect(await exited).toBe(0);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_exec/
  it('32 kubectl exec is refused with a clear "not supported" answer, not NotFound', async () => {
    const ns = await namespace();
    await ok(['run', 'x', '--image=nginx:1.27', '-n', ns]);
    const r = await kubectl(['exec', 'x', '-n', ns, '--', 'ls']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not supported by the CCE Autopilot emulator');
    expect(r.stderr).not.toContain('could not find the requested resource');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_port-forward/
  it('33 kubectl port-forward is refused with a clear "not supported" answer', async () => {
    const ns = await namespace();
    await ok(['run', 'x', '--image=nginx:1.27', '-n', ns]);
    const r = await kubectl(['port-forward', 'pod/x', '18080:80', '-n', ns]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not supported by the CCE Autopilot emulator');
  });

  // https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
  it('34 server-side apply: a second manager conflicts (409) until --force-conflicts', async () => {
    const ns = await namespace();
    await ok(['apply', '--server-side', '--field-manager=team-a', '-n', ns, '-f', '-'], deployment('web'));
    const other = deployment('web').replace('replicas: 2', 'replicas: 5');
    const r = await kubectl(['apply', '--server-side', '--field-manager=team-b', '-n', ns, '-f', '-'], other);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('conflict with "team-a"');
    expect(r.stderr).toContain('.spec.replicas');
    await ok(['apply', '--server-side', '--force-conflicts', '--field-manager=team-b', '-n', ns, '-f', '-'], other);
    const d = await json(['get', 'deploy', 'web', '-n', ns, '--show-managed-fields']);
    expect(d.spec.replicas).toBe(5);
    const managers = d.metadata.managedFields.map((m: any) => `${m.manager}/${m.operation}`);
    expect(managers).toContain('team-b/Apply');
    expect(managers).toContain('team-a/Apply');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_autoscale/ (autoscaling/v2)
  it('35 kubectl autoscale creates an autoscaling/v2 HorizontalPodAutoscaler', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['autoscale', 'deployment', 'web', '--min=1', '--max=4', '--cpu-percent=60', '-n', ns]);
    const hpa = await json(['get', 'hpa', 'web', '-n', ns]);
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.maxReplicas).toBe(4);
  });

  // https://kubernetes.io/docs/tasks/run-application/configure-pdb/
  it('36 kubectl create poddisruptionbudget', async () => {
    const ns = await namespace();
    expect(await ok(['create', 'pdb', 'web', '--selector=app=web', '--min-available=1', '-n', ns])).toContain('poddisruptionbudget.policy/web created');
  });

  // CCE Autopilot: no user nodes, so a DaemonSet is stored but schedules no pods.
  // https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/ (pods only on eligible nodes)
  // https://support.huaweicloud.com/drawer-cce-autopilot/cce_ap_0021.html (Autopilot's workload types: no DaemonSet)
  it('37 a DaemonSet is accepted and reports zero pods scheduled (no nodes in CCE Autopilot)', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('agent').replace('kind: Deployment', 'kind: DaemonSet').replace('  replicas: 2\n', ''));
    const ds = await json(['get', 'ds', 'agent', '-n', ns]);
    expect(ds.status.desiredNumberScheduled).toBe(0);
    expect((await json(['get', 'pods', '-n', ns])).items).toHaveLength(0);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_diff/
  it('38 kubectl diff shows a pending change and nothing when in sync', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    const same = await kubectl(['diff', '-n', ns, '-f', '-'], deployment('web'));
    expect(same.code).toBe(0);
    const changed = await kubectl(['diff', '-n', ns, '-f', '-'], deployment('web', 'nginx:1.28'));
    expect(changed.code).toBe(1);
    expect(changed.stdout).toContain('+      - image: nginx:1.28');
  });

  // https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/ (deleting a namespace deletes its contents)
  it('39 deleting a namespace removes what is in it', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['delete', 'namespace', ns, '--wait=true']);
    const r = await kubectl(['get', 'pods', '-n', ns, '-o', 'name']);
    expect(r.stdout.trim()).toBe('');
  });

  // https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-conditions
  it('40 pods are Running with the upstream conditions', async () => {
    const ns = await namespace();
    await ok(['run', 'p', '--image=nginx:1.27', '-n', ns]);
    await ok(['wait', '--for=condition=Ready', 'pod/p', '-n', ns, '--timeout=20s']);
    const pod = await json(['get', 'pod', 'p', '-n', ns]);
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.conditions.map((c: any) => c.type)).toEqual(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  });

  // https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
  it('41 a CronJob makes a Job when the emulator clock passes its schedule', async () => {
    const ns = await namespace();
    // Forward to one minute past the next hour (the clock never goes back).
    clock = (Math.floor(clock / 3_600_000) + 1) * 3_600_000 + 60_000;
    await ok(['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--restart=Never', '-n', ns]);
    expect((await json(['get', 'jobs', '-n', ns])).items).toHaveLength(0);
    clock += 5 * 60_000;
    const jobs = (await json(['get', 'jobs', '-n', ns])).items;
    expect(jobs).toHaveLength(1);
    expect(jobs[0].metadata.ownerReferences[0]).toMatchObject({ kind: 'CronJob', name: 'tick' });
    expect(jobs[0].status.succeeded).toBe(1);
    expect((await json(['get', 'cronjob', 'tick', '-n', ns])).status.lastScheduleTime).toBe(new Date(Math.floor(clock / 300_000) * 300_000).toISOString().replace('.000Z', 'Z'));
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_create/kubectl_create_deployment/
  it('42 kubectl create deployment, label and annotate', async () => {
    const ns = await namespace();
    await ok(['create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=2', '-n', ns]);
    await ok(['label', 'deployment', 'api', 'tier=backend', '-n', ns]);
    await ok(['annotate', 'deployment', 'api', 'owner=team-a', '-n', ns]);
    const d = await json(['get', 'deploy', 'api', '-n', ns]);
    expect(d.metadata.labels.tier).toBe('backend');
    expect(d.metadata.annotations.owner).toBe('team-a');
    expect(d.status.readyReplicas).toBe(2);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_describe/ (events of the object)
  it('43 kubectl describe deployment shows its events', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    const out = await ok(['describe', 'deployment', 'web', '-n', ns]);
    expect(out).toMatch(/StrategyType:\s+RollingUpdate/);
    expect(out).toMatch(/Normal\s+ScalingReplicaSet\s+.*Scaled up replica set web-\w+ to 2/);
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_restart/
  it('44 kubectl rollout restart rolls out a new ReplicaSet and revision', async () => {
    const ns = await namespace();
    await ok(['apply', '-n', ns, '-f', '-'], deployment('web'));
    await ok(['rollout', 'restart', 'deployment/web', '-n', ns]);
    const rs = (await json(['get', 'rs', '-n', ns])).items;
    expect(rs).toHaveLength(2);
    expect(rs.map((r: any) => r.spec.replicas).sort()).toEqual([0, 2]);
    expect((await json(['get', 'deploy', 'web', '-n', ns])).metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  });

  // https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management (fields a manager stops applying are removed)
  it('45 server-side apply removes what the same manager applied before and omits now', async () => {
    const ns = await namespace();
    const withLabel = deployment('web').replace('metadata:\n  name: web', 'metadata:\n  name: web\n  labels: {team: a, tier: web}');
    await ok(['apply', '--server-side', '--field-manager=me', '-n', ns, '-f', '-'], withLabel);
    expect((await json(['get', 'deploy', 'web', '-n', ns])).metadata.labels).toEqual({ team: 'a', tier: 'web' });
    await ok(['apply', '--server-side', '--field-manager=me', '-n', ns, '-f', '-'], withLabel.replace('{team: a, tier: web}', '{team: a}'));
    expect((await json(['get', 'deploy', 'web', '-n', ns])).metadata.labels).toEqual({ team: 'a' });
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_attach/
  it('46 kubectl attach is refused with a clear "not supported" answer', async () => {
    const ns = await namespace();
    await ok(['run', 'x', '--image=nginx:1.27', '-n', ns]);
    const r = await kubectl(['attach', 'x', '-n', ns]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('not supported by the CCE Autopilot emulator');
  });

  // https://kubernetes.io/docs/reference/using-api/api-concepts/#dry-run
  it('47 --dry-run=server validates and defaults without storing', async () => {
    const ns = await namespace();
    const out = JSON.parse(await ok(['apply', '--dry-run=server', '-n', ns, '-o', 'json', '-f', '-'], deployment('dry')));
    expect(out.spec.strategy.type).toBe('RollingUpdate');
    expect((await kubectl(['get', 'deploy', 'dry', '-n', ns])).code).not.toBe(0);
    const bad = await kubectl(['apply', '--dry-run=server', '-n', ns, '-f', '-'], deployment('dry').replace('matchLabels: {app: dry}', 'matchLabels: {app: x}'));
    expect(bad.stderr).toContain('`selector` does not match template `labels`');
  });

  // https://kubernetes.io/docs/reference/kubectl/generated/kubectl_get/ (-o wide adds the server's priority columns)
  it('48 kubectl get pods -o wide shows the pod IP and node', async () => {
    const ns = await namespace();
    await ok(['run', 'w', '--image=nginx:1.27', '-n', ns]);
    const pod = await json(['get', 'pod', 'w', '-n', ns]);
    const out = await ok(['get', 'pods', '-o', 'wide', '-n', ns]);
    expect(out).toMatch(/NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE/);
    expect(out).toContain(pod.status.podIP);
    expect(await ok(['get', 'pods', '-n', ns])).not.toContain(pod.status.podIP);
  });

  // https://kubernetes.io/docs/reference/access-authn-authz/authorization/#checking-api-access (--list uses SelfSubjectRulesReview)
  it('49 kubectl auth can-i --list answers through SelfSubjectRulesReview', async () => {
    const out = await ok(['auth', 'can-i', '--list', '-n', 'default']);
    expect(out).toMatch(/\*\.\*\s+\[\]\s+\[\]\s+\[\*\]/);
  });

  // https://kubernetes.io/docs/reference/using-api/api-concepts/#efficient-detection-of-changes (kubectl get -w)
  it('50 kubectl get pods --watch sees a pod a Deployment creates', async () => {
    const ns = await namespace();
    await ok(['run', 'first', '--image=nginx:1.27', '-n', ns]);
    const child = spawn(KUBECTL, ['--kubeconfig', join(dir, 'config'), '--cache-dir', join(dir, 'cache'), 'get', 'pods', '--watch', '--output-watch-events', '-n', ns], { env: { ...process.env, HOME: dir } });
    let out = '';
    const seen = (re: RegExp) => new Promise<void>((resolve) => {
      const check = () => (re.test(out) ? resolve() : undefined);
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        check();
      });
      check();
    });
    // A pod that exists first: its line shows the watch is running before the Deployment is made.
    await seen(/ADDED\s+first\s/);
    await ok(['apply', '-n', ns, '-f', '-'], deployment('watched'));
    await seen(/ADDED\s+watched-\w+-\w+/);
    child.kill();
  });
});
