import { describe, expect, it } from 'vitest';
import { parse } from 'jsonc-parser';
import { MCP_JSON, mergeMcpJson, mcpServerEntry, registerMcpServer, type WorkspaceFiles } from '../src/core/mcp.js';
import { ScriptUi } from './fakes.js';

/** A workspace folder in memory; records every write. */
class MemoryFiles implements WorkspaceFiles {
  readonly writes: string[] = [];
  constructor(readonly files = new Map<string, string>()) {}
  async read(path: string) { return this.files.get(path); }
  async write(path: string, text: string) { this.writes.push(path); this.files.set(path, text); }
}

const userFile = `// my servers
{
  "servers": {
    // the one I use every day
    "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },
    "local": { "command": "node", "args": ["server.js"], },
  },
  "inputs": [{ "type": "promptString", "id": "token", "description": "GitHub token", "password": true }]
}
`;

describe('Register MCP server for this workspace', () => {
  it('creates .vscode/mcp.json with the cce-autopilot entry when there is none', async () => {
    const files = new MemoryFiles();
    const ui = new ScriptUi(['readonly', 'chain', 'path']);
    const outcome = await registerMcpServer(ui, files, { region: 'cn-north-4' });
    expect(outcome?.changed).toBe(true);
    expect(files.writes).toEqual([MCP_JSON]);
    const doc = JSON.parse(files.files.get(MCP_JSON)!) as { servers: Record<string, { type: string; command: string; args: string[] }> };
    expect(doc.servers['cce-autopilot']).toEqual({ type: 'stdio', command: 'cce-autopilot', args: ['mcp', '--access', 'readonly', '--region', 'cn-north-4'] });
    expect(ui.messages.at(-1)).toContain('readonly');
  });

  it("merges into the user's file: other servers, inputs and comments stay", async () => {
    const files = new MemoryFiles(new Map([[MCP_JSON, userFile]]));
    await registerMcpServer(new ScriptUi(['readwrite', 'prompt', 'path']), files, {});
    const text = files.files.get(MCP_JSON)!;
    expect(text).toContain('// my servers');
    expect(text).toContain('// the one I use every day');
    const doc = parse(text) as { servers: Record<string, { args: string[]; env?: Record<string, string> }>; inputs: { id: string; password?: boolean }[] };
    expect(Object.keys(doc.servers)).toEqual(['github', 'local', 'cce-autopilot']);
    expect(doc.servers['cce-autopilot']!.args).toEqual(['mcp', '--access', 'readwrite']);
    // Credentials through VS Code inputs: the file names them, never holds them.
    expect(doc.servers['cce-autopilot']!.env).toEqual({ HUAWEICLOUD_SDK_AK: '${input:cce-autopilot-ak}', HUAWEICLOUD_SDK_SK: '${input:cce-autopilot-sk}' });
    expect(doc.inputs.map((i) => i.id)).toEqual(['token', 'cce-autopilot-ak', 'cce-autopilot-sk']);
    expect(doc.inputs.find((i) => i.id === 'cce-autopilot-sk')?.password).toBe(true);
  });

  it('asks before replacing an existing cce-autopilot entry, and keeps it when the user says no', async () => {
    const files = new MemoryFiles();
    await registerMcpServer(new ScriptUi(['readonly', 'chain', 'path']), files, {});
    const first = files.files.get(MCP_JSON)!;
    const declined = new ScriptUi(['admin', 'chain', 'path', false]);
    expect(await registerMcpServer(declined, files, {})).toBeUndefined();
    expect(declined.prompts.at(-1)).toContain('Replace the cce-autopilot entry');
    expect(files.files.get(MCP_JSON)).toBe(first);
    await registerMcpServer(new ScriptUi(['admin', 'chain', 'path', true]), files, {});
    expect((JSON.parse(files.files.get(MCP_JSON)!) as { servers: Record<string, { args: string[] }> }).servers['cce-autopilot']!.args).toEqual(['mcp', '--access', 'admin']);
  });

  it('writes nothing when the entry is already there', async () => {
    const files = new MemoryFiles();
    await registerMcpServer(new ScriptUi(['readonly', 'chain', 'path']), files, {});
    const ui = new ScriptUi(['readonly', 'chain', 'path']);
    expect((await registerMcpServer(ui, files, {}))?.changed).toBe(false);
    expect(files.writes).toHaveLength(1);
    expect(ui.messages.at(-1)).toContain('nothing changed');
  });

  it('leaves a broken file alone and says where it is broken', async () => {
    const broken = '{\n  "servers": {\n    "a": { "command": "x" \n  }\n';
    const files = new MemoryFiles(new Map([[MCP_JSON, broken]]));
    const ui = new ScriptUi(['readonly', 'chain', 'path']);
    expect(await registerMcpServer(ui, files, {})).toBeUndefined();
    expect(files.writes).toEqual([]);
    expect(ui.messages.at(-1)).toMatch(/not valid JSON: .* at line \d+, column \d+/);
  });

  it('runs a cce-autopilot script with node when the command is not installed', async () => {
    const files = new MemoryFiles();
    const ui = new ScriptUi(['readonly', 'chain', 'script', 'apps/cli/dist/main', '${workspaceFolder}/apps/cli/dist/main.js']);
    await registerMcpServer(ui, files, {});
    expect(ui.rejected[0]?.problem).toContain('.js');
    const doc = JSON.parse(files.files.get(MCP_JSON)!) as { servers: Record<string, { command: string; args: string[] }> };
    expect(doc.servers['cce-autopilot']).toEqual({ type: 'stdio', command: 'node', args: ['${workspaceFolder}/apps/cli/dist/main.js', 'mcp', '--access', 'readonly'] });
  });

  it('stops without writing when the user cancels a pick', async () => {
    const files = new MemoryFiles();
    expect(await registerMcpServer(new ScriptUi([undefined]), files, {})).toBeUndefined();
    expect(await registerMcpServer(new ScriptUi(['readonly', undefined]), files, {})).toBeUndefined();
    expect(await registerMcpServer(new ScriptUi(['readonly', 'chain', 'script', undefined]), files, {})).toBeUndefined();
    expect(files.writes).toEqual([]);
  });

  it('refuses servers that are not an object rather than overwrite them', () => {
    expect(() => mergeMcpJson('{"servers": []}', 'cce-autopilot', mcpServerEntry({ access: 'readonly', credentials: 'chain' }))).toThrow(/"servers" .* must be an object/);
  });
});
