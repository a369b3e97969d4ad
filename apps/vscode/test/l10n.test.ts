import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as l10n from '@vscode/l10n';
import { translate } from '../src/core/ui.js';

const root = join(__dirname, '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const json = (p: string) => JSON.parse(read(p)) as Record<string, string>;

/** `ui.t` tagged templates: the bundle key has `{0}`, `{1}`... where the values go. */
function taggedKeys(source: string): string[] {
  const keys: string[] = [];
  for (const m of source.matchAll(/ui\.t`((?:[^`\\]|\\.)*)`/g)) {
    let n = 0;
    keys.push(m[1]!.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, () => `{${n++}}`));
  }
  return keys;
}

describe('localization', () => {
  const zh = json('l10n/bundle.l10n.zh-cn.json');
  const files = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts')).map((f) => read(`${dir}/${f}`));

  it('has a Simplified Chinese text for every message of the flows and the VS Code adapter', () => {
    const keys = new Set<string>();
    for (const s of files('src/core')) for (const k of taggedKeys(s)) keys.add(k);
    for (const s of files('src/host')) for (const m of s.matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)) keys.add(m[1]!.replace(/\\'/g, "'"));
    expect(keys.size).toBeGreaterThan(100);
    const missing = [...keys].filter((k) => !(k in zh));
    expect(missing).toEqual([]);
    // Placeholders survive translation.
    for (const k of keys) for (const p of k.match(/\{\d+\}/g) ?? []) expect(zh[k], k).toContain(p);
  });

  it('has a Simplified Chinese text for every command title and every folder or placeholder label of the tree', () => {
    const commands = [...files('src/host/commands'), read('src/host/kubeCommands.ts')].join('\n');
    const titles = [
      ...[...commands.matchAll(/title: '((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!),
      ...[...commands.matchAll(/(?:withCluster|runCmd)\('[^']+', '((?:[^'\\]|\\.)*)'/g)].map((m) => m[1]!),
    ];
    const tree = read('src/core/tree.ts') + read('src/core/tree-sdk.ts');
    const labels = [
      ...[...tree.matchAll(/\{ kind: '[A-Za-z]+', label: '([^']+)'/g)].map((m) => m[1]!),
      ...[...tree.matchAll(/empty\(node, '([^']+)'\)/g)].map((m) => m[1]!),
    ];
    expect(titles.length).toBeGreaterThan(40);
    expect(labels.length).toBeGreaterThan(25);
    expect([...titles, ...labels].filter((k) => !(k in zh))).toEqual([]);
  });

  it('translates every %key% of package.json in both nls files', () => {
    const used = [...read('package.json').matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]!);
    const en = json('package.nls.json');
    const cn = json('package.nls.zh-cn.json');
    expect(used.filter((k) => !(k in en))).toEqual([]);
    expect(used.filter((k) => !(k in cn))).toEqual([]);
  });

  it('builds bundle keys from tagged templates the way the English fallback fills them', () => {
    const name = 'prod';
    // No bundle: English, the values put back in place (as String() shows them).
    l10n.config({ contents: {} });
    expect(translate`Delete cluster ${name} in ${'r'}?`).toBe('Delete cluster prod in r?');
    expect(translate`Revision ${undefined} of ${2}`).toBe('Revision undefined of 2');
    // A bundle: the key is the text with {0}, {1}... where the values go.
    l10n.config({ contents: { 'Delete cluster {0} in {1}?': '删除 {1} 中的集群 {0}？' } });
    expect(translate`Delete cluster ${name} in ${'r'}?`).toBe('删除 r 中的集群 prod？');
    l10n.config({ contents: {} });
  });
});
