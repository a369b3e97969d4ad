/** How far the clock may be moved ahead in total: 100 years. */
export const maxClockOffsetMs = 100 * 365.25 * 24 * 3600 * 1000;

/**
 * The emulator's notion of time. `system` follows the wall clock (plus any advance); `manual`
 * stands still until a test advances it, so lifecycles move only when the test says so.
 */
export class Clock {
  private offset = 0;
  private readonly frozenAt: number;

  constructor(readonly mode: 'system' | 'manual' = 'system', start: number = Date.now()) {
    this.frozenAt = start;
  }

  now(): number {
    return this.mode === 'manual' ? this.frozenAt + this.offset : Date.now() + this.offset;
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock advance must be a non-negative number of milliseconds, got ${ms}`);
    // Every time the emulator shows must stay a valid Date (years up to 275760); a century ahead is plenty for any test.
    if (this.offset + ms > maxClockOffsetMs) throw new RangeError(`clock advance of ${ms} ms would move the clock more than ${maxClockOffsetMs} ms (100 years) ahead`);
    this.offset += ms;
    return this.now();
  }
}

/** The cluster API's timestamp style: `2024-06-04 12:49:28.773718231 +0000 UTC`. */
export function clusterTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2024-06-04T12:49:28.773Z
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000000 +0000 UTC`;
}

/** RFC 3339 without fraction, as the addon and chart APIs show: `2024-07-18T04:04:21Z`. */
export function rfc3339(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
