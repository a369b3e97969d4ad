// `cce-autopilot mcp` end to end: the MCP SDK's own Client over stdio, spawning the built CLI,
// against an in-process emulator on port 0.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult, JSONRPCMessage, Tool } from '@modelcontextprotocol/sdk/types.js';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { operations } from '@cce-autopilot/models';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');

let emulator: RunningEmulator;
let home: string;
/** Everything any server said: results, listings, notifications and stderr, for the secret scan. */
const said: string[] = [];
interface Connection {
  client: Client;
  stderr: () => string;
  /** Every JSON-RPC message the server sent, in the order it arrived. */
  raw: unknown[];
}
const open: Connection[] = [];

async function connect(access: 'readonly' | 'readwrite' | 'admin', credentials: Record<string, string> = { HUAWEICLOUD_SDK_AK: emulator.ak, HUAWEICLOUD_SDK_SK: emulator.sk }): Promise<Connection> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the CLI first (pnpm --filter @cce-autopilot/cli build)`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [MAIN, '--endpoint', emulator.url, '--region', emulator.region, 'mcp', '--access', access],
    env: { PATH: process.env['PATH'] ?? '', HOME: home, ...credentials },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const client = new Client({ name: 'cce-autopilot-test', version: '0.0.0' });
  client.fallbackNotificationHandler = async (notification) => {
    said.push(JSON.stringify(notification));
  };
  await client.connect(transport);
  // Seen before the SDK dispatches them: the whole output is scanned for secrets, and the order
  // of messages is checked (the SDK client handles notifications a microtask later than responses).
  const raw: unknown[] = [];
  const dispatch = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    raw.push(message);
    said.push(JSON.stringify(message));
    dispatch?.(message);
  };
  const entry = { client, stderr: () => stderr, raw };
  open.push(entry);
  return entry;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<CallToolResult> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  said.push(JSON.stringify(result));
  return result;
}

function text(result: CallToolResult): string {
  return result.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n');
}

async function listTools(client: Client): Promise<Tool[]> {
  const { tools } = await client.listTools();
  said.push(JSON.stringify(tools));
  return tools;
}

let readonly: Connection;
let readwrite: Connection;
let admin: Connection;
let clusters: { id: string; name: string; phase: string }[];

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
  home = await mkdtemp(join(tmpdir(), 'cli-mcp-'));
  [readonly, readwrite, admin] = await Promise.all([connect('readonly'), connect('readwrite'), connect('admin')]);
  const listed = await call(readonly.client, 'ListAutopilotClusters');
  const items = (listed.structuredContent as { items: { metadata: { uid: string; name: string }; status: { phase: string } }[] }).items;
  clusters = items.map((c) => ({ id: c.metadata.uid, name: c.metadata.name, phase: c.status.phase }));
});

afterAll(async () => {
  for (const { client } of open) await client.close();
  await emulator?.stop();
});

const byName = (tools: Tool[]) => new Map(tools.map((t) => [t.name, t]));

describe('cce-autopilot mcp: tools per access level', () => {
  it('readonly lists every GET operation and the read task tools, with input and output schemas from the catalogue', async () => {
    const tools = byName(await listTools(readonly.client));
    const reads = Object.values(operations).filter((op) => op.method === 'GET');
    for (const op of reads) {
      const tool = tools.get(op.name);
      expect(tool, op.name).toBeDefined();
      expect(tool?.annotations?.readOnlyHint, op.name).toBe(true);
      expect(tool?.annotations?.destructiveHint, op.name).toBe(false);
      expect(tool?.annotations?.idempotentHint, op.name).toBe(true);
      expect(tool?.inputSchema.type).toBe('object');
      expect(tool?.outputSchema?.type, op.name).toBe('object');
    }
    for (const op of Object.values(operations).filter((o) => o.method !== 'GET')) expect(tools.has(op.name), op.name).toBe(false);
    expect([...tools.keys()].filter((n) => !(n in operations)).sort()).toEqual(['find_cluster', 'validate_values', 'wait_until_settled']);
    expect(tools.size).toBe(reads.length + 3);
    // The query parameters of the catalogue, with their enums.
    const list = tools.get('ListAutopilotClusters');
    expect((list?.inputSchema.properties as Record<string, { enum?: string[] }>)['status']?.enum).toContain('Available');
    expect(list?.inputSchema.properties).not.toHaveProperty('project_id');
  });

  it('readwrite adds the mutations with the request body schema the emulator validates with, and confirm on destructive ones', async () => {
    const tools = byName(await listTools(readwrite.client));
    const mutations = Object.values(operations).filter((op) => op.method !== 'GET' && op.name !== 'CreateAutopilotKubernetesClusterCert');
    for (const op of mutations) {
      const tool = tools.get(op.name);
      expect(tool, op.name).toBeDefined();
      expect(tool?.annotations?.readOnlyHint, op.name).toBe(false);
      if (op.requestKind === 'json') expect(JSON.stringify((tool?.inputSchema.properties as Record<string, unknown>)['body'])).toBe(JSON.stringify(op.requestSchema));
    }
    const destructive = [...tools.values()].filter((t) => t.annotations?.destructiveHint).map((t) => t.name).sort();
    expect(destructive).toEqual(
      [
        'BatchDeleteAutopilotClusterTags', 'DeleteAutopilotAddonInstance', 'DeleteAutopilotChart', 'DeleteAutopilotCluster', 'DeleteAutopilotJob', 'DeleteAutopilotMaintenanceWindow', 'DeleteAutopilotRelease',
        'RetryAutopilotUpgradeClusterTask', 'RollbackAutopilotAddonInstance', 'UpdateAutopilotClusterEip', 'UpdateAutopilotRelease', 'UpgradeAutopilotCluster',
        'UpgradeAutopilotWorkFlowUpdate',
      ].sort(),
    );
    for (const name of destructive) expect(tools.get(name)?.inputSchema.required, name).toContain('confirm');
    expect(tools.get('CreateAutopilotAddonInstance')?.annotations?.idempotentHint).toBe(false);
    expect(tools.get('UpdateAutopilotCluster')?.annotations?.idempotentHint).toBe(true);
    expect(tools.has('CreateAutopilotKubernetesClusterCert')).toBe(false);
    expect(tools.has('set_up_kubeconfig')).toBe(false);
  });

  it('admin adds the certificate operation and set_up_kubeconfig; every catalogue operation is then a tool', async () => {
    const tools = byName(await listTools(admin.client));
    for (const name of Object.keys(operations)) expect(tools.has(name), name).toBe(true);
    expect(tools.get('CreateAutopilotKubernetesClusterCert')?.annotations?.readOnlyHint).toBe(false);
    expect(tools.has('set_up_kubeconfig')).toBe(true);
    expect(tools.size).toBe(Object.keys(operations).length + 4);
  });

  it('refuses a tool the access level does not list', async () => {
    const result = await call(readonly.client, 'DeleteAutopilotCluster', { cluster_id: clusters[0]!.id, confirm: clusters[0]!.name });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('needs --access readwrite');
    const still = await call(readonly.client, 'ShowAutopilotCluster', { cluster_id: clusters[0]!.id });
    expect(still.isError).toBeFalsy();
  });
});

describe('cce-autopilot mcp: reads', () => {
  it('answers a read with the response JSON as structured content and a short summary', async () => {
    const target = clusters[0]!;
    const result = await call(readonly.client, 'ShowAutopilotCluster', { cluster_id: target.id });
    expect(result.isError).toBeFalsy();
    expect((result.structuredContent as { metadata: { uid: string } }).metadata.uid).toBe(target.id);
    expect(text(result)).toContain(target.name);
  });

  it('wraps array answers as items', async () => {
    const result = await call(readonly.client, 'ListAutopilotCharts');
    expect(result.isError).toBeFalsy();
    expect(Array.isArray((result.structuredContent as { items: unknown[] }).items)).toBe(true);
  });

  it('find_cluster turns a name into an id', async () => {
    const target = clusters[0]!;
    const result = await call(readonly.client, 'find_cluster', { name: target.name });
    expect((result.structuredContent as { clusters: { id: string }[] }).clusters.map((c) => c.id)).toEqual([target.id]);
    const none = await call(readonly.client, 'find_cluster', { name: 'no-such-cluster-anywhere' });
    expect((none.structuredContent as { clusters: unknown[] }).clusters).toEqual([]);
    expect(text(none)).toContain(target.name);
  });

  it('answers an API failure as an isError result with the service code and request id', async () => {
    const result = await call(readonly.client, 'ShowAutopilotCluster', { cluster_id: '00000000-0000-0000-0000-000000000000' });
    expect(result.isError).toBe(true);
    expect(text(result)).toMatch(/CCE\.\d+/);
    expect(text(result)).toMatch(/request id [\w-]+/);
  });

  it('refuses arguments the tool does not take and bodies that break the schema, before sending anything', async () => {
    const extra = await call(readonly.client, 'ShowAutopilotCluster', { cluster_id: clusters[0]!.id, project_id: 'x' });
    expect(extra.isError).toBe(true);
    expect(text(extra)).toContain('project_id');
    const bad = await call(readwrite.client, 'UpdateAutopilotCluster', { cluster_id: clusters[0]!.id, body: { spec: { description: 42 } } });
    expect(bad.isError).toBe(true);
    expect(text(bad)).toContain('body of UpdateAutopilotCluster is not valid');
  });

  it('lists the catalogue and each cluster as resources, and reads a cluster summary', async () => {
    const { resources } = await readonly.client.listResources();
    said.push(JSON.stringify(resources));
    expect(resources.map((r) => r.uri)).toContain('cce-autopilot://operations');
    expect(resources.map((r) => r.uri)).toContain(`cce-autopilot://clusters/${clusters[0]!.id}`);
    const catalogue = await readonly.client.readResource({ uri: 'cce-autopilot://operations' });
    said.push(JSON.stringify(catalogue));
    const parsed = JSON.parse((catalogue.contents[0] as { text: string }).text) as { operations: { name: string; offered: boolean }[] };
    expect(parsed.operations.map((o) => o.name)).toEqual(Object.keys(operations));
    const summary = await readonly.client.readResource({ uri: `cce-autopilot://clusters/${clusters[0]!.id}` });
    said.push(JSON.stringify(summary));
    const cluster = JSON.parse((summary.contents[0] as { text: string }).text) as { name: string; addons: unknown };
    expect(cluster.name).toBe(clusters[0]!.name);
    expect(Array.isArray(cluster.addons)).toBe(true);
  });

  it('offers prompts, and says when a step needs more access', async () => {
    const { prompts } = await readonly.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['diagnose-failed-upgrade', 'install-addon-with-validated-values']));
    const prompt = await readonly.client.getPrompt({ name: 'install-addon-with-validated-values', arguments: { cluster: 'demo', addon: 'coredns' } });
    said.push(JSON.stringify(prompt));
    const body = (prompt.messages[0]?.content as { text: string }).text;
    expect(body).toContain('validate_values');
    expect(body).toContain('need --access readwrite');
  });
});

