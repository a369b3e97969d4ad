/**
 * Standard 5-field cron schedules (minute hour day-of-month month day-of-week, UTC), as the
 * CronJob controller reads `spec.schedule`: `*`, `*\/n`, `a`, `a-b`, `a-b/n`, lists, and the
 * `@hourly`-style macros.
 */
const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function field(text: string, min: number, max: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const [lo, hi] = m[1] === '*' ? [min, max] : (m[1] as string).includes('-') ? (m[1] as string).split('-').map(Number) as [number, number] : [Number(m[1]), m[2] ? max : Number(m[1])];
    const step = m[2] ? Number(m[2]) : 1;
    if (lo < min || hi > max || lo > hi || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

export interface Schedule {
  matches(ms: number): boolean;
}

export function parseSchedule(schedule: string): Schedule | undefined {
  const text = MACROS[schedule.trim()] ?? schedule.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return undefined;
  const [mi, h, dom, mon, dow] = [field(parts[0] as string, 0, 59), field(parts[1] as string, 0, 23), field(parts[2] as string, 1, 31), field(parts[3] as string, 1, 12), field((parts[4] as string).replace(/\b7\b/, '0'), 0, 6)];
  if (!mi || !h || !dom || !mon || !dow) return undefined;
  const anyDom = parts[2] === '*';
  const anyDow = parts[4] === '*';
  return {
    matches(ms) {
      const d = new Date(ms);
      if (!mi.has(d.getUTCMinutes()) || !h.has(d.getUTCHours()) || !mon.has(d.getUTCMonth() + 1)) return false;
      // Like cron: when both day fields are restricted, either may match.
      const byDom = dom.has(d.getUTCDate());
      const byDow = dow.has(d.getUTCDay());
      return anyDom && anyDow ? true : anyDom ? byDow : anyDow ? byDom : byDom || byDow;
    },
  };
}

/** The latest scheduled minute in (after, upTo], looking back at most a week, or undefined. */
export function lastScheduled(schedule: Schedule, after: number, upTo: number): number | undefined {
  const MIN = 60_000;
  const floor = Math.max(after, upTo - 7 * 24 * 60 * MIN);
  for (let t = Math.floor(upTo / MIN) * MIN; t > floor; t -= MIN) if (schedule.matches(t)) return t;
  return undefined;
}
