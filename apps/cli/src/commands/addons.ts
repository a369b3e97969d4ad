import type { Command } from 'commander';
import { waitForAddonDeleted, waitForAddonRunning } from '@cce-autopilot/client';
import type { AddonInstance } from '@cce-autopilot/models';
import { columns, pick, type CliContext, type Column } from '../context.js';
import { addGroup, addOperationCommand, compact, isPlainObject, optString, pathParam } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;

const addonColumns = columns(['ID', 'metadata.uid'], ['NAME', 'metadata.name'], ['TEMPLATE', 'spec.addonTemplateName'], ['VERSION', 'spec.version'], ['STATUS', 'status.status'], ['CLUSTER', 'spec.clusterID', 'wide'], ['CREATED', 'metadata.creationTimestamp', 'time', 'wide']);
const templateColumns: Column[] = [
  ...columns(['NAME', 'metadata.name'], ['TYPE', 'spec.type']),
  {
    header: 'VERSIONS',
    get: (row) => {
      const versions = pick(row, 'spec.versions');
      return Array.isArray(versions) ? versions.map((v) => pick(v, 'version')).filter((v) => typeof v === 'string').join(', ') : undefined;
    },
  },
  ...columns(['DESCRIPTION', 'spec.description']),
];

const instanceOptions = [
  ['--cluster-id <id>', 'cluster to install into (spec.clusterID)'],
  ['--template <name>', 'add-on template name, e.g. coredns (spec.addonTemplateName)'],
  ['--addon-version <version>', 'add-on version, e.g. 1.28.6 (spec.version)'],
  ['--values <file>', 'YAML/JSON file with the add-on values (spec.values)'],
] as const;

function instanceBody(kind: 'install' | 'upgrade') {
  return (o: Opts) => {
    if (!['clusterId', 'template', 'addonVersion', 'values'].some((k) => o[k] !== undefined)) return undefined;
    return compact({
      kind: 'Addon',
      apiVersion: 'v3',
      metadata: { annotations: kind === 'install' ? { 'addon.install/type': 'install' } : { 'addon.upgrade/type': 'upgrade' } },
      spec: { clusterID: str(o, 'clusterId'), addonTemplateName: str(o, 'template'), version: str(o, 'addonVersion') },
    });
  };
}

/** Fills spec.values from --values after the flags were merged over --file (default: empty). */
async function withValues(ctx: CliContext, opts: Opts, base: Record<string, unknown>): Promise<Record<string, unknown>> {
  // The body is the run-time input (argv and --file), checked by the catalogue's request schema.
  const body = isPlainObject(base['body']) ? base['body'] : {};
  const spec = isPlainObject(body['spec']) ? body['spec'] : {};
  const file = str(opts, 'values');
  const values = (file === undefined ? undefined : await ctx.readMappingFile(file, '--values')) ?? spec['values'] ?? {};
  return { ...base, body: { ...body, spec: { ...spec, values } } };
}

/** Install, update and rollback all answer the instance (AddonInstance). */
function waitRunning(c: CliContext, result: AddonInstance, input: Record<string, unknown>, opts: Opts): Promise<unknown> {
  const id = result.metadata?.uid;
  const clusterId = result.spec?.clusterID ?? pick(input, 'body.spec.clusterID') ?? pick(input, 'body.clusterID');
  if (typeof id !== 'string' || typeof clusterId !== 'string') throw new Error('the answer carries no metadata.uid / spec.clusterID to wait for');
  return waitForAddonRunning(c.client(), id, clusterId, c.waitOptions(str(opts, 'waitTimeout')));
}

export function registerAddons(program: Command, ctx: CliContext): void {
  const addons = addGroup(program, 'addons', 'Add-on templates and add-on instances', 'cce-autopilot addons list --cluster-id 6ed7a4e0-...');
  addOperationCommand(addons, ctx, { name: 'templates', operation: 'ListAutopilotAddonTemplates', example: 'cce-autopilot addons templates --addon-template-name coredns --output yaml', columns: templateColumns });
  addOperationCommand(addons, ctx, {
    name: 'install',
    operation: 'CreateAutopilotAddonInstance',
    example: 'cce-autopilot addons install --cluster-id 6ed7a4e0-... --template coredns --addon-version 1.28.6 --values coredns.yaml --wait',
    bodyOptions: instanceOptions,
    body: instanceBody('install'),
    referenceOptions: [['clusterId', 'cluster_id']],
    input: (c, opts, base) => withValues(c, opts, base),
    columns: addonColumns,
    lostAnswer: {
      what: (input) => `add-on ${String(pick(input, 'body.spec.addonTemplateName') ?? '?')} in cluster ${String(pick(input, 'body.spec.clusterID') ?? '?')}`,
      check: (input) => `addons list --cluster-id ${String(pick(input, 'body.spec.clusterID') ?? '<cluster-id>')}`,
      find: async (c, input) => {
        const clusterId = pick(input, 'body.spec.clusterID');
        const template = pick(input, 'body.spec.addonTemplateName');
        if (typeof clusterId !== 'string') return undefined;
        const list = await c.client().request('ListAutopilotAddonInstances', { cluster_id: clusterId });
        return list.items.find((item) => item.spec?.addonTemplateName === template);
      },
    },
    wait: waitRunning,
  });
  addOperationCommand(addons, ctx, {
    name: 'update',
    operation: 'UpdateAutopilotAddonInstance',
    example: 'cce-autopilot addons update 2b7e3c1a-... --cluster-id 6ed7a4e0-... --template coredns --addon-version 1.30.1 --values coredns.yaml --wait',
    bodyOptions: instanceOptions,
    body: instanceBody('upgrade'),
    referenceOptions: [['clusterId', 'cluster_id']],
    input: (c, opts, base) => withValues(c, opts, base),
    columns: addonColumns,
    wait: waitRunning,
  });
  addOperationCommand(addons, ctx, {
    name: 'rollback',
    operation: 'RollbackAutopilotAddonInstance',
    destructive: true,
    example: 'cce-autopilot addons rollback 2b7e3c1a-... --cluster-id 6ed7a4e0-... --wait',
    bodyOptions: [['--cluster-id <id>', 'cluster of the add-on (clusterID)']],
    body: (o) => (str(o, 'clusterId') === undefined ? undefined : { clusterID: str(o, 'clusterId') }),
    referenceOptions: [['clusterId', 'cluster_id']],
    columns: addonColumns,
    wait: waitRunning,
  });
  addOperationCommand(addons, ctx, {
    name: 'delete',
    operation: 'DeleteAutopilotAddonInstance',
    example: 'cce-autopilot addons delete 2b7e3c1a-... --cluster-id 6ed7a4e0-... --wait',
    wait: async (c, result, input, opts) => {
      // cluster_id is an optional query parameter of the delete and of the show the waiter polls.
      const clusterId = input['cluster_id'];
      await waitForAddonDeleted(c.client(), pathParam(input, 'id'), typeof clusterId === 'string' ? clusterId : undefined, c.waitOptions(str(opts, 'waitTimeout')));
      return result;
    },
  });
  addOperationCommand(addons, ctx, { name: 'get', operation: 'ShowAutopilotAddonInstance', example: 'cce-autopilot addons get 2b7e3c1a-... --cluster-id 6ed7a4e0-...', columns: addonColumns });
  addOperationCommand(addons, ctx, { name: 'list', operation: 'ListAutopilotAddonInstances', example: 'cce-autopilot addons list --cluster-id 6ed7a4e0-...', columns: addonColumns });
}
