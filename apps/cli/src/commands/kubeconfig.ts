import { Command, Option } from 'commander';
import type { ClusterCertAnswer, ConflictPolicy, EndpointKind, LocationInput } from '@cce-autopilot/kubeconfig';
import { columns, UsageError, type CliContext } from '../context.js';
import { resolveReference } from '../resolve.js';
import { optString } from './operation.js';

// The kubeconfig package is loaded by the kubeconfig commands only, not at start-up.
const kubeconfig = () => import('@cce-autopilot/kubeconfig');

type Opts = Record<string, unknown>;
const str = optString;

/** Default validity of a fetched certificate, in days (the API takes 1-1827, or -1 for 5 years). */
const DEFAULT_DAYS = 365;

function example(command: Command, ...lines: string[]): Command {
  return command.addHelpText('after', `\nExample:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** The file options: --kubeconfig (or --out) is the one file used; else KUBECONFIG / ~/.kube/config. */
function location(ctx: CliContext, opts: Opts): LocationInput {
  const out = str(opts, 'out');
  const explicit = str(opts, 'kubeconfig');
  if (out !== undefined && explicit !== undefined) throw new UsageError('--out and --kubeconfig both name the file to write: give one');
  if (out !== undefined && opts['merge'] === true) throw new UsageError('--merge writes the default kubeconfig and --out another file: give one');
  const env = ctx.io.env;
  const path = out ?? explicit;
  // Only the caller's environment decides the home folder, so tests never touch the real one.
  return { env, ...(path === undefined ? {} : { path }), ...(env['HOME'] ?? env['USERPROFILE'] ? { homedir: env['HOME'] ?? env['USERPROFILE'] } : {}) };
}

function duration(value: string | undefined): number {
  if (value === undefined) return DEFAULT_DAYS;
  const days = Number(value);
  if (!Number.isInteger(days) || (days !== -1 && (days < 1 || days > 1827))) {
    throw new UsageError(`--duration must be a number of days from 1 to 1827, or -1 for the maximum of 5 years; got "${value}"`);
  }
  return days;
}

/** Finds a cluster by id, else by exact name, in the current region and project (resolve.ts). */
export async function resolveCluster(ctx: CliContext, ref: string): Promise<{ id: string; name: string; phase?: string }> {
  const found = await resolveReference(ctx, 'cluster', ref);
  if (found.name !== '') return { id: found.id, name: found.name, ...(found.detail ? { phase: found.detail } : {}) };
  // An id was given: the entries are named after the cluster, so its name is needed too.
  const cluster = await ctx.client().request('ShowAutopilotCluster', { cluster_id: found.id });
  return { id: found.id, name: cluster.metadata?.name ?? found.id, ...(cluster.status?.phase ? { phase: cluster.status.phase } : {}) };
}

/** The kubeconfig package's errors are the user's to fix: print them as usage errors. */
async function friendly<T>(work: () => Promise<T>): Promise<T> {
  const { KubeconfigParseError, KubeconfigConflictError, UndoError, ClusterCertError } = await kubeconfig();
  try {
    return await work();
  } catch (error) {
    if (error instanceof KubeconfigParseError || error instanceof KubeconfigConflictError || error instanceof UndoError || error instanceof ClusterCertError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

const formatDate = (d: Date | undefined) => (d ? d.toISOString().replace(/\.\d+Z$/, 'Z') : 'unknown');

export function registerKubeconfig(program: Command, ctx: CliContext): void {
  const group = example(
    new Command('kubeconfig')
      .summary('Set up kubectl for a cluster: fetch its certificate and merge it into your kubeconfig')
      .description('Fetch a cluster certificate (CreateAutopilotKubernetesClusterCert) and merge it into your kubeconfig safely: backup, lock, undo.'),
    'cce-autopilot kubeconfig get my-cluster --set-current',
  );

  const get = example(
    new Command('get')
      .argument('<cluster>', 'cluster name or id')
      .summary('Fetch a cluster certificate and merge it into a kubeconfig')
      .description(
        'Fetch a cluster certificate and merge cluster, user and context entries named cce-<region>-<cluster>-<endpoint> into the first KUBECONFIG file, else ~/.kube/config. ' +
          'Re-running replaces the same cluster\'s entries. API: CreateAutopilotKubernetesClusterCert (POST /autopilot/v3/projects/{project_id}/clusters/{cluster_id}/clustercert).',
      )
      .addOption(new Option('--endpoint-type <kind>', 'which API server address: internal (in the VPC) or external (public, without TLS verification)').choices(['internal', 'external']).default('internal'))
      .option('--duration <days>', `certificate validity in days, 1-1827, or -1 for 5 years (default ${DEFAULT_DAYS})`)
      .option('--merge', 'merge into the default kubeconfig (KUBECONFIG, else ~/.kube/config); the default')
      .option('--out <file>', 'write (or merge) into this file instead')
      .option('--kubeconfig <path>', 'merge into this kubeconfig file (the only one read, like kubectl --kubeconfig)')
      .option('--set-current', 'make the new context the current one')
      .option('--context-name <name>', 'name of the new context (default cce-<region>-<cluster>-<endpoint>)')
      .addOption(new Option('--on-conflict <policy>', 'when another entry already has the name').choices(['fail', 'rename', 'overwrite']).default('fail'))
      .option('--dry-run', 'show the change as a diff (keys masked) and write nothing'),
    'cce-autopilot kubeconfig get my-cluster --set-current',
    'cce-autopilot kubeconfig get 6ed7a4e0-... --endpoint-type external --duration 30 --out ./demo.kubeconfig',
  );
  get.action(async (ref: string, opts: Opts) => {
    const where = location(ctx, opts);
    const days = duration(str(opts, 'duration'));
    // Commander checked --endpoint-type and --on-conflict against their choices before the action
    // runs; the options record it hands over does not carry those types.
    const endpoint = (str(opts, 'endpointType') ?? 'internal') as EndpointKind;
    const cluster = await resolveCluster(ctx, ref);
    const client = ctx.client();
    const answer: ClusterCertAnswer = await client.createAutopilotKubernetesClusterCert({ cluster_id: cluster.id, body: { duration: days } });
    const { mergeClusterCert } = await kubeconfig();
    const result = await friendly(() =>
      mergeClusterCert({
        ...where,
        answer,
        cluster: { id: cluster.id, name: cluster.name, region: client.region },
        endpoint,
        setCurrent: opts['setCurrent'] === true,
        onConflict: (str(opts, 'onConflict') ?? 'fail') as ConflictPolicy,
        dryRun: opts['dryRun'] === true,
        ...(str(opts, 'contextName') === undefined ? {} : { contextName: str(opts, 'contextName') }),
      }),
    );
    for (const warning of result.warnings) ctx.err(`Warning: ${warning}\n`);
    const summary = {
      file: result.path,
      context: result.contextName,
      cluster: { id: cluster.id, name: cluster.name },
      endpoint,
      currentContext: result.currentContext ?? null,
      changed: result.changed,
      dryRun: opts['dryRun'] === true,
      certificateExpiresAt: formatDate(result.certificateExpiresAt),
      ...(result.backup ? { backup: result.backup } : {}),
    };
    if (ctx.structuredOutput()) return ctx.print({ ...summary, ...(result.diff && summary.dryRun ? { diff: result.diff } : {}) });
    if (summary.dryRun) {
      ctx.output().write(result.diff ?? `No change to ${result.path}\n`);
      ctx.output().write(`Dry run: ${result.path} was not written; the context would be ${result.contextName}.\n`);
      return;
    }
    ctx.output().write(
      `${result.changed ? (result.created ? 'Created' : 'Updated') : 'Unchanged'} ${result.path}: context ${result.contextName}` +
        `${result.currentContext === result.contextName ? ' (current context)' : ''}\n` +
        `Client certificate expires ${summary.certificateExpiresAt}.\n` +
        `Try: kubectl ${where.path ? `--kubeconfig ${result.path} ` : ''}--context ${result.contextName} get namespaces\n`,
    );
  });

  const remove = example(
    new Command('remove')
      .argument('<cluster>', 'cluster name or id, as merged')
      .summary('Remove the entries merged for a cluster')
      .description('Remove the cluster, user and context entries that `kubeconfig get` merged for a cluster (recognised by cluster id). The cluster need not exist any more.')
      .addOption(new Option('--endpoint-type <kind>', 'only this endpoint\'s entries (default: both)').choices(['internal', 'external']))
      .option('--kubeconfig <path>', 'the kubeconfig file (default: first KUBECONFIG file, else ~/.kube/config)')
      .option('--dry-run', 'show the change as a diff and write nothing')
      .option('--purge-backups', "also remove the entries (and the cluster's client key) from the kubeconfig's backups; undo cannot bring them back then"),
    'cce-autopilot kubeconfig remove my-cluster --purge-backups',
  );
  remove.action(async (ref: string, opts: Opts) => {
    const where = location(ctx, opts);
    const { listMergedClusters, removeClusterEntries } = await kubeconfig();
    const target = await friendly(() => listMergedClusters(where));
    const ids = [...new Set(target.filter((m) => m.clusterId === ref || m.clusterName === ref).map((m) => m.clusterId))];
    const [clusterId] = ids;
    if (clusterId === undefined) throw new UsageError(`no entries merged for a cluster "${ref}" (name or id) in ${target[0]?.file ?? 'the kubeconfig'}`);
    if (ids.length > 1) throw new UsageError(`entries of ${ids.length} clusters are named "${ref}" (${ids.join(', ')}): give the id`);
    // Commander checked --endpoint-type against its choices (see get).
    const endpoint = str(opts, 'endpointType') as EndpointKind | undefined;
    const result = await friendly(() =>
      removeClusterEntries({ ...where, clusterId, dryRun: opts['dryRun'] === true, purgeBackups: opts['purgeBackups'] === true, ...(endpoint ? { endpoint } : {}) }),
    );
    const purged = result.purgedBackups ? { purgedBackups: result.purgedBackups, unreadableBackups: result.unreadableBackups ?? [] } : {};
    if (ctx.structuredOutput()) return ctx.print({ file: result.path, removed: result.removed, changed: result.changed, dryRun: opts['dryRun'] === true, ...purged });
    if (opts['dryRun'] === true) {
      ctx.output().write(result.diff ?? `No change to ${result.path}\n`);
      return;
    }
    ctx.output().write(
      result.removed.length === 0
        ? `Nothing to remove in ${result.path}\n`
        : `Removed ${result.removed.join(', ')} from ${result.path}${result.clearedCurrentContext ? ' (the current context was one of them and is now unset)' : ''}\n`,
    );
    if (result.purgedBackups) {
      ctx.output().write(`Removed them from ${result.purgedBackups.length} backup${result.purgedBackups.length === 1 ? '' : 's'} too.\n`);
      for (const file of result.unreadableBackups ?? []) ctx.err(`Warning: ${file} is not readable as a kubeconfig and was left as it is; delete it if it holds the cluster's key\n`);
    }
  });

  const undo = example(
    new Command('undo')
      .summary('Undo the last kubeconfig get or remove')
      .description('Put the kubeconfig back as it was before the last `kubeconfig get` or `kubeconfig remove` (refused if another tool changed it since).')
      .option('--kubeconfig <path>', 'the kubeconfig file (default: first KUBECONFIG file, else ~/.kube/config)')
      .option('--dry-run', 'show the change as a diff and write nothing'),
    'cce-autopilot kubeconfig undo',
  );
  undo.action(async (opts: Opts) => {
    const { undoLastChange } = await kubeconfig();
    const result = await friendly(() => undoLastChange({ ...location(ctx, opts), dryRun: opts['dryRun'] === true }));
    if (ctx.structuredOutput()) return ctx.print({ file: result.path, undone: result.action, dryRun: opts['dryRun'] === true });
    if (opts['dryRun'] === true) ctx.output().write(result.diff ?? '');
    else ctx.output().write(`Undid "${result.action}" in ${result.path}\n`);
  });

  const list = example(
    new Command('list')
      .summary('List the clusters merged into your kubeconfig, with certificate expiry')
      .description('List the clusters `kubeconfig get` merged into the kubeconfig files, with the context name and when each client certificate expires.')
      .option('--kubeconfig <path>', 'the kubeconfig file (default: every KUBECONFIG file, else ~/.kube/config)'),
    'cce-autopilot kubeconfig list',
  );
  list.action(async (opts: Opts) => {
    const { listMergedClusters } = await kubeconfig();
    const merged = await friendly(() => listMergedClusters(location(ctx, opts)));
    const rows = merged.map((m) => ({
      context: m.context,
      cluster: m.clusterName,
      id: m.clusterId,
      region: m.region,
      endpoint: m.endpoint,
      server: m.server,
      expires: formatDate(m.certificateExpiresAt),
      file: m.file,
    }));
    await ctx.print(rows, columns(['CONTEXT', 'context'], ['CLUSTER', 'cluster'], ['ID', 'id'], ['ENDPOINT', 'endpoint'], ['CERT EXPIRES', 'expires', 'time'], ['FILE', 'file']));
  });

  group.addCommand(get);
  group.addCommand(remove);
  group.addCommand(undo);
  group.addCommand(list);
  program.addCommand(group);
}
