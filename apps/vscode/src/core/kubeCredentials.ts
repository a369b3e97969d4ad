// Which credentials the tree uses to talk to a cluster's API: the ones the user set up with
// "Set up kubectl" (the kubeconfig context the extension wrote for that cluster, recognised by its
// cce-autopilot extension entry) when they verify the server and are still valid, otherwise a
// short-lived certificate fetched from the service. TLS verification is never turned off.
import { readFile } from 'node:fs/promises';
import { isAbsolute, dirname, resolve } from 'node:path';
import { listMergedClusters, type LocationInput } from '@cce-autopilot/kubeconfig';
import { parse } from 'yaml';
import type { CceApi } from './api.js';
import { fetchConnection, httpsReader, type KubeConnection, type KubeReader } from './kube.js';

/** Where a connection's credentials came from, for the log and the row's tooltip. */
export type ConnectionSource =
  | { kind: 'kubeconfig'; file: string; context: string }
  | { kind: 'fetched'; reason: string };

interface KubeconfigFile {
  clusters?: { name?: string; cluster?: Record<string, unknown> }[];
  users?: { name?: string; user?: Record<string, unknown> }[];
  contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
}

/** `<field>-data` (base64) or `<field>` (a file path, relative to the kubeconfig's folder, as kubectl reads it). */
async function pem(entry: Record<string, unknown>, field: string, file: string): Promise<string | undefined> {
  const data = entry[`${field}-data`];
  if (typeof data === 'string' && data) return Buffer.from(data, 'base64').toString('utf8');
  const path = entry[field];
  if (typeof path === 'string' && path) return readFile(isAbsolute(path) ? path : resolve(dirname(file), path), 'utf8');
  return undefined;
}

/**
 * The connection of the kubeconfig context "Set up kubectl" wrote for `clusterId`, or why it
 * cannot be used: none set up, only an endpoint without server verification (the external one
 * comes with insecure-skip-tls-verify), an expired certificate, or a missing CA, certificate or key.
 */
export async function kubeconfigConnection(location: LocationInput, clusterId: string, now = new Date()): Promise<{ conn: KubeConnection; source: Extract<ConnectionSource, { kind: 'kubeconfig' }> } | { reason: string }> {
  const merged = (await listMergedClusters(location)).filter((m) => m.clusterId === clusterId && m.context);
  if (merged.length === 0) return { reason: 'no kubeconfig context was set up for this cluster' };
  const reasons: string[] = [];
  // The internal endpoint first: the one whose answer carries the CA.
  for (const m of merged.sort((a, b) => Number(a.endpoint !== 'internal') - Number(b.endpoint !== 'internal'))) {
    const where = `context ${m.context} in ${m.file}`;
    if (m.certificateExpiresAt && m.certificateExpiresAt <= now) { reasons.push(`${where}: its client certificate expired at ${m.certificateExpiresAt.toISOString()}`); continue; }
    const doc = parse(await readFile(m.file, 'utf8')) as KubeconfigFile | null;
    const context = doc?.contexts?.find((c) => c.name === m.context)?.context;
    const cluster = doc?.clusters?.find((c) => c.name === context?.cluster)?.cluster;
    const user = doc?.users?.find((u) => u.name === context?.user)?.user;
    if (!context || !cluster || !user) { reasons.push(`${where}: its cluster or user entry is missing`); continue; }
    if (cluster['insecure-skip-tls-verify'] === true) { reasons.push(`${where}: it does not verify the server (insecure-skip-tls-verify)`); continue; }
    const [caPem, certPem, keyPem] = await Promise.all([pem(cluster, 'certificate-authority', m.file), pem(user, 'client-certificate', m.file), pem(user, 'client-key', m.file)]);
    if (!caPem) { reasons.push(`${where}: it has no certificate authority to verify the server against`); continue; }
    if (!certPem || !keyPem) { reasons.push(`${where}: it has no client certificate and key`); continue; }
    const server = typeof cluster['server'] === 'string' ? cluster['server'] : '';
    if (!server) { reasons.push(`${where}: it has no server address`); continue; }
    return { conn: { server, caPem, certPem, keyPem }, source: { kind: 'kubeconfig', file: m.file, context: m.context! } };
  }
  return { reason: reasons.join('; ') };
}

export interface ClusterReaderOptions {
  readonly location?: LocationInput;
  readonly now?: Date;
  /** How readers are made from a connection (tests). */
  readonly reader?: (conn: KubeConnection) => KubeReader;
  /** Says which credentials are used and why (never the credentials themselves). */
  readonly onSource?: (source: ConnectionSource) => void;
}

/**
 * A reader of the cluster's API with the user's own kubeconfig credentials when they set them up
 * and the server accepts them (checked with `GET /version`), otherwise with a one-day certificate
 * fetched from the service.
 */
export async function clusterReader(api: CceApi, clusterId: string, opts: ClusterReaderOptions = {}, signal?: AbortSignal): Promise<KubeReader> {
  const make = opts.reader ?? ((c: KubeConnection) => httpsReader(c));
  let reason = 'no kubeconfig location';
  if (opts.location) {
    let found: Awaited<ReturnType<typeof kubeconfigConnection>>;
    try {
      found = await kubeconfigConnection(opts.location, clusterId, opts.now);
    } catch (e) {
      // Only the error's code or kind: a YAML error's message quotes the file, which holds keys.
      const code = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.name : 'error');
      found = { reason: `the kubeconfig cannot be read (${code})` };
    }
    if ('conn' in found) {
      const reader = make(found.conn);
      try {
        await reader.send?.('GET', '/version', undefined, signal);
        opts.onSource?.(found.source);
        return reader;
      } catch (e) {
        reason = `${found.source.context} in ${found.source.file} was not accepted (${e instanceof Error ? e.message : String(e)})`;
      }
    } else reason = found.reason;
  }
  const conn = await fetchConnection(api, clusterId, signal);
  opts.onSource?.({ kind: 'fetched', reason });
  return make(conn);
}
