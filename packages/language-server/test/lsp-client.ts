import { fork, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type { SchemaRequestParams, SchemaRequestResult } from '../src/index.js';

export const serverPath = fileURLToPath(new URL('../dist/server.js', import.meta.url));

interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; message: string; code?: string; data?: unknown }>;
}

/** A minimal LSP client that talks to the built server in a child process. */
export class LspClient {
  readonly published: PublishedDiagnostics[] = [];
  readonly schemaRequests: SchemaRequestParams[] = [];
  private waiters: Array<{ test: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void }> = [];

  private constructor(
    private readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {}

  static async start(options: {
    transport?: 'stdio' | 'ipc';
    answer: (p: SchemaRequestParams) => SchemaRequestResult | Promise<SchemaRequestResult>;
    initializationOptions?: unknown;
  }): Promise<LspClient> {
    const ipc = options.transport === 'ipc';
    const proc = ipc
      ? // No inherited execArgv: the test runner's module conditions would point the child at sources.
      fork(serverPath, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [] })
      : spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
    const conn = ipc
      ? createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))
      : createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspClient(proc, conn);
    conn.onRequest('cceAutopilot/schema', async (p: SchemaRequestParams) => {
      client.schemaRequests.push(p);
      return options.answer(p);
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => {
      client.published.push(p);
      const ready = client.waiters.filter((w) => w.test(p));
      client.waiters = client.waiters.filter((w) => !w.test(p));
      for (const w of ready) w.resolve(p);
    });
    conn.onNotification(() => undefined);
    conn.listen();
    await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: options.initializationOptions ?? {} });
    await conn.sendNotification('initialized', {});
    return client;
  }

  diagnostics(uri: string, version?: number): Promise<PublishedDiagnostics> {
    const test = (p: PublishedDiagnostics) => p.uri === uri && (version === undefined || p.version === version);
    const already = this.published.find(test);
    if (already) return Promise.resolve(already);
    return new Promise((resolve) => this.waiters.push({ test, resolve }));
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      // The process may already be gone.
    }
    this.conn.dispose();
    if (this.proc.exitCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.proc.kill();
          resolve();
        }, 5000);
        this.proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}
