// A reader that stops early (`cce-autopilot ... | head -1`) must not make the command die with an
// EPIPE stack trace. Runs the built dist/main.js (the test task builds first).
import { expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));

it('leaves quietly when stdout is closed by the reader', () => {
  expect(existsSync(main), 'build the CLI first (pnpm --filter @cce-autopilot/cli build)').toBe(true);
  // `head -c 1` reads one byte and closes the pipe while the help (several KB) is still being written.
  const piped = spawnSync('sh', ['-c', `{ "${process.execPath}" "${main}" --help; echo "rc=$?" >&2; } | head -c 1 >/dev/null`], { encoding: 'utf8' });
  expect(piped.stderr).not.toMatch(/EPIPE|Unhandled 'error'/);
  expect(piped.stderr).toMatch(/rc=0/);
});
