// The `cce-autopilot mcp` server: the catalogue's operations and a few task tools as MCP tools,
// the catalogue and each cluster's summary as resources, and prompts for common chores. Loaded
// only when the `mcp` command runs (see command.ts), so the SDK never slows other commands down.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { defaultCredentialChain, nodeReadTextFile, resolveCredentials } from '@cce-autopilot/auth';
import { allOperations, checkValue, type OperationDef } from '@cce-autopilot/models';
import type { BinaryResponse, CceClient, ClientOperationName, RequestLogEvent } from '@cce-autopilot/client';
import { CliContext, describeEvent } from '../context.js';
import { allows, operationTools, type AccessLevel, type OperationTool } from './catalogue-tools.js';
import { errorResult, okResult, Sanitizer, summarize, ToolInputError } from './results.js';
import { taskTools, type TaskTool, type ToolCallContext } from './tasks.js';
import { clusterResources, operationsResource, readResource, resourceTemplates } from './resources.js';
import { getPrompt, prompts } from './prompts.js';

const VERSION = '0.1.0';
/** Chart archives larger than this are not inlined as base64 (use `cce-autopilot charts download`). */
const MAX_INLINE_ARCHIVE = 8 * 1024 * 1024;

export interface McpServerOptions {
  readonly access: AccessLevel;
  /** The transport to serve on; stdio when absent. */
  readonly transport?: Transport;
}

/** Request ids seen during one tool call, collected through the client's logger hook. */
interface CallTrace {
  readonly requestIds: string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A tool's operation is one of the client's: its name is a key of the catalogue. */
function isClientOperationName(name: string): name is ClientOperationName {
  return Object.hasOwn(allOperations, name);
}

/** The MCP server of one `cce-autopilot mcp` process. */
export class CceMcpServer {
  readonly #ctx: CliContext;
  readonly #access: AccessLevel;
  readonly #sanitizer: Sanitizer;
  readonly #trace = new AsyncLocalStorage<CallTrace>();
  readonly #operationTools: ReadonlyMap<string, OperationTool>;
  readonly #taskTools: ReadonlyMap<string, TaskTool>;
  readonly server: Server;

