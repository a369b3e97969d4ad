// Task tools beside the operations: what an agent would otherwise piece together from several
// calls (a name to an id, a kubeconfig, values checked against their schema, waiting for a phase).
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { stringify as toYaml } from 'yaml';
import {
  waitForAddonDeleted,
  waitForAddonRunning,
  waitForClusterAvailable,
  waitForClusterDeleted,
  waitForJob,
  waitForReleaseDeleted,
  waitForReleaseDeployed,
  waitForUpgradeTask,
  type CceClient,
  type WaitOptions,
} from '@cce-autopilot/client';
import { mergeClusterCert, KubeconfigConflictError, KubeconfigParseError, ClusterCertError, type ClusterCertAnswer, type EndpointKind } from '@cce-autopilot/kubeconfig';
import { severityName, ValuesLanguageService } from '@cce-autopilot/values';
import type { CliContext } from '../context.js';
import { resolveCluster } from '../commands/kubeconfig.js';
import { resolveSchema } from '../commands/values-run.js';
import type { AccessLevel, JsonSchemaObject, ToolAnnotations } from './catalogue-tools.js';
import { okResult, ToolInputError, type Sanitizer } from './results.js';

export interface ToolCallContext {
  readonly ctx: CliContext;
  readonly client: CceClient;
  readonly signal: AbortSignal;
  readonly log: (message: string) => void;
  /** Reports progress to the client when it asked for it (a progress token). */
  readonly progress: (message: string, step: number) => void;
}

export interface TaskTool {
  readonly name: string;
  readonly access: AccessLevel;
  readonly annotations: ToolAnnotations;
  readonly description: string;
  readonly inputSchema: JsonSchemaObject;
  readonly outputSchema: JsonSchemaObject;
  run(args: Record<string, unknown>, call: ToolCallContext, sanitizer: Sanitizer): Promise<CallToolResult>;
}

function str(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function need(args: Record<string, unknown>, key: string, why: string): string {
  const value = str(args, key);
  if (value === undefined) throw new ToolInputError(`"${key}" is required ${why}`);
  return value;
}

function only(args: Record<string, unknown>, schema: JsonSchemaObject, tool: string): void {
  const known = Object.keys((schema['properties'] as Record<string, unknown>) ?? {});
  const extra = Object.keys(args).filter((k) => !known.includes(k));
  if (extra.length) throw new ToolInputError(`${tool} takes no argument ${extra.map((k) => `"${k}"`).join(', ')}; it takes ${known.join(', ')}`);
}

const readOnly = (title: string): ToolAnnotations => ({ title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });


const clusterSummarySchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, phase: { type: 'string' }, version: { type: 'string' } },
  required: ['id', 'name'],
};

const findCluster: TaskTool = {
  name: 'find_cluster',
  access: 'readonly',
  annotations: readOnly('Find a cluster by name'),
  description: 'Find clusters by name (exact, else by part of the name) in the current region and project; answers their ids, phases and versions. Use the id for the other tools.',
  inputSchema: {
    type: 'object',
    properties: { name: { type: 'string', description: 'Cluster name, or a part of it.' } },
    required: ['name'],
    additionalProperties: false,
  },
  outputSchema: { type: 'object', properties: { region: { type: 'string' }, clusters: { type: 'array', items: clusterSummarySchema } }, required: ['region', 'clusters'] },
  async run(args, call, sanitizer) {
    only(args, this.inputSchema, this.name);
    const name = need(args, 'name', 'to find a cluster');
    const list = await call.client.listAutopilotClusters({}, { signal: call.signal });
    const all = (list.items ?? []).map((c) => ({
      id: c.metadata?.uid ?? '',
      name: c.metadata?.name ?? '',
      ...(c.status?.phase ? { phase: c.status.phase } : {}),
      ...(c.spec?.version ? { version: c.spec.version } : {}),
    }));
    const exact = all.filter((c) => c.name === name);
    const found = exact.length ? exact : all.filter((c) => c.name.toLowerCase().includes(name.toLowerCase()));
    const region = call.client.region;
    const summary = found.length
      ? `${found.length} cluster${found.length === 1 ? '' : 's'} ${exact.length ? 'named' : 'matching'} "${name}" in ${region}: ${found.map((c) => `${c.name} (id ${c.id}${c.phase ? `, ${c.phase}` : ''})`).join('; ')}.`
      : `No cluster named "${name}" in ${region}; clusters there: ${all.map((c) => c.name).join(', ') || 'none'}.`;
    return okResult(sanitizer, summary, { region, clusters: found });
  },
};

