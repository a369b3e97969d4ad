import { addonTemplateFixtures } from '@cce-autopilot/models';
import { deriveAddonValuesSchema } from '@cce-autopilot/values';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspClient } from './lsp-client.js';

// Over LSP every document is a round trip to a child process, so this runs fewer documents than the
// service's own fuzz test (10,000 there): FUZZ_LSP_RUNS, 1,000 by default, seeded.
const RUNS = Number(process.env.FUZZ_LSP_RUNS ?? 1_000);

const schema = deriveAddonValuesSchema(addonTemplateFixtures.corednsVersions['1.28.6'], { addonName: 'coredns' });
const base = [
  '# cce-autopilot: addon=coredns version=1.28.6',
  'flavor:',
  '  name: autopilot-flavor1',
  '  replicas: 2',
  '  resources:',
  '    - name: coredns',
  '      limitsCpu: 1000m',
  'custom:',
  '  servers:',
  '    - plugins: [{name: cache, parameters: 30}]',
  '      port: 5353',
  '  stub_domains: {}',
  '',
].join('\n');
const pieces = [' ', '  ', '\n', '\t', ':', ': ', '- ', '#', '"', "'", '{', '}', '[', ']', ',', '|', '>', '&a', '*a', '!!str ', '---\n', '? ', 'é', '\r\n', '\u0000', '\uFFFD', '\uD800', 'x', '0', 'null'];

/** mulberry32: small, seeded, the same documents on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function lineCount(text: string): number[] {
  // LSP lines: \r\n, \r and \n each end one.
  return text.split(/\r\n|\r|\n/).map((l) => l.length);
}

const uri = 'file:///fuzz/coredns-values.yaml';
let c: LspClient;
const errors: string[] = [];
beforeAll(async () => {
  c = await LspClient.start({ answer: () => ({ schema }) });
  c.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
    if (p.type === 1) errors.push(p.message);
  });
});
afterAll(() => c.stop());

async function check(text: string, version: number, rnd: () => number): Promise<void> {
  await c.change(uri, version, [{ text }]);
  const published = await c.diagnostics(uri, version);
  const lines = lineCount(text);
  for (const d of published.diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      if (!(p.line >= 0 && p.line < lines.length && p.character >= 0 && p.character <= lines[p.line]! + 1)) {
        throw new Error(`range outside the document: ${JSON.stringify(d)} in ${JSON.stringify(text.slice(0, 300))}`);
      }
    }
  }
  const line = Math.floor(rnd() * lines.length);
  const position = { line, character: Math.floor(rnd() * (lines[line]! + 1)) };
  await c.request('textDocument/hover', { textDocument: { uri }, position });
  await c.request('textDocument/completion', { textDocument: { uri }, position });
}

describe('fuzz over LSP', () => {
  it(`${RUNS} mutated documents, then deep, wide and alias ones: the server answers every one, every range inside the document`, async () => {
    const rnd = random(12);
    let version = 1;
    await c.open(uri, base, version);
    await c.diagnostics(uri, version);
    for (let run = 0; run < RUNS; run++) {
      let t = base;
      const n = 1 + Math.floor(rnd() * 4);
      for (let k = 0; k < n; k++) {
        const at = 46 + Math.floor(rnd() * (t.length - 45));
        const insert = Array.from({ length: Math.floor(rnd() * 3) }, () => pieces[Math.floor(rnd() * pieces.length)]).join('');
        t = t.slice(0, at) + insert + t.slice(Math.min(t.length, at + Math.floor(rnd() * 8)));
      }
      await check(t, ++version, rnd);
    }
    const head = base.split('\n')[0] + '\n';
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const hostile = [
      head + 'custom: ' + '['.repeat(200_000) + ']'.repeat(200_000) + '\n',
      head + 'custom: ' + '['.repeat(200_000) + ']'.repeat(199_999) + '\n',
      head + 'custom:\n  ' + '- '.repeat(20_000) + 'x\n',
      head + 'custom:\n' + Array.from({ length: 2_000 }, (_, i) => ' '.repeat(i + 2) + 'k:').join('\n') + '\n',
      head + lol.join('\n') + '\n',
      head + Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n'),
      head + 'custom: [' + Array.from({ length: 50_000 }, () => '{a: *x}').join(',') + ']',
    ];
    for (const text of hostile) {
      await check(text, ++version, rnd);
      // And an edit of it, which goes through the incremental path when it can.
      await check(text.replace('custom', 'custon'), ++version, rnd);
    }
    expect(errors).toEqual([]);
  }, 600_000);
});