describe('cce-autopilot mcp: values and waits', () => {
  it('validate_values checks addon values against the template version schema', async () => {
    const templates = await call(readonly.client, 'ListAutopilotAddonTemplates', { addon_template_name: 'coredns' });
    const version = (templates.structuredContent as { items: { spec: { versions: { version: string; input?: { basic?: Record<string, unknown> } }[] } }[] }).items[0]!.spec.versions[0]!;
    const good = await call(readonly.client, 'validate_values', { addon: 'coredns', version: version.version, values: { basic: version.input?.basic ?? {} } });
    expect(good.isError, text(good)).toBeFalsy();
    expect((good.structuredContent as { valid: boolean }).valid).toBe(true);
    const bad = await call(readonly.client, 'validate_values', { addon: 'coredns', version: version.version, values_yaml: 'basic: [1, 2]\n' });
    expect(bad.isError).toBeFalsy();
    const answer = bad.structuredContent as { valid: boolean; problems: { line: number; message: string; severity: string }[] };
    expect(answer.valid).toBe(false);
    expect(answer.problems[0]?.line).toBe(1);
    // Severities are words in the tool's answer (the service's are LSP numbers).
    expect(answer.problems[0]?.severity).toBe('error');
  });

  it('validate_values checks chart values against the chart', async () => {
    const charts = await call(readonly.client, 'ListAutopilotCharts');
    const chart = (charts.structuredContent as { items: { id: string; name: string }[] }).items.find((c) => c.name === 'nginx-demo')!;
    const good = await call(readonly.client, 'validate_values', { chart_id: chart.id, values: { replicaCount: 3 } });
    expect(good.isError, text(good)).toBeFalsy();
    expect((good.structuredContent as { valid: boolean }).valid).toBe(true);
    const bad = await call(readonly.client, 'validate_values', { chart_id: chart.id, values_yaml: 'replicaCount: two\n' });
    expect((bad.structuredContent as { valid: boolean; problems: { line: number }[] }).valid).toBe(false);
    expect((bad.structuredContent as { problems: { line: number }[] }).problems[0]?.line).toBe(1);
    const neither = await call(readonly.client, 'validate_values', { values: {} });
    expect(neither.isError).toBe(true);
    expect(text(neither)).toContain('give addon (with version) or chart_id');
  });

  it('wait_until_settled waits for an available cluster', async () => {
    const available = clusters.find((c) => c.phase === 'Available')!;
    const result = await call(readonly.client, 'wait_until_settled', { kind: 'cluster', cluster_id: available.id, timeout_seconds: 30 });
    expect(result.isError, text(result)).toBeFalsy();
    expect((result.structuredContent as { phase: string }).phase).toBe('Available');
  });
});

