// Releases deploy real objects: the CLI installs, upgrades, rolls back and uninstalls; kubectl sees it.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildChartArchive, demoChartFiles, startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner, type RunResult } from './run.js';

const exec = promisify(execFile);
const kubectlMissing = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
})();

let emulator: RunningEmulator;
let cli: ReturnType<typeof runner>;
let dir: string;
let clusterId = '';
let kubeconfig = '';

async function ok(...args: string[]): Promise<RunResult> {
  const result = await cli(...args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  return result;
}

async function kubectl(...args: string[]): Promise<any> {
  const out = await exec('kubectl', ['--kubeconfig', kubeconfig, ...args, '-o', 'json'], { timeout: 60_000, env: { ...process.env, HOME: dir } });
  return JSON.parse(out.stdout);
}

/** The release once the lifecycle has moved it out of PENDING_*. */
async function settled(namespace: string, name: string): Promise<any> {
  emulator.admin.tick();
  const r = (await ok('--output', 'json', 'releases', 'get', clusterId, namespace, name)).json();
  expect(r.status).not.toMatch(/^PENDING/);
  return r;
}

async function upload(files: Record<string, string>, name: string): Promise<string> {
  const file = join(dir, `${name}.tgz`);
  await writeFile(file, buildChartArchive(files));
  return (await ok('--output', 'json', 'charts', 'upload', file, '--override', '--skip-lint')).json().id;
}

const names = (list: any) => list.items.map((o: any) => `${o.kind}/${o.metadata.name}`).sort();

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  cli = runner(emulator, { retry: { baseDelayMs: 5, maxDelayMs: 20 } });
  dir = await mkdtemp(join(tmpdir(), 'cce-releases-'));
  const created = (await ok('--output', 'json', 'clusters', 'create', '--name', 'rel-host', '--version', 'v1.28', '--vpc', 'c6549063-d459-4ae1-9550-b5fec6741b0f', '--subnet', '3b18c2d5-b352-4f59-b421-c2d2d48a1333', '--eni-subnet', '186f9322-50c5-4e5a-91e3-47da86959afc', '--wait')).json();
  clusterId = created.metadata.uid;
  kubeconfig = join(dir, 'config');
  await ok('kubeconfig', 'get', clusterId, '--kubeconfig', kubeconfig, '--set-current');
});

