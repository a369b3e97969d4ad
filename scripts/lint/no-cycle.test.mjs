import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The package's bin (its package exports do not include the CLI file).
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

/** The cycles the repository's own config finds under `dirs` (relative to the root). */
async function cycles(...dirs) {
  let stdout;
  try {
    ({ stdout } = await promisify(execFile)(depcruise, ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', ...dirs], { cwd: root, maxBuffer: 64 << 20 }));
  } catch (error) {
    // depcruise exits non-zero when it finds errors; its report is still on stdout.
    if (!error.stdout) throw error;
    stdout = error.stdout;
  }
  const report = JSON.parse(stdout);
  return report.summary.violations.filter((v) => v.rule.name === 'no-circular').map((v) => [v.from, ...v.cycle.map((c) => c.name)].join(' -> '));
}

describe('import cycles (.dependency-cruiser.cjs)', () => {
  it('reports two modules that import each other', async () => {
    expect(await cycles('scripts/lint/fixtures/cycle')).toEqual(['scripts/lint/fixtures/cycle/src/a.ts -> scripts/lint/fixtures/cycle/src/b.ts -> scripts/lint/fixtures/cycle/src/a.ts']);
  }, 60_000);

  it('reports a cycle that only a type import closes', async () => {
    expect(await cycles('scripts/lint/fixtures/type-cycle')).toEqual(['scripts/lint/fixtures/type-cycle/src/a.ts -> scripts/lint/fixtures/type-cycle/src/b.ts -> scripts/lint/fixtures/type-cycle/src/a.ts']);
  }, 60_000);

  it('does not report imports that flow one way', async () => {
    expect(await cycles('scripts/lint/fixtures/no-cycle')).toEqual([]);
  }, 60_000);
});
