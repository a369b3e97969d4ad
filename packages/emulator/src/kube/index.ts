import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { handleKubeRequest, statusBody, versionInfo, type ApiContext } from './api.js';
import { ClusterObjects } from './cluster.js';
import type { AddonWorkloadSpec } from './addon-workloads.js';
import { OpenApiDocuments } from './openapi.js';
import { ProtobufDecoder } from './protobuf.js';
import { createCa, issueClientCert, issueServerCert, loadCa, type ClusterCa, type StoredCa } from './pki.js';

export interface KubeHubStore {
  get(key: string): string | undefined;
  set(key: string, value: string): void;
}

export interface KubeHub {
  /** Starts the cluster's HTTPS API on loopback (its previous port if free, else port 0); idempotent. */
  ensureCluster(cluster: { id: string; name: string; version: string }): Promise<{ server: string; caPem: string }>;
  removeCluster(clusterId: string): Promise<void>;
  /** A client certificate signed by the cluster CA; `days` -1 means the 5-year maximum of spec 01 4.1.6. */
  issueClientCert(clusterId: string, days: number): Promise<{ certPem: string; keyPem: string; notAfter: Date }>;
  setAddonWorkloads(clusterId: string, addons: AddonWorkloadSpec[]): void;
  /** The same API through the gateway style of spec chapter 5; the caller has authenticated the request. */
  handleGatewayRequest(clusterId: string, req: IncomingMessage, res: ServerResponse): void;
  stop(): Promise<void>;
  /** The objects of one cluster (for other parts of the emulator: `applyObject`, `deleteObject`, `list`, `subscribe`). */
  objectsOf(clusterId: string): ClusterObjects | undefined;
}

interface ClusterEntry {
  info: { id: string; name: string; version: string };
  objects: ClusterObjects;
  openapi: OpenApiDocuments;
  started?: Promise<{ server: string; caPem: string }>;
  server?: Server;
  sockets: Set<Socket>;
}

function versionOf(version: string): string {
  return String(versionInfo(version).gitVersion);
}

const caKey = (clusterId: string): string => `kube/ca/${clusterId}`;
const portKey = (clusterId: string): string => `kube/port/${clusterId}`;