afterAll(async () => {
  await emulator?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(kubectlMissing)('releases deploy their chart (kubectl sees the objects)', () => {
  it('install, upgrade (prunes), rollback (restores), uninstall (deletes)', async () => {
    const v1 = await upload(demoChartFiles('shop', '1.0.0'), 'shop-1');
    const values = join(dir, 'values.yaml');
    await writeFile(values, 'replicaCount: 3\n');
    await ok('releases', 'create', clusterId, '--name', 'web', '--namespace', 'default', '--chart-id', v1, '--chart-version', '1.0.0', '--values', values);
    expect((await settled('default', 'web')).status).toBe('DEPLOYED');

    const all = await kubectl('get', 'deployments,services', '-l', 'app.kubernetes.io/instance=web');
    expect(names(all)).toEqual(['Deployment/web-shop', 'Service/web-shop']);
    const dep = all.items.find((o: any) => o.kind === 'Deployment');
    expect(dep.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(dep.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'web', 'meta.helm.sh/release-namespace': 'default' });
    expect(dep.spec.replicas).toBe(3);
    expect(dep.status.readyReplicas).toBe(3);
    expect((await kubectl('get', 'pods', '-l', 'app.kubernetes.io/instance=web')).items).toHaveLength(3);

    // v2 has no Service and a ConfigMap: the upgrade applies it and prunes the Service.
    const v2files = demoChartFiles('shop', '2.0.0');
    delete v2files['shop/templates/service.yaml'];
    v2files['shop/templates/config.yaml'] = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-config\n  labels:\n    app.kubernetes.io/instance: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting | default "hello" | quote }}\n';
    const v2 = await upload(v2files, 'shop-2');
    await writeFile(values, 'replicaCount: 1\ngreeting: hi\n');
    await ok('releases', 'upgrade', clusterId, 'default', 'web', '--chart-id', v2, '--values', values);
    expect((await settled('default', 'web')).status).toBe('DEPLOYED');
    const upgraded = await kubectl('get', 'deployments,services,configmaps', '-l', 'app.kubernetes.io/instance=web');
    expect(names(upgraded)).toEqual(['ConfigMap/web-config', 'Deployment/web-shop']);
    expect(upgraded.items.find((o: any) => o.kind === 'Deployment').spec.replicas).toBe(1);
    expect(upgraded.items.find((o: any) => o.kind === 'ConfigMap').data).toEqual({ greeting: 'hi' });

    await ok('releases', 'rollback', clusterId, 'default', 'web', '--chart-id', v1, '--release-version', '1', '--yes');
    const back = await settled('default', 'web');
    expect(back).toMatchObject({ status: 'DEPLOYED', version: 3, chart_version: '1.0.0' });
    const restored = await kubectl('get', 'deployments,services,configmaps', '-l', 'app.kubernetes.io/instance=web');
    expect(names(restored)).toEqual(['Deployment/web-shop', 'Service/web-shop']);
    expect(restored.items.find((o: any) => o.kind === 'Deployment').spec.replicas).toBe(3);

    await ok('releases', 'delete', clusterId, 'default', 'web', '--yes');
    expect((await kubectl('get', 'deployments,services,configmaps,pods', '-l', 'app.kubernetes.io/instance=web')).items).toEqual([]);
    emulator.admin.tick();
    expect((await cli('releases', 'get', clusterId, 'default', 'web')).code).toBe(1);
  });

  it('a broken template ends FAILED with the error, and nothing is applied', async () => {
    const files = { ...demoChartFiles('broken', '1.0.0'), 'broken/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: {{ .Values.missing.key }}\n' };
    const id = await upload(files, 'broken');
    await ok('releases', 'create', clusterId, '--name', 'bad', '--namespace', 'default', '--chart-id', id, '--chart-version', '1.0.0');
    const r = await settled('default', 'bad');
    expect(r.status).toBe('FAILED');
    expect(r.status_description).toBe('INSTALLATION FAILED: execution error: template: broken/templates/cm.yaml:6: nil pointer evaluating interface {}.key');
    expect((await kubectl('get', 'deployments', '-l', 'app.kubernetes.io/instance=bad')).items).toEqual([]);

    const syntax = { ...demoChartFiles('syntax', '1.0.0'), 'syntax/templates/x.yaml': '{{ if .Values.replicaCount }}\nkind: ConfigMap\n' };
    const sid = await upload(syntax, 'syntax');
    await ok('releases', 'create', clusterId, '--name', 'bad2', '--namespace', 'default', '--chart-id', sid, '--chart-version', '1.0.0');
    expect((await settled('default', 'bad2')).status_description).toMatch(/^INSTALLATION FAILED: parse error: template: syntax\/templates\/x.yaml:3: unexpected EOF \(the {{if}} at line 1 has no {{end}}\)/);

    // An object the API refuses (422) fails the install with the apiserver's message.
    const invalid = { ...demoChartFiles('invalid', '1.0.0'), 'invalid/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Not_A_Name\n' };
    const iid = await upload(invalid, 'invalid');
    await ok('releases', 'create', clusterId, '--name', 'bad3', '--namespace', 'default', '--chart-id', iid, '--chart-version', '1.0.0');
    expect((await settled('default', 'bad3')).status_description).toMatch(/^INSTALLATION FAILED: failed to create ConfigMap "Not_A_Name" in namespace "default": .*Not_A_Name/);
  });

  it('a namespace that does not exist is refused with 400; once created, the install works there', async () => {
    const id = await upload(demoChartFiles('nsapp', '1.0.0'), 'nsapp');
    const refused = await cli('releases', 'create', clusterId, '--name', 'web', '--namespace', 'shop', '--chart-id', id, '--chart-version', '1.0.0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('namespace "shop" does not exist in cluster');
    await exec('kubectl', ['--kubeconfig', kubeconfig, 'create', 'namespace', 'shop'], { env: { ...process.env, HOME: dir } });
    await ok('releases', 'create', clusterId, '--name', 'web', '--namespace', 'shop', '--chart-id', id, '--chart-version', '1.0.0');
    expect((await settled('shop', 'web')).status).toBe('DEPLOYED');
    expect(names(await kubectl('get', 'deployments', '-n', 'shop', '-l', 'app.kubernetes.io/instance=web'))).toEqual(['Deployment/web-nsapp']);
  });
});

describe.skipIf(kubectlMissing)('the demo seed', () => {
  it("has the objects of its release 'web' in demo-web", async () => {
    const demo = await startEmulator({ seed: 'demo', speed: 'instant' });
    try {
      const run = runner(demo);
      const config = join(dir, 'demo-config');
      const got = await run('kubeconfig', 'get', 'demo-web', '--kubeconfig', config, '--set-current');
      expect(got.code, got.stderr).toBe(0);
      const out = await exec('kubectl', ['--kubeconfig', config, 'get', 'deployments,services', '-n', 'default', '-l', 'app.kubernetes.io/instance=web', '-o', 'json'], { timeout: 60_000, env: { ...process.env, HOME: dir } });
      const list = JSON.parse(out.stdout);
      expect(names(list)).toEqual(['Deployment/web-nginx-demo', 'Service/web-nginx-demo']);
      expect(list.items.find((o: any) => o.kind === 'Deployment').spec.replicas).toBe(2);
      // Add-ons run their workloads: CoreDNS with its flavor's 2 replicas and kube-dns; metrics-server's APIService.
      const sys = await exec('kubectl', ['--kubeconfig', config, 'get', 'deployments,services', '-n', 'kube-system', '-o', 'json'], { timeout: 60_000, env: { ...process.env, HOME: dir } });
      const items = JSON.parse(sys.stdout).items;
      expect(items.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'coredns').status.readyReplicas).toBe(2);
      expect(items.find((o: any) => o.kind === 'Service' && o.metadata.name === 'kube-dns').spec.clusterIP).toBe('10.247.3.10');
      const api = await exec('kubectl', ['--kubeconfig', config, 'get', 'apiservices', '-o', 'name'], { timeout: 60_000, env: { ...process.env, HOME: dir } });
      expect(api.stdout.trim()).toBe('apiservice.apiregistration.k8s.io/v1beta1.metrics.k8s.io');
    } finally {
      await demo.stop();
    }
  });
});
