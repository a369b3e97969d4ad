import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner, type RunResult } from './run.js';

let emulator: RunningEmulator;
let cli: (...args: string[]) => Promise<RunResult>;
const dir = mkdtempSync(join(tmpdir(), 'cli-values-integ-'));

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
  cli = runner(emulator);
});
afterAll(async () => {
  await emulator?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('values commands against the emulator', () => {
  it('validates with the template the API lists', async () => {
    const f = join(dir, 'coredns.yaml');
    writeFileSync(f, 'flavor:\n  name: flavor9\n  replicas: 2\n');
    const r = await cli('values', 'validate', f, '--addon', 'coredns', '--version', '1.28.6');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${f}:2:9: error: name must be one of autopilot-flavor1, 2500, flavor1`);
  });

  it('finds the template from the first-line comment', async () => {
    const f = join(dir, 'commented.yaml');
    writeFileSync(f, '# cce-autopilot: addon=coredns version=1.28.4\nflavor:\n  name: flavor2\n  replicas: 4\n');
    const r = await cli('values', 'validate', f);
    expect(r).toMatchObject({ code: 0, stdout: '' });
  });

  it('prints the schema of a template version', async () => {
    const r = await cli('values', 'schema', '--addon', 'coredns', '--version', '1.28.6');
    expect(r.code).toBe(0);
    expect(r.json().title).toBe('coredns 1.28.6 values');
  });

  it('validates chart values with the chart values from the API and its values.schema.json', async () => {
    const charts = (await cli('--output', 'json', 'charts', 'list')).json() as Array<{ id: string; name: string }>;
    const chart = charts.find((c) => c.name === 'nginx-demo')!;
    const f = join(dir, 'nginx.yaml');
    writeFileSync(f, 'replicaCount: 0\nimage:\n  pullPolicy: Sometimes\n  tagg: "1.25"\n');
    const schemaFile = join(dir, 'values.schema.json');
    writeFileSync(schemaFile, JSON.stringify({
      $schema: 'https://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: {
        replicaCount: { type: 'integer', minimum: 1 },
        image: { type: 'object', properties: { pullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] } } },
      },
    }));
    // The chart's own values.schema.json, from its archive.
    const fromArchive = await cli('values', 'validate', f, '--chart', chart.id);
    expect(fromArchive.code).toBe(1);
    expect(fromArchive.stdout).toBe(
      `${f}:1:15: error: replicaCount must be a whole number of at least 1; found 0\n` +
        `${f}:3:15: error: pullPolicy must be one of Always, IfNotPresent, Never; found "Sometimes"\n`,
    );
    const schema = (await cli('--output', 'json', 'values', 'schema', '--chart', chart.id)).json();
    expect(schema.title).toBe('nginx-demo chart values');
    // --values-schema overrides it.
    const strict = await cli('values', 'validate', f, '--chart', chart.id, '--values-schema', schemaFile);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe(
      `${f}:1:15: error: replicaCount must be a whole number of at least 1; found 0\n` +
        `${f}:3:15: error: pullPolicy must be one of Always, IfNotPresent, Never; found "Sometimes"\n`,
    );
  });
});
