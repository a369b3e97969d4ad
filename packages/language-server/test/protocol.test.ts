import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NO_SCHEMA_DIAGNOSTIC_CODE, SYNTAX_DIAGNOSTIC_CODES, SchemaRequest, SchemasChangedNotification } from '@cce-autopilot/language-server/protocol';
import * as entry from '../src/index.js';

describe('the ./protocol export', () => {
  it('names the custom request and notification, typed', () => {
    expect(SchemaRequest.method).toBe('cceAutopilot/schema');
    expect(SchemaRequest.numberOfParams).toBe(1);
    expect(SchemasChangedNotification.method).toBe('cceAutopilot/schemasChanged');
    expect([...SYNTAX_DIAGNOSTIC_CODES]).toEqual(['syntax', 'duplicate-key']);
    expect(NO_SCHEMA_DIAGNOSTIC_CODE).toBe('no-schema');
    // The package entry hands out the same objects, not copies.
    expect(entry.SchemaRequest).toBe(SchemaRequest);
  });

  it('is built as its own file that imports nothing but vscode-jsonrpc at run time', () => {
    // `pnpm test` builds first; the export points at dist/protocol.js for Node and bundlers.
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, { types: string; default: string }> };
    expect(pkg.exports['./protocol']).toMatchObject({ types: './dist/protocol.d.ts', default: './dist/protocol.js' });
    const file = fileURLToPath(new URL(`../${pkg.exports['./protocol']!.default}`, import.meta.url));
    const imports = [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    expect(imports).toEqual(['vscode-jsonrpc']);
  });
});
