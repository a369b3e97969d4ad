import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { describe, expect, it } from 'vitest';
import { decodeValuesFile } from '../src/index.js';

describe('decodeValuesFile', () => {
  it('says at which byte a values file stops being UTF-8, instead of replacing it silently', () => {
    const bytes = Buffer.concat([Buffer.from('basic:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n  ok: "日本"\n')]);
    const { text, diagnostics } = decodeValuesFile(bytes);
    expect(text).toBe('basic:\n  name: caf\uFFFD\n  ok: "日本"\n');
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ severity: DiagnosticSeverity.Error, code: 'encoding', range: { start: { line: 1, character: 11 } } });
    expect(diagnostics[0]!.message).toContain('byte 18 (0xe9)');
  });

  it('finds overlong forms, surrogates and cut-off sequences; good UTF-8 (and a BOM) gives nothing', () => {
    for (const bad of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe6, 0x97], [0xf4, 0x90, 0x80, 0x80], [0xff]]) {
      const { diagnostics } = decodeValuesFile(Buffer.concat([Buffer.from('a: '), Buffer.from(bad)]));
      expect(diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('byte 3 ')]);
    }
    expect(decodeValuesFile(Buffer.from('\uFEFFa: "é😀"\n')).diagnostics).toEqual([]);
    expect(decodeValuesFile(Buffer.from('\uFEFFa: 1')).text).toBe('a: 1');
  });
});
