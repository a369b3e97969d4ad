import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { stringify as toYaml, parse as parseYaml } from 'yaml';
import { terminalSafe, terminalSafeJson } from '@cce-autopilot/models';
import {
  CceAbortError,
  CceApiError,
  CceNetworkError,
  CceWaitError,
  createClient,
  type CceClient,
  type ClientOptions,
  type RequestLogEvent,
  type WaitOptions,
} from '@cce-autopilot/client';

export type OutputFormat = 'table' | 'json' | 'yaml';

/** The options every command accepts (see main.ts). */
export interface GlobalOptions {
  readonly region?: string;
  readonly projectId?: string;
  readonly endpoint?: string;
  readonly iamEndpoint?: string;
  readonly profile?: string;
  readonly output: OutputFormat;
  readonly color: boolean;
  readonly debug: boolean;
}

/** Where the CLI writes and what it reads from its surroundings; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A column of the table output: a header and how to get the cell from a row. */
export interface Column {
  readonly header: string;
  readonly get: (row: unknown) => unknown;
}

/** Exit code of a failed command line: 1 for API/network failures, 2 for usage errors. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Reads a dotted path (`metadata.name`) from a JSON value. */
export function pick(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function columns(...specs: [header: string, path: string][]): Column[] {
  return specs.map(([header, path]) => ({ header, get: (row: unknown) => pick(row, path) }));
}

const MAX_CELL = 60;

function cell(value: unknown): string {
  let text: string;
  if (value === undefined || value === null) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else text = JSON.stringify(value);
  text = terminalSafe(text.replace(/\s+/g, ' '));
  // A table is for scanning; the full value is one --output json away.
  return text.length > MAX_CELL ? `${text.slice(0, MAX_CELL - 1)}…` : text;
}

/** One line per HTTP attempt for --debug; the client has already redacted the headers. */
export function describeEvent(event: RequestLogEvent): string {
  const parts = [`[debug] ${event.type} ${event.operation} ${event.method} ${event.url} attempt ${event.attempt}`];
  if (event.status !== undefined) parts.push(`HTTP ${event.status}`);
  if (event.durationMs !== undefined) parts.push(`${Math.round(event.durationMs)} ms`);
  if (event.requestId) parts.push(`request id ${event.requestId}`);
  if (event.delayMs !== undefined) parts.push(`retry in ${event.delayMs} ms`);
  if (event.error) parts.push(event.error);
  if (event.type === 'request' && event.headers) parts.push(JSON.stringify(event.headers));
  return parts.join(', ');
}

/**
 * What every command gets: global options, a lazily created client, output formatting and error
 * printing. Command registrars receive it once, at start-up, and call it while running.
 */
export class CliContext {
  readonly io: CliIo;
  readonly #program: Command;
  readonly #clientOptions: Partial<ClientOptions>;
  #client: CceClient | undefined;

  /** `clientOptions` are merged into what the global options give (tests use it for retries). */
  constructor(program: Command, io: CliIo, clientOptions: Partial<ClientOptions> = {}) {
    this.#program = program;
    this.io = io;
    this.#clientOptions = clientOptions;
  }

  globals(): GlobalOptions {
    const raw = this.#program.opts<Record<string, unknown>>();
    const output = (raw['output'] as string | undefined) ?? 'table';
    if (output !== 'table' && output !== 'json' && output !== 'yaml') {
      throw new UsageError(`--output must be table, json or yaml; got "${output}"`);
    }
    const str = (name: string) => (typeof raw[name] === 'string' ? (raw[name] as string) : undefined);
    const color = raw['color'] !== false && this.io.isTTY && this.io.env['NO_COLOR'] === undefined;
    return {
      output,
      color,
      debug: raw['debug'] === true,
      ...(str('region') === undefined ? {} : { region: str('region') }),
      ...(str('projectId') === undefined ? {} : { projectId: str('projectId') }),
      ...(str('endpoint') === undefined ? {} : { endpoint: str('endpoint') }),
      ...(str('iamEndpoint') === undefined ? {} : { iamEndpoint: str('iamEndpoint') }),
      ...(str('profile') === undefined ? {} : { profile: str('profile') }),
    };
  }

  /** The API client, created on first use from the global options and the credential chain. */
  client(): CceClient {
    if (this.#client === undefined) {
      const g = this.globals();
      const endpoints = {
        ...(g.endpoint === undefined ? {} : { cce: g.endpoint }),
        ...(g.iamEndpoint === undefined ? {} : { iam: g.iamEndpoint }),
      };
      this.#client = createClient({
        env: this.io.env,
        ...(g.region === undefined ? {} : { region: g.region }),
        ...(g.projectId === undefined ? {} : { projectId: g.projectId }),
        ...(g.profile === undefined ? {} : { profile: g.profile }),
        endpoints,
        userAgent: 'cce-autopilot-cli/0.1.0',
        ...(g.debug ? { logger: (event: RequestLogEvent) => this.err(`${describeEvent(event)}\n`) } : {}),
        ...this.#clientOptions,
      });
    }
    return this.#client;
  }

  async close(): Promise<void> {
    await this.#client?.close();
    this.#client = undefined;
  }

  /**
   * Text for stdout that may hold what a server sent (names, messages): every character a terminal
   * would act on is shown as its escape instead. All output of results and errors goes through
   * here or `err`; only the CLI's own styling (the bold table header) is written around it.
   */
  out(text: string): void {
    this.io.stdout.write(terminalSafe(text));
  }

  /** `out` for stderr. */
  err(text: string): void {
    this.io.stderr.write(terminalSafe(text));
  }

  /** Prints a result as JSON, YAML or a table (a list's `items`, or one object's columns). */
  print(data: unknown, tableColumns?: readonly Column[]): void {
    const { output } = this.globals();
    if (output === 'json') {
      // Lossless: the JSON still parses to what the server sent.
      this.io.stdout.write(`${terminalSafeJson(JSON.stringify(data ?? null, null, 2))}\n`);
      return;
    }
    if (output === 'yaml') {
      this.out(toYaml(data ?? null));
      return;
    }
    if (data === undefined || data === null || data === '') return;
    if (typeof data === 'string') {
      this.out(data.endsWith('\n') ? data : `${data}\n`);
      return;
    }
    const rows = Array.isArray(data) ? data : Array.isArray(pick(data, 'items')) ? (pick(data, 'items') as unknown[]) : undefined;
    if (tableColumns && rows) {
      // Cells are made safe one by one (table()), so the header may keep its styling.
      this.io.stdout.write(this.table(rows, tableColumns));
      return;
    }
    if (tableColumns && !rows) {
      this.io.stdout.write(this.table([data], tableColumns));
      return;
    }
    // No columns known for this answer: YAML reads better than a one-column table.
    this.out(toYaml(data));
  }

  table(rows: readonly unknown[], tableColumns: readonly Column[]): string {
    const cells = rows.map((row) => tableColumns.map((c) => cell(c.get(row))));
    const widths = tableColumns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
    const line = (values: readonly string[]) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    const header = line(tableColumns.map((c) => c.header));
    const head = this.globals().color ? `\u001b[1m${header}\u001b[0m` : header;
    return `${[head, ...cells.map(line)].join('\n')}\n`;
  }

  /** A status line on stderr, only when it is a terminal (scripts get clean output). */
  progress(message: string): void {
    if (this.io.isTTY) this.err(`${message}\n`);
  }

  /** Wait options that report progress on a terminal. */
  waitOptions(timeoutSeconds?: string): WaitOptions {
    const timeoutMs = timeoutSeconds === undefined ? undefined : Number(timeoutSeconds) * 1000;
    if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError(`--wait-timeout must be a positive number of seconds; got "${timeoutSeconds}"`);
    return {
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      onProgress: (p) => this.progress(`${p.what}: ${p.phase}${p.detail ? ` (${p.detail})` : ''} after ${Math.round(p.elapsedMs / 1000)} s`),
    };
  }

  /** Reads a JSON or YAML file (`-` for stdin) given with `flag`, e.g. a request body or values. */
  async readDataFile(path: string, flag = '--file'): Promise<unknown> {
    let text: string;
    try {
      text = path === '-' ? await readStdin() : await readFile(path, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read ${flag} ${path}: ${(error as Error).message}`);
    }
    try {
      return path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new UsageError(`${flag} ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'JSON or YAML'}: ${(error as Error).message}`);
    }
  }

  /** Reads a file that must hold a mapping (values of an addon or release). */
  async readMappingFile(path: string, flag: string): Promise<Record<string, unknown>> {
    const parsed = await this.readDataFile(path, flag);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError(`${flag} ${path} must hold a mapping (key: value lines)`);
    return parsed as Record<string, unknown>;
  }

  /** Prints an error and returns the exit code: 1 for API/network failures, 2 for usage errors. */
  printError(error: unknown): number {
    const write = (text: string) => this.err(`${text}\n`);
    if (error instanceof CceApiError) {
      write(`Error: ${error.code}: ${error.message}`);
      write(`  operation: ${error.operation}, HTTP ${error.status}${error.requestId ? `, request id: ${error.requestId}` : ''}`);
      return 1;
    }
    if (error instanceof CceNetworkError) {
      write(`Error: network: ${error.message}${error.requestId ? ` (request id: ${error.requestId})` : ''}`);
      return 1;
    }
    if (error instanceof CceWaitError || error instanceof CceAbortError) {
      write(`Error: ${error.message}`);
      return 1;
    }
    if (error instanceof UsageError || error instanceof TypeError) {
      write(`Error: ${error.message}`);
      return 2;
    }
    write(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Plugs a group of commands into the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;