describe('cce-autopilot mcp: consent for destructive calls', () => {
  it('refuses a delete without confirm, or with the id instead of the name, and changes nothing; with the name it deletes', async () => {
    const target = clusters[clusters.length - 1]!;
    const without = await call(readwrite.client, 'DeleteAutopilotCluster', { cluster_id: target.id });
    expect(without.isError).toBe(true);
    expect(text(without)).toContain('Nothing was changed');
    const withId = await call(readwrite.client, 'DeleteAutopilotCluster', { cluster_id: target.id, confirm: target.id });
    expect(withId.isError).toBe(true);
    const unchanged = await call(readonly.client, 'ShowAutopilotCluster', { cluster_id: target.id });
    expect((unchanged.structuredContent as { status: { phase: string } }).status.phase).toBe(target.phase);
    expect(readwrite.stderr()).toContain('DeleteAutopilotCluster');

    const confirmed = await call(readwrite.client, 'DeleteAutopilotCluster', { cluster_id: target.id, confirm: target.name });
    expect(confirmed.isError, text(confirmed)).toBeFalsy();
    const gone = await call(readonly.client, 'wait_until_settled', { kind: 'cluster', until: 'deleted', cluster_id: target.id, timeout_seconds: 60 });
    expect(gone.isError, text(gone)).toBeFalsy();
    // The mutation is logged to stderr with its request id.
    expect(readwrite.stderr()).toMatch(new RegExp(`DeleteAutopilotCluster cluster_id=${target.id} done; request id [\\w-]+`));
  });
});

