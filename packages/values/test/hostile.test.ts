import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, MAX_NESTING_DEPTH, ValuesLanguageService, type ValuesDiagnostic } from '../src/index.js';
import { corednsSchema, doc } from './helpers.js';

function inside(text: string, ds: ValuesDiagnostic[]): void {
  const lines = new LineIndex(text);
  for (const d of ds) {
    expect(d.data.offsets.start).toBeGreaterThanOrEqual(0);
    expect(d.data.offsets.end).toBeLessThanOrEqual(text.length);
    expect(d.range.end.line).toBeLessThan(lines.lineCount);
  }
}

const deepBlock = (n: number) => 'basic:\n  rbac_enabled: true\ncustom:\n  ' + '- '.repeat(n) + 'x\nflavor:\n  replicas: 2\n  ';

describe('documents that nest past the limit', () => {
  it('a 2 MB document nested a million levels deep, then an edit: one diagnostic where the nesting crosses the limit', () => {
    const svc = new ValuesLanguageService();
    const text = '['.repeat(1_000_000) + ']'.repeat(1_000_000);
    const first = svc.validate(doc(text, 'file:///deep.yaml', 1), corednsSchema);
    expect(first.filter((d) => d.code === 'too-deep').map((d) => d.data.offsets)).toEqual([{ start: MAX_NESTING_DEPTH, end: MAX_NESTING_DEPTH + 1 }]);
    const edited = text.slice(0, 500_000) + 'x' + text.slice(500_000);
    const d2 = doc(edited, 'file:///deep.yaml', 2);
    const second = svc.validate(d2, corednsSchema);
    expect(second.filter((d) => d.code === 'too-deep')).toHaveLength(1);
    inside(edited, second);
    expect(svc.hover(d2, corednsSchema, { line: 0, character: 10 })).toBeUndefined();
    expect(Array.isArray(svc.complete(d2, corednsSchema, { line: 0, character: 10 }))).toBe(true);
  }, 60_000);

  it('after an edit to a 20,000-deep block document, hover and completion still answer on the rest of it', () => {
    const svc = new ValuesLanguageService();
    const text = deepBlock(20_000);
    svc.validate(doc(text, 'file:///block.yaml', 1), corednsSchema);
    const edited = text.replace('replicas: 2', 'replicas: 3');
    const d2 = doc(edited, 'file:///block.yaml', 2);
    const ds = svc.validate(d2, corednsSchema);
    const deep = ds.filter((d) => d.code === 'too-deep');
    expect(deep).toHaveLength(1);
    // The root mapping is level 1 and custom's list level 2: the 100th dash of line 4 is level 101.
    expect(deep[0]!.range.start).toEqual({ line: 3, character: 2 + 2 * (MAX_NESTING_DEPTH - 1) });
    inside(edited, ds);
    expect(svc.hover(d2, corednsSchema, { line: 5, character: 3 })?.contents.value).toContain('replicas');
    expect(svc.hover(d2, corednsSchema, { line: 1, character: 3 })?.contents.value).toContain('rbac_enabled');
    expect(svc.complete(d2, corednsSchema, { line: 6, character: 2 }).map((i) => i.label)).toContain('name');
    expect(svc.complete(d2, corednsSchema, { line: 3, character: 30 })).toEqual([]);
    expect(svc.hover(d2, corednsSchema, { line: 3, character: 30_000 })).toBeUndefined();
  }, 60_000);

  it('exactly at the limit nothing is said; one level more gives one diagnostic', () => {
    const svc = new ValuesLanguageService();
    // The root mapping is level 1, "custom" level 2, then the lists.
    const at = 'custom:\n  ' + '- '.repeat(MAX_NESTING_DEPTH - 1) + 'x\n';
    expect(svc.validate(doc(at)).filter((d) => d.code === 'too-deep')).toEqual([]);
    const over = 'custom:\n  ' + '- '.repeat(MAX_NESTING_DEPTH) + 'x\n';
    expect(svc.validate(doc(over)).filter((d) => d.code === 'too-deep')).toHaveLength(1);
    const flowAt = 'custom: ' + '['.repeat(MAX_NESTING_DEPTH - 1) + ']'.repeat(MAX_NESTING_DEPTH - 1) + '\n';
    expect(svc.validate(doc(flowAt)).filter((d) => d.code === 'too-deep')).toEqual([]);
  });

  it('deep nesting with a syntax error (the slow path) and with anchors is bounded too', () => {
    const svc = new ValuesLanguageService();
    for (const text of [
      'a: &x 1\nb: ' + '['.repeat(50_000) + ']'.repeat(49_999) + ' : :\n',
      'a: *undefined\nb: ' + '{k: '.repeat(30_000) + '1' + '}'.repeat(30_000),
      'a:\n' + Array.from({ length: 3_000 }, (_, i) => ' '.repeat(i + 1) + 'k:').join('\n') + '\n\tbad',
    ]) {
      const ds = svc.validate(doc(text), corednsSchema);
      expect(ds.filter((d) => d.code === 'too-deep')).toHaveLength(1);
      inside(text, ds);
    }
  }, 60_000);

  it('edits that deepen a document one region at a time are held to the same limit', () => {
    const svc = new ValuesLanguageService();
    // One more level per edit, each time inside the same entry: the incremental path re-parses
    // only that entry, and must count the levels above it.
    let inner = '1';
    let text = 'custom:\n  a: 1\n';
    let v = 0;
    svc.validate(doc(text, 'file:///grow.yaml', ++v), corednsSchema);
    for (let i = 0; i < MAX_NESTING_DEPTH + 20; i++) {
      inner = `[${inner}]`;
      text = `custom:\n  a: ${inner}\n`;
      const ds = svc.validate(doc(text, 'file:///grow.yaml', ++v), corednsSchema);
      expect(ds.filter((d) => d.code === 'too-deep')).toHaveLength(i + 3 > MAX_NESTING_DEPTH ? 1 : 0);
    }
    const ds = svc.validate(doc(text, 'file:///grow.yaml', ++v), corednsSchema);
    expect(ds.filter((d) => d.code === 'too-deep')).toHaveLength(1);
    inside(text, ds);
  }, 60_000);

  it('aliases of aliases (billion laughs) and very wide documents end with a diagnostic, not a hang or a crash', () => {
    const svc = new ValuesLanguageService();
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) lol.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    const bomb = lol.join('\n') + '\n';
    const ds = svc.validate(doc(bomb), corednsSchema);
    expect(ds.some((d) => /alias/i.test(d.message))).toBe(true);
    inside(bomb, ds);
    const wide = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}`).join('\n');
    inside(wide, svc.validate(doc(wide), corednsSchema));
    const wideFlow = '[' + Array.from({ length: 200_000 }, () => '{}').join(',') + ']';
    inside(wideFlow, svc.validate(doc(wideFlow), corednsSchema));
  }, 60_000);

  it('random nesting of every kind never crosses the limit unseen (property)', () => {
    const svc = new ValuesLanguageService({ maxDocuments: 2 });
    const opener = fc.constantFrom('[', '{k: ', '- ', 'k:\n', '? ');
    fc.assert(
      fc.property(fc.array(opener, { minLength: 1, maxLength: 400 }), (ops) => {
        let text = '';
        let indent = 0;
        const closers: string[] = [];
        let flow = false;
        for (const o of ops) {
          if (o === '[' || o === '{k: ') {
            text += o;
            closers.unshift(o === '[' ? ']' : '}');
            flow = true;
          } else if (!flow) {
            if (o === 'k:\n') {
              text += 'k:\n' + ' '.repeat(++indent);
            } else {
              text += o;
              indent += 2;
            }
          }
        }
        text += '1' + closers.join('') + '\n';
        const ds = svc.validate(doc(text), corednsSchema);
        inside(text, ds);
        expect(ds.filter((d) => d.code === 'too-deep').length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300, seed: 7 },
    );
  }, 120_000);
});
