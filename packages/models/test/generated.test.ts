import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The generated files (operations.ts, schemas/index.ts, types.ts, the type block of index.ts) must be
// what scripts/generate.mjs makes of their sources: `pnpm test` fails while one is stale.
const pkg = fileURLToPath(new URL('..', import.meta.url));
const scratch: string[] = [];
afterAll(() => { for (const dir of scratch) rmSync(dir, { recursive: true, force: true }); });

/** A copy of the package's sources, to break on purpose. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'models-generate-'));
  scratch.push(dir);
  for (const part of ['scripts', 'data', 'src']) cpSync(join(pkg, part), join(dir, part), { recursive: true });
  return dir;
}

const check = (dir: string) => spawnSync(process.execPath, [join(dir, 'scripts/generate.mjs'), '--check'], { encoding: 'utf8' });

describe('generated files', () => {
  it('are fresh', () => {
    const result = check(pkg);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('the check names the file a data change leaves stale, and generating makes it fresh again', () => {
    const dir = copy();
    const path = join(dir, 'data/catalogue.json');
    const catalogue = JSON.parse(readFileSync(path, 'utf8')) as { parameters: Record<string, string> };
    catalogue.parameters['cluster_id'] = 'The cluster.';
    writeFileSync(path, JSON.stringify(catalogue));
    const stale = check(dir);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toMatch(/stale generated files .*src\/operations\.ts/);
    execFileSync(process.execPath, [join(dir, 'scripts/generate.mjs')]);
    expect(readFileSync(join(dir, 'src/operations.ts'), 'utf8')).toContain('"The cluster."');
    expect(check(dir).status).toBe(0);
  });

  it('a schema added to a schema file shows up in the registry, the types and the entry', () => {
    const dir = copy();
    writeFileSync(join(dir, 'src/schemas/quota.ts'), `${readFileSync(join(dir, 'src/schemas/quota.ts'), 'utf8')}\nexport const QuotaProbe = Type.Object({});\n`);
    expect(check(dir).stderr).toMatch(/src\/schemas\/index\.ts, src\/types\.ts, src\/index\.ts/);
    execFileSync(process.execPath, [join(dir, 'scripts/generate.mjs')]);
    expect(readFileSync(join(dir, 'src/types.ts'), 'utf8')).toContain('export type QuotaProbe = Static<typeof schemas.QuotaProbe>;');
    expect(readFileSync(join(dir, 'src/index.ts'), 'utf8')).toContain('  QuotaProbe,\n');
  });

  it('refuses data that does not say enough, naming the operation and the field', () => {
    const dir = copy();
    const path = join(dir, 'data/catalogue.json');
    const original = readFileSync(path, 'utf8');
    const broken = (edit: (operations: Record<string, Record<string, unknown>>) => void) => {
      const catalogue = JSON.parse(original) as { operations: Record<string, Record<string, unknown>> };
      edit(catalogue.operations);
      writeFileSync(path, JSON.stringify(catalogue));
      const result = check(dir);
      expect(result.status).toBe(2);
      return result.stderr;
    };
    expect(broken((ops) => { delete ops['ShowAutopilotCluster']; })).toBe('generate: ShowAutopilotCluster of the reference has no entry in data/catalogue.json\n');
    expect(broken((ops) => { ops['ListAutopilotClusters']!['responseSchema'] = 'NoSuchSchema'; })).toBe('generate: ListAutopilotClusters: responseSchema "NoSuchSchema" is not a schema of src/schemas\n');
    expect(broken((ops) => { delete ops['ListAutopilotClusters']!['group']; })).toBe('generate: ListAutopilotClusters: group is missing (catalogue.json)\n');
    expect(broken((ops) => { ops['ListAutopilotClusters']!['query'] = ['detail']; })).toMatch(/ListAutopilotClusters: the reference's query parameter status is missing/);
    expect(broken((ops) => { ops['ShowAutopilotCluster']!['responseKind'] = 'empty'; })).toBe('generate: ShowAutopilotCluster: responseSchema and responseKind empty disagree\n');
  });
});
