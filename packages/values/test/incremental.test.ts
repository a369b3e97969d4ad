import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reparseIncrementally } from '../src/incremental.js';
import { parseFast, parseYaml } from '../src/parse.js';
import { ValuesLanguageService } from '../src/index.js';
import { corednsSchema, corednsValues, doc, show } from './helpers.js';

const alphabet = [' ', '\n', '\r', '\r\n', ':', '-', '#', '"', "'", 'a', '1', '0', '{', '}', '[', ']', '|', '\t', 'x: 1', '\n  - b', '\n    k: v'];

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 4 }),
  insert: fc.constantFrom(...alphabet, ''),
});

function applyEdit(text: string, e: { at: number; remove: number; insert: string }): string {
  const at = e.at % (text.length + 1);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

describe('incremental re-parse', () => {
  it('patches a one-character value edit in place', () => {
    const before = parseYaml(corednsValues);
    const after = corednsValues.replace('replicas: 2', 'replicas: 3');
    const patched = reparseIncrementally(corednsValues, after, before);
    expect(patched).toBeDefined();
    expect(patched).toEqual(parseFast(after));
  });

  it('gives the same tree and value as a full parse, or declines', () => {
    let patchedCount = 0;
    fc.assert(
      fc.property(edit, (e) => {
        const next = applyEdit(corednsValues, e);
        const full = parseFast(next);
        const patched = reparseIncrementally(corednsValues, next, parseYaml(corednsValues));
        if (!patched) return;
        patchedCount++;
        // A patch is only allowed where the fast parser accepts the whole new text, with the same result.
        expect(full).toBeDefined();
        expect(patched.root).toEqual(full!.root);
        expect(patched.value).toEqual(full!.value);
        expect(patched.problems).toEqual(full!.problems);
      }),
      { numRuns: 400, seed: 6 },
    );
    expect(patchedCount).toBeGreaterThan(30);
  });

  it('the service reports the same diagnostics after a series of edits as a fresh service', () => {
    const svc = new ValuesLanguageService();
    const reference = new ValuesLanguageService();
    let text = corednsValues;
    let version = 1;
    svc.validate(doc(text, 'file:///edited.yaml', version), corednsSchema);
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        for (const e of edits) {
          const next = applyEdit(text, e);
          // Keep the document mostly valid so that most steps take the incremental path.
          if (!parseFast(next)) continue;
          text = next;
          version++;
          const got = svc.validate(doc(text, 'file:///edited.yaml', version), corednsSchema).map(show);
          const fresh = reference.validate(doc(text, `file:///fresh-${version}.yaml`, 1), corednsSchema).map(show);
          reference.forget(`file:///fresh-${version}.yaml`);
          expect(got).toEqual(fresh);
        }
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});
