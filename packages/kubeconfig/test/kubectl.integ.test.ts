import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppsV1Api, CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { createClient, type CceClient } from '@cce-autopilot/client';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMergedClusters, mergeClusterCert, type ClusterCertAnswer } from '../src/index.js';
import { tempDir } from './helpers.js';

const exec = promisify(execFile);

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let emulator: RunningEmulator;
let client: CceClient;
let cluster: { id: string; name: string };
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
  client = createClient({ region: emulator.region, credentials: { ak: emulator.ak, sk: emulator.sk }, endpoints: { cce: emulator.url }, env: {} });
  const list = (await client.listAutopilotClusters({})) as { items?: { metadata?: { uid?: string; name?: string }; status?: { phase?: string } }[] };
  const available = (list.items ?? []).find((c) => c.status?.phase === 'Available');
  if (!available?.metadata?.uid || !available.metadata.name) throw new Error('the demo seed has no Available cluster');
  cluster = { id: available.metadata.uid, name: available.metadata.name };
  home = await tempDir();
});

afterAll(async () => {
  await client?.close();
  await emulator?.stop();
});

/** Fetches the clustercert answer through the API and merges it into `$home/.kube/config`. */
async function fetchAndMerge(extra: Partial<Parameters<typeof mergeClusterCert>[0]> = {}) {
  const answer = (await client.createAutopilotKubernetesClusterCert({ cluster_id: cluster.id, body: { duration: 30 } })) as ClusterCertAnswer;
  return mergeClusterCert({ answer, cluster: { ...cluster, region: emulator.region }, env: {}, homedir: home, ...extra });
}

describe('a merged kubeconfig reaches the emulated cluster', () => {
  it('works through @kubernetes/client-node', async () => {
    // A foreign entry and a comment that must survive the merge.
    await fs.mkdir(join(home, '.kube'), { recursive: true });
    await fs.writeFile(
      join(home, '.kube', 'config'),
      '# hand-written\napiVersion: v1\nkind: Config\nclusters:\n- name: other\n  cluster: {server: "https://other.example:6443"}\nusers:\n- name: other\n  user: {token: t}\ncontexts:\n- name: other\n  context: {cluster: other, user: other}\ncurrent-context: other\n',
    );
    const r = await fetchAndMerge();
    expect(r.path).toBe(join(home, '.kube', 'config'));
    expect(r.currentContext).toBe('other');
    const text = await fs.readFile(r.path, 'utf8');
    expect(text).toContain('# hand-written');
    const kc = new KubeConfig();
    kc.loadFromFile(r.path);
    kc.setCurrentContext(r.contextName);
    const core = kc.makeApiClient(CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name).sort()).toEqual(['default', 'kube-public', 'kube-system']);
    const apps = kc.makeApiClient(AppsV1Api);
    await apps.createNamespacedDeployment({
      namespace: 'default',
      body: {
        metadata: { name: 'from-client-node' },
        spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'nginx' }] } } },
      },
    });
    const deployments = await apps.listNamespacedDeployment({ namespace: 'default' });
    expect(deployments.items.map((d) => d.metadata?.name)).toContain('from-client-node');
    const merged = await listMergedClusters({ env: {}, homedir: home });
    expect(merged).toHaveLength(1);
    expect(merged[0]?.certificateExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
  });

  it('refetching replaces the cluster\'s own entries instead of adding more', async () => {
    const before = await fs.readFile(join(home, '.kube', 'config'), 'utf8');
    const again = await fetchAndMerge();
    expect(again.replaced).toHaveLength(3);
    const after = await fs.readFile(again.path, 'utf8');
    expect(after.split('name: cce-').length).toBe(before.split('name: cce-').length);
  });

  it.skipIf(!hasKubectl())('works with kubectl: get namespaces, apply a Deployment, get deployments', async () => {
    const r = await fetchAndMerge({ setCurrent: false });
    const env = { ...process.env, KUBECONFIG: r.path, HOME: home };
    const kubectl = (...args: string[]) => exec('kubectl', ['--context', r.contextName, ...args], { env, timeout: 60_000 });
    const ns = await kubectl('get', 'namespaces', '-o', 'name');
    expect(ns.stdout.trim().split('\n').sort()).toEqual(['namespace/default', 'namespace/kube-public', 'namespace/kube-system']);
    const manifest = join(home, 'web.yaml');
    const deployment = (image: string) =>
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        '  name: web',
        '  labels: {app: web}',
        'spec:',
        '  replicas: 2',
        '  selector: {matchLabels: {app: web}}',
        '  template:',
        '    metadata: {labels: {app: web}}',
        '    spec:',
        '      containers:',
        `      - {name: web, image: "${image}"}`,
        '      - {name: sidecar, image: busybox}',
        '',
      ].join('\n');
    await fs.writeFile(manifest, deployment('nginx:1.27'));
    expect((await kubectl('apply', '-f', manifest)).stdout).toContain('deployment.apps/web created');
    const table = await kubectl('get', 'deployments');
    expect(table.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\n/);
    expect(table.stdout).toMatch(/^web\s+2\/2\s+2\s+2\s+/m);
    // Re-applying a change goes through kubectl's strategic merge patch.
    await fs.writeFile(manifest, deployment('nginx:1.28'));
    expect((await kubectl('apply', '-f', manifest)).stdout).toContain('deployment.apps/web configured');
    const images = await kubectl('get', 'deployment', 'web', '-o', 'jsonpath={.spec.template.spec.containers[*].image}');
    expect(images.stdout).toBe('nginx:1.28 busybox');
    // kubectl rewrites the file for use-context: our entries must still be recognised afterwards.
    await kubectl('config', 'use-context', r.contextName);
    expect((await listMergedClusters({ path: r.path })).map((m) => m.clusterId)).toEqual([cluster.id]);
  }, 90_000);

  it.skipIf(!hasKubectl())('is refused with 401 without a certificate of the cluster', async () => {
    const r = await fetchAndMerge({ setCurrent: false });
    const broken = join(home, 'no-cert');
    const text = (await fs.readFile(r.path, 'utf8')).replace(/client-certificate-data: .*\n\s*client-key-data: .*\n/, 'token: nope\n');
    await fs.writeFile(broken, text, { mode: 0o600 });
    const out = await exec('kubectl', ['--kubeconfig', broken, '--context', r.contextName, 'get', 'namespaces'], { env: { ...process.env, HOME: home } }).catch((e: { stderr: string }) => e);
    expect((out as { stderr: string }).stderr).toMatch(/Unauthorized|must be logged in/);
  });
});
