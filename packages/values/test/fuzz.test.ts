import fc from 'fast-check';
import { describe, it } from 'vitest';
import { LineIndex, ValuesLanguageService, type ValuesDiagnostic } from '../src/index.js';
import { corednsSchema, corednsValues, doc } from './helpers.js';

// Pieces that break YAML in the ways people do while typing.
const pieces = [' ', '  ', '\n', '\t', ':', ': ', '- ', '#', '"', "'", '{', '}', '[', ']', ',', '|', '>', '&a', '*a', '!!str ', '---\n', '? ', 'é', '\u00a0', '\r\n', 'x', '0', '-1', 'null', 'true'];
// Past the nesting limit, in each of its shapes: mixed into fewer documents (they take the slow path).
const deepPieces = [...pieces, '['.repeat(120), '{a: '.repeat(120), '- '.repeat(120), '\n' + Array.from({ length: 120 }, (_, i) => ' '.repeat(i) + 'k:').join('\n')];

const mutationOf = (from: readonly string[]) =>
  fc.record({
    at: fc.nat(),
    remove: fc.nat({ max: 8 }),
    insert: fc.array(fc.constantFrom(...from), { maxLength: 3 }).map((a) => a.join('')),
  });
const mutation = mutationOf(pieces);

function mutate(text: string, ms: Array<{ at: number; remove: number; insert: string }>): string {
  let t = text;
  for (const m of ms) {
    const at = m.at % (t.length + 1);
    t = t.slice(0, at) + m.insert + t.slice(Math.min(t.length, at + m.remove));
  }
  return t;
}

/** Plain checks rather than `expect`: they run a hundred thousand times. */
function checkRanges(text: string, ds: ValuesDiagnostic[]): void {
  const lines = new LineIndex(text);
  for (const d of ds) {
    const { start, end } = d.data.offsets;
    const fail = (why: string) => {
      throw new Error(`${why}: ${JSON.stringify(d)} in ${JSON.stringify(text)}`);
    };
    if (!(start >= 0 && end >= start && end <= text.length)) fail('offsets outside the document');
    for (const p of [d.range.start, d.range.end]) {
      if (!(p.line >= 0 && p.line < lines.lineCount)) fail('line outside the document');
      if (!(p.character >= 0 && p.character <= lines.lineText(p.line).length + 1)) fail('character outside its line');
    }
    if (lines.offsetAt(d.range.start) !== start) fail('range and offsets disagree');
    if (!d.message) fail('empty message');
  }
}

// The flavor and a few custom keys: small enough to run 10,000 times in seconds, and it still has
// every construct the values files use (nested mappings, lists of mappings, flow collections).
const base = corednsValues
  .split('\n')
  .filter((_, i) => (i >= 8 && i < 24) || (i >= 54 && i < 60))
  .join('\n');

describe('fuzz', () => {
  it('10,000 mutated documents: no exception, every range inside the document', () => {
    run(mutation, Number(process.env.FUZZ_RUNS ?? 10_000), 42);
  }, 300_000);

  it('1,000 more with pieces that nest past the limit, in every shape', () => {
    run(mutationOf(deepPieces), Number(process.env.FUZZ_DEEP_RUNS ?? 1_000), 43);
  }, 300_000);
});

function run(m: fc.Arbitrary<{ at: number; remove: number; insert: string }>, numRuns: number, seed: number): void {
  const svc = new ValuesLanguageService({ maxDocuments: 4 });
  let version = 0;
  fc.assert(
    fc.property(fc.array(m, { minLength: 1, maxLength: 4 }), fc.nat(), (ms, probe) => {
      const text = mutate(base, ms);
      // The same URI each time: the service also goes through its incremental path.
      const d = doc(text, 'file:///fuzz.yaml', ++version);
      const ds = svc.validate(d, corednsSchema);
      checkRanges(text, ds);
      const lines = new LineIndex(text);
      const pos = lines.positionAt(probe % (text.length + 1));
      svc.hover(d, corednsSchema, pos);
      for (const item of svc.complete(d, corednsSchema, pos)) if (item.textEdit.range.start.line !== pos.line) throw new Error('completion range off the cursor line');
      svc.codeActions(d, corednsSchema, { start: pos, end: pos });
    }),
    { numRuns, seed },
  );
}
