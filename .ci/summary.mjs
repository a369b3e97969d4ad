// Adds up the per-package vitest summaries that turbo interleaves, plus the e2e suite's closing
// line, into one closing line CI can read.
import fs from 'node:fs';
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');
let passed = 0, failed = 0, skipped = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) continue;
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    const line = strip(raw);
    const vitest = /\bTests\s+(.*)\(\d+\)\s*$/.exec(line);
    const plain = /^(?:\S+:\s*)?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(line.replace(/^.*?:\s(?=\d+ passed)/, ''));
    if (vitest) {
      passed += Number(/(\d+) passed/.exec(vitest[1])?.[1] ?? 0);
      failed += Number(/(\d+) failed/.exec(vitest[1])?.[1] ?? 0);
      skipped += Number(/(\d+) skipped/.exec(vitest[1])?.[1] ?? 0);
    } else if (plain) {
      passed += Number(plain[1]); failed += Number(plain[2]); skipped += Number(plain[3] ?? 0);
    }
  }
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
