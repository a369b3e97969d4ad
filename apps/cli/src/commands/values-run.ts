// The work of `values validate|schema`, loaded only when one of them runs (values and its
// YAML language service are heavy; nothing else needs them at start-up).
import { readFile } from 'node:fs/promises';
import {
  ValuesLanguageService,
  severityName,
  decodeValuesFile,
  deriveAddonValuesSchema,
  deriveChartValuesSchema,
  parseBindingComment,
  readChartArchiveValues,
  type AddonTemplateVersionInput,
  type DecodedValuesFile,
  type JsonSchema,
  type ValuesDiagnostic,
} from '@cce-autopilot/values';
import { UsageError, type CliContext } from '../context.js';
import { resolveReference } from '../resolve.js';
import { optString } from './operation.js';

type Opts = Record<string, unknown>;
const str = optString;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The language of derived descriptions: --lang, else the environment's (zh_CN.UTF-8 -> zh-CN). */
function localeOf(opts: Opts, ctx: CliContext): string {
  return str(opts, 'lang') ?? ctx.io.env['LC_ALL'] ?? ctx.io.env['LANG'] ?? 'en';
}

interface TemplateLike {
  metadata?: { name?: string; alias?: string };
  spec?: { versions?: AddonTemplateVersionInput[] };
}

/** The version wanted from a template (or the only one, or the first stable one when none is asked). */
function pickVersion(template: TemplateLike, version: string | undefined, where: string): AddonTemplateVersionInput {
  const versions = template.spec?.versions ?? [];
  const name = template.metadata?.name ?? 'the template';
  if (versions.length === 0) throw new UsageError(`${where}: ${name} has no versions`);
  if (version === undefined) {
    if (versions.length === 1) return versions[0]!;
    throw new UsageError(`${where}: ${name} has several versions (${versions.map((v) => v.version).join(', ')}); choose one with --version`);
  }
  const found = versions.find((v) => v.version === version);
  if (!found) throw new UsageError(`${where}: ${name} has no version ${version}; it has ${versions.map((v) => v.version).join(', ')}`);
  return found;
}

function findTemplate(items: TemplateLike[], addon: string | undefined, where: string): TemplateLike {
  if (addon === undefined) {
    if (items.length === 1) return items[0]!;
    throw new UsageError(`${where} holds ${items.length} templates; choose one with --addon`);
  }
  const found = items.find((t) => t.metadata?.name === addon) ?? items.find((t) => t.metadata?.alias === addon);
  if (!found) throw new UsageError(`${where}: no addon template named ${addon}; it has ${items.map((t) => t.metadata?.name).join(', ')}`);
  return found;
}

/**
 * The schema from a local file: an addon template version (`Versions`), an addon template, a
 * template list (ListAutopilotAddonTemplates answer), or chart values (ShowAutopilotChartValues answer).
 */
function schemaFromFile(data: unknown, opts: Opts, locale: string, path: string, chartSchema: JsonSchema | undefined): JsonSchema {
  const where = `--template ${path}`;
  const addon = str(opts, 'addon');
  const version = str(opts, 'version');
  if (!isRecord(data)) throw new UsageError(`${where} must hold an addon template, a template version or chart values`);
  // A user's file: which of the shapes it holds is told by its keys below; the values package reads
  // the fields it needs from it defensively (the API's own answers are typed, see addonSchemaFromApi).
  if (isRecord(data['input'])) {
    if (version !== undefined && data['version'] !== version) throw new UsageError(`${where} is version ${String(data['version'])}, not ${version}`);
    return deriveAddonValuesSchema(data as AddonTemplateVersionInput, { locale, addonName: addon });
  }
  if (Array.isArray(data['items'])) {
    const t = findTemplate(data['items'] as TemplateLike[], addon, where);
    return deriveAddonValuesSchema(pickVersion(t, version, where), { locale, addonName: t.metadata?.name });
  }
  if (isRecord(data['spec'])) {
    const t = data as TemplateLike;
    return deriveAddonValuesSchema(pickVersion(t, version, where), { locale, addonName: t.metadata?.name });
  }
  if ('values' in data) return deriveChartValuesSchema({ values: chartValuesOf(data['values']), schema: chartSchema ?? null });
  throw new UsageError(`${where} must hold an addon template (with spec.versions), a template version (with input) or chart values (with values)`);
}

/** Chart values come as an object (ShowAutopilotChartValues) or as JSON text (ChartResp.values). */
function chartValuesOf(raw: unknown): Record<string, unknown> {
  const v = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  return isRecord(v) ? v : {};
}

async function addonSchemaFromApi(ctx: CliContext, addon: string, version: string, locale: string): Promise<JsonSchema> {
  const { items } = await ctx.client().listAutopilotAddonTemplates({ addon_template_name: addon });
  const where = `the addon templates of the API`;
  const t = findTemplate(items, addon, where);
  return deriveAddonValuesSchema(pickVersion(t, version, where), { locale, addonName: t.metadata?.name ?? addon });
}

/**
 * A chart's schema: its values.schema.json from the archive (DownloadAutopilotChart) when it has
 * one, else types from its values (ShowAutopilotChartValues). `--values-schema` overrides the first.
 */
