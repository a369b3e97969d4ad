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
  priority: number;
}

const col = (name: string, cell: Column['cell'], type = 'string', priority = 0): Column => ({ name, type, cell, priority });
/** Priority 1 columns are what `-o wide` adds. */
const wide = (name: string, cell: Column['cell']): Column => col(name, cell, 'string', 1);

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
    case 'Pod/wide':
      return [
        wide('IP', (o) => o.status?.podIP ?? '<none>'),
        wide('Node', (o) => o.spec?.nodeName ?? '<none>'),
        wide('Nominated Node', () => '<none>'),
        wide('Readiness Gates', () => '<none>'),
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
    case 'StorageClass':
      return [
        col('Provisioner', (o) => o.provisioner ?? ''),
        col('ReclaimPolicy', (o) => o.reclaimPolicy ?? 'Delete'),
        col('VolumeBindingMode', (o) => o.volumeBindingMode ?? 'Immediate'),
        col('AllowVolumeExpansion', (o) => String(o.allowVolumeExpansion ?? false)),
      ];
    case 'DaemonSet':
      return [
        col('Desired', (o) => o.status?.desiredNumberScheduled ?? 0, 'integer'),
        col('Current', (o) => o.status?.currentNumberScheduled ?? 0, 'integer'),
        col('Ready', (o) => o.status?.numberReady ?? 0, 'integer'),
        col('Up-to-date', (o) => o.status?.updatedNumberScheduled ?? 0, 'integer'),
        col('Available', (o) => o.status?.numberAvailable ?? 0, 'integer'),
        col('Node Selector', (o) => Object.entries(o.spec?.template?.spec?.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'),
      ];
    case 'HorizontalPodAutoscaler':
      return [
        col('Reference', (o) => `${o.spec?.scaleTargetRef?.kind ?? ''}/${o.spec?.scaleTargetRef?.name ?? ''}`),
        col('Targets', (o) => (o.spec?.metrics ?? []).map((m: KubeObject) => `${m.resource?.name ?? m.type}: <unknown>/${m.resource?.target?.averageUtilization ?? '?'}%`).join(', ') || '<none>'),
        col('MinPods', (o) => o.spec?.minReplicas ?? 1, 'integer'),
        col('MaxPods', (o) => o.spec?.maxReplicas ?? 0, 'integer'),
        col('Replicas', (o) => o.status?.currentReplicas ?? 0, 'integer'),
      ];
    case 'PodDisruptionBudget':
      return [
        col('Min Available', (o) => String(o.spec?.minAvailable ?? 'N/A')),
        col('Max Unavailable', (o) => String(o.spec?.maxUnavailable ?? 'N/A')),
        col('Allowed Disruptions', (o) => o.status?.disruptionsAllowed ?? 0, 'integer'),
      ];
    case 'ServiceAccount':
      return [col('Secrets', (o) => (o.secrets ?? []).length, 'integer')];
    case 'Endpoints':
      return [col('Endpoints', (o) => (o.subsets ?? []).flatMap((s: KubeObject) => (s.addresses ?? []).flatMap((a: KubeObject) => (s.ports ?? [{}]).map((p: KubeObject) => (p.port ? `${a.ip}:${p.port}` : a.ip)))).join(',') || '<none>')];
    case 'EndpointSlice':
      return [
        col('AddressType', (o) => o.addressType ?? ''),
        col('Ports', (o) => (o.ports ?? []).map((p: KubeObject) => p.port).join(',') || '<unset>'),
        col('Endpoints', (o) => (o.endpoints ?? []).flatMap((e: KubeObject) => e.addresses ?? []).join(',') || '<unset>'),
      ];
    case 'CustomResourceDefinition':
      return [col('Created At', (o) => o.metadata?.creationTimestamp ?? '', 'date')];
    default:
      return [];
  }
}

/** `kubectl get events`: the apiserver's event columns, without a Name column. */
function eventColumns(now: number): Column[] {
  return [
    col('Last Seen', (o) => age(o.lastTimestamp ?? o.eventTime ?? o.metadata?.creationTimestamp, now)),
    col('Type', (o) => o.type ?? ''),
    col('Reason', (o) => o.reason ?? ''),
    col('Object', (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`),
    col('Message', (o) => o.message ?? o.note ?? ''),
  ];
}

function nameOf(type: ResourceType, o: KubeObject): string {
  const name = o.metadata?.name ?? '';
  // Upstream's printer marks the default StorageClass in its name cell.
  if (type.kind === 'StorageClass' && o.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true') return `${name} (default)`;
  return name;
}

export function renderTable(type: ResourceType, list: KubeObject, now = Date.now()): KubeObject {
  const columns = type.kind === 'Event'
    ? eventColumns(now)
    : [col('Name', (o) => nameOf(type, o)), ...columnsFor(type.kind), col('Age', (o) => age(o.metadata?.creationTimestamp, now)), ...columnsFor(`${type.kind}/wide`)];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion: list.metadata?.resourceVersion },
    columnDefinitions: columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      format: i === 0 ? 'name' : '',
      description: '',
      priority: c.priority,
    })),
    rows: (list.items as KubeObject[]).map((o) => ({
      cells: columns.map((c) => c.cell(o)),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
