import { X509Certificate } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createKubeHub, type KubeHub } from '../src/kube/index.js';
import { call, type Creds } from './kube-helpers.js';

const hubs: KubeHub[] = [];
function hub(store?: Map<string, string>): KubeHub {
  const h = createKubeHub({ host: '127.0.0.1', store });
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.stop()));
});

async function cluster(h: KubeHub, id = 'c-1'): Promise<{ server: string; creds: Creds }> {
  const { server, caPem } = await h.ensureCluster({ id, name: 'demo', version: 'v1.31' });
  const cert = await h.issueClientCert(id, 30);
  return { server, creds: { caPem, certPem: cert.certPem, keyPem: cert.keyPem } };
}

const deployment = (name: string, labels: Record<string, string> = { app: name }) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, labels },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:1.27' }, { name: 'side', image: 'busybox' }] } },
  },
});

describe('kube hub: PKI and authentication', () => {
  it('serves HTTPS on loopback and is idempotent per cluster', async () => {
    const h = hub();
    const a = await h.ensureCluster({ id: 'c-1', name: 'demo', version: 'v1.31' });
    const b = await h.ensureCluster({ id: 'c-1', name: 'demo', version: 'v1.31' });
    expect(a).toEqual(b);
    expect(a.server).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(new X509Certificate(a.caPem).ca).toBe(true);
  });

  it('rejects a request without a client certificate with a 401 Status', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const r = await call(server, { caPem: creds.caPem }, 'GET', '/api/v1/namespaces');
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
  });

  it('rejects a certificate issued for another cluster', async () => {
    const h = hub();
    const one = await cluster(h, 'c-1');
    const two = await cluster(h, 'c-2');
    const r = await call(one.server, { ...two.creds, caPem: one.creds.caPem }, 'GET', '/version');
    expect(r.status).toBe(401);
  });

  it('issues client certificates for the requested number of days, and 5 years for -1', async () => {
    const h = hub();
    await h.ensureCluster({ id: 'c-1', name: 'demo', version: 'v1.31' });
    const now = Date.now();
    const thirty = await h.issueClientCert('c-1', 30);
    expect(Math.round((thirty.notAfter.getTime() - now) / 86_400_000)).toBe(30);
    const x = new X509Certificate(thirty.certPem);
    expect(new Date(x.validTo).getTime()).toBe(thirty.notAfter.getTime());
    expect(x.subject).toContain('O=system:masters');
    const max = await h.issueClientCert('c-1', -1);
    expect(new Date(max.notAfter).getUTCFullYear() - new Date(now).getUTCFullYear()).toBe(5);
    await expect(h.issueClientCert('c-1', 0)).rejects.toThrow(/1 to 1827/);
  });

  it('keeps the CA in the store, so certificates survive a restart of the hub', async () => {
    const store = new Map<string, string>();
    const first = hub(store);
    const { server, creds } = await cluster(first);
    await first.stop();
    const second = hub(store);
    const again = await second.ensureCluster({ id: 'c-1', name: 'demo', version: 'v1.31' });
    expect(again.caPem).toBe(creds.caPem);
    // Same port too, so the server address in issued kubeconfigs stays right.
    expect(again.server).toBe(server);
    const r = await call(again.server, creds, 'GET', '/api/v1/namespaces');
    expect(r.status).toBe(200);
  });

  it('forgets a removed cluster: its CA is dropped from the store', async () => {
    const store = new Map<string, string>();
    const h = hub(store);
    const { creds } = await cluster(h);
    await h.removeCluster('c-1');
    const again = await h.ensureCluster({ id: 'c-1', name: 'demo', version: 'v1.31' });
    expect(again.caPem).not.toBe(creds.caPem);
  });
});

