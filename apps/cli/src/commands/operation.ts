// Builds a command for one API operation from the catalogue: path parameters become arguments,
// query parameters become options, a JSON body comes from --file and/or flags for common fields.
import { Command, Option } from 'commander';
import { allOperations, type OperationBody, type OperationDef } from '@cce-autopilot/models';
import { CceNetworkError, type ClientOperationName, type OperationOutput } from '@cce-autopilot/client';
import { UsageError, type CliContext, type Column } from '../context.js';
import { confirmOrRefuse } from '../confirm.js';
import { referenceKindOf, resolveReference } from '../resolve.js';

type Opts = Record<string, unknown>;

/**
 * One command of operation N. The input is built from argv and --file at run time (the catalogue's
 * request schema checks it in the client), so it stays a record; the answer is N's output, and
 * `wait`, `handle` and `lostAnswer.find` read and give it with the catalogue's types.
 */
export interface OperationCommandSpec<N extends ClientOperationName> {
  /** Sub-command name, e.g. `get`. */
  readonly name: string;
  readonly operation: N;
  /** One line; the operation's title is used when absent. */
  readonly summary?: string;
  /** A full example command line shown under --help. */
  readonly example: string;
  /** Path parameters to take as options (`--cluster-id`) instead of positional arguments. */
  readonly pathOptions?: readonly string[];
  /** Extra options for common body fields: [flags, description]. */
  readonly bodyOptions?: readonly (readonly [flags: string, description: string])[];
  /** Builds the body (or its common fields) from the options; merged over --file. */
  readonly body?: (opts: Opts) => NoInfer<BodyFlags<OperationBody<N>>> | undefined;
  readonly columns?: readonly Column[];
  /** Waits for the operation to finish (--wait); returns what to print instead of the answer. */
  readonly wait?: (ctx: CliContext, result: OperationOutput<N>, input: Record<string, unknown>, opts: Opts) => Promise<unknown>;
  /** Handles the answer itself (e.g. writes a download to a file) instead of printing it. */
  readonly handle?: (ctx: CliContext, result: OperationOutput<N>, opts: Opts) => Promise<void>;
  /** Positional arguments after the path parameters (e.g. a file); passed to `input`/`handle` in opts. */
  readonly extraArguments?: readonly (readonly [name: string, description: string])[];
  /**
   * Destructive: asks on a terminal, skipped with --yes, refused without a terminal (exit 3).
   * Default: the operation's method is DELETE. Set true for other destructive operations
   * (rollbacks, unbinding, starting an upgrade, cancelling) and false to opt a DELETE out.
   */
  readonly destructive?: boolean | ((opts: Opts) => boolean);
  /** Options holding a name or id (attribute names, e.g. `clusterId`) beyond the parameters'. */
  readonly referenceOptions?: readonly (readonly [attribute: string, param: string])[];
  /** Builds the input itself (multipart uploads). */
  readonly input?: (ctx: CliContext, opts: Opts, base: Record<string, unknown>) => Promise<Record<string, unknown>>;
  /** For creates: what to say, and how to find the resource, when the answer is lost after the request was sent. */
  readonly lostAnswer?: LostAnswer<N>;
}

/**
 * What flags give of a body: any part of it, merged over --file field by field (deepMerge), so every
 * field may be left out, and left undefined when its flag was not given. Lists are replaced whole,
 * so their items are complete. The merged body is checked by the catalogue's request schema.
 * An enum word written in a `body` callback needs `as const`: TypeScript widens it to string while
 * it infers N from `operation`, and the widened word no longer fits the body's enum.
 */
export type BodyFlags<T> = T extends readonly unknown[] ? T : T extends object ? { readonly [K in keyof T]?: BodyFlags<T[K]> | undefined } : T;

export interface LostAnswer<N extends ClientOperationName> {
  /** What was being created, in words: `cluster "demo"`. */
  readonly what: (input: Record<string, unknown>) => string;
  /** The arguments of the command that shows whether it exists (global options are added). */
  readonly check: (input: Record<string, unknown>) => string;
  /** The created resource, found by its name, or undefined when it is not there (commands with --wait). */
  readonly find?: (ctx: CliContext, input: Record<string, unknown>) => Promise<OperationOutput<N> | undefined>;
}

/** The command line a user runs next, with the same region, project, endpoint and profile as this run. */
function commandLine(ctx: CliContext, args: string): string {
  const g = ctx.globals();
  const quote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
  const globals = [
    g.profile === undefined ? '' : ` --profile ${quote(g.profile)}`,
    g.endpoint === undefined ? '' : ` --endpoint ${quote(g.endpoint)}`,
    g.region === undefined ? '' : ` --region ${quote(g.region)}`,
    g.projectId === undefined ? '' : ` --project-id ${quote(g.projectId)}`,
  ].join('');
  return `cce-autopilot${globals} ${args}`;
}

