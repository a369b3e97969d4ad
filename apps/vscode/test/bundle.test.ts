// The extension bundle must not contain jsonc-parser's UMD build: its inner require()s are not
// followed by esbuild and would fail at activation ("Cannot find module './impl/format'").
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bundle = join(__dirname, '..', 'dist', 'extension.js');

describe('extension bundle', () => {
  it("bundles jsonc-parser's ESM build, whose modules esbuild can follow", () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: build the extension first (pnpm --filter cce-autopilot build)`);
    const text = readFileSync(bundle, 'utf8');
    expect(text).not.toMatch(/jsonc-parser\/lib\/umd|require\("\.\/impl\/format"\)/);
    // A string of jsonc-parser's error names (survives minification): the parser is in the bundle.
    expect(text).toContain('InvalidCommentToken');
  });
});
