import { addonTemplateFixtures } from '@cce-autopilot/models';
import { ValuesLanguageService, deriveAddonValuesSchema } from '@cce-autopilot/values';
import { afterEach, describe, expect, it } from 'vitest';
import { buildValuesUri } from '../src/index.js';
import { LspClient } from './lsp-client.js';

const version1286 = addonTemplateFixtures.corednsVersions['1.28.6'];
const schema = deriveAddonValuesSchema(version1286, { addonName: 'coredns' });
// As the extension writes an installed addon's values: the binding comment, then basic, custom and
// the flavor last, so the edited lines are near the end of the document.
const text = [
  '# cce-autopilot: addon=coredns version=1.28.6',
  'basic:',
  '  cluster_ip: 10.247.3.10',
  '  image_version: 1.28.6',
  '  rbac_enabled: true',
  'custom:',
  '  multiAZBalance: false',
  '  servers:',
  '    - plugins:',
  '        - name: cache',
  '          parameters: 30',
  '      port: 5353',
  '      zones:',
  '        - zone: .',
  '  stub_domains: {}',
  '  upstream_nameservers: []',
  'flavor:',
  '  category:',
  '    - Autopilot',
  '  is_default: true',
  '  name: autopilot-flavor1',
  '  replicas: 2',
  '  resources:',
  '    - limitsCpu: 1',
  '      limitsMem: 2Gi',
  '      name: coredns',
  '',
].join('\n');

interface Pos {
  line: number;
  character: number;
}

const clients: LspClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.stop()));
});

/** What a full validation of `final` says, in the shape the server publishes. */
function expected(final: string): Array<{ message: string; range: { start: Pos; end: Pos } }> {
  return new ValuesLanguageService()
    .validate({ uri: 'file:///fresh.yaml', version: 1, getText: () => final }, schema)
    .map((d) => ({ message: d.message, range: d.range }));
}

interface Key {
  at: Pos;
  /** How many characters after `at` the keystroke replaces (a selection, or Delete). */
  remove?: number;
  ch?: string;
}

/**
 * Sends one didChange per keystroke, as an editor does while someone types, with the completion
 * and code action requests an editor sends in between (not awaited, so they interleave).
 */
async function type(c: LspClient, uri: string, start: string, keys: Key[]): Promise<string> {
  let current = start;
  let version = 1;
  const lines = () => current.split('\n');
  const offset = (p: Pos) => lines().slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const pending: Array<Promise<unknown>> = [];
  for (const k of keys) {
    const o = offset(k.at);
    const remove = k.remove ?? 0;
    const end = { line: k.at.line, character: k.at.character + remove };
    const insert = k.ch ?? '';
    current = current.slice(0, o) + insert + current.slice(o + remove);
    await c.change(uri, ++version, [{ range: { start: k.at, end }, text: insert }]);
    pending.push(c.request('textDocument/completion', { textDocument: { uri }, position: k.at }));
    pending.push(c.request('textDocument/codeAction', { textDocument: { uri }, range: { start: k.at, end: k.at }, context: { diagnostics: [] } }));
  }
  await Promise.all(pending);
  const published = await c.diagnostics(uri, version);
  expect(published.diagnostics.map((d) => ({ message: d.message, range: d.range }))).toEqual(expected(current));
  // A round trip after the last publish: nothing about an older version may arrive after it.
  await c.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } });
  const mine = c.published.filter((p) => p.uri === uri);
  expect(mine[mine.length - 1]!.version).toBe(version);
  return current;
}

function lineOf(s: string, needle: string): number {
  return s.slice(0, s.indexOf(needle)).split('\n').length - 1;
}

describe('typing into a values document one character per didChange', () => {
  it('replacing the replicas value by 0, and typing a new replicas line, ends with the found 0 diagnostic', async () => {
    for (const transport of ['stdio', 'ipc'] as const) {
      const c = await LspClient.start({ transport, answer: () => ({ template: version1286 }) });
      clients.push(c);
      const uri = `file:///work/typed-${transport}.yaml`;
      await c.open(uri, text, 1);
      expect((await c.diagnostics(uri, 1)).diagnostics).toEqual([]);
      const line = lineOf(text, '  replicas: 2');
      // Delete "replicas: 2" key by key, then type "replicas: 0".
      const keys: Key[] = [];
      for (let i = 0; i < 'replicas: 2'.length; i++) keys.push({ at: { line, character: 2 }, remove: 1 });
      [...'replicas: 0'].forEach((ch, i) => keys.push({ at: { line, character: 2 + i }, ch }));
      const final = await type(c, uri, text, keys);
      expect(expected(final).map((d) => d.message)).toEqual(['replicas must be a whole number of at least 1; found 0']);
    }
  });

  it('typing over a selection in a document bound by its URI, while the schema is still on its way', async () => {
    let answered = false;
    const c = await LspClient.start({
      transport: 'ipc',
      // The extension asks the API first: the answer comes after the typing has started.
      answer: () => new Promise((resolve) => setTimeout(() => resolve({ schema }), 200)).finally(() => (answered = true)) as Promise<{ schema: typeof schema }>,
    });
    clients.push(c);
    const uri = `${buildValuesUri({ kind: 'addon', template: 'coredns', version: '1.28.6', clusterId: 'c1', instance: 'coredns' })}&op=update`;
    await c.open(uri, text, 1);
    const line = lineOf(text, '  replicas: 2');
    // Shift+Home selects "replicas: 2"; the first key replaces it, the others insert.
    const keys: Key[] = [{ at: { line, character: 2 }, remove: 'replicas: 2'.length, ch: 'r' }, ...[...'eplicas: 0'].map((ch, i) => ({ at: { line, character: 3 + i }, ch }))];
    const final = await type(c, uri, text, keys);
    expect(answered).toBe(true);
    expect(final).toBe(text.replace('replicas: 2', 'replicas: 0'));
  });

  it('typing a brand-new replicas line under the resources item', async () => {
    const c = await LspClient.start({ answer: () => ({ template: version1286 }) });
    clients.push(c);
    const uri = 'file:///work/new-line.yaml';
    const start = text.replace('  replicas: 2\n', '');
    await c.open(uri, start, 1);
    // On the empty last line, under the flavor's resources item: key, colon, space, value.
    const line = start.split('\n').length - 1;
    const keys: Key[] = [...'  replicas: 0'].map((ch, i) => ({ at: { line, character: i }, ch }));
    const final = await type(c, uri, start, keys);
    expect(final.endsWith('      name: coredns\n  replicas: 0')).toBe(true);
    expect(expected(final).map((d) => d.message)).toEqual(['replicas must be a whole number of at least 1; found 0']);
  });
});
