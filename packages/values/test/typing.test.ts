import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValuesLanguageService, type ValuesDiagnostic } from '../src/index.js';
import { corednsSchema, corednsValues, fixture } from './helpers.js';

/** One keystroke: replace [at, at + remove) with `insert` (at most one character each way). */
interface Keystroke {
  at: number;
  remove: number;
  insert: string;
}

function apply(text: string, k: Keystroke): string {
  return text.slice(0, k.at) + k.insert + text.slice(k.at + k.remove);
}

function comparable(ds: ValuesDiagnostic[]): Array<Pick<ValuesDiagnostic, 'message' | 'range' | 'severity' | 'code'> & { offsets: ValuesDiagnostic['data']['offsets'] }> {
  return ds.map((d) => ({ message: d.message, range: d.range, offsets: d.data.offsets, severity: d.severity, code: d.code }));
}

/** Keeps the compiled schema between comparisons; `forget` makes it see each text afresh. */
const reference = new ValuesLanguageService();

/** Types the keystrokes into one service, checking after every one that it agrees with a fresh service. */
function typeAndCompare(start: string, keys: Keystroke[]): { text: string; incremental: number } {
  const service = new ValuesLanguageService();
  const uri = 'file:///typed.yaml';
  let text = start;
  let version = 1;
  service.validate({ uri, version, getText: () => text }, corednsSchema);
  let incremental = 0;
  for (const k of keys) {
    text = apply(text, k);
    const current = text;
    const got = service.validate({ uri, version: ++version, getText: () => current }, corednsSchema);
    if (service.lastParse === 'incremental') incremental++;
    // A service that has never seen the document parses and validates it in full.
    reference.forget(uri);
    const fresh = reference.validate({ uri, version: 1, getText: () => current }, corednsSchema);
    expect(comparable(got), `after typing into:\n${current}`).toEqual(comparable(fresh));
  }
  return { text, incremental };
}

/** Keystrokes that type `s` at `at`, one character each. */
function typing(at: number, s: string): Keystroke[] {
  return [...s].map((ch, i) => ({ at: at + i, remove: 0, insert: ch }));
}

/** Keystrokes that delete `count` characters before `end`, one Backspace each. */
function backspaces(end: number, count: number): Keystroke[] {
  return Array.from({ length: count }, (_, i) => ({ at: end - 1 - i, remove: 1, insert: '' }));
}

// The fixture as written by hand, and as the editor extension writes it (flavor last, so the
// replicas line is near the end of the document).
const documents = { 'request fixture': corednsValues, 'editor document': fixture('coredns-1.28.6-editor.yaml') };

describe.each(Object.entries(documents))('typing one character at a time into the %s', (_name, corednsValues) => {
  const replicasValue = corednsValues.indexOf('replicas: 2') + 'replicas: '.length;

  it('replacing the replicas value by 0 ends with the minimum diagnostic', () => {
    const { text, incremental } = typeAndCompare(corednsValues, [...backspaces(replicasValue + 1, 1), ...typing(replicasValue, '0')]);
    // Both keystrokes went through the incremental path, which is what is under test here.
    expect(incremental).toBe(2);
    const final = new ValuesLanguageService().validate({ uri: 'file:///x.yaml', version: 1, getText: () => text }, corednsSchema);
    expect(final.map((d) => d.message)).toEqual(['replicas must be a whole number of at least 1; found 0']);
  });

  it('selecting "replicas: 2" and typing "replicas: 0" over it (what an editor sends)', () => {
    const keyStart = replicasValue - 'replicas: '.length;
    // The first keystroke replaces the selection; the rest are insertions.
    const keys: Keystroke[] = [{ at: keyStart, remove: 'replicas: 2'.length, insert: 'r' }, ...typing(keyStart + 1, 'eplicas: 0')];
    const { text, incremental } = typeAndCompare(corednsValues, keys);
    expect(incremental).toBeGreaterThan(0);
    expect(text).toBe(corednsValues.replace('replicas: 2', 'replicas: 0'));
  });

  it('deleting the whole replicas line and typing it again', () => {
    const lineStart = corednsValues.lastIndexOf('\n', replicasValue) + 1;
    const lineEnd = corednsValues.indexOf('\n', replicasValue) + 1;
    typeAndCompare(corednsValues, [...backspaces(lineEnd, lineEnd - lineStart), ...typing(lineStart, '  replicas: 0\n')]);
  });

  it('typing the value after deleting "2" and the space, then a space and 0', () => {
    typeAndCompare(corednsValues, [...backspaces(replicasValue + 1, 2), ...typing(replicasValue - 1, ' 0')]);
  });

  it('typing a brand-new replicas line under the flavor resources item', () => {
    const doc = corednsValues.replace('  replicas: 2\n', '');
    const anchor = doc.indexOf('      limitsMem') >= 0 ? doc.indexOf('      limitsMem') : doc.indexOf('      requestsMem');
    const eol = doc.indexOf('\n', anchor);
    // Enter, then the key, the colon, the space and the value; each step is validated.
    typeAndCompare(doc, typing(eol, '\n  replicas: 0'));
    const atFlavorEnd = doc.indexOf('\n', doc.indexOf('  name: autopilot-flavor1'));
    typeAndCompare(doc, typing(atFlavorEnd, '\n  replicas: 0'));
  });

  it('typing a new key inside a resources item', () => {
    const anchor = corednsValues.indexOf('\n', corednsValues.indexOf('limitsMem'));
    typeAndCompare(corednsValues, typing(anchor, '\n      requestsCpu: 0'));
  });

  it('random single-character edits agree with a full validation after every keystroke', () => {
    let patched = 0;
    const chars = [' ', '\n', ':', '-', '#', '0', '1', 'a', 'r', '"', "'", '{', '['];
    fc.assert(
      fc.property(
        fc.array(fc.record({ at: fc.nat(), del: fc.boolean(), ch: fc.constantFrom(...chars) }), { minLength: 1, maxLength: 12 }),
        fc.nat(),
        (steps, where) => {
          // Edits cluster around one place, as when someone types, starting anywhere in the document.
          let text = corednsValues;
          let cursor = where % (text.length + 1);
          const keys: Keystroke[] = [];
          for (const s of steps) {
            const at = Math.min(text.length, Math.max(0, cursor + (s.at % 5) - 2));
            const k: Keystroke = s.del && at < text.length ? { at, remove: 1, insert: '' } : { at, remove: 0, insert: s.ch };
            keys.push(k);
            text = apply(text, k);
            cursor = at + k.insert.length;
          }
          patched += typeAndCompare(corednsValues, keys).incremental;
        },
      ),
      { numRuns: 200 },
    );
    expect(patched).toBeGreaterThan(0);
  });
});
