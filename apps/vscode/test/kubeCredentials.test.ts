import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeClusterCert } from '@cce-autopilot/kubeconfig';
import { KubeUnavailableError, type KubeConnection, type KubeReader } from '../src/core/kube.js';
import { clusterReader, kubeconfigConnection, type ConnectionSource } from '../src/core/kubeCredentials.js';
import { FakeApi } from './fakes.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
/** A clustercert answer as the service gives it (the PEM texts are placeholders: nothing here does TLS). */
const answer = (server: string, tag: string, external = false) => ({
  kind: 'Config', apiVersion: 'v1',
  clusters: [
    { name: 'internalCluster', cluster: { server, 'certificate-authority-data': b64(`CA ${tag}`) } },
    ...(external ? [{ name: 'externalCluster', cluster: { server: 'https://1.2.3.4:5443', 'insecure-skip-tls-verify': true } }] : []),
  ],
  users: [{ name: 'user', user: { 'client-certificate-data': b64(`CERT ${tag}`), 'client-key-data': b64(`KEY ${tag}`) } }],
  contexts: [{ name: 'internal', context: { cluster: 'internalCluster', user: 'user' } }, ...(external ? [{ name: 'external', context: { cluster: 'externalCluster', user: 'user' } }] : [])],
  'current-context': 'internal',
});

/** A reader that answers GET /version as `version` says, recording the connection it was made for. */
function readers(version: (conn: KubeConnection) => Promise<string>) {
  const made: KubeConnection[] = [];
  const make = (conn: KubeConnection): KubeReader => {
    made.push(conn);
    return { list: async () => [], send: async (_m, path) => (path === '/version' ? version(conn) : '{}') };
  };
  return { made, make };
}

describe('credentials the tree uses', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cce-cred-'));
    path = join(dir, 'config');
  });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  it("reads the context's CA, certificate and key, also from files next to the kubeconfig", async () => {
    await mergeClusterCert({ path, answer: answer('https://10.0.0.5:5443', 'web') as never, cluster: { id: 'c1', name: 'web', region: 'r' }, endpoint: 'internal' });
    const found = await kubeconfigConnection({ path }, 'c1');
    expect(found).toEqual({ conn: { server: 'https://10.0.0.5:5443', caPem: 'CA web', certPem: 'CERT web', keyPem: 'KEY web' }, source: { kind: 'kubeconfig', file: path, context: 'cce-r-web-internal' } });
    // As kubectl reads them: paths relative to the kubeconfig's folder.
    await writeFile(join(dir, 'ca.pem'), 'CA from file');
    await writeFile(join(dir, 'key.pem'), 'KEY from file');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/certificate-authority-data: \S+/, 'certificate-authority: ca.pem').replace(/client-key-data: \S+/, `client-key: ${join(dir, 'key.pem')}`));
    expect(await kubeconfigConnection({ path }, 'c1')).toMatchObject({ conn: { caPem: 'CA from file', certPem: 'CERT web', keyPem: 'KEY from file' } });
  });

  it('says why a context cannot be used: no key, no CA', async () => {
    await mergeClusterCert({ path, answer: answer('https://10.0.0.5:5443', 'web') as never, cluster: { id: 'c1', name: 'web', region: 'r' }, endpoint: 'internal' });
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/\n\s*client-key-data: \S+/, ''));
    expect(await kubeconfigConnection({ path }, 'c1')).toEqual({ reason: `context cce-r-web-internal in ${path}: it has no client certificate and key` });
    await writeFile(path, text.replace(/\n\s*certificate-authority-data: \S+/, ''));
    expect(await kubeconfigConnection({ path }, 'c1')).toEqual({ reason: `context cce-r-web-internal in ${path}: it has no certificate authority to verify the server against` });
    expect(await kubeconfigConnection({ path: join(dir, 'none') }, 'c1')).toEqual({ reason: 'no kubeconfig context was set up for this cluster' });
  });

  it('takes the internal context over an external one that skips TLS verification', async () => {
    await mergeClusterCert({ path, answer: answer('https://10.0.0.5:5443', 'web', true) as never, cluster: { id: 'c1', name: 'web', region: 'r' }, endpoint: 'external' });
    expect(await kubeconfigConnection({ path }, 'c1')).toEqual({ reason: expect.stringMatching(/cce-r-web-external .*does not verify the server/) });
    await mergeClusterCert({ path, answer: answer('https://10.0.0.5:5443', 'web', true) as never, cluster: { id: 'c1', name: 'web', region: 'r' }, endpoint: 'internal' });
    expect(await kubeconfigConnection({ path }, 'c1')).toMatchObject({ source: { context: 'cce-r-web-internal' } });
  });

  it('uses the user\'s credentials once the server accepts them, else fetches a certificate, without the keys in what it says', async () => {
    await mergeClusterCert({ path, answer: answer('https://10.0.0.5:5443', 'user') as never, cluster: { id: 'c1', name: 'web', region: 'r' }, endpoint: 'internal' });
    const api = new FakeApi({ CreateAutopilotKubernetesClusterCert: () => answer('https://10.0.0.5:5443', 'fetched') });
    const sources: ConnectionSource[] = [];
    const ok = readers(async () => '{"gitVersion":"v1.28.3"}');
    await clusterReader(api, 'c1', { location: { path }, reader: ok.make, onSource: (s) => sources.push(s) });
    expect(ok.made.map((c) => c.keyPem)).toEqual(['KEY user']);
    expect(api.count('CreateAutopilotKubernetesClusterCert')).toBe(0);

    const refused = readers(async (conn) => { if (conn.keyPem === 'KEY user') throw new KubeUnavailableError('GET /version: HTTP 401: Unauthorized', false); return '{}'; });
    await clusterReader(api, 'c1', { location: { path }, reader: refused.make, onSource: (s) => sources.push(s) });
    expect(refused.made.map((c) => c.keyPem)).toEqual(['KEY user', 'KEY fetched']);
    expect(api.count('CreateAutopilotKubernetesClusterCert')).toBe(1);
    expect(sources[1]).toEqual({ kind: 'fetched', reason: `cce-r-web-internal in ${path} was not accepted (GET /version: HTTP 401: Unauthorized)` });

    // A kubeconfig that does not parse: its text (which holds keys) is not repeated.
    await writeFile(path, `${await readFile(path, 'utf8')}\n  : [broken\n`);
    await clusterReader(api, 'c1', { location: { path }, reader: ok.make, onSource: (s) => sources.push(s) });
    expect(JSON.stringify(sources[2])).not.toMatch(/KEY|CERT|LS0t|data/);
    expect(sources[2]).toMatchObject({ kind: 'fetched', reason: expect.stringMatching(/^the kubeconfig cannot be read \(/) });
  });
});
