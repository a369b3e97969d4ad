import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { dump } from 'js-yaml';
import { containerPath, shapeOf } from '../src/line-shape.js';
import { LineIndex } from '../src/lines.js';
import { parseFast, parseFull, parseYaml } from '../src/parse.js';
import { ValuesLanguageService } from '../src/index.js';
import type { PathSegment, YNode } from '../src/tree.js';

// "Agree" means: on a valid document (no syntax problem for either) the fast path (js-yaml's event
// parser) and the full path (`yaml`'s document model) build the same position tree (every key's
// range, every value's range, collection starts and ends) and the same value; and the line parser
// (completion's, from indentation alone) finds for every block key the path the full parser gives it.

const key = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a', 'b', 'name', 'replicas', 'image', 'x-y', 'k8s.io/name', 'with space', 'caf\u00e9', '\u540d\u79f0') },
  { weight: 1, arbitrary: fc.constantFrom('', '1', 'true', 'null', 'a: b', '#c', '-d', "it's", 'say "hi"', ' lead', 'trail ', '[x]', '{y}', 'a,b', '@at', '%p', '*s', '&amp', '!t', '?q') },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);
const scalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, 1, -2, 3.5, 1e21, '', ' ', 'x', 'yes', 'no', '0x1F', '1.28', 'v1.28', '500m', '2Gi', 'a: b', '- c', '# d', 'multi\nline', 'trailing\n', 'tab\there', "q'uote", 'dq"uote', '\u00e9t\u00e9', '*'),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('node'), { maxLength: 4 }),
  map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
})).node;
const document = fc.oneof(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), fc.array(value, { minLength: 1, maxLength: 4 }));

/** The same data written as tools write it: `yaml` and js-yaml, several indents and styles. */
const written = fc
  .record({
    data: document,
    writer: fc.constantFrom('yaml', 'js-yaml'),
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    nullStr: fc.constantFrom('null', '', '~'),
    flowLevel: fc.constantFrom(-1, 1, 2),
    comments: fc.boolean(),
  })
  .map(({ data, writer, indent, indentSeq, nullStr, flowLevel, comments }) => {
    let text =
      writer === 'yaml'
        ? stringify(data, { indent, indentSeq, nullStr, lineWidth: 0, ...(flowLevel === 1 ? { collectionStyle: 'flow' as const } : {}) })
        : dump(data, { flowLevel, noRefs: true });
    // Whole-line comments between lines, indented like the line after them, change no structure.
    if (comments) text = text.replace(/\n( *)(?=\S)/g, (m, sp: string) => `\n${sp}# note\n${sp}`);
    return text;
  });

function fullIsClean(text: string): boolean {
  return parseFull(text).problems.length === 0;
}

describe('the fast and the full parser agree on valid documents', () => {
  it('same tree and value', () => {
    let fastRuns = 0;
    fc.assert(
      fc.property(written, (text) => {
        if (!fullIsClean(text)) return; // not a valid document for `yaml` (keys it will not reread): nothing to compare
        const fast = parseFast(text);
        if (!fast) return; // anchors, tags or a shape the fast path leaves to the full one
        fastRuns++;
        const full = parseFull(text);
        expect(fast.problems).toEqual([]);
        expect(fast.root, text).toEqual(full.root);
        expect(fast.value).toEqual(full.value);
      }),
      { numRuns: 1000, seed: 16 },
    );
    // Most generated documents must take the fast path, or the property says little.
    expect(fastRuns).toBeGreaterThan(600);
  });
});

/** Every block-mapping entry of a tree with its path, list indices as 0 (what the line parser reports). */
function blockKeys(node: YNode | undefined, path: PathSegment[], out: Array<{ path: PathSegment[]; keyStart: number; first: boolean }>, firstOfItem = false): void {
  if (!node || node.kind === 'scalar' || node.flow) return;
  if (node.kind === 'map') {
    node.entries.forEach((e, i) => {
      out.push({ path: [...path, e.key], keyStart: e.keyStart, first: firstOfItem && i === 0 });
      blockKeys(e.value, [...path, e.key], out);
    });
  } else {
    for (const it of node.items) blockKeys(it, [...path, 0], out, true);
  }
}

