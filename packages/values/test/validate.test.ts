import { describe, expect, it } from 'vitest';
import { ValuesLanguageService, deriveAddonValuesSchema } from '../src/index.js';
import { cieCollector, coredns1284, corednsSchema, corednsValues, doc, show } from './helpers.js';

const svc = () => new ValuesLanguageService();

function replaceLine(text: string, lineNo: number, content: string): string {
  const lines = text.split('\n');
  lines[lineNo - 1] = content;
  return lines.join('\n');
}

describe('valid values', () => {
  it('the CoreDNS 1.28.6 create-request values have no problem', () => {
    expect(svc().validate(doc(corednsValues), corednsSchema).map(show)).toEqual([]);
  });

  it('the same values validate against 1.28.4 too (same flavors and custom keys)', () => {
    const schema = deriveAddonValuesSchema(coredns1284);
    expect(svc().validate(doc(corednsValues), schema).map(show)).toEqual([]);
  });

  it('an empty document means all defaults', () => {
    expect(svc().validate(doc(''), corednsSchema)).toEqual([]);
    expect(svc().validate(doc('# nothing yet\n'), corednsSchema)).toEqual([]);
  });

  it('cie-collector values built from its default flavor are valid', () => {
    const schema = deriveAddonValuesSchema(cieCollector);
    const text = [
      'flavor:',
      '  name: autopilot-flavor5',
      '  resources:',
      '    - name: prometheus',
      '      limitsCpu: 1800m',
      '      limitsMem: 2900Mi',
      '    - name: nodeExporter',
      '      requestsMem: 100m',
      'custom:',
      '  deploy_mode: agent',
      '',
    ].join('\n');
    expect(svc().validate(doc(text), schema).map(show)).toEqual([]);
  });
});

// Each case: the line to replace in the CoreDNS fixture, its new content, and the expected problems.
const broken: Array<{ name: string; line: number; content: string; expected: string[] }> = [
  { name: 'replicas 0', line: 14, content: '  replicas: 0', expected: ['14:13 error replicas must be a whole number of at least 1; found 0'] },
  { name: 'replicas not a number', line: 14, content: '  replicas: two', expected: ['14:13 error replicas must be a whole number; found "two"'] },
  { name: 'replicas a fraction', line: 14, content: '  replicas: 1.5', expected: ['14:13 error replicas must be a whole number; found 1.5'] },
  {
    name: 'unknown flavor',
    line: 13,
    content: '  name: autopilot-flavor9',
    expected: ['13:9 error name must be one of autopilot-flavor1, 2500, flavor1, 5000, flavor2, 10000, flavor3, 20000, flavor4; found "autopilot-flavor9" (did you mean autopilot-flavor1?)'],
  },
  {
    name: 'bad CPU quantity',
    line: 18,
    content: '      limitsCpu: 1000mc',
    expected: ['18:18 error limitsCpu must be a Kubernetes CPU quantity such as 500m, 1 or 2; found "1000mc"'],
  },
  {
    name: 'bad memory quantity',
    line: 20,
    content: '      limitsMem: 2 GB',
    expected: ['20:18 error limitsMem must be a Kubernetes memory quantity such as 512Mi or 2Gi; found "2 GB"'],
  },
  { name: 'negative CPU', line: 19, content: '      requestsCpu: -1', expected: ['19:20 error requestsCpu must be a number of at least 0; found -1'] },
  {
    name: 'unknown resource name',
    line: 17,
    content: '      name: coredsn',
    expected: ['17:13 error name must be one of coredns; found "coredsn" (did you mean coredns?)'],
  },
  { name: 'boolean as text', line: 23, content: '  multiAZBalance: "false"', expected: ['23:19 error multiAZBalance must be true or false; found "false"'] },
  { name: 'port as text', line: 52, content: '      port: dns', expected: ['52:13 error port must be a number; found "dns"'] },
  { name: 'mapping where a list belongs', line: 65, content: '  upstream_nameservers: {a: 1}', expected: ['65:25 error upstream_nameservers must be a list; found a mapping'] },
  {
    name: 'misspelled custom key',
    line: 23,
    content: '  multiAZBalanse: false',
    expected: ['23:3 warning unknown key multiAZBalanse under custom: the template does not define it (did you mean multiAZBalance?)'],
  },
  { name: 'server-side key at the top level', line: 1, content: 'extra: 1', expected: ['1:1 warning unknown key extra: the template does not define it'] },
  { name: 'flavor without a name', line: 13, content: '  # no name', expected: ['9:1 error flavor is missing the required key name'] },
  {
    name: 'duplicate key',
    line: 8,
    content: '  cluster_ip: 10.247.3.11',
    expected: ['8:3 error duplicate key "cluster_ip": the mapping already has it, and only the last one counts'],
  },
  { name: 'tab indentation', line: 14, content: '\treplicas: 2', expected: ['14:1 error'] },
  { name: 'unclosed quote', line: 6, content: '  swr_user: "autopilot-official', expected: ['6:13 error missing closing ": the quoted text that starts here is never closed'] },
  // One more space makes the line a continuation of the value above it, which YAML then rejects there.
  { name: 'bad indentation', line: 14, content: '   replicas: 2', expected: ['13:9 error'] },
];