const setUpKubeconfig: TaskTool = {
  name: 'set_up_kubeconfig',
  access: 'admin',
  annotations: { title: 'Set up kubeconfig for a cluster', readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  description:
    'Fetch a client certificate for a cluster (CreateAutopilotKubernetesClusterCert) and merge it into a kubeconfig file (backup, lock, entries named per cluster; re-running replaces them). ' +
    'Answers the file path and context name, never the key: use `kubectl --context <context>`.',
  inputSchema: {
    type: 'object',
    properties: {
      cluster: { type: 'string', description: 'Cluster name or id.' },
      endpoint: { type: 'string', enum: ['internal', 'external'], description: 'API server address: internal (in the VPC, default) or external (public).' },
      duration_days: { type: 'integer', description: 'Certificate validity in days, 1-1827, or -1 for 5 years. Default 365.' },
      kubeconfig: { type: 'string', description: 'The kubeconfig file to write (default: first KUBECONFIG file, else ~/.kube/config).' },
      set_current: { type: 'boolean', description: 'Make the new context the current one (default false).' },
      context_name: { type: 'string', description: 'Name of the context (default cce-<region>-<cluster>-<endpoint>).' },
      on_conflict: { type: 'string', enum: ['fail', 'rename'], description: 'When an entry not made for this cluster has the name: fail (default) or rename the new one.' },
    },
    required: ['cluster'],
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: {
      file: { type: 'string' },
      context: { type: 'string' },
      cluster: clusterSummarySchema,
      endpoint: { type: 'string' },
      currentContext: { type: ['string', 'null'] },
      changed: { type: 'boolean' },
      certificateExpiresAt: { type: ['string', 'null'] },
      backup: { type: 'string' },
    },
    required: ['file', 'context', 'cluster', 'endpoint', 'changed'],
  },
  async run(args, call, sanitizer) {
    only(args, this.inputSchema, this.name);
    const ref = need(args, 'cluster', '(a cluster name or id)');
    const days = args['duration_days'] ?? 365;
    if (typeof days !== 'number' || !Number.isInteger(days) || (days !== -1 && (days < 1 || days > 1827))) {
      throw new ToolInputError(`duration_days must be a whole number of days from 1 to 1827, or -1; got ${JSON.stringify(days)}`);
    }
    const given = str(args, 'endpoint') ?? 'internal';
    if (given !== 'internal' && given !== 'external') throw new ToolInputError(`endpoint must be internal or external; got "${given}"`);
    const endpoint: EndpointKind = given;
    const onConflict = str(args, 'on_conflict') ?? 'fail';
    if (onConflict !== 'fail' && onConflict !== 'rename') throw new ToolInputError(`on_conflict must be fail or rename; got "${onConflict}"`);
    const cluster = await resolveCluster(call.ctx, ref);
    const answer: ClusterCertAnswer = await call.client.createAutopilotKubernetesClusterCert({ cluster_id: cluster.id, body: { duration: days } }, { signal: call.signal });
    const env = call.ctx.io.env;
    const home = env['HOME'] ?? env['USERPROFILE'];
    let result;
    try {
      result = await mergeClusterCert({
        env,
        ...(home ? { homedir: home } : {}),
        ...(str(args, 'kubeconfig') ? { path: str(args, 'kubeconfig') } : {}),
        answer,
        cluster: { id: cluster.id, name: cluster.name, region: call.client.region },
        endpoint,
        setCurrent: args['set_current'] === true,
        onConflict,
        ...(str(args, 'context_name') ? { contextName: str(args, 'context_name') } : {}),
      });
    } catch (error) {
      if (error instanceof KubeconfigParseError || error instanceof KubeconfigConflictError || error instanceof ClusterCertError) throw new ToolInputError(error.message);
      throw error;
    }
    for (const warning of result.warnings) call.log(`set_up_kubeconfig: ${warning}`);
    const expires = result.certificateExpiresAt ? result.certificateExpiresAt.toISOString() : null;
    const structured = {
      file: result.path,
      context: result.contextName,
      cluster: { id: cluster.id, name: cluster.name, ...(cluster.phase ? { phase: cluster.phase } : {}) },
      endpoint,
      currentContext: result.currentContext ?? null,
      changed: result.changed,
      certificateExpiresAt: expires,
      ...(result.backup ? { backup: result.backup } : {}),
    };
    return okResult(
      sanitizer,
      `${result.changed ? 'Wrote' : 'Unchanged'} ${result.path}: context ${result.contextName} for cluster ${cluster.name}${expires ? `; certificate expires ${expires}` : ''}. Try: kubectl --kubeconfig ${result.path} --context ${result.contextName} get namespaces`,
      structured,
    );
  },
};

const validateValues: TaskTool = {
  name: 'validate_values',
  access: 'readonly',
  annotations: readOnly('Validate addon or chart values'),
  description:
    'Check addon or chart values against the schema derived from the addon template version (ListAutopilotAddonTemplates) or the chart (its values.schema.json, else its default values). ' +
    'Answers each problem with line, column and message. Validate before CreateAutopilotAddonInstance, UpdateAutopilotAddonInstance or CreateAutopilotRelease.',
  inputSchema: {
    type: 'object',
    properties: {
      addon: { type: 'string', description: 'Addon template name, e.g. coredns (with version).' },
      version: { type: 'string', description: 'Addon template version, e.g. 1.28.6.' },
      chart_id: { type: 'string', description: 'Chart id (instead of addon/version).' },
      values: { type: 'object', description: 'The values as an object (the `basic`/`custom`/`flavor` mapping of an addon, or chart values).' },
      values_yaml: { type: 'string', description: 'The values as YAML text (instead of values); line numbers refer to it.' },
      lang: { type: 'string', enum: ['en', 'zh-CN'], description: 'Language of the messages (default en).' },
    },
    additionalProperties: false,
  },
  outputSchema: {
    type: 'object',
    properties: {
      schema: { type: ['string', 'null'] },
      valid: { type: 'boolean' },
      errors: { type: 'integer' },
      warnings: { type: 'integer' },
      problems: {
        type: 'array',
        items: {
          type: 'object',
          properties: { line: { type: 'integer' }, column: { type: 'integer' }, severity: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, fix: { type: 'string' } },
          required: ['line', 'column', 'severity', 'message'],
        },
      },
    },
    required: ['valid', 'errors', 'warnings', 'problems'],
  },
  async run(args, call, sanitizer) {
    only(args, this.inputSchema, this.name);
    const addon = str(args, 'addon');
    const chart = str(args, 'chart_id');
    if ((addon === undefined) === (chart === undefined)) throw new ToolInputError('give addon (with version) or chart_id, one of them');
    if (addon !== undefined && str(args, 'version') === undefined) throw new ToolInputError('addon needs version (the template version, e.g. 1.28.6; see ListAutopilotAddonTemplates)');
    const values = args['values'];
    const yamlText = str(args, 'values_yaml');
    if ((values === undefined) === (yamlText === undefined)) throw new ToolInputError('give values (an object) or values_yaml (YAML text), one of them');
    if (values !== undefined && (values === null || typeof values !== 'object' || Array.isArray(values))) throw new ToolInputError('values must be an object (a mapping)');
    const text = yamlText ?? toYaml(values);
    const opts = { ...(addon ? { addon, version: str(args, 'version') } : {}), ...(chart ? { chart } : {}), lang: str(args, 'lang') ?? 'en' };
    const schema = await resolveSchema(call.ctx, opts, undefined);
    const diagnostics = new ValuesLanguageService().validate({ uri: 'mcp://values.yaml', version: 1, getText: () => text }, schema);
    const errors = diagnostics.filter((d) => severityName(d.severity) === 'error').length;
    const problems = diagnostics.map((d) => ({
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      severity: severityName(d.severity),
      ...(d.code === undefined ? {} : { code: String(d.code) }),
      message: d.message,
      ...(d.data.fix ? { fix: d.data.fix.edit.newText } : {}),
    }));
    const what = addon ? `${addon} ${str(args, 'version')}` : `chart ${chart}`;
    const summary =
      diagnostics.length === 0
        ? `The values are valid for ${what}.`
        : `${errors} error${errors === 1 ? '' : 's'}, ${diagnostics.length - errors} warning${diagnostics.length - errors === 1 ? '' : 's'} for ${what}: ${problems.slice(0, 5).map((p) => `line ${p.line}: ${p.message}`).join('; ')}`;
    return okResult(sanitizer, summary, { schema: typeof schema.title === 'string' ? schema.title : null, valid: errors === 0, errors, warnings: diagnostics.length - errors, problems });
  },
};

const waitUntilSettled: TaskTool = {
  name: 'wait_until_settled',
  access: 'readonly',
  annotations: readOnly('Wait until a cluster, addon, release, job or upgrade task settles'),
  description:
    'Poll a resource until it settles: a cluster Available (or gone, until=deleted), an addon instance running (or gone), a release DEPLOYED (or gone), a job Success, an upgrade task Success. ' +
    'Fails with the phase when it ends in a failure phase or the timeout passes. Sends progress notifications when asked.',
  inputSchema: {
    type: 'object',
    properties: {
      kind: { type: 'string', enum: ['cluster', 'addon', 'release', 'job', 'upgrade_task'], description: 'What to wait for.' },
      until: { type: 'string', enum: ['ready', 'deleted'], description: 'ready (default) or deleted (cluster, addon, release).' },
      cluster_id: { type: 'string', description: 'Cluster id (cluster, addon, release, upgrade_task).' },
      addon_id: { type: 'string', description: 'Add-on instance id (kind addon).' },
      namespace: { type: 'string', description: 'Release namespace (kind release).' },
      name: { type: 'string', description: 'Release name (kind release).' },
      job_id: { type: 'string', description: 'Job id (kind job).' },
      task_id: { type: 'string', description: 'Upgrade task id (kind upgrade_task).' },
      timeout_seconds: { type: 'integer', minimum: 1, maximum: 3600, description: 'Give up after this long (default 600).' },
    },
    required: ['kind'],
    additionalProperties: false,
  },
  outputSchema: { type: 'object', properties: { kind: { type: 'string' }, phase: { type: 'string' }, polls: { type: 'integer' }, resource: {} }, required: ['kind', 'phase', 'polls'] },
  async run(args, call, sanitizer) {
    only(args, this.inputSchema, this.name);
    const kind = need(args, 'kind', '(cluster, addon, release, job or upgrade_task)');
    const until = str(args, 'until') ?? 'ready';
    if (until !== 'ready' && until !== 'deleted') throw new ToolInputError(`until must be ready or deleted; got "${until}"`);
    const timeout = args['timeout_seconds'] ?? 600;
    if (typeof timeout !== 'number' || !(timeout >= 1 && timeout <= 3600)) throw new ToolInputError(`timeout_seconds must be a number from 1 to 3600; got ${JSON.stringify(timeout)}`);
    let polls = 0;
    let phase = 'unknown';
    const options: WaitOptions = {
      signal: call.signal,
      timeoutMs: timeout * 1000,
      onProgress: (p) => {
        polls = p.attempt;
        phase = p.phase;
        call.progress(`${p.what}: ${p.phase}${p.detail ? ` (${p.detail})` : ''} after ${Math.round(p.elapsedMs / 1000)} s`, p.attempt);
      },
    };
    const client = call.client;
    let resource: unknown;
    switch (kind) {
      case 'cluster': {
        const id = need(args, 'cluster_id', 'for kind cluster');
        resource = until === 'deleted' ? await waitForClusterDeleted(client, id, options) : await waitForClusterAvailable(client, id, options);
        break;
      }
      case 'addon': {
        const id = need(args, 'addon_id', 'for kind addon');
        const clusterId = need(args, 'cluster_id', 'for kind addon');
        resource = until === 'deleted' ? await waitForAddonDeleted(client, id, clusterId, options) : await waitForAddonRunning(client, id, clusterId, options);
        break;
      }
      case 'release':
        {
          const ref = { cluster_id: need(args, 'cluster_id', 'for kind release'), namespace: need(args, 'namespace', 'for kind release'), name: need(args, 'name', 'for kind release') };
          resource = await (until === 'deleted' ? waitForReleaseDeleted(client, ref, options) : waitForReleaseDeployed(client, ref, options));
        }
        break;
      case 'job':
        if (until === 'deleted') throw new ToolInputError('until=deleted applies to cluster, addon and release');
        resource = await waitForJob(client, need(args, 'job_id', 'for kind job'), options);
        break;
      case 'upgrade_task':
        if (until === 'deleted') throw new ToolInputError('until=deleted applies to cluster, addon and release');
        resource = await waitForUpgradeTask(client, need(args, 'cluster_id', 'for kind upgrade_task'), need(args, 'task_id', 'for kind upgrade_task'), options);
        break;
      default:
        throw new ToolInputError(`kind must be cluster, addon, release, job or upgrade_task; got "${kind}"`);
    }
    return okResult(sanitizer, `${kind} settled: ${phase} after ${polls} poll${polls === 1 ? '' : 's'}.`, { kind, phase, polls, ...(resource === undefined || resource === null ? {} : { resource }) });
  },
};

export function taskTools(): TaskTool[] {
  return [findCluster, validateValues, waitUntilSettled, setUpKubeconfig];
}