  constructor(program: Command, cli: CliContext, access: AccessLevel) {
    this.#access = access;
    this.#sanitizer = new Sanitizer(cli.io.env);
    const debug = cli.globals().debug;
    // A context of our own, with the same global options and credential chain as every command,
    // whose client also reports each attempt's request id to the tool call that made it.
    this.#ctx = new CliContext(program, cli.io, {
      logger: (event: RequestLogEvent) => {
        if (event.requestId) this.#trace.getStore()?.requestIds.push(event.requestId);
        if (debug) cli.io.stderr.write(`${describeEvent(event)}\n`);
      },
    });
    this.#operationTools = new Map(operationTools().map((t) => [t.name, t]));
    this.#taskTools = new Map(taskTools().map((t) => [t.name, t]));
    this.server = new Server(
      { name: 'cce-autopilot', version: VERSION },
      {
        capabilities: { tools: {}, resources: {}, prompts: {}, logging: {} },
        instructions:
          `CCE Autopilot (Huawei Cloud serverless Kubernetes) in region ${this.#client().region}, access level ${access}. ` +
          'Tools named like API operations (ListAutopilotClusters, ShowAutopilotCluster...) call that operation; find_cluster turns a name into an id. ' +
          'Destructive tools need confirm set to the target\'s name: ask the user before you set it.',
      },
    );
    this.#register();
  }

  #client(): CceClient {
    return this.#ctx.client();
  }

  #visibleTools(): Tool[] {
    const tools: Tool[] = [];
    for (const t of this.#operationTools.values()) {
      if (!allows(this.#access, t.access)) continue;
      tools.push({ name: t.name, title: t.annotations.title, description: t.description, inputSchema: t.inputSchema, outputSchema: t.outputSchema, annotations: t.annotations });
    }
    for (const t of this.#taskTools.values()) {
      if (!allows(this.#access, t.access)) continue;
      tools.push({ name: t.name, title: t.annotations.title, description: t.description, inputSchema: t.inputSchema, outputSchema: t.outputSchema, annotations: t.annotations });
    }
    return tools;
  }

  #register(): void {
    this.server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: this.#visibleTools() }));
    this.server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const { name } = request.params;
      const args = request.params.arguments ?? {};
      const progressToken = extra._meta?.progressToken ?? request.params._meta?.progressToken;
      // Progress sent after the result would be dropped by the client: the result waits for them.
      const sent: Promise<unknown>[] = [];
      const call: ToolCallContext = {
        ctx: this.#ctx,
        client: this.#client(),
        signal: extra.signal,
        log: (message) => this.#log(message),
        progress: (message, step) => {
          if (progressToken === undefined) return;
          sent.push(extra.sendNotification({ method: 'notifications/progress', params: { progressToken, progress: step, message } }).catch(() => undefined));
        },
      };
      const result = await this.#call(name, args, call);
      await Promise.all(sent);
      return result;
    });
    this.server.setRequestHandler(ListResourcesRequestSchema, async () => ({
      resources: [operationsResource(), ...(await clusterResources(this.#client(), (m) => this.#log(m)))],
    }));
    this.server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: resourceTemplates() }));
    this.server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
      const contents = await readResource(this.#client(), request.params.uri, [...this.#operationTools.values()], this.#access);
      return { contents: contents.map((c) => ({ uri: c.uri, mimeType: 'application/json', text: JSON.stringify(this.#sanitizer.value(c.value), null, 2) })) };
    });
    this.server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: prompts() }));
    this.server.setRequestHandler(GetPromptRequestSchema, (request) => getPrompt(request.params.name, request.params.arguments ?? {}, this.#access));
  }

  /** To stderr (the client's server log), and to the client as a log message when connected. */
  #log(message: string): void {
    const clean = this.#sanitizer.text(message);
    this.#ctx.io.stderr.write(`cce-autopilot mcp: ${clean}\n`);
    if (this.server.transport) void this.server.sendLoggingMessage({ level: 'info', logger: 'cce-autopilot', data: clean }).catch(() => undefined);
  }

  async #call(name: string, args: Record<string, unknown>, call: ToolCallContext): Promise<CallToolResult> {
    const opTool = this.#operationTools.get(name);
    const task = this.#taskTools.get(name);
    const needed = opTool?.access ?? task?.access;
    const run = opTool ? () => this.#callOperation(opTool, args, call) : task ? () => task.run(args, call, this.#sanitizer) : undefined;
    if (needed === undefined || run === undefined) return errorResult(this.#sanitizer, new ToolInputError(`no tool named "${name}"`));
    // A tool the level does not list is refused too, so a client that guesses names gains nothing.
    if (!allows(this.#access, needed)) {
      return errorResult(this.#sanitizer, new ToolInputError(`${name} needs --access ${needed}; this server runs with --access ${this.#access}`));
    }
    const mutation = needed !== 'readonly';
    const trace: CallTrace = { requestIds: [] };
    try {
      const result = await this.#trace.run(trace, run);
      if (mutation) this.#log(`${name} ${describeArgs(args)} done; request id ${trace.requestIds.join(', ') || 'none'}`);
      return result;
    } catch (error) {
      if (mutation) this.#log(`${name} ${describeArgs(args)} failed: ${error instanceof Error ? error.message : String(error)}; request id ${trace.requestIds.join(', ') || 'none'}`);
      return errorResult(this.#sanitizer, error);
    }
  }

  async #callOperation(tool: OperationTool, args: Record<string, unknown>, call: ToolCallContext): Promise<CallToolResult> {
    const op = tool.operation;
    const input = await this.#input(op, args);
    if (tool.annotations.destructiveHint) await this.#checkConsent(tool, args);
    if (!isClientOperationName(op.name)) throw new Error(`${op.name} is not an operation of the client`);
    const answer = await this.#client().invoke(op.name, input, { signal: call.signal });
    return this.#answer(tool, answer);
  }

  /** Checks the arguments against the tool's schema parts and builds the client's input. */
  async #input(op: OperationDef, args: Record<string, unknown>): Promise<Record<string, unknown>> {
    const known = new Set<string>([...op.pathParams.map((p) => p.name), ...op.query.map((q) => q.name), 'confirm']);
    if (op.requestKind === 'json') known.add('body');
    if (op.requestKind === 'multipart') known.add('file').add('parameters');
    const unknown = Object.keys(args).filter((k) => !known.has(k) || k === 'project_id');
    if (unknown.length) throw new ToolInputError(`${op.name} takes no argument ${unknown.map((k) => `"${k}"`).join(', ')}${unknown.includes('project_id') ? ' (the project id comes from the credentials and --project-id)' : ''}`);
    const input: Record<string, unknown> = {};
    for (const p of [...op.pathParams, ...op.query]) {
      if (p.name === 'project_id') continue;
      const value = args[p.name];
      if (value === undefined) continue;
      // The client turns scalars into text and refuses anything else, naming the parameter.
      input[p.name] = value;
    }
    if (op.requestKind === 'json' && op.requestSchema) {
      const body = args['body'];
      if (body === undefined) throw new ToolInputError(`${op.name} needs "body" (${op.requestSchema['description'] ?? 'the request body'})`);
      const problems = checkValue(op.requestSchema, body);
      if (problems.length) throw new ToolInputError(`body of ${op.name} is not valid: ${problems.slice(0, 8).map((p) => `${p.path || '/'}: ${p.message}`).join('; ')}`);
      input['body'] = body;
    }
    if (op.requestKind === 'multipart') {
      const file = args['file'];
      if (typeof file !== 'string' || file === '') throw new ToolInputError(`${op.name} needs "file": the path of the chart archive`);
      let content: Blob;
      try {
        content = await openAsBlob(file);
      } catch (error) {
        throw new ToolInputError(`cannot read file ${file}: ${(error as Error).message}`);
      }
      const parameters = args['parameters'];
      if (parameters !== undefined && op.requestSchema) {
        const problems = checkValue(op.requestSchema, parameters);
        if (problems.length) throw new ToolInputError(`parameters of ${op.name} are not valid: ${problems.slice(0, 8).map((p) => `${p.path || '/'}: ${p.message}`).join('; ')}`);
      }
      input['body'] = { content, filename: basename(file), ...(parameters === undefined ? {} : { parameters }) };
    }
    return input;
  }

  /** A destructive call runs only when `confirm` equals the name of what it acts on. */
  async #checkConsent(tool: OperationTool, args: Record<string, unknown>): Promise<void> {
    const confirm = args['confirm'];
    const expected = await this.#targetName(tool, args);
    if (typeof confirm !== 'string' || confirm === '') {
      throw new ToolInputError(`${tool.name} is destructive: ask the user, then call again with confirm set to ${expected.what}'s name. Nothing was changed.`);
    }
    if (confirm !== expected.name) {
      throw new ToolInputError(`${tool.name}: confirm "${confirm}" is not ${expected.what}'s name. Nothing was changed.`);
    }
  }

  async #targetName(tool: OperationTool, args: Record<string, unknown>): Promise<{ what: string; name: string }> {
    const client = this.#client();
    const arg = (key: string) => {
      const value = args[key];
      if (typeof value !== 'string' || value === '') throw new ToolInputError(`${tool.name} needs "${key}"`);
      return value;
    };
    switch (tool.confirmTarget) {
      case 'release':
        return { what: `release ${arg('namespace')}/${arg('name')}`, name: arg('name') };
      case 'addon': {
        const id = arg('id');
        const addon = await client.showAutopilotAddonInstance({ id, ...(typeof args['cluster_id'] === 'string' ? { cluster_id: args['cluster_id'] } : {}) });
        return { what: `add-on instance ${id}`, name: String(addon.metadata?.name ?? '') };
      }
      case 'chart': {
        const id = arg('chart_id');
        const chart = await client.showAutopilotChart({ chart_id: id });
        return { what: `chart ${id}`, name: String(chart.name ?? '') };
      }
      case 'cluster': {
        const id = arg('cluster_id');
        const cluster = await client.showAutopilotCluster({ cluster_id: id });
        return { what: `cluster ${id}`, name: String(cluster.metadata?.name ?? '') };
      }
      default:
        // A destructive operation without a named target: the operation's own name is the consent.
        return { what: `the operation ${tool.name}`, name: tool.name };
    }
  }

  async #answer(tool: OperationTool, answer: unknown): Promise<CallToolResult> {
    const op = tool.operation;
    const title = op.title;
    if (op.responseKind === 'binary') {
      // The tool's operation is known only at run time (its name comes with the call), so the
      // client's invoke answers unknown; a binary operation's answer is the client's BinaryResponse.
      const download = answer as BinaryResponse;
      const chunks: Uint8Array[] = [];
      let bytes = 0;
      for await (const chunk of download.body) {
        bytes += chunk.byteLength;
        if (bytes > MAX_INLINE_ARCHIVE) throw new ToolInputError(`the archive is larger than ${MAX_INLINE_ARCHIVE} bytes; download it with \`cce-autopilot charts download\``);
        chunks.push(chunk);
      }
      const data = Buffer.concat(chunks);
      const sha256 = createHash('sha256').update(data).digest('hex');
      const structured = { ...(download.contentType ? { contentType: download.contentType } : {}), bytes: data.byteLength, sha256 };
      return okResult(this.#sanitizer, `${title}: ${data.byteLength} bytes, sha256 ${sha256}.`, structured, [
        { type: 'resource', resource: { uri: `cce-autopilot://charts/${encodeURIComponent(String(op.name))}/archive`, mimeType: download.contentType ?? 'application/gzip', blob: data.toString('base64') } },
      ]);
    }
    if (op.responseKind === 'text') {
      const text = typeof answer === 'string' ? answer : '';
      return okResult(this.#sanitizer, `${title}: done${text ? ` (${text.slice(0, 200)})` : ''}.`, { text });
    }
    if (op.responseKind === 'empty' || answer === undefined || answer === null || answer === '') return okResult(this.#sanitizer, `${title}: done.`, {});
    const structured = tool.wrapsArray ? { items: Array.isArray(answer) ? answer : [] } : isRecord(answer) ? answer : { value: answer };
    return okResult(this.#sanitizer, summarize(title, answer), structured);
  }

  /**
   * Learns the secret values of the credentials the client will use (the same chain: environment,
   * then the profile file), so that they are removed wherever they would appear, not only in
   * fields named like secrets. Credentials that cannot be resolved leave nothing to learn: the
   * first call then fails with the chain's own message.
   */
  async learnSecrets(): Promise<void> {
    const profile = this.#ctx.globals().profile;
    try {
      const found = await resolveCredentials(
        defaultCredentialChain({ env: this.#ctx.io.env, homeDir: homedir(), readTextFile: nodeReadTextFile, ...(profile === undefined ? {} : { profile }) }),
      );
      this.#sanitizer.add(found.sk, found.securityToken);
    } catch {
      // Reported by the first tool call, with where the chain looked.
    }
  }

  /** Serves until the client closes the connection (stdin ends). */
  async serve(transport: Transport): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      this.server.onclose = () => resolve();
    });
    await this.server.connect(transport);
    this.#log(`serving on stdio with --access ${this.#access} (region ${this.#client().region})`);
    await closed;
  }

  async close(): Promise<void> {
    await this.#ctx.close();
  }
}

/** The ids a mutation names, for the stderr log (never bodies: they may hold values). */
function describeArgs(args: Record<string, unknown>): string {
  const ids = Object.entries(args)
    .filter(([key, value]) => key !== 'body' && key !== 'parameters' && key !== 'confirm' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'))
    .map(([key, value]) => `${key}=${String(value)}`);
  return ids.length ? ids.join(' ') : '(no ids)';
}

/** Runs the server on stdio until the client goes away. */
export async function runMcpServer(program: Command, cli: CliContext, options: McpServerOptions): Promise<void> {
  const server = new CceMcpServer(program, cli, options.access);
  // Stdout belongs to the protocol from here on: everything else goes to stderr.
  const transport = options.transport ?? new StdioServerTransport();
  await server.learnSecrets();
  try {
    await server.serve(transport);
  } finally {
    await server.close();
  }
}
