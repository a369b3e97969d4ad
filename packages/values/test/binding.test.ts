import { describe, expect, it } from 'vitest';
import { bindingOf, buildValuesUri, formatBindingComment, parseBindingComment, parseValuesUri, type ValuesBinding } from '../src/index.js';

describe('document binding', () => {
  const cases: ValuesBinding[] = [
    { kind: 'addon', template: 'coredns', version: '1.28.6', clusterId: '597f2d95-44ab-11ef-9e39-0255ac100115', instance: 'coredns' },
    { kind: 'addon', template: 'cie-collector', version: '3.10.1' },
    { kind: 'chart', chart: 'neo4j', version: '4.0.3', chartId: 'c-1/2' },
    { kind: 'chart', chart: 'magento' },
  ];

  it('URIs round-trip', () => {
    for (const b of cases) {
      const uri = buildValuesUri(b);
      expect(uri.startsWith('cce-autopilot-values:/')).toBe(true);
      const back = parseValuesUri(uri)!;
      expect(back).toEqual(b.kind === 'addon' && !b.instance ? { ...b, instance: b.template } : b);
    }
    expect(buildValuesUri(cases[0]!)).toBe(
      'cce-autopilot-values:/addon/597f2d95-44ab-11ef-9e39-0255ac100115/coredns.yaml?template=coredns&version=1.28.6',
    );
  });

  it('first-line comments round-trip and are read leniently', () => {
    expect(parseBindingComment('# cce-autopilot: addon=coredns version=1.28.6\nbasic: {}\n')).toEqual({ kind: 'addon', template: 'coredns', version: '1.28.6' });
    expect(parseBindingComment('#cce-autopilot:   chart=neo4j  version=4.0.3 id=abc\r\n')).toEqual({ kind: 'chart', chart: 'neo4j', version: '4.0.3', chartId: 'abc' });
    for (const b of cases) {
      const { clusterId: _c, instance: _i, ...rest } = b as ValuesBinding & { clusterId?: string; instance?: string };
      expect(parseBindingComment(formatBindingComment(b) + '\n')).toEqual(rest);
    }
  });

  it('needs a version for addons, ignores other comments and URIs', () => {
    expect(parseBindingComment('# cce-autopilot: addon=coredns\n')).toBeUndefined();
    expect(parseBindingComment('basic: {}\n# cce-autopilot: addon=coredns version=1\n')).toBeUndefined();
    expect(parseValuesUri('file:///x.yaml')).toBeUndefined();
    expect(parseValuesUri('cce-autopilot-values:/addon/_/x.yaml?template=coredns')).toBeUndefined();
  });

  it('the URI wins over the comment', () => {
    const uri = buildValuesUri({ kind: 'addon', template: 'coredns', version: '1.28.4' });
    expect(bindingOf(uri, '# cce-autopilot: addon=coredns version=1.28.6\n')).toMatchObject({ version: '1.28.4' });
    expect(bindingOf('file:///v.yaml', '# cce-autopilot: addon=coredns version=1.28.6\n')).toMatchObject({ version: '1.28.6' });
  });
});
