// After a failed e2e run: for every failing scenario (of every run, with --repeat), what failed,
// its screenshot and the last 40 lines of its own log, so the CI output alone explains it.
// Reads e2e/logs/results.json, written by e2e/run.mjs.
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const resultsPath = path.join(root, 'e2e/logs/results.json');
const TAIL = 40;

if (!fs.existsSync(resultsPath)) {
  console.log(`e2e failures: ${path.relative(root, resultsPath)} is missing (the suite did not get to run its scenarios); see the e2e output above and e2e/logs/e2e.log`);
  const log = path.join(root, 'e2e/logs/e2e.log');
  if (fs.existsSync(log)) printTail(log);
  process.exit(0);
}
const { runs } = JSON.parse(fs.readFileSync(resultsPath, 'utf8'));
let count = 0;
for (const run of runs) {
  for (const result of run.results.filter((r) => r.status === 'failed')) {
    count++;
    console.log(`\n===== e2e failure${runs.length > 1 ? ` (run ${run.run})` : ''}: ${result.name} =====`);
    console.log(`reason:     ${(result.reason ?? '').split('\n').join('\n            ')}`);
    console.log(`screenshot: ${result.screenshot ?? '(none)'}`);
    console.log(`log:        ${result.log ?? '(none)'}`);
    if (result.log) printTail(path.join(root, result.log));
  }
}
if (count === 0) console.log('e2e failures: none recorded (the run failed outside the scenarios; see the output above)');

function printTail(file) {
  if (!fs.existsSync(file)) {
    console.log(`(${path.relative(root, file)} is missing)`);
    return;
  }
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  console.log(`--- last ${Math.min(TAIL, lines.length)} lines of ${path.relative(root, file)} ---`);
  for (const line of lines.slice(-TAIL)) console.log(`  ${line}`);
}
