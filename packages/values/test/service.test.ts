import { CompletionItemKind } from 'vscode-languageserver-types';
import { describe, expect, it } from 'vitest';
import { ValuesLanguageService } from '../src/index.js';
import { corednsSchema, corednsValues, doc } from './helpers.js';

function at(text: string, marker: string, delta = 0): { line: number; character: number } {
  const i = text.indexOf(marker);
  if (i < 0) throw new Error(`no ${marker}`);
  const before = text.slice(0, i + delta);
  const line = before.split('\n').length - 1;
  return { line, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('hover', () => {
  const svc = new ValuesLanguageService();
  const d = doc(corednsValues);

  it('shows description, type and bounds of a key', () => {
    const h = svc.hover(d, corednsSchema, at(corednsValues, 'replicas', 2))!;
    expect(h.contents.value).toContain('**replicas**');
    expect(h.contents.value).toContain('Number of pod replicas.');
    expect(h.contents.value).toContain('Type: integer');
    expect(h.contents.value).toContain('At least 1');
    expect(h.range).toEqual({ start: { line: 13, character: 2 }, end: { line: 13, character: 10 } });
  });

  it('shows the allowed flavors with what each is for', () => {
    const h = svc.hover(d, corednsSchema, at(corednsValues, 'autopilot-flavor1', 3))!;
    expect(h.contents.value).toContain('Allowed values:');
    expect(h.contents.value).toContain('- `2500` flavor flavor1');
    expect(h.range.start).toEqual({ line: 12, character: 8 });
  });

  it('shows the default and the translated title', () => {
    const h = svc.hover(d, corednsSchema, at(corednsValues, 'stub_domains'))!;
    expect(h.contents.value).toContain('**stub_domains** (stub domain)');
    expect(h.contents.value).toContain('Default: `{}`');
  });

  it('says nothing outside any key', () => {
    expect(svc.hover(d, corednsSchema, { line: 0, character: 3 })).toBeUndefined();
  });
});

describe('completion', () => {
  const svc = new ValuesLanguageService();

  it('offers the keys not yet present at the cursor path', () => {
    const text = corednsValues.replace('  multiAZEnabled: false\n', '  multi\n');
    const items = svc.complete(doc(text), corednsSchema, at(text, '  multi\n', 7));
    expect(items.map((i) => i.label)).toContain('multiAZEnabled');
    expect(items.map((i) => i.label)).not.toContain('multiAZBalance');
    expect(items.find((i) => i.label === 'multiAZEnabled')!.textEdit.range).toEqual({ start: { line: 23, character: 2 }, end: { line: 23, character: 7 } });
  });

  it('offers flavor names for flavor.name and true/false for booleans', () => {
    const text = corednsValues.replace('  name: autopilot-flavor1', '  name: ');
    const names = svc.complete(doc(text), corednsSchema, at(text, '  name: \n', 8)).map((i) => i.label);
    expect(names).toEqual(['autopilot-flavor1', '2500', 'flavor1', '5000', 'flavor2', '10000', 'flavor3', '20000', 'flavor4']);
    const t2 = corednsValues.replace('  multiAZBalance: false', '  multiAZBalance: ');
    const bools = svc.complete(doc(t2), corednsSchema, at(t2, '  multiAZBalance: ', 18));
    expect(bools.map((i) => i.label)).toEqual(['true', 'false']);
    expect(bools[0]!.textEdit.newText).toBe('true');
    const t3 = corednsValues.replace('  multiAZBalance: false', '  multiAZBalance:');
    expect(svc.complete(doc(t3), corednsSchema, at(t3, '  multiAZBalance:', 17))[0]!.textEdit.newText).toBe(' true');
  });

  it('offers keys inside a list item and resource snippets for a new item', () => {
    const text = corednsValues.replace('      requestsMem: 2048Mi\n', '      requestsMem: 2048Mi\n    - \n');
    const pos = at(text, '    - \n', 6);
    const items = svc.complete(doc(text), corednsSchema, pos);
    const snippet = items.find((i) => i.kind === CompletionItemKind.Snippet && i.label === 'coredns')!;
    expect(snippet.textEdit.newText).toBe('id: coredns\n      limitsCpu: 1\n      limitsMem: 2Gi\n      name: coredns\n      requestsCpu: 1\n      requestsMem: 2Gi');
    expect(items.map((i) => i.label)).toContain('limitsCpu');
    const t2 = corednsValues.replace('      limitsCpu: 1000m\n', '      lim\n');
    const keys = svc.complete(doc(t2), corednsSchema, at(t2, '      lim\n', 9)).map((i) => i.label);
    expect(keys).toContain('limitsCpu');
    expect(keys).not.toContain('requestsCpu');
  });

  it('offers whole flavors as snippets after "flavor:"', () => {
    const text = 'flavor: \n';
    const items = svc.complete(doc(text), corednsSchema, { line: 0, character: 8 });
    const first = items.find((i) => i.kind === CompletionItemKind.Snippet)!;
    expect(first.label).toBe('autopilot-flavor1');
    expect(first.textEdit.newText.startsWith('\n  category:\n    - Autopilot\n  is_default: true\n  name: autopilot-flavor1\n')).toBe(true);
    // It replaces the space after the colon, so no line ends in a blank.
    expect(first.textEdit.range).toEqual({ start: { line: 0, character: 7 }, end: { line: 0, character: 8 } });
  });

  it('offers the top-level keys in an empty document', () => {
    const items = svc.complete(doc(''), corednsSchema, { line: 0, character: 0 });
    expect(items.map((i) => i.label)).toEqual(['basic', 'flavor', 'custom', 'systemAutoInject']);
    expect(items[0]!.textEdit.newText).toBe('basic:\n  ');
  });
});

describe('caching', () => {
  it('does the work once per document version, and patches a small edit', () => {
    const svc = new ValuesLanguageService();
    const first = svc.validate(doc(corednsValues, 'file:///a.yaml', 1), corednsSchema);
    expect(svc.lastParse).toBe('full');
    expect(svc.validate(doc(corednsValues, 'file:///a.yaml', 1), corednsSchema)).toBe(first);
    expect(svc.lastParse).toBe('cached');
    const edited = corednsValues.replace('replicas: 2', 'replicas: 0');
    const ds = svc.validate(doc(edited, 'file:///a.yaml', 2), corednsSchema);
    expect(svc.lastParse).toBe('incremental');
    expect(ds.map((d) => d.message)).toEqual(['replicas must be a whole number of at least 1; found 0']);
  });
});
