import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import fc from 'fast-check';
import { Document, parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildEntries, mergeClusterCert, mergeEntries, parseKubeconfig, type ClusterIdentity } from '../src/index.js';
import { answer, tempDir } from './helpers.js';

const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const comment = fc.stringMatching(/^[A-Za-z0-9 ,.:_-]{1,30}$/).map((s) => ` ${s.trim() || 'note'}`);

interface Foreign {
  clusters: { name: string; cluster: Record<string, unknown> }[];
  users: { name: string; user: Record<string, unknown> }[];
  contexts: { name: string; context: Record<string, unknown> }[];
}

const foreignConfig = fc
  .record({
    names: fc.uniqueArray(word, { minLength: 0, maxLength: 4 }),
    server: fc.constantFrom('https://a.example:6443', 'https://10.1.2.3', 'https://[::1]:8443'),
    token: fc.stringMatching(/^[A-Za-z0-9._-]{4,20}$/),
    extra: fc.option(fc.dictionary(fc.stringMatching(/^x-[a-z]{1,6}$/), fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean())), { nil: undefined }),
    namespace: fc.option(word, { nil: undefined }),
  })
  .map(({ names, server, token, extra, namespace }): Foreign => ({
    clusters: names.map((n) => ({ name: `f-${n}`, cluster: { server, ...(extra ?? {}) } })),
    users: names.map((n) => ({ name: `f-${n}`, user: { token } })),
    contexts: names.map((n) => ({ name: `f-${n}`, context: { cluster: `f-${n}`, user: `f-${n}`, ...(namespace ? { namespace } : {}) } })),
  }));

/** Renders a foreign kubeconfig with comments, a random list layout, and missing/null/empty lists. */
const existingText = fc
  .record({
    foreign: foreignConfig,
    comments: fc.array(comment, { minLength: 0, maxLength: 4 }),
    indentSeq: fc.boolean(),
    emptyList: fc.constantFrom('missing', 'null', 'empty'),
    current: fc.boolean(),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ foreign, comments, indentSeq, emptyList, current, crlf, bom }) => {
    const obj: Record<string, unknown> = { apiVersion: 'v1', kind: 'Config', preferences: {} };
    for (const key of ['clusters', 'users', 'contexts'] as const) {
      if (foreign[key].length > 0) obj[key] = foreign[key];
      else if (emptyList === 'null') obj[key] = null;
      else if (emptyList === 'empty') obj[key] = [];
    }
    if (current && foreign.contexts[0]) obj['current-context'] = foreign.contexts[0].name;
    const doc = new Document(obj);
    const [top, ...rest] = comments;
    if (top) doc.commentBefore = top;
    // Comments hang off foreign entries: they must survive next to them.
    rest.forEach((c, i) => {
      const lists = ['clusters', 'users', 'contexts'];
      const seq = doc.get(lists[i % 3] as string, true) as { items?: { commentBefore?: string }[] } | undefined;
      const item = seq?.items?.[0];
      if (item) item.commentBefore = c;
    });
    let text = doc.toString({ indentSeq });
    if (crlf) text = text.replace(/\n/g, '\r\n');
    return { text: (bom ? '\uFEFF' : '') + text, foreign, comments: comments.filter((c, i) => i === 0 || foreign.clusters.length > 0) };
  });

const clusterIdentity = fc.record({
  id: fc.uuid(),
  name: word,
  region: fc.constantFrom('cn-north-4', 'ap-southeast-1', 'eu-west-101'),
}) as fc.Arbitrary<ClusterIdentity>;

function mergeAll(text: string, clusters: ClusterIdentity[]): string {
  let out = text;
  for (const c of clusters) out = mergeEntries(parseKubeconfig(out, 'config'), buildEntries(answer(), c), { onConflict: 'rename' }).text;
  return out;
}

function loadable(text: string): void {
  const kc = new KubeConfig();
  kc.loadFromString(text.replace(/^\uFEFF/, ''));
}

describe('merging into random kubeconfigs', () => {
  it('keeps every foreign entry and comment, stays valid, and merging twice equals merging once', () => {
    fc.assert(
      fc.property(existingText, fc.uniqueArray(clusterIdentity, { minLength: 1, maxLength: 3, selector: (c) => c.id }), ({ text, foreign, comments }, clusters) => {
        const once = mergeAll(text, clusters);
        const twice = mergeAll(once, clusters);
        expect(twice).toBe(once);
        const doc = parse(once.replace(/^\uFEFF/, ''));
        for (const key of ['clusters', 'users', 'contexts'] as const) {
          for (const entry of foreign[key]) expect(doc[key].find((e: { name: string }) => e.name === entry.name)).toEqual(entry);
        }
        for (const c of comments) expect(once).toContain(`#${c}`);
        expect(doc.contexts).toHaveLength(foreign.contexts.length + clusters.length);
        for (const ctx of doc.contexts) {
          expect(doc.clusters.some((c: { name: string }) => c.name === ctx.context.cluster)).toBe(true);
          expect(doc.users.some((u: { name: string }) => u.name === ctx.context.user)).toBe(true);
        }
        expect(once.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
        if (text.includes('\r\n')) expect(once.replace(/\r\n/g, '')).not.toContain('\n');
        loadable(once);
      }),
      { numRuns: 60 },
    );
    // The machine is shared: give the runs room rather than fail on a slow moment.
  }, 120_000);

  it('writes files with mode 0600 whatever mode they had, with the same content as the pure merge', async () => {
    const dir = await tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(existingText, clusterIdentity, fc.constantFrom(0o600, 0o644, 0o666, 0o640), async ({ text }, c, startMode) => {
        const path = join(dir, `config-${n++}`);
        await fs.writeFile(path, text, { mode: startMode });
        await fs.chmod(path, startMode);
        await mergeClusterCert({ answer: answer(), cluster: c, path, setCurrent: false });
        expect((await fs.stat(path)).mode & 0o777).toBe(0o600);
        const expected = mergeEntries(parseKubeconfig(text, path), buildEntries(answer(), c), {
          setCurrent: !/current-context: \S/.test(text),
        }).text;
        expect(await fs.readFile(path, 'utf8')).toBe(expected);
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