describe('cce-autopilot mcp: consent for other targets', () => {
  it("an add-on instance is deleted only with its own name as confirm", async () => {
    const cluster = clusters.find((c) => c.phase === 'Available')!;
    const listed = await call(readonly.client, 'ListAutopilotAddonInstances', { cluster_id: cluster.id });
    const addon = (listed.structuredContent as { items: { metadata: { uid: string; name: string } }[] }).items[0]!;
    expect(addon, 'the demo seed installs add-ons').toBeDefined();
    const wrong = await call(readwrite.client, 'DeleteAutopilotAddonInstance', { id: addon.metadata.uid, cluster_id: cluster.id, confirm: cluster.name });
    expect(wrong.isError).toBe(true);
    expect(text(wrong)).toContain('Nothing was changed');
    const still = await call(readonly.client, 'ShowAutopilotAddonInstance', { id: addon.metadata.uid, cluster_id: cluster.id });
    expect(still.isError, text(still)).toBeFalsy();
    const done = await call(readwrite.client, 'DeleteAutopilotAddonInstance', { id: addon.metadata.uid, cluster_id: cluster.id, confirm: addon.metadata.name });
    expect(done.isError, text(done)).toBeFalsy();
    const gone = await call(readonly.client, 'wait_until_settled', { kind: 'addon', until: 'deleted', addon_id: addon.metadata.uid, cluster_id: cluster.id, timeout_seconds: 60 });
    expect(gone.isError, text(gone)).toBeFalsy();
  });

  it('reports progress of a wait when the client asks for it', async () => {
    const available = clusters.find((c) => c.phase === 'Available')!;
    const from = readonly.raw.length;
    const result = (await readonly.client.callTool(
      { name: 'wait_until_settled', arguments: { kind: 'cluster', cluster_id: available.id, timeout_seconds: 30 } },
      undefined,
      { onprogress: () => undefined },
    )) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const after = readonly.raw.slice(from) as { method?: string; id?: number; params?: { message?: string; progressToken?: number } }[];
    const answer = after.findIndex((m) => m.id !== undefined && m.method === undefined);
    const progress = after.findIndex((m) => m.method === 'notifications/progress' && (m.params?.message ?? '').includes(`cluster ${available.id}: Available`));
    expect(progress).toBeGreaterThanOrEqual(0);
    // Sent before the result, with the token of the request it belongs to.
    expect(progress).toBeLessThan(answer);
    expect(after[progress]?.params?.progressToken).toBe(after[answer]?.id);
  });

  it('a release is deleted only with its name as confirm', async () => {
    const withRelease = clusters.find((c) => c.name === 'demo-web') ?? clusters[0]!;
    const listed = await call(readonly.client, 'ListAutopilotReleases', { cluster_id: withRelease.id });
    const release = (listed.structuredContent as { items: { name: string; namespace: string }[] }).items[0]!;
    expect(release, 'the demo seed installs a release').toBeDefined();
    const ref = { cluster_id: withRelease.id, namespace: release.namespace, name: release.name };
    const wrong = await call(readwrite.client, 'DeleteAutopilotRelease', { ...ref, confirm: withRelease.name });
    expect(wrong.isError).toBe(true);
    expect((await call(readonly.client, 'ShowAutopilotRelease', ref)).isError).toBeFalsy();
    const done = await call(readwrite.client, 'DeleteAutopilotRelease', { ...ref, confirm: release.name });
    expect(done.isError, text(done)).toBeFalsy();
    const gone = await call(readonly.client, 'wait_until_settled', { kind: 'release', until: 'deleted', ...ref, timeout_seconds: 60 });
    expect(gone.isError, text(gone)).toBeFalsy();
  });

  it('refuses admin task tools below admin', async () => {
    const result = await call(readwrite.client, 'set_up_kubeconfig', { cluster: clusters[0]!.name });
    expect(result.isError).toBe(true);
    expect(text(result)).toContain('needs --access admin');
  });
});

