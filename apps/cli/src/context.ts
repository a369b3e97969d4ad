import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
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
import { terminalSafe } from '@cce-autopilot/models';
import { AmbiguousReferenceError, ConfirmationRefusedError, ExitCode, UnknownReferenceError, UsageError } from './errors.js';
import { Output, outputFormats, type Column, type OutputFormat } from './output.js';

// Command modules import these from here; they live in output.ts and errors.ts.
export { columns, pick } from './output.js';
export type { Column, OutputFormat } from './output.js';
export { UsageError } from './errors.js';

/** The options every command accepts (see program.ts). */
export interface GlobalOptions {
  readonly region?: string;
  readonly projectId?: string;
  readonly endpoint?: string;
  readonly iamEndpoint?: string;
  readonly profile?: string;
  readonly output: OutputFormat;
  readonly query?: string;
  readonly utc: boolean;
  readonly color: boolean;
  readonly debug: boolean;
}

/** Where the CLI writes and what it reads from its surroundings; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string | Uint8Array): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * Asks a question on the terminal and resolves with the answer; absent when there is no terminal.
   * `secret`: the answer is not echoed (an SK).
   */
  readonly ask?: (question: string, options?: { readonly secret?: boolean }) => Promise<string>;
  /** Width of the terminal stdout is, when it is one (tables are fitted to it). */
  readonly columns?: number;
  /** Aborted on Ctrl-C: the command line then ends with exit code 130. */
  readonly signal?: AbortSignal;
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
  /** Set by a command that stops cleanly on Ctrl-C itself (emulator start): run() then waits for it. */
  interruptHandled = false;

  /** `clientOptions` are merged into what the global options give (tests use it for retries). */
  constructor(program: Command, io: CliIo, clientOptions: Partial<ClientOptions> = {}) {
    this.#program = program;
    this.io = io;
    this.#clientOptions = clientOptions;
  }

  globals(): GlobalOptions {
    const raw = this.#program.opts<Record<string, unknown>>();
    const given = raw['output'] ?? 'table';
    const output = outputFormats.find((format) => format === given);
    if (output === undefined) {
      throw new UsageError(`--output must be one of ${outputFormats.join(', ')}; got "${String(given)}"`);
    }
    const str = (name: string) => {
      const value = raw[name];
      return typeof value === 'string' ? value : undefined;
    };
    const color = raw['color'] !== false && this.io.isTTY && this.io.env['NO_COLOR'] === undefined;
    return {
      output,
      color,
      debug: raw['debug'] === true,
      utc: raw['utc'] === true,
      ...(str('query') === undefined ? {} : { query: str('query') }),
      ...(str('region') === undefined ? {} : { region: str('region') }),
      ...(str('projectId') === undefined ? {} : { projectId: str('projectId') }),
      ...(str('endpoint') === undefined ? {} : { endpoint: str('endpoint') }),
      ...(str('iamEndpoint') === undefined ? {} : { iamEndpoint: str('iamEndpoint') }),
      ...(str('profile') === undefined ? {} : { profile: str('profile') }),
    };
  }

  /** The result printer for this command line (formats, --query, times, terminal width). */
  output(): Output {
    const g = this.globals();
    const tz = this.io.env['TZ'];
    return new Output(
      {
        format: g.output,
        color: g.color,
        utc: g.utc,
        ...(g.query === undefined ? {} : { query: g.query }),
        ...(tz ? { timeZone: tz, systemZone: tz === process.env['TZ'] } : {}),
        ...(this.io.columns === undefined ? {} : { width: this.io.columns }),
      },
      (text) => this.io.stdout.write(text),
    );
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

  /** Per-request options: Ctrl-C aborts the request in flight. */
  requestOptions(): { signal?: AbortSignal } {
    return this.io.signal === undefined ? {} : { signal: this.io.signal };
  }

  async close(): Promise<void> {
    await this.#client?.close();
    this.#client = undefined;
  }

  /**
   * Text for stdout that may hold what a server sent (names, messages): every character a terminal
   * would act on is shown as its escape instead. Results go through output.ts, which does the same.
   */
  out(text: string): void {
    this.io.stdout.write(terminalSafe(text));
  }

  /** `out` for stderr. */
  err(text: string): void {
    this.io.stderr.write(terminalSafe(text));
  }

  /** Prints a result as JSON, YAML or a table (a list's `items`, or one object's columns). */
  print(data: unknown, tableColumns?: readonly Column[]): Promise<void> {
    return this.output().print(data, tableColumns);
  }

  /** Whether to print data (json, yaml, --query) rather than a command's own sentence. */
  structuredOutput(): boolean {
    return this.output().structured;
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
      // Ctrl-C stops the polling too, not only the command line.
      ...(this.io.signal === undefined ? {} : { signal: this.io.signal }),
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
      // yaml is loaded only when a YAML file is read (it is a quarter of the start-up's code).
      return path.endsWith('.json') ? JSON.parse(text) : (await import('yaml')).parse(text);
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

  /** Prints an error and returns the exit code (see errors.ts). */
  printError(error: unknown): number {
    const write = (text: string) => this.err(`${text}\n`);
    if (error instanceof CceApiError) {
      write(`Error: ${error.code}: ${error.message}`);
      write(`  operation: ${error.operation}, HTTP ${error.status}${error.requestId ? `, request id: ${error.requestId}` : ''}`);
      return ExitCode.failure;
    }
    if (error instanceof CceNetworkError) {
      write(`Error: network: ${error.message}${error.requestId ? ` (request id: ${error.requestId})` : ''}`);
      return ExitCode.failure;
    }
    if (error instanceof ConfirmationRefusedError) {
      write(`Error: ${error.message}`);
      return ExitCode.refused;
    }
    if (error instanceof CceWaitError || error instanceof CceAbortError || error instanceof UnknownReferenceError) {
      write(`Error: ${error.message}`);
      return ExitCode.failure;
    }
    if (error instanceof UsageError || error instanceof AmbiguousReferenceError || error instanceof TypeError) {
      write(`Error: ${error.message}`);
      return ExitCode.usage;
    }
    write(`Error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.failure;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Plugs a group of commands into the program. */
export type CommandRegistrar = (program: Command, ctx: CliContext) => void;
