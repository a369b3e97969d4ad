import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterCertAnswer } from '../src/index.js';

/** A real certificate (public part only) valid until 2036-11-25, so expiry can be read. */
export const CERT_PEM = readFileSync(new URL('./fixtures/client-cert.pem', import.meta.url), 'utf8');
export const CERT_EXPIRY = new Date('2036-11-25T03:36:33Z');
const b64 = (s: string) => Buffer.from(s).toString('base64');
export const CERT_DATA = b64(CERT_PEM);
// Stands in for a key: these tests never open a TLS connection with it.
export const KEY_DATA = b64('-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----\n');
export const CA_DATA = b64(CERT_PEM);

/** A clustercert answer shaped like spec 01 4.1.6, with the generic names CCE uses for every cluster. */
export function answer(opts: { server?: string; external?: string; key?: string } = {}): ClusterCertAnswer {
  const a: ClusterCertAnswer = {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: {},
    clusters: [{ name: 'internalCluster', cluster: { server: opts.server ?? 'https://192.168.1.7:5443', 'certificate-authority-data': CA_DATA } }],
    users: [{ name: 'user', user: { 'client-certificate-data': CERT_DATA, 'client-key-data': opts.key ?? KEY_DATA } }],
    contexts: [{ name: 'internal', context: { cluster: 'internalCluster', user: 'user' } }],
    'current-context': 'internal',
  };
  if (opts.external) {
    a.clusters?.push({ name: 'externalCluster', cluster: { server: opts.external, 'insecure-skip-tls-verify': true } });
    a.contexts?.push({ name: 'external', context: { cluster: 'externalCluster', user: 'user' } });
    a['current-context'] = 'external';
  }
  return a;
}

export const tempDir = () => mkdtemp(join(tmpdir(), 'kubeconfig-test-'));
