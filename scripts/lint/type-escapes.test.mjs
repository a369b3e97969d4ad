import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceFiles, typeEscapes } from './type-escapes.mjs';

const kinds = (text) => typeEscapes('x.ts', text).map((e) => `${e.line} ${e.kind}`);

describe('type escapes', () => {
  it('counts `as unknown as` once, `as never`, and every `any` in a type', () => {
    expect(kinds('const a = b as unknown as C;\nf(x as never);\nlet y: any;\nfunction g(z: Record<string, any>): any[] { return []; }\n')).toEqual([
      '1 as unknown as',
      '2 as never',
      '3 any',
      '4 any',
      '4 any',
    ]);
    // The old angle-bracket casts are the same escapes.
    expect(kinds('const a = <unknown>b as C;\nconst d = <any>e;\n')).toEqual(['1 as unknown as', '2 any']);
  });

  it('does not count what only looks like one: comments, strings, `as unknown`, `unknown` and `never` types', () => {
    expect(kinds('// as unknown as any\nconst s = "x as never";\nconst u = v as unknown;\nlet w: unknown;\nfunction f(): never { throw 0; }\nconst n = m as Never;\n')).toEqual([]);
  });

  it('looks at the non-test source of packages and apps only', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const files = sourceFiles(root).map((f) => f.slice(root.length));
    expect(files).toContain('packages/values/src/service.ts');
    expect(files.some((f) => /(^|\/)test\/|\.test\.ts$|\.d\.ts$|\/dist\//.test(f))).toBe(false);
    expect(files.every((f) => /^(packages|apps)\/[^/]+\/src\//.test(f))).toBe(true);
  });
});
