import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addonTemplateFixtures } from '@cce-autopilot/models';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';

const dir = mkdtempSync(join(tmpdir(), 'cli-values-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function run(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, env: {} };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const version = file('coredns-1.28.6.json', JSON.stringify(addonTemplateFixtures.corednsVersions['1.28.6']));
const template = file('coredns-template.yaml', JSON.stringify(addonTemplateFixtures.coredns));
const good = ['flavor:', '  name: autopilot-flavor1', '  replicas: 2', 'custom:', '  multiAZBalance: false', ''].join('\n');
const bad = ['flavor:', '  name: autopilot-flavor1', '  replicas: 0', 'custom:', '  multiAZBalanse: false', ''].join('\n');

describe('values validate with --template (no server)', () => {
  it('valid values: no output, exit 0', async () => {
    const r = await run('values', 'validate', file('good.yaml', good), '--template', version);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('prints file:line:col: severity: message and exits 1 on an error', async () => {
    const f = file('bad.yaml', bad);
    const r = await run('values', 'validate', f, '--template', template, '--version', '1.28.6');
    expect(r.stdout).toBe(
      `${f}:3:13: error: replicas must be a whole number of at least 1; found 0\n` +
        `${f}:5:3: warning: unknown key multiAZBalanse under custom: the template does not define it (did you mean multiAZBalance?)\n`,
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`Error: ${f}: 1 error, 1 warning\n`);
  });

  it('--output json for machines', async () => {
    const f = file('bad2.yaml', bad);
    const r = await run('--output', 'json', 'values', 'validate', f, '--template', version);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ file: f, schema: '1.28.6 values', valid: false, errors: 1, warnings: 1 });
    expect(out.problems[1]).toEqual({ line: 5, column: 3, endLine: 5, endColumn: 17, severity: 'warning', code: 'x-unknown-keys', message: expect.stringContaining('multiAZBalanse'), fix: 'multiAZBalance' });
  });

  it('bytes that are not UTF-8 are an error at their byte, not silently replaced', async () => {
    const p = join(dir, 'latin1.yaml');
    writeFileSync(p, Buffer.concat([Buffer.from('flavor:\n  name: autopilot-flavor1\ncustom:\n  note: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    const r = await run('values', 'validate', p, '--template', version);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${p}:4:12: error: not UTF-8: byte 53 (0xe9) cannot be read; save the file as UTF-8`);
  });

  it('syntax errors are reported with their position', async () => {
    const f = file('syntax.yaml', 'flavor:\n  name: "autopilot-flavor1\n');
    const r = await run('values', 'validate', f, '--template', version);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:9: error: missing closing "`));
  });

  it('says what is missing', async () => {
    const r = await run('values', 'validate', file('plain.yaml', good));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('say what the values are for');
    const r2 = await run('values', 'validate', file('x.yaml', good), '--template', template, '--version', '9.9');
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain('has no version 9.9; it has 1.28.6, 1.28.4');
  });
});

describe('values schema', () => {
  it('prints the derived JSON Schema', async () => {
    const r = await run('values', 'schema', '--template', template, '--version', '1.28.4', '--lang', 'zh-CN');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.title).toBe('coredns 1.28.4 values');
    expect(schema.properties.flavor.properties.replicas).toMatchObject({ type: 'integer', minimum: 1 });
    expect(schema.properties.custom.properties.stub_domains.title).toBe('存根域');
  });
});
