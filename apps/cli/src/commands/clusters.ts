import type { Command } from 'commander';
import { waitForClusterAvailable, waitForClusterDeleted, waitForJob } from '@cce-autopilot/client';
import { columns, pick, UsageError, type CliContext } from '../context.js';
import { addGroup, addOperationCommand, compact, optString, optStrings, pathParam } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;
const any = (opts: Opts, ...keys: string[]) => keys.some((k) => opts[k] !== undefined);

const clusterColumns = columns(['NAME', 'metadata.name'], ['ID', 'metadata.uid'], ['VERSION', 'spec.version'], ['PHASE', 'status.phase'], ['CREATED', 'metadata.creationTimestamp', 'time'], ['FLAVOR', 'spec.flavor', 'wide'], ['VPC', 'spec.hostNetwork.vpc', 'wide'], ['SUBNET', 'spec.hostNetwork.subnet', 'wide'], ['DESCRIPTION', 'spec.description', 'wide']);
const jobColumns = columns(['ID', 'metadata.uid'], ['TYPE', 'spec.type'], ['PHASE', 'status.phase'], ['REASON', 'status.reason'], ['CLUSTER', 'spec.clusterUID', 'wide'], ['CREATED', 'metadata.creationTimestamp', 'time', 'wide']);

function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `key=value` pairs of --tag; the value may be empty but the `=` may not be left out. */
export function parseTags(values: readonly string[]): { key: string; value: string }[] {
  return values.map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--tag "${pair}" must be key=value (the value may be empty: key=)`);
    return { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
}

export function registerClusters(program: Command, ctx: CliContext): void {
  const clusters = addGroup(program, 'clusters', 'Autopilot clusters: list, get, create, update, delete, endpoints, EIP, certificate', 'cce-autopilot clusters list --output json');
  addOperationCommand(clusters, ctx, { name: 'list', operation: 'ListAutopilotClusters', example: 'cce-autopilot clusters list --status Available', columns: clusterColumns });
  addOperationCommand(clusters, ctx, { name: 'get', operation: 'ShowAutopilotCluster', example: 'cce-autopilot clusters get 6ed7a4e0-... --output yaml', columns: clusterColumns });
  addOperationCommand(clusters, ctx, {
    name: 'create',
    operation: 'CreateAutopilotCluster',
    example: 'cce-autopilot clusters create --name demo --version v1.28 --vpc <vpc-id> --subnet <subnet-network-id> --eni-subnet <ipv4-subnet-id> --wait',
    bodyOptions: [
      ['--name <name>', 'cluster name (metadata.name)'],
      ['--version <version>', 'Kubernetes version, e.g. v1.28 (spec.version)'],
      ['--vpc <id>', 'VPC ID (spec.hostNetwork.vpc)'],
      ['--subnet <id>', 'subnet network ID of the control plane (spec.hostNetwork.subnet)'],
      ['--eni-subnet <id>', 'IPv4 subnet ID for pod ENIs (spec.eniNetwork.subnets[0].subnetID)'],
      ['--flavor <flavor>', 'cluster flavor (spec.flavor), default cce.autopilot.cluster'],
      ['--description <text>', 'description (spec.description)'],
    ],
    body: (o) => {
      if (!any(o, 'name', 'version', 'vpc', 'subnet', 'eniSubnet', 'flavor', 'description')) return undefined;
      const eniSubnet = str(o, 'eniSubnet');
      return compact({
        kind: 'Cluster',
        apiVersion: 'v3',
        metadata: { name: str(o, 'name') },
        spec: {
          flavor: str(o, 'flavor') ?? 'cce.autopilot.cluster',
          version: str(o, 'version'),
          description: str(o, 'description'),
          hostNetwork: { vpc: str(o, 'vpc'), subnet: str(o, 'subnet') },
          containerNetwork: { mode: 'eni' },
          ...(eniSubnet === undefined ? {} : { eniNetwork: { subnets: [{ subnetID: eniSubnet }] } }),
        },
      });
    },
    columns: clusterColumns,
    lostAnswer: {
      what: (input) => `cluster "${String(pick(input['body'], 'metadata.name') ?? '?')}"`,
      check: () => 'clusters list',
      find: async (c, input) => {
        const name = pick(input['body'], 'metadata.name');
        const list = await c.client().request('ListAutopilotClusters', {});
        return list.items.find((item) => item.metadata.name === name);
      },
    },
    wait: (c, result, _input, opts) => {
      // The answer is not checked by the client: a server leaving out metadata gets the clear error below.
      const id = result.metadata?.uid;
      if (id === undefined) throw new Error('the create answer carries no metadata.uid to wait for');
      return waitForClusterAvailable(c.client(), id, c.waitOptions(str(opts, 'waitTimeout')));
    },
  });
  addOperationCommand(clusters, ctx, {
    name: 'update',
    operation: 'UpdateAutopilotCluster',
    example: 'cce-autopilot clusters update 6ed7a4e0-... --description "team A"',
    bodyOptions: [
      ['--description <text>', 'new description (spec.description)'],
      ['--alias <alias>', 'new display name (metadata.alias)'],
    ],
    body: (o) => (any(o, 'description', 'alias') ? compact({ spec: { description: str(o, 'description') }, metadata: { alias: str(o, 'alias') } }) ?? {} : undefined),
    columns: clusterColumns,
  });
  addOperationCommand(clusters, ctx, {
    name: 'delete',
    operation: 'DeleteAutopilotCluster',
    example: 'cce-autopilot clusters delete my-cluster --yes --wait',
    columns: clusterColumns,
    wait: async (c, _result, input, opts) => {
      await waitForClusterDeleted(c.client(), pathParam(input, 'cluster_id'), c.waitOptions(str(opts, 'waitTimeout')));
      return { cluster_id: input['cluster_id'], deleted: true };
    },
  });
  addOperationCommand(clusters, ctx, { name: 'endpoints', operation: 'ShowAutopilotClusterEndpoints', example: 'cce-autopilot clusters endpoints 6ed7a4e0-...' });
  addOperationCommand(clusters, ctx, {
    name: 'cert',
    operation: 'CreateAutopilotKubernetesClusterCert',
    summary: 'Get a kubeconfig certificate for the cluster (see also `kubeconfig`)',
    example: 'cce-autopilot clusters cert 6ed7a4e0-... --duration 30 --output yaml > kubeconfig.yaml',
    bodyOptions: [['--duration <days>', 'validity in days, 1-1827, or -1 for the maximum (default -1)']],
    body: (o) => {
      const raw = str(o, 'duration') ?? '-1';
      const duration = Number(raw);
      if (!Number.isInteger(duration)) throw new UsageError(`--duration must be a whole number of days; got "${raw}"`);
      return { duration };
    },
  });
  const eip = addGroup(clusters, 'eip', 'Bind or unbind the public (EIP) address of the API server', 'cce-autopilot clusters eip bind 6ed7a4e0-... --eip-id 2d2e6f1a-...');
  addOperationCommand(eip, ctx, {
    name: 'bind',
    operation: 'UpdateAutopilotClusterEip',
    summary: 'Bind an EIP to the cluster API server',
    example: 'cce-autopilot clusters eip bind 6ed7a4e0-... --eip-id 2d2e6f1a-...',
    bodyOptions: [['--eip-id <id>', 'ID of the EIP to bind (spec.spec.id)']],
    body: (o) => (str(o, 'eipId') === undefined ? undefined : { spec: { action: 'bind' as const, spec: { id: str(o, 'eipId') } } }),
  });
  addOperationCommand(eip, ctx, {
    name: 'unbind',
    operation: 'UpdateAutopilotClusterEip',
    summary: 'Unbind the EIP from the cluster API server',
    destructive: true,
    example: 'cce-autopilot clusters eip unbind 6ed7a4e0-...',
    body: () => ({ spec: { action: 'unbind' as const } }),
  });

  const jobs = addGroup(program, 'jobs', 'Jobs behind cluster creation and deletion (kept only a short time)', 'cce-autopilot jobs get 8a0cd3a4-... --wait');
  addOperationCommand(jobs, ctx, {
    name: 'get',
    operation: 'ShowAutopilotJob',
    example: 'cce-autopilot jobs get 8a0cd3a4-... --wait',
    columns: jobColumns,
    wait: (c, _result, input, opts) => waitForJob(c.client(), pathParam(input, 'job_id'), c.waitOptions(str(opts, 'waitTimeout'))),
  });

  addOperationCommand(program, ctx, { name: 'quotas', operation: 'ShowAutopilotQuotas', summary: 'Show the CCE resource quotas of the project', example: 'cce-autopilot quotas --output json' });

  const tags = addGroup(program, 'tags', 'Cluster resource tags', 'cce-autopilot tags add 6ed7a4e0-... --tag env=prod --tag team=a');
  addOperationCommand(tags, ctx, {
    name: 'add',
    operation: 'BatchCreateAutopilotClusterTags',
    example: 'cce-autopilot tags add 6ed7a4e0-... --tag env=prod --tag team=a',
    bodyOptions: [],
    body: (o) => {
      const tags = optStrings(o, 'tag');
      return tags === undefined ? undefined : { tags: parseTags(tags) };
    },
  }).option('--tag <key=value>', 'a tag to add (repeatable)', repeatable);
  addOperationCommand(tags, ctx, {
    name: 'remove',
    operation: 'BatchDeleteAutopilotClusterTags',
    destructive: true,
    example: 'cce-autopilot tags remove 6ed7a4e0-... --key env',
    body: (o) => {
      const keys = optStrings(o, 'key');
      return keys === undefined ? undefined : { tags: keys.map((key) => ({ key })) };
    },
  }).option('--key <key>', 'a tag key to remove (repeatable)', repeatable);
}