function writeUnauthorized(res: ServerResponse): void {
  const text = JSON.stringify(statusBody(401, 'Unauthorized', 'Unauthorized'));
  res.writeHead(401, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The Kubernetes API of every emulated cluster. Each cluster gets its own CA (persisted through
 * `store`, so issued kubeconfigs keep working after a restart) and its own HTTPS server that only
 * accepts client certificates signed by that CA. Objects live in memory: a restart starts each
 * cluster again from its default namespaces.
 */
export function createKubeHub(options: { host: string; store?: KubeHubStore; now?: () => number }): KubeHub {
  const now = options.now ?? Date.now;
  // One decoder per hub: building it parses the upstream protobuf descriptor.
  let decoder: ProtobufDecoder | undefined;
  const protobuf = (): ProtobufDecoder => (decoder ??= new ProtobufDecoder());
  const context = (entry: ClusterEntry, address: string, user: ApiContext['user']): ApiContext => ({
    objects: entry.objects,
    address,
    gitVersion: entry.info.version,
    openapi: entry.openapi,
    get protobuf() {
      return protobuf();
    },
    user,
  });
  const host = options.host;
  const store = options.store ?? new Map<string, string>();
  const clusters = new Map<string, ClusterEntry>();
  const cas = new Map<string, Promise<ClusterCa>>();
  const pendingAddons = new Map<string, AddonWorkloadSpec[]>();
  let stopped = false;

  function ca(clusterId: string, clusterName: string): Promise<ClusterCa> {
    let p = cas.get(clusterId);
    if (!p) {
      p = (async () => {
        const saved = store.get(caKey(clusterId));
        if (saved) return loadCa(JSON.parse(saved) as StoredCa);
        const created = await createCa(clusterName);
        store.set(caKey(clusterId), JSON.stringify({ certPem: created.certPem, keyPem: created.keyPem } satisfies StoredCa));
        return created;
      })();
      cas.set(clusterId, p);
      p.catch(() => cas.delete(clusterId));
    }
    return p;
  }

  async function start(entry: ClusterEntry): Promise<{ server: string; caPem: string }> {
    const clusterCa = await ca(entry.info.id, entry.info.name);
    const serverCert = await issueServerCert(clusterCa, host);
    const server = createServer(
      { key: serverCert.keyPem, cert: serverCert.certPem, ca: [clusterCa.certPem], requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        // Only certificates issued by this cluster's CA get in, like an apiserver with --client-ca-file.
        if (!(req.socket as TLSSocket).authorized) return writeUnauthorized(res);
        const cert = (req.socket as TLSSocket).getPeerCertificate();
        const o = cert.subject?.O;
        const user = { username: String(cert.subject?.CN ?? 'user'), groups: Array.isArray(o) ? o : o ? [o] : [] };
        void handleKubeRequest(context(entry, addressOf(server), user), req, res);
      },
    );
    server.on('connection', (s: Socket) => {
      entry.sockets.add(s);
      s.on('close', () => entry.sockets.delete(s));
    });
    const listen = (port: number) =>
      new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve();
        });
      });
    // The same port as last time keeps the server address of issued kubeconfigs valid across restarts.
    const previous = Number(store.get(portKey(entry.info.id)) ?? 0);
    try {
      await listen(Number.isInteger(previous) && previous > 0 ? previous : 0);
    } catch (err) {
      if (previous > 0 && (err as NodeJS.ErrnoException).code === 'EADDRINUSE') await listen(0);
      else throw err;
    }
    store.set(portKey(entry.info.id), String((server.address() as AddressInfo).port));
    entry.server = server;
    return { server: `https://${addressOf(server)}`, caPem: clusterCa.certPem };
  }

  function addressOf(server: Server): string {
    const a = server.address() as AddressInfo;
    return a.family === 'IPv6' || a.address.includes(':') ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
  }

  function entryFor(cluster: { id: string; name: string; version: string }): ClusterEntry {
    let entry = clusters.get(cluster.id);
    if (!entry) {
      entry = { info: { ...cluster }, objects: new ClusterObjects(cluster, { now }), openapi: new OpenApiDocuments(versionOf(cluster.version)), sockets: new Set() };
      clusters.set(cluster.id, entry);
      const addons = pendingAddons.get(cluster.id);
      if (addons) {
        entry.objects.setAddonWorkloads(addons);
        pendingAddons.delete(cluster.id);
      }
    }
    return entry;
  }

  async function close(entry: ClusterEntry): Promise<void> {
    const server = entry.server;
    if (!server) return;
    entry.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of entry.sockets) s.destroy();
    });
  }

  return {
    ensureCluster(cluster) {
      if (stopped) return Promise.reject(new Error('the Kubernetes API hub is stopped'));
      const entry = entryFor(cluster);
      if (!entry.started) {
        entry.started = start(entry);
        entry.started.catch(() => {
          entry.started = undefined;
        });
      }
      return entry.started;
    },

    async removeCluster(clusterId) {
      const entry = clusters.get(clusterId);
      clusters.delete(clusterId);
      pendingAddons.delete(clusterId);
      cas.delete(clusterId);
      // A deleted cluster's certificates must never work again, even for a re-used id.
      store.set(caKey(clusterId), '');
      store.set(portKey(clusterId), '');
      if (entry) {
        await entry.started?.catch(() => undefined);
        await close(entry);
      }
    },

    async issueClientCert(clusterId, days) {
      const entry = clusters.get(clusterId);
      const clusterCa = await ca(clusterId, entry?.info.name ?? clusterId);
      return issueClientCert(clusterCa, days);
    },

    setAddonWorkloads(clusterId, addons) {
      const entry = clusters.get(clusterId);
      if (entry) entry.objects.setAddonWorkloads(addons);
      else pendingAddons.set(clusterId, addons);
    },

    handleGatewayRequest(clusterId, req, res) {
      const entry = clusters.get(clusterId);
      if (!entry) {
        const text = JSON.stringify(statusBody(404, 'NotFound', `the Kubernetes API of cluster "${clusterId}" is not available`));
        res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      const address = req.headers.host ?? host;
      // The gateway has authenticated the caller with IAM; it acts as the cluster's administrator.
      void handleKubeRequest(context(entry, address, { username: 'iam-user', groups: ['system:masters'] }), req, res);
    },

    objectsOf(clusterId) {
      return clusters.get(clusterId)?.objects;
    },

    async stop() {
      stopped = true;
      const entries = [...clusters.values()];
      await Promise.all(entries.map(async (e) => {
        await e.started?.catch(() => undefined);
        await close(e);
      }));
    },
  };
}
