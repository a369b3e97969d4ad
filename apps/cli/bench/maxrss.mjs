// Preloaded (--import) into a measured run: reports the process's peak resident memory on exit.
import { writeSync } from 'node:fs';

const fd = Number(process.env.CCE_BENCH_RSS_FD ?? '3');
process.on('exit', () => {
  writeSync(fd, `${process.resourceUsage().maxRSS}\n`);
});
