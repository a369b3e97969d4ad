import { X509Certificate } from 'node:crypto';
import { checkValue, schemas } from '@cce-autopilot/models';

/** The clustercert answer (spec 01 4.1.6, Tables 4-114 to 4-120): a kubeconfig with generic names. */
export interface ClusterCertAnswer {
  kind?: string;
  apiVersion?: string;
  preferences?: Record<string, unknown>;
  clusters?: { name?: string; cluster?: { server?: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean } }[];
  users?: { name?: string; user?: { 'client-certificate-data'?: string; 'client-key-data'?: string } }[];
  contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
  'current-context'?: string;
}

/** `internal`: the address inside the VPC; `external`: the public (EIP) address, which CCE serves without TLS verification. */
export type EndpointKind = 'internal' | 'external';

/** Which cluster an answer belongs to: the id recognises our entries, region and name make them readable. */
export interface ClusterIdentity {
  id: string;
  name: string;
  region: string;
}

/** Written into each entry's `extensions` so a later fetch recognises its own entries by cluster id. */
export const EXTENSION_NAME = 'cce-autopilot';

export interface OwnerExtension {
  clusterId: string;
  clusterName: string;
  region: string;
  endpoint: EndpointKind;
}

export interface NamedEntry<K extends string> {
  name: string;
  value: Record<string, unknown>;
  kind: K;
}

export interface KubeconfigEntries {
  owner: OwnerExtension;
  cluster: NamedEntry<'cluster'>;
  user: NamedEntry<'user'>;
  context: NamedEntry<'context'>;
  /** Things the caller must show the user (the external endpoint's disabled TLS verification). */
  warnings: string[];
  /** When the client certificate stops working, if it could be read. */
  certificateExpiresAt?: Date;
}

export class ClusterCertError extends Error {
  override name = 'ClusterCertError';
}

/** Lower-case, kubeconfig- and shell-friendly: `cce-cn-north-4-my-cluster-internal`. */
export function entryName(cluster: Pick<ClusterIdentity, 'name' | 'region'>, endpoint: EndpointKind): string {
  const clean = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '');
  return ['cce', clean(cluster.region), clean(cluster.name), endpoint].filter((p) => p !== '').join('-');
}

function isBase64(s: string): boolean {
  return /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(s) && s.replace(/\s/g, '').length % 4 === 0;
}

/** The expiry of a base64 PEM client certificate as kubeconfigs hold it (`client-certificate-data`). */
export function certificateExpiry(certificateData: string): Date | undefined {
  try {
    const pem = Buffer.from(certificateData, 'base64').toString('utf8');
    return new Date(new X509Certificate(pem).validTo);
  } catch {
    return undefined;
  }
}

/**
 * Picks one endpoint of a clustercert answer and renames its cluster, user and context to names
 * unique per cluster, keeping the references between them consistent.
 */
export function buildEntries(
  answer: ClusterCertAnswer,
  cluster: ClusterIdentity,
  options: { endpoint?: EndpointKind; contextName?: string } = {},
): KubeconfigEntries {
  if (!cluster.id) throw new ClusterCertError('the cluster id is required to recognise the merged entries later');
  if (typeof answer !== 'object' || answer === null) throw new ClusterCertError('the clustercert answer is not an object');
  // The schema of spec 01 Tables 4-114..4-120 (from models) says where a damaged answer is wrong.
  const problems = checkValue(schemas.ClusterCertResponse, answer);
  if (problems.length > 0) {
    throw new ClusterCertError(`the clustercert answer does not match spec 01 4.1.6: ${problems.map((p) => p.message).join('; ')}`);
  }
  const endpoint = options.endpoint ?? 'internal';
  if (endpoint !== 'internal' && endpoint !== 'external') {
    throw new ClusterCertError(`unknown endpoint "${String(endpoint)}": use "internal" or "external"`);
  }
  const contexts = answer.contexts ?? [];
  const ctx = contexts.find((c) => c?.name === endpoint);
  if (!ctx) {
    const offered = contexts.map((c) => c?.name).filter(Boolean).join(', ') || 'none';
    throw new ClusterCertError(
      endpoint === 'external'
        ? `cluster ${cluster.name} has no external endpoint (no public apiserver address is bound); offered: ${offered}`
        : `the clustercert answer has no "${endpoint}" context; offered: ${offered}`,
    );
  }
  const clusterRef = ctx.context?.cluster;
  const userRef = ctx.context?.user;
  const source = (answer.clusters ?? []).find((c) => c?.name === clusterRef);
  if (!source?.cluster) throw new ClusterCertError(`the "${endpoint}" context refers to cluster "${String(clusterRef)}", which the answer does not contain`);
  const user = (answer.users ?? []).find((u) => u?.name === userRef);
  if (!user?.user) throw new ClusterCertError(`the "${endpoint}" context refers to user "${String(userRef)}", which the answer does not contain`);

  const server = source.cluster.server;
  if (typeof server !== 'string' || !/^https:\/\/[^/\s]+/.test(server)) {
    throw new ClusterCertError(`cluster "${String(clusterRef)}" has no https server address (got ${JSON.stringify(server)})`);
  }
  const certData = user.user['client-certificate-data'];
  const keyData = user.user['client-key-data'];
  if (typeof certData !== 'string' || certData === '' || !isBase64(certData)) {
    throw new ClusterCertError(`user "${String(userRef)}" has no valid base64 client-certificate-data`);
  }
  if (typeof keyData !== 'string' || keyData === '' || !isBase64(keyData)) {
    // Never echo the key itself.
    throw new ClusterCertError(`user "${String(userRef)}" has no valid base64 client-key-data`);
  }

  const warnings: string[] = [];
  const insecure = source.cluster['insecure-skip-tls-verify'] === true;
  const clusterValue: Record<string, unknown> = { server };
  if (insecure) {
    // kubectl refuses a CA together with insecure-skip-tls-verify, so the CA is left out.
    clusterValue['insecure-skip-tls-verify'] = true;
    warnings.push(
      `The ${endpoint} endpoint ${server} is used WITHOUT verifying the API server's certificate (insecure-skip-tls-verify, as CCE issues it for public addresses): anyone on the network path could impersonate the cluster. Prefer the internal endpoint from inside the VPC.`,
    );
  } else {
    const ca = source.cluster['certificate-authority-data'];
    if (typeof ca !== 'string' || ca === '' || !isBase64(ca)) {
      throw new ClusterCertError(`cluster "${String(clusterRef)}" has neither certificate-authority-data nor insecure-skip-tls-verify`);
    }
    clusterValue['certificate-authority-data'] = ca;
  }

  const owner: OwnerExtension = { clusterId: cluster.id, clusterName: cluster.name, region: cluster.region, endpoint };
  const extensions = [{ name: EXTENSION_NAME, extension: { ...owner } }];
  const base = entryName(cluster, endpoint);
  const contextName = options.contextName ?? base;
  if (contextName.trim() === '') throw new ClusterCertError('the context name must not be empty');
  const expires = certificateExpiry(certData);
  return {
    owner,
    cluster: { kind: 'cluster', name: base, value: { ...clusterValue, extensions } },
    user: { kind: 'user', name: base, value: { 'client-certificate-data': certData, 'client-key-data': keyData, extensions } },
    context: { kind: 'context', name: contextName, value: { cluster: base, user: base, extensions } },
    warnings,
    ...(expires ? { certificateExpiresAt: expires } : {}),
  };
}