describe('broken values', () => {
  for (const c of broken) {
    it(c.name, () => {
      const text = replaceLine(corednsValues, c.line, c.content);
      const got = svc().validate(doc(text), corednsSchema).map(show);
      // Syntax errors carry the parser's wording; the position is what is checked there.
      if (c.expected.every((e) => /^\d+:\d+ error$/.test(e))) {
        expect(got.length).toBeGreaterThan(0);
        expect(got.some((g) => g.startsWith(c.expected[0]! + ' ')), got.join('\n')).toBe(true);
      } else {
        expect(got).toEqual(c.expected);
      }
    });
  }
});

describe('ranges', () => {
  it('a value error underlines exactly the value, a key warning exactly the key', () => {
    const text = replaceLine(replaceLine(corednsValues, 14, '  replicas: 0'), 23, '  multiAZBalanse: false');
    const ds = svc().validate(doc(text), corednsSchema);
    const pieces = ds.map((d) => text.slice(d.data.offsets.start, d.data.offsets.end));
    expect(pieces.sort()).toEqual(['0', 'multiAZBalanse']);
  });

  it('quoted values are underlined with their quotes', () => {
    const text = replaceLine(corednsValues, 23, "  multiAZBalance: 'no'");
    const [d] = svc().validate(doc(text), corednsSchema);
    expect(text.slice(d!.data.offsets.start, d!.data.offsets.end)).toBe("'no'");
  });

  it('a wrong mapping is reported on its key, not on every line under it', () => {
    const text = corednsValues.replace('  stub_domains: {}', '  stub_domains: {}\n  upstream_nameservers:\n    a: 1\n    b: 2').replace('  upstream_nameservers: []\n', '');
    const ds = svc().validate(doc(text), corednsSchema);
    expect(ds.map(show)).toEqual(['56:3 error upstream_nameservers must be a list; found a mapping']);
  });
});

describe('quick fixes', () => {
  it('offers the one close key and the one close enum value', () => {
    const text = replaceLine(replaceLine(corednsValues, 23, '  multiAZBalanse: false'), 13, '  name: autopilot-flavr1');
    const s = svc();
    const d = doc(text);
    const ds = s.validate(d, corednsSchema);
    const fixes = ds.filter((x) => x.data.fix).map((x) => x.data.fix!.edit.newText);
    expect(fixes.sort()).toEqual(['autopilot-flavor1', 'multiAZBalance']);
    const actions = s.codeActions(d, corednsSchema, { start: { line: 22, character: 4 }, end: { line: 22, character: 4 } });
    expect(actions).toHaveLength(1);
    expect(actions[0]!.edit).toEqual({ changes: { [d.uri]: [{ range: { start: { line: 22, character: 2 }, end: { line: 22, character: 16 } }, newText: 'multiAZBalance' }] } });
    expect(actions[0]).toMatchObject({ kind: 'quickfix', isPreferred: true, diagnostics: [{ code: 'x-unknown-keys' }] });
  });

  it('offers nothing when two keys are equally close', () => {
    const text = replaceLine(corednsValues, 23, '  multiAZ: false');
    const ds = svc().validate(doc(text), corednsSchema);
    expect(ds).toHaveLength(1);
    expect(ds[0]!.data.fix).toBeUndefined();
  });

  it('keeps a numeric-looking string quoted', () => {
    const schema = { type: 'object', properties: { v: { enum: ['1.28', '2.0'] } } };
    const text = 'v: "1.2"\n';
    const [d] = svc().validate(doc(text), schema);
    expect(d!.data.fix?.edit.newText).toBe('"1.28"');
  });
});

describe('per-flavor components', () => {
  it('a cie-collector agent flavor allows only its own components', () => {
    const schema = deriveAddonValuesSchema(cieCollector);
    const text = ['flavor:', '  name: autopilot-flavor6', '  resources:', '    - name: thanosQuery', '    - name: prometheus', ''].join('\n');
    expect(svc().validate(doc(text), schema).map(show)).toEqual(['4:13 error name must be one of prometheusOperator, prometheus, kubeStateMetrics; found "thanosQuery"']);
    const server = text.replace('autopilot-flavor6', 'Autopilot-Small(<=2000 containers)');
    expect(svc().validate(doc(server), schema).map(show)).toEqual([]);
  });

  it('CoreDNS flavors share one component, so no per-flavor rule is added', () => {
    expect(corednsSchema.properties).toBeDefined();
    expect((corednsSchema.properties as Record<string, Record<string, unknown>>).flavor!.allOf).toBeUndefined();
  });
});
