// "Register the MCP server for this workspace": writes the `cce-autopilot mcp` entry into
// .vscode/mcp.json. The file is JSON with comments and holds the user's other servers: it is
// edited in place (jsonc-parser), never rewritten, so their comments and servers stay as they are.
import { applyEdits, modify, parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { Ui } from './ui.js';

export const MCP_JSON = '.vscode/mcp.json';
export const SERVER_NAME = 'cce-autopilot';

export type McpAccess = 'readonly' | 'readwrite' | 'admin';

/** Reads and writes files of the workspace folder, by path relative to it. */
export interface WorkspaceFiles {
  /** The file's text, or undefined when it does not exist. */
  read(relativePath: string): Promise<string | undefined>;
  write(relativePath: string, text: string): Promise<void>;
}

export interface McpEntryOptions {
  readonly access: McpAccess;
  /** How the server gets credentials: the CLI's chain (environment, ~/.huaweicloud/credentials) or VS Code asks once. */
  readonly credentials: 'chain' | 'prompt';
  readonly region?: string;
  readonly endpoint?: string;
  /** Absent: `cce-autopilot` on the PATH. A `.js` file is run with `node`. */
  readonly cliScript?: string;
}

interface McpInput {
  readonly type: 'promptString';
  readonly id: string;
  readonly description: string;
  readonly password?: boolean;
}

const AK_INPUT = 'cce-autopilot-ak';
const SK_INPUT = 'cce-autopilot-sk';

/** The server entry and the inputs it refers to. The SK is never written: VS Code asks for it and keeps it. */
export function mcpServerEntry(options: McpEntryOptions): { server: Record<string, unknown>; inputs: McpInput[] } {
  const args = ['mcp', '--access', options.access];
  if (options.region) args.push('--region', options.region);
  if (options.endpoint) args.push('--endpoint', options.endpoint);
  const server: Record<string, unknown> = options.cliScript
    ? { type: 'stdio', command: 'node', args: [options.cliScript, ...args] }
    : { type: 'stdio', command: 'cce-autopilot', args };
  if (options.credentials === 'chain') return { server, inputs: [] };
  server['env'] = { HUAWEICLOUD_SDK_AK: `\${input:${AK_INPUT}}`, HUAWEICLOUD_SDK_SK: `\${input:${SK_INPUT}}` };
  return {
    server,
    inputs: [
      { type: 'promptString', id: AK_INPUT, description: 'Huawei Cloud access key (AK) for the CCE Autopilot MCP server' },
      { type: 'promptString', id: SK_INPUT, description: 'Huawei Cloud secret key (SK) for the CCE Autopilot MCP server', password: true },
    ],
  };
}

/** The file is not JSON (with comments) that can be edited; nothing was written. */
export class McpJsonError extends Error {
  override readonly name = 'McpJsonError';
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

export interface MergeOutcome {
  readonly text: string;
  readonly changed: boolean;
  /** An entry of that name was there and differed. */
  readonly replaced: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Puts the entry (and its inputs) into mcp.json text, keeping everything else of the file. */
export function mergeMcpJson(text: string | undefined, name: string, entry: { server: Record<string, unknown>; inputs: readonly McpInput[] }): MergeOutcome {
  const formattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };
  if (text === undefined || text.trim() === '') {
    const fresh = { servers: { [name]: entry.server }, ...(entry.inputs.length ? { inputs: entry.inputs } : {}) };
    return { text: `${JSON.stringify(fresh, null, 2)}\n`, changed: true, replaced: false };
  }
  const errors: ParseError[] = [];
  const doc = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as unknown;
  if (errors.length > 0) {
    const e = errors[0]!;
    throw new McpJsonError(`${MCP_JSON} is not valid JSON: ${printParseErrorCode(e.error)} at ${lineColumn(text, e.offset)}. Fix it and run the command again; it was not changed.`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new McpJsonError(`${MCP_JSON} must hold an object ({"servers": {...}}); it was not changed.`);
  const root = doc as { servers?: unknown; inputs?: unknown };
  if (root.servers !== undefined && (root.servers === null || typeof root.servers !== 'object' || Array.isArray(root.servers))) {
    throw new McpJsonError(`"servers" in ${MCP_JSON} must be an object; it was not changed.`);
  }
  if (root.inputs !== undefined && !Array.isArray(root.inputs)) throw new McpJsonError(`"inputs" in ${MCP_JSON} must be an array; it was not changed.`);
  const existing = (root.servers as Record<string, unknown> | undefined)?.[name];
  let out = text;
  if (!same(existing, entry.server)) out = applyEdits(out, modify(out, ['servers', name], entry.server, { formattingOptions }));
  const inputs = (root.inputs as { id?: unknown }[] | undefined) ?? [];
  for (const input of entry.inputs) {
    const at = inputs.findIndex((i) => i !== null && typeof i === 'object' && i.id === input.id);
    if (at >= 0 && same(inputs[at], input)) continue;
    out = at >= 0
      ? applyEdits(out, modify(out, ['inputs', at], input, { formattingOptions }))
      : applyEdits(out, modify(out, ['inputs', -1], input, { formattingOptions, isArrayInsertion: true }));
  }
  return { text: out, changed: out !== text, replaced: existing !== undefined && !same(existing, entry.server) };
}

export interface RegisterDefaults {
  readonly region?: string;
  readonly endpoint?: string;
}

/**
 * Asks for the access level and the way to get credentials, then writes the entry. Answers the
 * outcome, or undefined when the user stopped.
 */
export async function registerMcpServer(ui: Ui, files: WorkspaceFiles, defaults: RegisterDefaults): Promise<MergeOutcome | undefined> {
  const access = await ui.pick<McpAccess>([
    { label: ui.t`Read only`, description: ui.t`agents can list and read, nothing else (recommended)`, value: 'readonly' },
    { label: ui.t`Read and write`, description: ui.t`agents can also create, change and delete; deletes need the target's name`, value: 'readwrite' },
    { label: ui.t`Admin`, description: ui.t`also cluster certificates and kubeconfig set-up`, value: 'admin' },
  ], { title: ui.t`What may agents do through the CCE Autopilot MCP server?` });
  if (!access) return undefined;
  const credentials = await ui.pick<'chain' | 'prompt'>([
    { label: ui.t`Environment or ~/.huaweicloud/credentials`, description: ui.t`as the cce-autopilot command does`, value: 'chain' },
    { label: ui.t`Ask for AK/SK when the server starts`, description: ui.t`VS Code keeps them; the file holds no secret`, value: 'prompt' },
  ], { title: ui.t`Where the MCP server gets its credentials` });
  if (!credentials) return undefined;
  const how = await ui.pick<'path' | 'script'>([
    { label: ui.t`cce-autopilot on the PATH`, description: ui.t`the installed command`, value: 'path' },
    { label: ui.t`A cce-autopilot script run with node`, description: ui.t`e.g. apps/cli/dist/main.js of a checkout`, value: 'script' },
  ], { title: ui.t`How the MCP server is started` });
  if (!how) return undefined;
  let cliScript: string | undefined;
  if (how === 'script') {
    cliScript = (await ui.input({
      title: ui.t`Path of the cce-autopilot script (main.js)`,
      placeholder: '${workspaceFolder}/apps/cli/dist/main.js',
      validate: (v) => (v.trim().endsWith('.js') ? undefined : ui.t`Give the path of a .js file, e.g. apps/cli/dist/main.js.`),
    }))?.trim();
    if (!cliScript) return undefined;
  }
  const entry = mcpServerEntry({
    access, credentials,
    ...(cliScript ? { cliScript } : {}),
    ...(defaults.region ? { region: defaults.region } : {}),
    ...(defaults.endpoint ? { endpoint: defaults.endpoint } : {}),
  });
  const before = await files.read(MCP_JSON);
  let outcome: MergeOutcome;
  try {
    outcome = mergeMcpJson(before, SERVER_NAME, entry);
  } catch (error) {
    if (error instanceof McpJsonError) {
      ui.warn(error.message);
      return undefined;
    }
    throw error;
  }
  if (!outcome.changed) {
    ui.info(ui.t`${MCP_JSON} already has this ${SERVER_NAME} entry; nothing changed.`);
    return outcome;
  }
  if (outcome.replaced && !(await ui.confirm(ui.t`Replace the ${SERVER_NAME} entry in ${MCP_JSON}?`, ui.t`The other servers and inputs of the file stay as they are.`, ui.t`Replace`))) return undefined;
  await files.write(MCP_JSON, outcome.text);
  ui.info(ui.t`Added the ${SERVER_NAME} MCP server (${access}) to ${MCP_JSON}. Start it from the MCP servers list or the chat's tools.`);
  return outcome;
}
