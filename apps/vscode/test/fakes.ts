import { allOperations, type OperationDef } from '@cce-autopilot/models';
import type { ApiInput, ApiOperationName, ApiOutput, CceApi } from '../src/core/api.js';
import type { KeyValueStore, SecretStore } from '../src/core/profiles.js';
import { translate, type InputOptions, type PickItem, type Ui } from '../src/core/ui.js';

/** A call as the service sees it: path parameters, query parameters and body apart. */
export interface CallInput {
  readonly path?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, unknown>>;
  readonly body?: unknown;
}

export type Handler = (input: CallInput) => unknown;

/** Splits a typed call input into path, query and body the way the catalogue places each parameter. */
export function placed(op: ApiOperationName, input: object): CallInput {
  const def: OperationDef = allOperations[op];
  const path: Record<string, string> = {};
  const query: Record<string, unknown> = {};
  let body: unknown;
  for (const [key, value] of Object.entries(input)) {
    if (key === 'body') body = value;
    else if (def.pathParams.some((p) => p.name === key)) path[key] = String(value);
    else if (def.query.some((p) => p.name === key)) query[key] = value;
    else throw new Error(`${op}: parameter "${key}" is neither in its path nor in its query`);
  }
  return {
    ...(Object.keys(path).length > 0 ? { path } : {}),
    ...(Object.keys(query).length > 0 ? { query } : {}),
    ...(body !== undefined ? { body } : {}),
  };
}

/** A CceApi answering from a table of handlers; records every call. */
export class FakeApi implements CceApi {
  readonly calls: { op: ApiOperationName; input: CallInput }[] = [];
  constructor(readonly handlers: Partial<Record<ApiOperationName, Handler>>, readonly region = 'cn-north-4', readonly projectId = 'p1') {}
  async call<N extends ApiOperationName>(op: N, typed: ApiInput<N>): Promise<ApiOutput<N>> {
    const input = placed(op, typed);
    this.calls.push({ op, input });
    const h = this.handlers[op];
    if (!h) throw Object.assign(new Error(`no handler for ${op}`), { status: 501, code: 'EMU.501' });
    // The handlers answer what the test means the service to answer, shapes included.
    return (await h(input)) as ApiOutput<N>;
  }
  count(op: ApiOperationName): number { return this.calls.filter((c) => c.op === op).length; }
}

export function apiError(status: number, code: string, message: string, requestId: string): Error {
  return Object.assign(new Error(message), { name: 'CceApiError', status, code, requestId });
}

export class MemoryState implements KeyValueStore {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined { return this.data.get(key) as T | undefined; }
  async update(key: string, value: unknown): Promise<void> { if (value === undefined) this.data.delete(key); else this.data.set(key, value); }
}

export class MemorySecrets implements SecretStore {
  readonly data = new Map<string, string>();
  async get(key: string) { return this.data.get(key); }
  async store(key: string, value: string) { this.data.set(key, value); }
  async delete(key: string) { this.data.delete(key); }
}

/** A script answer for an input box or multi-select: press Enter on what the flow filled in or preselected. */
export const ACCEPT = Symbol('accept the filled-in value');

/**
 * A Ui that answers from a script: each entry answers the next prompt. Input answers are checked
 * with the prompt's own validator, as VS Code's input box would, so invalid scripted input fails.
 */
export class ScriptUi implements Ui {
  readonly t = translate;
  readonly shown: { title: string; content: string }[] = [];
  readonly messages: string[] = [];
  readonly prompts: string[] = [];
  readonly rejected: { title: string; value: string; problem: string }[] = [];
  constructor(private readonly answers: unknown[]) {}
  private next(title: string): unknown {
    this.prompts.push(title);
    if (this.answers.length === 0) throw new Error(`unexpected prompt: ${title}`);
    return this.answers.shift();
  }
  async pick<T>(items: readonly PickItem<T>[], o: { title: string }): Promise<T | undefined> {
    const a = this.next(o.title);
    if (a === undefined) return undefined;
    const item = items.find((i) => i.label === a || i.value === a);
    if (!item) throw new Error(`no item ${String(a)} in ${o.title}: ${items.map((i) => i.label).join(', ')}`);
    return item.value;
  }
  async pickMany<T>(items: readonly PickItem<T>[], o: { title: string }): Promise<T[] | undefined> {
    const next = this.next(o.title);
    if (next === undefined) return undefined;
    // ACCEPT takes the items the flow preselected.
    const a = next === ACCEPT ? items.filter((i) => i.picked).map((i) => i.value) : (next as unknown[]);
    return a.map((x) => { const i = items.find((it) => it.label === x || it.value === x); if (!i) throw new Error(`no item ${String(x)}`); return i.value; });
  }
  async input(o: InputOptions): Promise<string | undefined> {
    for (;;) {
      const next = this.next(o.title);
      // ACCEPT takes what the input box shows filled in (empty when the flow filled in nothing).
      const a = next === ACCEPT ? (o.value ?? '') : (next as string | undefined);
      if (a === undefined) return undefined;
      const problem = o.validate?.(a);
      if (!problem) return a;
      // Like the input box: the value is refused and the prompt stays open for the next answer.
      this.rejected.push({ title: o.title, value: a, problem });
      this.prompts.pop();
    }
  }
  async confirm(message: string): Promise<boolean> { return this.next(message) === true; }
  info(m: string): void { this.messages.push(m); }
  warn(m: string): void { this.messages.push(m); }
  async progress<T>(_title: string, task: (p: { report(m: string): void }, s: AbortSignal) => Promise<T>): Promise<T> {
    return task({ report: (m) => this.messages.push(`progress: ${m}`) }, new AbortController().signal);
  }
  async showText(title: string, content: string): Promise<void> { this.shown.push({ title, content }); }
  async showDiff(title: string, left: string, right: string): Promise<void> { this.shown.push({ title, content: `${left}\n---\n${right}` }); }
  async copy(text: string): Promise<void> { this.messages.push(`copied ${text}`); }
}