/**
 * A create whose answer was lost after the request went out may well have been done (a retry would
 * then fail with a conflict). Say so and how to look; with --wait, look and follow what was made.
 */
async function recoverLostAnswer<N extends ClientOperationName>(ctx: CliContext, lost: LostAnswer<N>, input: Record<string, unknown>, error: CceNetworkError, wait: boolean): Promise<OperationOutput<N>> {
  const what = lost.what(input);
  const check = commandLine(ctx, lost.check(input));
  if (wait && lost.find) {
    const found = await lost.find(ctx, input).catch(() => undefined);
    if (found !== undefined) {
      ctx.progress(`The answer to the create was lost, but ${what} exists: following it.`);
      return found;
    }
    throw new LostAnswerError(`${error.message}\n${what} was not found after its answer was lost; it may still appear. Check with:\n  ${check}\nbefore creating it again.`);
  }
  throw new LostAnswerError(`${error.message}\n${what} may have been created. Check with:\n  ${check}\nbefore creating it again (or run the create with --wait, which looks for it and follows it).`);
}

/** A create that may have been done although its answer was lost. */
export class LostAnswerError extends Error {
  override readonly name = 'LostAnswerError';
}

/** A repeatable string option's values (commander collects them), or undefined when none was given. */
export function optStrings(opts: Opts, key: string): string[] | undefined {
  const value = opts[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** A string option's value, or undefined when it was not given. */
export function optString(opts: Opts, key: string): string | undefined {
  const value = opts[key];
  return typeof value === 'string' ? value : undefined;
}

export function optionName(param: string): string {
  return param.replace(/_/g, '-');
}

function camel(param: string): string {
  return param.replace(/[_-]([a-z])/g, (_m, c: string) => c.toUpperCase());
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Flags win over the file, field by field. */
export function deepMerge(base: unknown, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isPlainObject(value) && isPlainObject(out[key]) ? deepMerge(out[key], value) : value;
  }
  return out;
}

/** A value with its undefined fields and empty objects dropped: every field may be absent. */
export type Compacted<T> = T extends readonly unknown[] ? T : T extends object ? { [K in keyof T]?: Compacted<Exclude<T[K], undefined>> } : T;

/** Drops undefined fields and objects left empty, so unset flags add nothing. */
export function compact<T extends Record<string, unknown>>(value: T): Compacted<T> | undefined {
  const out = compactRecord(value);
  // compactRecord keeps exactly T's defined fields, recursively; Object.entries loses their types
  // (TypeScript cannot map a generic object's keys at run time), so the result is said here to be
  // what the loop made of T.
  return out as Compacted<T> | undefined;
}

function compactRecord(value: Record<string, unknown>): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner === undefined) continue;
    if (isPlainObject(inner)) {
      const nested = compactRecord(inner);
      if (nested !== undefined) out[key] = nested;
    } else {
      out[key] = inner;
    }
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** A path parameter of the input: a string (an argument, a required option or a resolved id). */
export function pathParam(input: Record<string, unknown>, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw new Error(`the input carries no ${name}`);
  return value;
}

/**
 * The answer of an operation called with input built at run time. `invoke` is the client's entry
 * for such input (the catalogue checks it as for a typed call) and answers the same parse of N's
 * response that `request` types as OperationOutput<N>; the client checks no answer either way.
 * This is the one place the CLI says so, for every command built here.
 */
async function invokeOperation<N extends ClientOperationName>(ctx: CliContext, operation: N, input: Record<string, unknown>): Promise<OperationOutput<N>> {
  return (await ctx.client().invoke(operation, input, ctx.requestOptions())) as OperationOutput<N>;
}

export function addOperationCommand<N extends ClientOperationName>(parent: Command, ctx: CliContext, spec: OperationCommandSpec<N>): Command {
  const op: OperationDef = allOperations[spec.operation];
  const positional = op.pathParams.map((p) => p.name).filter((name) => name !== 'project_id' && !spec.pathOptions?.includes(name));
  const command = new Command(spec.name)
    .summary(spec.summary ?? op.title)
    .description(`${spec.summary ?? op.title}.\nAPI: ${op.name} (${op.method} ${op.path}), section ${op.section}.`);
  for (const name of positional) command.argument(`<${name}>`);
  for (const [name, description] of spec.extraArguments ?? []) command.argument(`<${name}>`, description);
  for (const name of spec.pathOptions ?? []) command.requiredOption(`--${optionName(name)} <${name}>`, `${name} (path parameter)`);
  for (const query of op.query) {
    const option = new Option(`--${optionName(query.name)} <value>`, query.description || query.name);
    if (query.enum) option.choices([...query.enum]);
    if (query.required) option.makeOptionMandatory();
    command.addOption(option);
  }
  for (const [flags, description] of spec.bodyOptions ?? []) command.option(flags, description);
  if (op.requestKind === 'json') command.option('--file <path>', 'request body as JSON or YAML (- for stdin); flags override its fields');
  if (spec.wait) {
    command.option('--wait', 'wait until the operation finishes, showing progress on a terminal');
    command.option('--wait-timeout <seconds>', 'give up waiting after this many seconds (default 1800)');
  }
  const destructive = spec.destructive ?? op.method === 'DELETE';
  if (destructive !== false) command.option('-y, --yes', 'do not ask for confirmation (needed without a terminal)');
  command.addHelpText('after', `\nExample:\n  $ ${spec.example}\n`);
  command.action(async (...args: unknown[]) => {
    const extras = spec.extraArguments ?? [];
    // Commander passes the positional arguments, then the options record: untyped by nature.
    const opts = { ...((args[positional.length + extras.length] ?? {}) as Opts) };
    extras.forEach(([name], i) => {
      opts[name] = args[positional.length + i];
    });
    let input: Record<string, unknown> = {};
    positional.forEach((name, i) => {
      input[name] = args[i];
    });
    for (const name of spec.pathOptions ?? []) input[name] = opts[camel(name)];
    for (const query of op.query) {
      const value = opts[camel(query.name)];
      if (value !== undefined) input[query.name] = value;
    }
    await resolveReferences(ctx, op, input, opts, spec.referenceOptions ?? []);
    if (op.requestKind === 'json') {
      const fromFile = typeof opts['file'] === 'string' ? await ctx.readDataFile(opts['file']) : undefined;
      const fromFlags = spec.body?.(opts);
      if (fromFile === undefined && fromFlags === undefined) {
        const notBody = new Set(['--file', '--wait', '--wait-timeout', '--yes', ...op.query.map((q) => `--${optionName(q.name)}`), ...(spec.pathOptions ?? []).map((p) => `--${optionName(p)}`)]);
        const flags = command.options.map((o) => o.long).filter((long): long is string => long !== undefined && !notBody.has(long)).join(', ');
        throw new UsageError(`${command.name()} needs a request body: --file <path>${flags ? ` (or the flags ${flags})` : ''}`);
      }
      input['body'] = isPlainObject(fromFlags) ? deepMerge(fromFile, fromFlags) : fromFile;
    }
    if (spec.input) input = await spec.input(ctx, opts, input);
    if (typeof destructive === 'function' ? destructive(opts) : destructive) {
      const path = commandPath(command);
      const target = [...positional, ...(spec.pathOptions ?? [])].map((name) => `${name} ${String(input[name])}`).join(', ');
      await confirmOrRefuse(ctx.io, path, `${path}: ${spec.summary ?? op.title}${target ? ` (${target})` : ''}. Go ahead?`, opts['yes'] === true);
    }
    let result: OperationOutput<N>;
    try {
      result = await invokeOperation(ctx, spec.operation, input);
    } catch (error) {
      if (!spec.lostAnswer || !(error instanceof CceNetworkError) || !error.requestMayHaveBeenProcessed) throw error;
      result = await recoverLostAnswer(ctx, spec.lostAnswer, input, error, opts['wait'] === true);
    }
    if (spec.handle) {
      await spec.handle(ctx, result, opts);
      return;
    }
    const shown = spec.wait && opts['wait'] === true ? await spec.wait(ctx, result, input, opts) : result;
    await ctx.print(shown, spec.columns);
  });
  parent.addCommand(command);
  return command;
}

/** `cce-autopilot clusters delete`, for messages. */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Replaces names by ids in the parameters and options that take a cluster, add-on or chart
 * (see resolve.ts), cluster first: an add-on's name is looked up in its cluster.
 */
async function resolveReferences(ctx: CliContext, op: OperationDef, input: Record<string, unknown>, opts: Opts, extra: readonly (readonly [string, string])[]): Promise<void> {
  const slots: { param: string; get: () => unknown; set: (id: string) => void }[] = [];
  for (const param of [...op.pathParams, ...op.query].map((p) => p.name)) {
    slots.push({ param, get: () => input[param], set: (id) => (input[param] = id) });
  }
  for (const [attribute, param] of extra) slots.push({ param, get: () => opts[attribute], set: (id) => (opts[attribute] = id) });
  const scope: Record<string, string> = {};
  const ordered = [...slots.filter((s) => s.param === 'cluster_id'), ...slots.filter((s) => s.param !== 'cluster_id')];
  for (const slot of ordered) {
    const kind = referenceKindOf(slot.param, op.group);
    const value = slot.get();
    if (kind === undefined || typeof value !== 'string') continue;
    const found = await resolveReference(ctx, kind, value, scope);
    slot.set(found.id);
    // The body-option and parameter forms of the cluster are one value.
    if (slot.param === 'cluster_id') scope['cluster_id'] = found.id;
  }
}

/** A group command (`clusters`, `addons`...) with its own help example. */
export function addGroup(program: Command, name: string, summary: string, example: string): Command {
  const group = new Command(name).summary(summary).description(summary);
  group.addHelpText('after', `\nExample:\n  $ ${example}\n`);
  program.addCommand(group);
  return group;
}
