// Everything the CLI prints as a command's result goes through `Output.print`: the formats
// (table, wide, json, yaml), --query, local/UTC times and fitting a table to the terminal.
// Keep it the one place: terminal sanitising is wired here too.
import { terminalSafe, terminalSafeJson } from '@cce-autopilot/models';
import type { JSONValue } from '@jmespath-community/jmespath';
import { UsageError } from './errors.js';

export type OutputFormat = 'table' | 'wide' | 'json' | 'yaml';
export const outputFormats: readonly OutputFormat[] = ['table', 'wide', 'json', 'yaml'];

/** A column of the table output: a header and how to get the cell from a row. */
export interface Column {
  readonly header: string;
  readonly get: (row: unknown) => unknown;
  /** Shown only with `--output wide`. */
  readonly wide?: boolean;
  /** An RFC 3339 time, shown in local time (UTC with `--utc`). */
  readonly time?: boolean;
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

type ColumnFlag = 'wide' | 'time';

/** Columns from `[header, dotted path, ...flags]`; `wide` columns show with `--output wide` only. */
export function columns(...specs: [header: string, path: string, ...flags: ColumnFlag[]][]): Column[] {
  return specs.map(([header, path, ...flags]) => ({
    header,
    get: (row: unknown) => pick(row, path),
    ...(flags.includes('wide') ? { wide: true } : {}),
    ...(flags.includes('time') ? { time: true } : {}),
  }));
}

export interface OutputSettings {
  readonly format: OutputFormat;
  readonly color: boolean;
  /** JMESPath applied to the answer before it is formatted. */
  readonly query?: string;
  readonly utc: boolean;
  /** IANA zone for local times (the caller's TZ); the system's when absent. */
  readonly timeZone?: string;
  /** Whether `timeZone` is the process's own zone (then Date's getters are used, without ICU). */
  readonly systemZone?: boolean;
  /** Width of the terminal stdout is, when it is one: tables are fitted to it. */
  readonly width?: number;
}

const MAX_CELL = 60;
const MIN_CELL = 6;

function text(value: unknown): string {
  let out: string;
  if (value === undefined || value === null) out = '';
  else if (typeof value === 'string') out = value;
  else if (typeof value === 'number' || typeof value === 'boolean') out = String(value);
  else out = JSON.stringify(value);
  return terminalSafe(out.replace(/\s+/g, ' '));
}

function truncate(value: string, width: number): string {
  return value.length > width ? `${value.slice(0, Math.max(0, width - 1))}…` : value;
}

/**
 * A time as the API gives it: RFC 3339, or Go's default format that CCE answers carry
 * (`2026-12-02 04:36:46.321000000 +0000 UTC`).
 */
export function parseApiTime(value: string): Date {
  const go = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? ([+-]\d\d)(\d\d)(?: \S+)?$/.exec(value);
  if (go) return new Date(`${go[1]}T${go[2]}${(go[3] ?? '').slice(0, 4)}${go[4]}:${go[5]}`);
  return new Date(value);
}

/** Formatters by zone: building one loads ICU data, so a table builds it once, not per cell. */
export class TimeFormatter {
  readonly #formats = new Map<string, Intl.DateTimeFormat>();

  #format(timeZone: string | undefined): Intl.DateTimeFormat {
    const key = timeZone ?? '';
    let format = this.#formats.get(key);
    if (format === undefined) {
      format = new Intl.DateTimeFormat('en-GB', {
        ...(timeZone === undefined ? {} : { timeZone }),
        year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
        hourCycle: 'h23', timeZoneName: 'longOffset',
      });
      this.#formats.set(key, format);
    }
    return format;
  }

  /**
   * `2026-12-02 05:29:32 +01:00` in the given zone, or `... UTC`; anything not a time as it is.
   * `systemZone`: the zone is the process's own, which Date's getters give without ICU's start-up.
   */
  format(value: unknown, utc: boolean, timeZone?: string, systemZone = false): string {
    if (typeof value !== 'string' || value === '') return text(value);
    const date = parseApiTime(value);
    if (Number.isNaN(date.getTime())) return text(value);
    if (utc || systemZone) return plainFormat(date, utc);
    let format: Intl.DateTimeFormat;
    try {
      format = this.#format(timeZone);
    } catch {
      // An unknown TZ name: fall back to the system zone rather than failing the command.
      return plainFormat(date, false);
    }
    const parts = Object.fromEntries(format.formatToParts(date).map((p) => [p.type, p.value]));
    const offset = (parts['timeZoneName'] ?? '').replace(/^GMT$/, '+00:00').replace(/^GMT/, '');
    return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']} ${offset}`;
  }
}

const two = (n: number) => String(n).padStart(2, '0');