async function chartSchemaFromApi(ctx: CliContext, chartId: string, chartSchema: JsonSchema | undefined): Promise<JsonSchema> {
  const client = ctx.client();
  const answer = await client.showAutopilotChartValues({ chart_id: chartId });
  const values = chartValuesOf(answer.values);
  let schema = chartSchema;
  let chartName: string | undefined;
  if (schema === undefined) {
    const download = await client.downloadAutopilotChart({ chart_id: chartId });
    const chunks: Uint8Array[] = [];
    for await (const chunk of download.body) chunks.push(chunk);
    const fromArchive = readChartArchiveValues(Buffer.concat(chunks));
    schema = fromArchive.schema ?? undefined;
    chartName = fromArchive.chartName;
  }
  return deriveChartValuesSchema({ values, schema: schema ?? null, chartName: chartName ?? chartId });
}

async function chartIdByName(ctx: CliContext, name: string, version: string | undefined): Promise<string> {
  const charts = await ctx.client().listAutopilotCharts();
  const found = charts.filter((c) => c.name === name && (version === undefined || c.version === version));
  if (found.length === 0) throw new UsageError(`no chart ${name}${version ? ` ${version}` : ''} is uploaded`);
  if (found.length > 1) throw new UsageError(`several charts named ${name} are uploaded (${found.map((c) => c.version).join(', ')}); say which with version= or use --chart ID`);
  return found[0]!.id ?? '';
}

/** Where the schema comes from: options first, then the file's first-line comment. Also used by the MCP server's validate_values. */
export async function resolveSchema(ctx: CliContext, opts: Opts, text: string | undefined): Promise<JsonSchema> {
  const locale = localeOf(opts, ctx);
  const schemaFile = str(opts, 'valuesSchema');
  const chartSchema = schemaFile === undefined ? undefined : ((await ctx.readDataFile(schemaFile, '--values-schema')) as JsonSchema);
  if (chartSchema !== undefined && !isRecord(chartSchema)) throw new UsageError(`--values-schema ${schemaFile} must hold a JSON Schema object`);
  const template = str(opts, 'template');
  if (template !== undefined) return schemaFromFile(await ctx.readDataFile(template, '--template'), opts, locale, template, chartSchema);
  const addon = str(opts, 'addon');
  const version = str(opts, 'version');
  const chart = str(opts, 'chart');
  if (addon !== undefined && chart !== undefined) throw new UsageError('give --addon or --chart, not both');
  if (addon !== undefined) {
    if (version === undefined) throw new UsageError('--addon needs --version (the template version, e.g. 1.28.6)');
    return addonSchemaFromApi(ctx, addon, version, locale);
  }
  // A chart name works as well as its id (resolve.ts), as everywhere a chart is taken.
  if (chart !== undefined) return chartSchemaFromApi(ctx, (await resolveReference(ctx, 'chart', chart)).id, chartSchema);
  const binding = text === undefined ? undefined : parseBindingComment(text);
  if (binding?.kind === 'addon') return addonSchemaFromApi(ctx, binding.template, binding.version, locale);
  if (binding?.kind === 'chart') return chartSchemaFromApi(ctx, binding.chartId ?? (await chartIdByName(ctx, binding.chart, binding.version)), chartSchema);
  throw new UsageError('say what the values are for: --addon NAME --version V, --chart ID, --template FILE, or a first line "# cce-autopilot: addon=NAME version=V"');
}

function line(file: string, d: ValuesDiagnostic): string {
  return `${file}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severityName(d.severity)}: ${d.message}`;
}

/** `values validate <file>`. */
export async function validateValuesFile(ctx: CliContext, file: string, opts: Opts): Promise<void> {
  let decoded: DecodedValuesFile;
  try {
    // Bytes, not 'utf8': Node would replace what is not UTF-8 without a word.
    decoded = decodeValuesFile(await readFile(file));
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const { text } = decoded;
  const schema = await resolveSchema(ctx, opts, text);
  const service = new ValuesLanguageService();
  const diagnostics = [...decoded.diagnostics, ...service.validate({ uri: file, version: 1, getText: () => text }, schema)].sort((a, b) => a.data.offsets.start - b.data.offsets.start);
  const errors = diagnostics.filter((d) => severityName(d.severity) === 'error').length;
  const warnings = diagnostics.length - errors;
  if (!ctx.structuredOutput()) {
    for (const d of diagnostics) ctx.output().write(`${line(file, d)}\n`);
  } else {
    await ctx.print({
      file,
      schema: typeof schema.title === 'string' ? schema.title : undefined,
      valid: errors === 0,
      errors,
      warnings,
      problems: diagnostics.map((d) => ({
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: severityName(d.severity),
        code: d.code,
        message: d.message,
        ...(d.data.fix ? { fix: d.data.fix.edit.newText } : {}),
      })),
    });
  }
  if (errors > 0) throw new Error(`${file}: ${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`);
}

/** `values schema`. */
export async function printValuesSchema(ctx: CliContext, opts: Opts): Promise<void> {
  const schema = await resolveSchema(ctx, opts, undefined);
  if (ctx.globals().output === 'yaml' || ctx.globals().query !== undefined) await ctx.print(schema);
  else ctx.output().write(`${JSON.stringify(schema, null, 2)}\n`);
}
