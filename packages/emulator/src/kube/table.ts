import type { KubeObject } from './cluster.js';
import type { ResourceType } from './resources.js';

/** kubectl asks for `as=Table` to print server-side columns; plain clients get ordinary lists. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

export function age(timestamp: string | undefined, now = Date.now()): string {
  if (!timestamp) return '<unknown>';
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

interface Column {
  name: string;
  type: string;
  cell: (o: KubeObject) => string | number;
}

const col = (name: string, cell: Column['cell'], type = 'string'): Column => ({ name, type, cell });

function columnsFor(kind: string): Column[] {
  switch (kind) {
    case 'Namespace':
      return [col('Status', (o) => o.status?.phase ?? '')];
    case 'Pod':
      return [
        col('Ready', (o) => {
          const cs: KubeObject[] = o.status?.containerStatuses ?? [];
          return `${cs.filter((c) => c.ready).length}/${(o.spec?.containers ?? []).length}`;
        }),
        col('Status', (o) => o.status?.phase ?? ''),
        col('Restarts', (o) => (o.status?.containerStatuses ?? []).reduce((n: number, c: KubeObject) => n + (c.restartCount ?? 0), 0), 'integer'),
      ];
    case 'Deployment':
      return [
        col('Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`),
        col('Up-to-date', (o) => o.status?.updatedReplicas ?? 0, 'integer'),
        col('Available', (o) => o.status?.availableReplicas ?? 0, 'integer'),
      ];
    case 'StatefulSet':
      return [col('Ready', (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 0}`)];
    case 'ReplicaSet':
    case 'ReplicationController':
      return [
        col('Desired', (o) => o.spec?.replicas ?? 0, 'integer'),
        col('Current', (o) => o.status?.replicas ?? 0, 'integer'),
        col('Ready', (o) => o.status?.readyReplicas ?? 0, 'integer'),
      ];
    case 'Service':
      return [
        col('Type', (o) => o.spec?.type ?? ''),
        col('Cluster-IP', (o) => o.spec?.clusterIP ?? ''),
        col('External-IP', (o) => (o.status?.loadBalancer?.ingress ?? []).map((i: KubeObject) => i.ip ?? i.hostname).join(',') || '<none>'),
        col('Port(s)', (o) => (o.spec?.ports ?? []).map((p: KubeObject) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',') || '<none>'),
      ];
    case 'ConfigMap':
      return [col('Data', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, 'integer')];
    case 'Secret':
      return [col('Type', (o) => o.type ?? 'Opaque'), col('Data', (o) => Object.keys(o.data ?? {}).length + Object.keys(o.stringData ?? {}).length, 'integer')];
    case 'Job':
      return [col('Completions', (o) => `${o.status?.succeeded ?? 0}/${o.spec?.completions ?? 1}`)];
    case 'CronJob':
      return [col('Schedule', (o) => o.spec?.schedule ?? ''), col('Suspend', (o) => String(o.spec?.suspend ?? false))];
    case 'PersistentVolumeClaim':
      return [col('Status', (o) => o.status?.phase ?? ''), col('Volume', (o) => o.spec?.volumeName ?? '')];
    case 'PersistentVolume':
      return [col('Capacity', (o) => o.spec?.capacity?.storage ?? ''), col('Status', (o) => o.status?.phase ?? '')];
    default:
      return [];
  }
}

export function renderTable(type: ResourceType, list: KubeObject, now = Date.now()): KubeObject {
  const columns = [col('Name', (o) => o.metadata?.name ?? ''), ...columnsFor(type.kind), col('Age', (o) => age(o.metadata?.creationTimestamp, now))];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: list.metadata?.resourceVersion },
    columnDefinitions: columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      format: i === 0 ? 'name' : '',
      description: '',
      priority: 0,
    })),
    rows: (list.items as KubeObject[]).map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