/** The same format from Date's own getters: UTC, or the process's zone. */
function plainFormat(date: Date, utc: boolean): string {
  const [y, mo, d, h, mi, s] = utc
    ? [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    : [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
  const stamp = `${y}-${two(mo)}-${two(d)} ${two(h)}:${two(mi)}:${two(s)}`;
  if (utc) return `${stamp} UTC`;
  const east = -date.getTimezoneOffset();
  return `${stamp} ${east < 0 ? '-' : '+'}${two(Math.floor(Math.abs(east) / 60))}:${two(Math.abs(east) % 60)}`;
}

/** Columns for answers we have no columns for (a --query result): the union of the rows' keys. */
function columnsOfRows(rows: readonly unknown[]): Column[] {
  const keys: string[] = [];
  for (const row of rows) {
    if (row !== null && typeof row === 'object' && !Array.isArray(row)) for (const key of Object.keys(row)) if (!keys.includes(key)) keys.push(key);
  }
  return keys.map((key) => ({ header: key.toUpperCase(), get: (row: unknown) => (row as Record<string, unknown>)[key] }));
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Formats results for stdout. Created per command line from the global options. */
export class Output {
  readonly #settings: OutputSettings;
  readonly #write: (text: string) => unknown;

  constructor(settings: OutputSettings, write: (text: string) => unknown) {
    this.#settings = settings;
    this.#write = write;
  }

  get settings(): OutputSettings {
    return this.#settings;
  }

  /** Whether the command should print data rather than its own human sentence. */
  get structured(): boolean {
    return this.#settings.format === 'json' || this.#settings.format === 'yaml' || this.#settings.query !== undefined;
  }

  /** Prints a result as JSON, YAML or a table (a list's `items`, or one object's columns). */
  async print(data: unknown, tableColumns?: readonly Column[]): Promise<void> {
    const { format, query } = this.#settings;
    let shown = data;
    let cols = tableColumns;
    if (query !== undefined) {
      shown = await applyQuery(data, query);
      cols = undefined;
    }
    // Lossless: the JSON still parses to what the server sent.
    if (format === 'json') return void this.#write(`${terminalSafeJson(JSON.stringify(shown ?? null, null, 2))}\n`);
    // yaml is loaded only for YAML output (it is a quarter of the start-up's code).
    if (format === 'yaml') return this.#out(await toYaml(shown ?? null));
    if (shown === undefined || shown === null || shown === '') return;
    if (typeof shown !== 'object') return this.#out(`${String(shown)}${String(shown).endsWith('\n') ? '' : '\n'}`);
    const rows = Array.isArray(shown) ? shown : Array.isArray(pick(shown, 'items')) ? (pick(shown, 'items') as unknown[]) : undefined;
    if (query !== undefined) {
      if (rows && rows.every((r) => r === null || typeof r !== 'object')) return this.#out(rows.map((r) => `${text(r)}\n`).join(''));
      const list = rows ?? [shown];
      if (list.every(isObject)) return void this.#write(this.table(list, columnsOfRows(list)));
    }
    // Cells are made safe one by one (text()), so the header may keep its styling.
    if (cols && rows) return void this.#write(this.table(rows, cols));
    if (cols) return void this.#write(this.table([shown], cols));
    // No columns known for this answer: YAML reads better than a one-column table.
    this.#out(await toYaml(shown));
  }

  /** Text a command writes itself (a sentence, a diff, a download on stdout). */
  write(textOut: string): void {
    this.#out(textOut);
  }

  table(rows: readonly unknown[], tableColumns: readonly Column[]): string {
    const { utc, timeZone, width, color } = this.#settings;
    const shown = tableColumns.filter((c) => this.#settings.format === 'wide' || c.wide !== true);
    const times = new TimeFormatter();
    const cells = rows.map((row) => shown.map((c) => (c.time ? times.format(c.get(row), utc, timeZone, this.#settings.systemZone === true || timeZone === undefined) : text(c.get(row)))));
    const widths = shown.map((c, i) => Math.min(Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)), this.#settings.format === 'wide' ? Infinity : MAX_CELL));
    if (width !== undefined && width > 0) fitWidths(widths, shown.map((c) => c.header.length), width);
    const line = (values: readonly string[]) => values.map((v, i) => truncate(v, widths[i] ?? 0).padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    const header = line(shown.map((c) => c.header));
    const head = color ? `\u001b[1m${header}\u001b[0m` : header;
    return `${[head, ...cells.map(line)].join('\n')}\n`;
  }

  /** Everything but tables and JSON: control characters shown as escapes (what a server sent). */
  #out(textOut: string): void {
    this.#write(terminalSafe(textOut));
  }
}

async function toYaml(value: unknown): Promise<string> {
  const { stringify } = await import('yaml');
  return stringify(value);
}

/** Shrinks the widest columns (never below their header or MIN_CELL) until the line fits `total`. */
export function fitWidths(widths: number[], minimums: readonly number[], total: number): void {
  const gaps = 2 * Math.max(0, widths.length - 1);
  let over = widths.reduce((a, b) => a + b, 0) + gaps - total;
  while (over > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) {
      const floor = Math.max(MIN_CELL, minimums[i] ?? 0);
      if ((widths[i] ?? 0) > floor && (widest < 0 || (widths[i] ?? 0) > (widths[widest] ?? 0))) widest = i;
    }
    if (widest < 0) return;
    widths[widest] = (widths[widest] ?? 0) - 1;
    over--;
  }
}

/** Runs a JMESPath query; the library is loaded only when a query is given. */
export async function applyQuery(data: unknown, query: string): Promise<unknown> {
  const { search } = await import('@jmespath-community/jmespath');
  try {
    // The data is parsed JSON (an API answer), which is what JSONValue describes.
    return search(data as JSONValue, query);
  } catch (error) {
    throw new UsageError(`--query ${JSON.stringify(query)} is not a valid JMESPath expression: ${(error as Error).message}`);
  }
}