describe('the line parser agrees with the full parser', () => {
  it('finds the path of every block key from indentation', () => {
    fc.assert(
      fc.property(written, (text) => {
        if (!fullIsClean(text)) return;
        const full = parseFull(text);
        const lines = new LineIndex(text);
        const keys: Array<{ path: PathSegment[]; keyStart: number; first: boolean }> = [];
        blockKeys(full.root, [], keys);
        for (const k of keys) {
          const { line, character } = lines.positionAt(k.keyStart);
          const shape = shapeOf(lines.lineText(line));
          // Only keys that start their line's content (or follow its dash) are what completion meets.
          if (shape.keyColumn !== character) continue;
          const parent = k.first && shape.dash ? [...containerPath(lines, line, shape.indent, 'seq'), ...shape.dashes.map(() => 0)] : containerPath(lines, line, character, 'map');
          expect({ text, at: k.keyStart, path: [...parent, shape.key] }).toEqual({ text, at: k.keyStart, path: k.path });
        }
      }),
      { numRuns: 1000, seed: 16 },
    );
  });
});

// Disagreements the properties found, kept as plain cases.
describe('counterexamples', () => {
  const same = (text: string) => {
    const fast = parseFast(text);
    expect(fast).toBeDefined();
    expect(fast!.root).toEqual(parseFull(text).root);
  };

  it('an empty list item sits after its own dash, not at the end of the item before it', () => {
    same('a:\n  - x\n  - \n  - y\n');
    same('a:\n  - x\n  - # c\n');
    same('k:\n  - x\n  -\n');
    same('- \n- a\n');
    const items = parseFast('a:\n  - x\n  - \n  - y\n')!.root;
    expect(items).toMatchObject({ entries: [{ value: { items: [{ start: 7 }, { start: 13, end: 13 }, { start: 18 }] } }] });
  });

  it('an empty mapping value sits after its colon', () => {
    same('a:\nb: 1\n');
    same('a: \nb: 1\n');
    same('a: # hi\n');
  });

  it('a block scalar begins at its | header', () => {
    same('- - - a:\n      - |\n        trailing\n- ""\n');
    same('k: >-\n  folded\n  text\nn: 1\n');
  });

  it('a block mapping ends with its last entry in both', () => {
    same('a:\n  x: 1\n\n# trailing comment\n');
  });

  it('typing "#" before a list item keeps the re-parse equal to a full parse (was: the emptied item moved)', () => {
    // Found by typing.test.ts's random keystrokes (seed 3): "- name: reload" -> "- #n ame: reload".
    const before = 'plugins:\n  - name: cache\n    parameters: 30\n  - name: reload\n  - name: loop\n';
    const svc = new ValuesLanguageService();
    const uri = 'file:///typed.yaml';
    svc.validate({ uri, version: 1, getText: () => before });
    let text = before;
    let version = 1;
    for (const [at, ch] of [[before.indexOf('name: reload') + 1, ' '], [before.indexOf('name: reload'), '#']] as const) {
      text = text.slice(0, at) + ch + text.slice(at);
      const current = text;
      const got = svc.validate({ uri, version: ++version, getText: () => current });
      const fresh = new ValuesLanguageService().validate({ uri, version: 1, getText: () => current });
      expect(got).toEqual(fresh);
      expect(parseYaml(current).root).toEqual(parseFull(current).root);
    }
    expect(svc.lastParse).toBe('incremental');
  });

  const pathOf = (text: string, line: number, column: number) => containerPath(new LineIndex(text), line, column, 'map');

  it('the line parser: a list in a list on one line ("- - - a:")', () => {
    expect(pathOf('- - - a: 0\n      image: null\n- ""\n', 1, 6)).toEqual([0, 0, 0]);
    expect(containerPath(new LineIndex('k:\n  - - a\n    - b\n'), 2, 4, 'seq')).toEqual(['k', 0]);
  });

  it('the line parser: plain keys with # and :, quoted keys with escapes', () => {
    expect(shapeOf('(#: 0').key).toBe('(#');
    expect(shapeOf('k8s:io: 1').key).toBe('k8s:io');
    expect(shapeOf('a #b: 1').key).toBeUndefined();
    expect(shapeOf("'''': 0").key).toBe("'");
    expect(shapeOf('"say \\"hi\\"": 1').key).toBe('say "hi"');
    expect(pathOf("a:\n  '''': 0\n  b: 1\n", 2, 2)).toEqual(['a']);
  });
});
