import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addonTemplateFixtures } from '@cce-autopilot/models';
import { deriveAddonValuesSchema } from '@cce-autopilot/values';
import { afterEach, describe, expect, it } from 'vitest';
import { buildValuesUri } from '../src/index.js';
import { LspClient } from './lsp-client.js';

const version1286 = addonTemplateFixtures.corednsVersions['1.28.6'];
// Values of the CoreDNS 1.28.6 create request (spec 02, 4.2.1), shortened.
const values = [
  'basic:',
  '  cluster_ip: 10.247.3.10',
  '  image_version: 1.28.6',
  '  rbac_enabled: true',
  'flavor:',
  '  category:',
  '    - Autopilot',
  '  is_default: true',
  '  name: autopilot-flavor1',
  '  replicas: 2',
  '  resources:',
  '    - id: coredns',
  '      name: coredns',
  '      limitsCpu: 1000m',
  '      limitsMem: 2048Mi',
  'custom:',
  '  multiAZBalance: false',
  '  multiAZEnabled: false',
  '  servers:',
  '    - plugins:',
  '        - name: cache',
  '          parameters: 30',
  '      port: 5353',
  '      zones:',
  '        - zone: .',
  '  stub_domains: {}',
  '  upstream_nameservers: []',
  '',
].join('\n');
const addonUri = buildValuesUri({ kind: 'addon', template: 'coredns', version: '1.28.6', clusterId: 'c1', instance: 'coredns' });

const clients: LspClient[] = [];
async function start(...args: Parameters<typeof LspClient.start>): Promise<LspClient> {
  const c = await LspClient.start(...args);
  clients.push(c);
  return c;
}
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length - 1;
}