describe('cce-autopilot mcp: credentials', () => {
  it('set_up_kubeconfig writes the file and answers its path and context, never the key', async () => {
    const target = clusters.find((c) => c.phase === 'Available')!;
    const file = join(home, 'mcp.kubeconfig');
    const result = await call(admin.client, 'set_up_kubeconfig', { cluster: target.name, kubeconfig: file });
    expect(result.isError, text(result)).toBeFalsy();
    const answer = result.structuredContent as { file: string; context: string };
    expect(answer.file).toBe(file);
    const written = parseYaml(await readFile(file, 'utf8')) as { contexts: { name: string }[]; users: { user: Record<string, string> }[] };
    expect(written.contexts.map((c) => c.name)).toContain(answer.context);
    const key = written.users[0]?.user['client-key-data'];
    expect(key).toBeTruthy();
    expect(said.join('\n')).not.toContain(key);
    expect(admin.stderr()).not.toContain(key);
  });

  it('the certificate operation answers with key material redacted', async () => {
    const target = clusters.find((c) => c.phase === 'Available')!;
    const result = await call(admin.client, 'CreateAutopilotKubernetesClusterCert', { cluster_id: target.id, body: { duration: 1 } });
    expect(result.isError, text(result)).toBeFalsy();
    const users = (result.structuredContent as { users: { user: Record<string, string> }[] }).users;
    expect(users[0]?.user['client-key-data']).toBe('[REDACTED]');
  });

  it('takes credentials from the profile file as the CLI does, and keeps them out of answers too', async () => {
    const file = join(home, 'credentials');
    await writeFile(file, `[basic]\nak = ${emulator.ak}\nsk = ${emulator.sk}\n`);
    const fromFile = await connect('admin', { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file });
    const target = clusters.find((c) => c.phase === 'Available')!;
    const shown = await call(fromFile.client, 'ShowAutopilotCluster', { cluster_id: target.id });
    expect(shown.isError, text(shown)).toBeFalsy();
    // An update whose text carries the SK comes back without it (the literal is removed everywhere).
    const updated = await call(fromFile.client, 'UpdateAutopilotCluster', { cluster_id: target.id, body: { spec: { description: `leak ${emulator.sk}` } } });
    expect(updated.isError, text(updated)).toBeFalsy();
    expect(JSON.stringify(updated)).toContain('leak [REDACTED]');
  });

  it('no secret in anything any server said', () => {
    const everything = [said.join('\n'), ...open.map((o) => o.stderr())].join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    expect(everything).not.toContain(emulator.sk);
    expect(everything).not.toContain(emulator.password);
    expect(everything).not.toMatch(/PRIVATE KEY/);
    // base64 of "-----BEGIN " starts every encoded PEM block (a key as client-key-data).
    expect(everything).not.toMatch(/LS0tLS1CRUdJTiBSU0EgUFJJVkFURSBLRVk|LS0tLS1CRUdJTiBQUklWQVRFIEtFWS|LS0tLS1CRUdJTiBFQyBQUklWQVRFIEtFWS/);
  });
});