describe('kube hub: API', () => {
  it('answers /version and discovery documents', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    expect((await call(server, creds, 'GET', '/version')).body).toMatchObject({ major: '1', minor: '31' });
    expect((await call(server, creds, 'GET', '/api')).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (await call(server, creds, 'GET', '/apis')).body;
    expect(groups.groups.map((g: { name: string }) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io']),
    );
    const apps = (await call(server, creds, 'GET', '/apis/apps/v1')).body;
    expect(apps.kind).toBe('APIResourceList');
    expect(apps.resources.find((r: { name: string }) => r.name === 'deployments')).toMatchObject({ kind: 'Deployment', namespaced: true });
    const core = (await call(server, creds, 'GET', '/api/v1')).body;
    expect(core.resources.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(['namespaces', 'pods', 'secrets', 'persistentvolumes', 'events']));
  });

  it('starts every cluster with the default, kube-system and kube-public namespaces', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const r = await call(server, creds, 'GET', '/api/v1/namespaces');
    expect(r.status).toBe(200);
    expect(r.body.kind).toBe('NamespaceList');
    expect(r.body.items.map((n: { metadata: { name: string } }) => n.metadata.name).sort()).toEqual(['default', 'kube-public', 'kube-system']);
  });

  it('creates, reads, lists, replaces and deletes namespaced objects with resourceVersions', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const base = '/apis/apps/v1/namespaces/default/deployments';
    const created = await call(server, creds, 'POST', base, deployment('web'));
    expect(created.status).toBe(201);
    expect(created.body.metadata).toMatchObject({ name: 'web', namespace: 'default', generation: 1 });
    // The controllers have converged by the time the create answers; the stored object shows it.
    expect((await call(server, creds, 'GET', `${base}/web`)).body.status).toMatchObject({ readyReplicas: 2 });
    const dup = await call(server, creds, 'POST', base, deployment('web'));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ kind: 'Status', reason: 'AlreadyExists', message: 'deployments.apps "web" already exists' });

    const got = await call(server, creds, 'GET', `${base}/web`);
    expect(got.body.metadata.uid).toBe(created.body.metadata.uid);
    const replaced = await call(server, creds, 'PUT', `${base}/web`, { ...got.body, spec: { ...got.body.spec, replicas: 3 } });
    expect(replaced.status).toBe(200);
    expect(Number(replaced.body.metadata.resourceVersion)).toBeGreaterThan(Number(got.body.metadata.resourceVersion));
    expect(replaced.body.metadata.generation).toBe(2);
    const stale = await call(server, creds, 'PUT', `${base}/web`, got.body);
    expect(stale.status).toBe(409);
    expect(stale.body.reason).toBe('Conflict');

    const all = await call(server, creds, 'GET', '/apis/apps/v1/deployments');
    expect(all.body.items.map((d: { metadata: { name: string } }) => d.metadata.name)).toEqual(['web']);
    const del = await call(server, creds, 'DELETE', `${base}/web`);
    expect(del.status).toBe(200);
    const gone = await call(server, creds, 'GET', `${base}/web`);
    expect(gone.status).toBe(404);
    expect(gone.body).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404, message: 'deployments.apps "web" not found' });
  });

  it('answers 422 Invalid for a bad name and 404 for a missing namespace', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const bad = await call(server, creds, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'Not_Valid' } });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ reason: 'Invalid', details: { causes: [{ field: 'metadata.name' }] } });
    const missing = await call(server, creds, 'POST', '/api/v1/namespaces/nope/configmaps', { metadata: { name: 'x' } });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('namespaces "nope" not found');
    const wrongKind = await call(server, creds, 'POST', '/api/v1/namespaces/default/configmaps', { kind: 'Secret', metadata: { name: 'x' } });
    expect(wrongKind.status).toBe(400);
  });

  it('applies merge patches, JSON patches and strategic merge patches', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const base = '/apis/apps/v1/namespaces/default/deployments';
    await call(server, creds, 'POST', base, deployment('web'));
    const merged = await call(server, creds, 'PATCH', `${base}/web`, { metadata: { labels: { tier: 'front' } } }, 'application/merge-patch+json');
    expect(merged.body.metadata.labels).toEqual({ app: 'web', tier: 'front' });
    const json = await call(server, creds, 'PATCH', `${base}/web`, [{ op: 'replace', path: '/spec/replicas', value: 5 }], 'application/json-patch+json');
    expect(json.body.spec.replicas).toBe(5);
    const badJson = await call(server, creds, 'PATCH', `${base}/web`, [{ op: 'remove', path: '/spec/nothing' }], 'application/json-patch+json');
    expect(badJson.status).toBe(422);
    const smp = await call(
      server,
      creds,
      'PATCH',
      `${base}/web`,
      { spec: { template: { spec: { $setElementOrder: undefined, containers: [{ name: 'main', image: 'nginx:1.28' }] } } } },
      'application/strategic-merge-patch+json',
    );
    expect(smp.body.spec.template.spec.containers.map((c: { name: string; image: string }) => [c.name, c.image])).toEqual([
      ['main', 'nginx:1.28'],
      ['side', 'busybox'],
    ]);
    const unsupported = await call(server, creds, 'PATCH', `${base}/web`, {}, 'text/plain');
    expect(unsupported.status).toBe(415);
  });

  it('filters lists by label selector and deletes collections', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const base = '/api/v1/namespaces/default/configmaps';
    await call(server, creds, 'POST', base, { metadata: { name: 'a', labels: { tier: 'front', env: 'prod' } } });
    await call(server, creds, 'POST', base, { metadata: { name: 'b', labels: { tier: 'back', env: 'prod' } } });
    await call(server, creds, 'POST', base, { metadata: { name: 'c' } });
    const names = async (q: string) =>
      (await call(server, creds, 'GET', `${base}?labelSelector=${encodeURIComponent(q)}`)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    expect(await names('tier=front')).toEqual(['a']);
    expect(await names('env=prod,tier!=front')).toEqual(['b']);
    expect(await names('tier in (front,back)')).toEqual(['a', 'b']);
    // Every namespace also holds the root CA ConfigMap, as upstream's publisher creates it.
    expect(await names('!tier')).toEqual(['c', 'kube-root-ca.crt']);
    const bad = await call(server, creds, 'GET', `${base}?labelSelector=${encodeURIComponent('a b c')}`);
    expect(bad.status).toBe(400);
    const del = await call(server, creds, 'DELETE', `${base}?labelSelector=env%3Dprod`);
    expect(del.body.items).toHaveLength(2);
    expect(await names('')).toEqual(['c', 'kube-root-ca.crt']);
  });

  it('deletes a namespace with its contents, and refuses to delete the default ones', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    await call(server, creds, 'POST', '/api/v1/namespaces', { metadata: { name: 'team' } });
    await call(server, creds, 'POST', '/api/v1/namespaces/team/secrets', { metadata: { name: 's' }, data: { k: 'dg==' } });
    expect((await call(server, creds, 'DELETE', '/api/v1/namespaces/team')).status).toBe(200);
    expect((await call(server, creds, 'GET', '/api/v1/secrets')).body.items).toEqual([]);
    const protectedNs = await call(server, creds, 'DELETE', '/api/v1/namespaces/kube-system');
    expect(protectedNs.status).toBe(403);
  });

  it('serves cluster-scoped RBAC objects and rejects them under a namespace', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const role = { metadata: { name: 'reader' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] };
    expect((await call(server, creds, 'POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', role)).status).toBe(201);
    expect((await call(server, creds, 'GET', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/clusterroles')).status).toBe(404);
    expect((await call(server, creds, 'POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', role)).status).toBe(201);
  });

  it('runs the workload controllers: ReplicaSets and pods follow their owners', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const names = async (path: string) => (await call(server, creds, 'GET', path)).body.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    await call(server, creds, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    const [rs] = await names('/apis/apps/v1/namespaces/default/replicasets');
    expect(rs).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    const pods = await names('/api/v1/namespaces/default/pods');
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.startsWith(`${rs}-`)).toBe(true);
    const pod = (await call(server, creds, 'GET', `/api/v1/namespaces/default/pods/${pods[0]}`)).body;
    expect(pod.status.phase).toBe('Running');
    expect(pod.metadata.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', name: rs });
    await call(server, creds, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 3 } }, 'application/merge-patch+json');
    expect(await names('/api/v1/namespaces/default/pods')).toHaveLength(3);
    // A new pod template rolls out a new ReplicaSet; the old one is scaled to zero.
    await call(server, creds, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.28' }] } } } }, 'application/strategic-merge-patch+json');
    const sets = (await call(server, creds, 'GET', '/apis/apps/v1/namespaces/default/replicasets')).body.items;
    expect(sets.map((s: { spec: { replicas: number } }) => s.spec.replicas).sort()).toEqual([0, 3]);
    expect(await names('/api/v1/namespaces/default/pods')).toHaveLength(3);
    await call(server, creds, 'DELETE', '/apis/apps/v1/namespaces/default/deployments/web');
    expect(await names('/apis/apps/v1/namespaces/default/replicasets')).toEqual([]);
    expect(await names('/api/v1/namespaces/default/pods')).toEqual([]);

    await call(server, creds, 'POST', '/apis/apps/v1/namespaces/default/statefulsets', { ...deployment('db'), kind: 'StatefulSet' });
    expect(await names('/api/v1/namespaces/default/pods')).toEqual(['db-0', 'db-1']);
    await call(server, creds, 'POST', '/apis/batch/v1/namespaces/default/jobs', { metadata: { name: 'once' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'x', image: 'busybox' }] } } } });
    const jobPods = (await call(server, creds, 'GET', '/api/v1/namespaces/default/pods?labelSelector=job-name%3Donce')).body.items;
    expect(jobPods.map((p: { status: { phase: string } }) => p.status.phase)).toEqual(['Succeeded']);
  });

  it('streams watch events, starting with the current objects', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const { request } = await import('node:https');
    const base = '/api/v1/namespaces/default/configmaps';
    await call(server, creds, 'POST', base, { metadata: { name: 'before', labels: { w: '1' } } });
    const events: { type: string; object: { metadata: { name: string } } }[] = [];
    const req = request(new URL(`${base}?watch=true&labelSelector=w%3D1`, server), { ca: creds.caPem, cert: creds.certPem, key: creds.keyPem });
    const done = new Promise<void>((resolve, reject) => {
      req.on('response', (res) => {
        let buffer = '';
        res.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          let nl: number;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            events.push(JSON.parse(buffer.slice(0, nl)));
            buffer = buffer.slice(nl + 1);
            if (events.length === 1) void call(server, creds, 'POST', base, { metadata: { name: 'after', labels: { w: '1' } } });
            if (events.length === 2) void call(server, creds, 'DELETE', `${base}/before`);
            if (events.length === 3) {
              req.destroy();
              resolve();
            }
          }
        });
      });
      req.on('error', (e) => (events.length >= 3 ? resolve() : reject(e)));
    });
    req.end();
    await done;
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED before', 'ADDED after', 'DELETED before']);
  });

  it('reads and writes the scale subresource', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    await call(server, creds, 'POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
    const scale = await call(server, creds, 'GET', '/apis/apps/v1/namespaces/default/deployments/web/scale');
    expect(scale.body).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { selector: 'app=web' } });
    const patched = await call(server, creds, 'PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 4 } }, 'application/merge-patch+json');
    expect(patched.body.spec.replicas).toBe(4);
    expect((await call(server, creds, 'GET', '/apis/apps/v1/namespaces/default/deployments/web')).body.status.readyReplicas).toBe(4);
  });

  it('shows installed addons as workloads in kube-system, set before or after the cluster starts', async () => {
    const h = hub();
    h.setAddonWorkloads('c-1', [{ name: 'coredns', version: '1.30.1' }]);
    const { server, creds } = await cluster(h);
    const list = async () =>
      (await call(server, creds, 'GET', '/apis/apps/v1/namespaces/kube-system/deployments')).body.items.map(
        (d: { metadata: { name: string; labels: Record<string, string> } }) => `${d.metadata.name}@${d.metadata.labels['addon.cce.io/version']}`,
      );
    expect(await list()).toEqual(['coredns@1.30.1']);
    h.setAddonWorkloads('c-1', [{ name: 'coredns', version: '1.31.0' }, { name: 'metrics-server', version: '1.3.6' }]);
    expect(await list()).toEqual(['coredns@1.31.0', 'metrics-server@1.3.6']);
    h.setAddonWorkloads('c-1', []);
    expect(await list()).toEqual([]);
  });

  it('renders tables for kubectl', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const t = await call(server, creds, 'GET', '/api/v1/namespaces', undefined, 'application/json', 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json');
    expect(t.body.kind).toBe('Table');
    expect(t.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(t.body.rows.map((r: { cells: string[] }) => r.cells.slice(0, 2))).toContainEqual(['default', 'Active']);
  });

  it('publishes OpenAPI v3 with fieldValidation on PATCH, which kubectl needs to skip client-side validation', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const root = (await call(server, creds, 'GET', '/openapi/v3')).body;
    const url = root.paths['apis/apps/v1'].serverRelativeURL as string;
    const doc = (await call(server, creds, 'GET', url)).body;
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
  });

  it('publishes OpenAPI v2 as protobuf for older kubectl (swagger 2.0, no definitions) and as JSON otherwise', async () => {
    const h = hub();
    const { server, creds } = await cluster(h);
    const pb = await call(server, creds, 'GET', '/openapi/v2', undefined, 'application/json', 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    expect(pb.status).toBe(200);
    const bytes = Buffer.from(pb.body as string, 'latin1');
    // field 1 (swagger), length 3, "2.0"
    expect([...bytes.subarray(0, 5)]).toEqual([0x0a, 3, 0x32, 0x2e, 0x30]);
    expect(bytes.includes(Buffer.from('Kubernetes'))).toBe(true);
    const json = await call(server, creds, 'GET', '/openapi/v2');
    expect(json.body).toMatchObject({ swagger: '2.0', definitions: {} });
  });

  it('serves the same API through the gateway, and 404 for an unknown cluster', async () => {
    const h = hub();
    await cluster(h);
    const { createServer } = await import('node:http');
    const gw = createServer((req, res) => h.handleGatewayRequest(String(req.headers.host).split('.')[0] ?? '', req, res));
    await new Promise<void>((r) => gw.listen(0, '127.0.0.1', r));
    try {
      const port = (gw.address() as { port: number }).port;
      const get = (host: string) =>
        new Promise<{ status: number; body: any }>((resolve, reject) => {
          import('node:http').then(({ request }) => {
            const req = request({ host: '127.0.0.1', port, path: '/api/v1/namespaces', headers: { host } }, (res) => {
              let text = '';
              res.on('data', (c) => (text += c));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
            });
            req.on('error', reject);
            req.end();
          }, reject);
        });
      const ok = await get('c-1.cce.local');
      expect(ok.status).toBe(200);
      expect(ok.body.items).toHaveLength(3);
      expect((await get('nope.cce.local')).status).toBe(404);
    } finally {
      await new Promise<void>((r) => gw.close(() => r()));
    }
  });
});
