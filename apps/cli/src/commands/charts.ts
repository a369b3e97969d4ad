import type { Command } from 'commander';
import { createWriteStream, openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { columns, pick, UsageError, type CliContext } from '../context.js';
import { addGroup, addOperationCommand, compact, isPlainObject, optString } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;

const chartColumns = columns(['ID', 'id'], ['NAME', 'name'], ['VERSION', 'version'], ['UPDATED', 'update_at', 'time'], ['DESCRIPTION', 'description'], ['CREATED', 'create_at', 'time', 'wide'], ['SOURCE', 'source', 'wide']);
const releaseColumns = columns(['NAME', 'name'], ['NAMESPACE', 'namespace'], ['CHART', 'chart_name'], ['VERSION', 'version'], ['STATUS', 'status'], ['UPDATED', 'update_at', 'time'], ['CLUSTER', 'cluster_name', 'wide'], ['CREATED', 'create_at', 'time', 'wide'], ['DESCRIPTION', 'status_description', 'wide']);

/** The chart archive as a file-backed Blob: it is streamed, and can be sent again on a retry. */
async function chartUpload(opts: Opts, base: Record<string, unknown>): Promise<Record<string, unknown>> {
  const file = str(opts, 'file');
  if (file === undefined) throw new UsageError('missing the chart archive (.tgz) argument');
  let content: Blob;
  try {
    content = await openAsBlob(file);
  } catch (error) {
    throw new UsageError(`cannot read chart archive ${file}: ${(error as Error).message}`);
  }
  const parameters = compact({
    override: opts['override'] === true ? true : undefined,
    skip_lint: opts['skipLint'] === true ? true : undefined,
    visible: opts['visible'] === undefined ? undefined : opts['visible'] === 'true',
    source: 'package',
  });
  return { ...base, body: { content, filename: basename(file), ...(parameters === undefined ? {} : { parameters }) } };
}

function withUploadOptions(command: Command): Command {
  return command
    .option('--override', 'overwrite a chart with the same name and version')
    .option('--skip-lint', 'do not lint the chart')
    .option('--visible <true|false>', 'whether the chart is visible');
}

async function releaseValues(ctx: CliContext, opts: Opts, base: Record<string, unknown>): Promise<Record<string, unknown>> {
  const file = str(opts, 'values');
  if (file === undefined) return base;
  // The body is the run-time input (argv and --file), checked by the catalogue's request schema.
  return { ...base, body: { ...(isPlainObject(base['body']) ? base['body'] : {}), values: await ctx.readMappingFile(file, '--values') } };
}

function updateBody(action: 'upgrade' | 'rollback' | undefined) {
  return (o: Opts) => {
    const given = action ?? str(o, 'action');
    const chosen: 'upgrade' | 'rollback' | undefined = given === undefined || given === 'upgrade' || given === 'rollback' ? given : undefined;
    if (given !== chosen) throw new UsageError(`--action must be upgrade or rollback; got "${given}"`);
    if (str(o, 'chartId') === undefined && chosen === undefined) return undefined;
    const revision = str(o, 'releaseVersion');
    if (revision !== undefined && !/^\d+$/.test(revision)) throw new UsageError(`--release-version must be a revision number; got "${revision}"`);
    // Empty objects merge into --file without replacing what it gives.
    return {
      ...compact({ chart_id: str(o, 'chartId'), action: chosen }),
      parameters: compact({ release_version: revision === undefined ? undefined : Number(revision) }) ?? {},
      values: {},
    };
  };
}

export function registerCharts(program: Command, ctx: CliContext): void {
  const charts = addGroup(program, 'charts', 'Helm charts (templates) of the project', 'cce-autopilot charts upload ./nginx-1.2.0.tgz --override');
  withUploadOptions(addOperationCommand(charts, ctx, {
    name: 'upload',
    operation: 'UploadAutopilotChart',
    example: 'cce-autopilot charts upload ./nginx-1.2.0.tgz --override --skip-lint',
    extraArguments: [['file', 'chart archive (.tgz)']],
    input: (_c, opts, base) => chartUpload(opts, base),
    columns: chartColumns,
  }));
  addOperationCommand(charts, ctx, { name: 'list', operation: 'ListAutopilotCharts', example: 'cce-autopilot charts list', columns: chartColumns });
  addOperationCommand(charts, ctx, { name: 'get', operation: 'ShowAutopilotChart', example: 'cce-autopilot charts get e99a7e86-...', columns: chartColumns });
  withUploadOptions(addOperationCommand(charts, ctx, {
    name: 'update',
    operation: 'UpdateAutopilotChart',
    example: 'cce-autopilot charts update e99a7e86-... ./nginx-1.2.1.tgz',
    extraArguments: [['file', 'chart archive (.tgz)']],
    input: (_c, opts, base) => chartUpload(opts, base),
    columns: chartColumns,
  }));
  addOperationCommand(charts, ctx, { name: 'delete', operation: 'DeleteAutopilotChart', example: 'cce-autopilot charts delete e99a7e86-...' });
  addOperationCommand(charts, ctx, {
    name: 'download',
    operation: 'DownloadAutopilotChart',
    example: 'cce-autopilot charts download e99a7e86-... --out nginx.tgz',
    handle: async (c, download, opts) => {
      const out = str(opts, 'out');
      if (out === undefined) {
        if (c.io.isTTY) throw new UsageError('refusing to write a binary archive to a terminal; use --out <file>');
        for await (const chunk of download.body) c.io.stdout.write(chunk);
        return;
      }
      await pipeline(download.body, createWriteStream(out));
      c.progress(`saved ${out}`);
    },
  }).option('--out <file>', 'write the archive to this file (default: stdout)');
  addOperationCommand(charts, ctx, { name: 'values', operation: 'ShowAutopilotChartValues', example: 'cce-autopilot charts values e99a7e86-... --output yaml' });
  addOperationCommand(charts, ctx, { name: 'quota', operation: 'ShowAutopilotUserChartsQuotas', example: 'cce-autopilot charts quota' });

  const releases = addGroup(program, 'releases', 'Releases (chart instances) in a cluster', 'cce-autopilot releases list 6ed7a4e0-... --namespace default');
  addOperationCommand(releases, ctx, { name: 'list', operation: 'ListAutopilotReleases', example: 'cce-autopilot releases list 6ed7a4e0-... --namespace default', columns: releaseColumns });
  addOperationCommand(releases, ctx, {
    name: 'create',
    operation: 'CreateAutopilotRelease',
    example: 'cce-autopilot releases create 6ed7a4e0-... --name web --namespace default --chart-id e99a7e86-... --chart-version 1.2.0 --values values.yaml',
    bodyOptions: [
      ['--name <name>', 'release name'],
      ['--namespace <namespace>', 'namespace of the release'],
      ['--chart-id <id>', 'chart to install (chart_id)'],
      ['--chart-version <version>', 'chart version (version)'],
      ['--description <text>', 'description'],
      ['--values <file>', 'YAML/JSON values of the release'],
    ],
    body: (o) => {
      if (!['name', 'namespace', 'chartId', 'chartVersion'].some((k) => o[k] !== undefined)) return undefined;
      return { values: {}, ...compact({ name: str(o, 'name'), namespace: str(o, 'namespace'), chart_id: str(o, 'chartId'), version: str(o, 'chartVersion'), description: str(o, 'description') }) };
    },
    input: (c, opts, base) => releaseValues(c, opts, base),
    referenceOptions: [['chartId', 'chart_id']],
    columns: releaseColumns,
    lostAnswer: {
      what: (input) => `release ${String(pick(input, 'body.name') ?? '?')} in namespace ${String(pick(input, 'body.namespace') ?? '?')}`,
      check: (input) => `releases get ${String(input['cluster_id'])} ${String(pick(input, 'body.namespace') ?? '<namespace>')} ${String(pick(input, 'body.name') ?? '<name>')}`,
    },
  });
  addOperationCommand(releases, ctx, { name: 'get', operation: 'ShowAutopilotRelease', example: 'cce-autopilot releases get 6ed7a4e0-... default web', columns: releaseColumns });
  const updateOptions = [
    ['--chart-id <id>', 'chart of the release (chart_id)'],
    ['--values <file>', 'YAML/JSON values of the release'],
  ] as const;
  addOperationCommand(releases, ctx, {
    name: 'update',
    operation: 'UpdateAutopilotRelease',
    example: 'cce-autopilot releases update 6ed7a4e0-... default web --action upgrade --chart-id e99a7e86-... --values values.yaml',
    bodyOptions: [...updateOptions, ['--action <action>', 'upgrade or rollback'], ['--release-version <n>', 'revision to roll back to']],
    body: updateBody(undefined),
    destructive: (o) => o['action'] === 'rollback',
    input: (c, opts, base) => releaseValues(c, opts, base),
    referenceOptions: [['chartId', 'chart_id']],
    columns: releaseColumns,
  });
  addOperationCommand(releases, ctx, {
    name: 'upgrade',
    operation: 'UpdateAutopilotRelease',
    summary: 'Upgrade a release to a chart with new values',
    example: 'cce-autopilot releases upgrade 6ed7a4e0-... default web --chart-id e99a7e86-... --values values.yaml',
    bodyOptions: updateOptions,
    body: updateBody('upgrade'),
    input: (c, opts, base) => releaseValues(c, opts, base),
    referenceOptions: [['chartId', 'chart_id']],
    columns: releaseColumns,
  });
  addOperationCommand(releases, ctx, {
    name: 'rollback',
    operation: 'UpdateAutopilotRelease',
    summary: 'Roll a release back to an earlier revision',
    example: 'cce-autopilot releases rollback 6ed7a4e0-... default web --chart-id e99a7e86-... --release-version 1',
    bodyOptions: [...updateOptions, ['--release-version <n>', 'revision to roll back to']],
    body: updateBody('rollback'),
    destructive: true,
    input: (c, opts, base) => releaseValues(c, opts, base),
    referenceOptions: [['chartId', 'chart_id']],
    columns: releaseColumns,
  });
  addOperationCommand(releases, ctx, { name: 'delete', operation: 'DeleteAutopilotRelease', example: 'cce-autopilot releases delete 6ed7a4e0-... default web' });
  addOperationCommand(releases, ctx, { name: 'history', operation: 'ShowAutopilotReleaseHistory', example: 'cce-autopilot releases history 6ed7a4e0-... default web', columns: releaseColumns });
}