describe('values language server over stdio', () => {
  it('validates a document bound by URI, from the template the client answers, and again after an edit', async () => {
    const c = await start({ answer: () => ({ template: version1286, source: 'api' }) });
    await c.open(addonUri, values, 1);
    expect((await c.diagnostics(addonUri, 1)).diagnostics).toEqual([]);
    expect(c.schemaRequests).toEqual([{ uri: addonUri, binding: { kind: 'addon', template: 'coredns', version: '1.28.6', clusterId: 'c1', instance: 'coredns' } }]);

    const line = lineOf(values, '  replicas: 2');
    await c.change(addonUri, 2, [{ range: { start: { line, character: 12 }, end: { line, character: 13 } }, text: '0' }]);
    const after = await c.diagnostics(addonUri, 2);
    const replicasAt = values.indexOf('  replicas: 2') + 12;
    expect(after.diagnostics).toEqual([
      {
        range: { start: { line, character: 12 }, end: { line, character: 13 } },
        severity: 1,
        message: 'replicas must be a whole number of at least 1; found 0',
        code: 'minimum',
        source: 'cce-autopilot-values',
        // The service's diagnostic goes out as it is: LSP's `data` carries its offsets (and a fix when certain).
        data: { offsets: { start: replicasAt, end: replicasAt + 1 } },
      },
    ]);
    // The schema was asked for once.
    expect(c.schemaRequests).toHaveLength(1);
  });

  it('binds by first-line comment; hover, completion and quick fix work', async () => {
    const schema = deriveAddonValuesSchema(version1286, { addonName: 'coredns' });
    const c = await start({ answer: () => ({ schema }) });
    const uri = 'file:///work/coredns-values.yaml';
    const text = '# cce-autopilot: addon=coredns version=1.28.6\n' + values.replace('  multiAZBalance: false', '  multiAZBalanse: false');
    await c.open(uri, text);
    const published = await c.diagnostics(uri, 1);
    const line = lineOf(text, 'multiAZBalanse');
    expect(published.diagnostics.map((d) => [d.range.start.line, d.severity, d.message])).toEqual([
      [line, 2, 'unknown key multiAZBalanse under custom: the template does not define it (did you mean multiAZBalance?)'],
    ]);

    const hover = await c.request<{ contents: { kind: string; value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: lineOf(text, 'replicas'), character: 4 },
    });
    expect(hover.contents.kind).toBe('markdown');
    expect(hover.contents.value).toContain('Number of pod replicas.');

    const completion = await c.request<Array<{ label: string; textEdit: { newText: string } }>>('textDocument/completion', {
      textDocument: { uri },
      position: { line: lineOf(text, '  name: autopilot-flavor1'), character: 8 },
    });
    expect(completion.map((i) => i.label)).toContain('flavor2');

    const actions = await c.request<Array<{ title: string; kind: string; edit: { changes: Record<string, Array<{ newText: string }>> } }>>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line, character: 3 }, end: { line, character: 3 } },
      context: { diagnostics: published.diagnostics },
    });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.kind).toBe('quickfix');
    expect(actions[0]!.edit.changes[uri]![0]!.newText).toBe('multiAZBalance');
  });

  it('warns where the editor replaced bytes that were not UTF-8 (U+FFFD)', async () => {
    const c = await start({ answer: () => ({ template: version1286, source: 'api' }) });
    await c.open(addonUri, values.replace('  multiAZBalance: false', '  multiAZBalance: false\n  note: caf\uFFFD\uFFFD'), 1);
    const d = (await c.diagnostics(addonUri, 1)).diagnostics.find((x) => x.code === 'encoding');
    expect(d).toMatchObject({ severity: 2, range: { start: { line: lineOf(values, '  multiAZBalance') + 1, character: 11 }, end: { character: 13 } } });
    expect(d!.message).toContain('not UTF-8');
  });

  it('says nothing about YAML files that are not values documents', async () => {
    const c = await start({ answer: () => null });
    await c.open('file:///k8s/deployment.yaml', 'a: 1\n---\nb: [\n');
    expect((await c.diagnostics('file:///k8s/deployment.yaml', 1)).diagnostics).toEqual([]);
    expect(c.schemaRequests).toEqual([]);
  });

  it('without a schema it says so and still reports syntax errors', async () => {
    const c = await start({ answer: () => null });
    const uri = 'file:///v.yaml';
    await c.open(uri, '# cce-autopilot: addon=coredns version=9.9.9\nbasic:\n\tcluster_ip: 1\n');
    const d = (await c.diagnostics(uri, 1)).diagnostics;
    expect(d[0]).toMatchObject({ code: 'no-schema', severity: 2, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 44 } } });
    expect(d[0]!.message).toContain('No schema for addon coredns 9.9.9');
    expect(d.slice(1).some((x) => x.code === 'syntax' && x.range.start.line === 2)).toBe(true);
  });

  it('keeps validating offline from its cache directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'values-ls-'));
    try {
      const online = await start({ answer: () => ({ template: version1286 }), initializationOptions: { cacheDirectory: dir } });
      await online.open(addonUri, values.replace('replicas: 2', 'replicas: 0'));
      expect((await online.diagnostics(addonUri, 1)).diagnostics).toHaveLength(1);
      await online.stop();
      expect(readdirSync(dir).filter((f) => f.endsWith('.json'))).toHaveLength(1);

      const offline = await start({
        answer: () => {
          throw new Error('no network');
        },
        initializationOptions: { cacheDirectory: dir },
      });
      await offline.open(addonUri, values.replace('replicas: 2', 'replicas: 0'));
      const d = (await offline.diagnostics(addonUri, 1)).diagnostics;
      expect(d.map((x) => x.message)).toEqual(['replicas must be a whole number of at least 1; found 0']);
      expect(offline.schemaRequests).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('asks again and re-validates when the client says schemas changed', async () => {
    let known = false;
    const c = await start({ answer: () => (known ? { template: version1286 } : null) });
    await c.open(addonUri, values.replace('replicas: 2', 'replicas: 0'));
    expect((await c.diagnostics(addonUri, 1)).diagnostics.map((d) => d.code)).toEqual(['no-schema']);
    known = true;
    const count = c.published.length;
    await c.conn.sendNotification('cceAutopilot/schemasChanged', {});
    await new Promise<void>((resolve) => {
      const poll = () => (c.published.length > count ? resolve() : setTimeout(poll, 20));
      poll();
    });
    expect(c.published[c.published.length - 1]!.diagnostics.map((d) => d.code)).toEqual(['minimum']);
  });
});

describe('values language server over node IPC', () => {
  it('initializes and validates', async () => {
    const c = await start({ transport: 'ipc', answer: () => ({ template: version1286 }) });
    await c.open(addonUri, values.replace('replicas: 2', 'replicas: 0'));
    expect((await c.diagnostics(addonUri, 1)).diagnostics.map((d) => d.message)).toEqual(['replicas must be a whole number of at least 1; found 0']);
  });
});
