import { describe, expect, it } from 'vitest';
import { Poller, type Clock } from '../src/core/poller.js';

/** A clock whose timers fire only when the test says so. */
class ManualClock implements Clock {
  timers = new Map<number, { fn: () => void; ms: number }>();
  private next = 1;
  setTimeout(fn: () => void, ms: number) { const id = this.next++; this.timers.set(id, { fn, ms }); return id; }
  clearTimeout(h: unknown) { this.timers.delete(h as number); }
  async fireAll() {
    const all = [...this.timers.values()];
    this.timers.clear();
    for (const t of all) t.fn();
    await new Promise((r) => setImmediate(r));
  }
}

function target() {
  const transientParents = new Set<string>();
  const refreshed: string[][] = [];
  return { transientParents, refreshed, refresh: async (ids: readonly string[]) => { refreshed.push([...ids]); } };
}

describe('Poller', () => {
  it('reloads transient parents every interval while visible, and stops once they settle', async () => {
    const clock = new ManualClock();
    const t = target();
    const p = new Poller(t, 5000, clock);
    p.setVisible(true);
    expect(p.active).toBe(false); // nothing transient yet
    t.transientParents.add('P/r');
    p.reschedule();
    expect([...clock.timers.values()].map((x) => x.ms)).toEqual([5000]);
    await clock.fireAll();
    expect(t.refreshed).toEqual([['P/r']]);
    expect(p.active).toBe(true); // still transient: scheduled again
    t.transientParents.clear();
    await clock.fireAll();
    expect(p.active).toBe(false);
    expect(clock.timers.size).toBe(0);
  });

  it('never polls while the view is hidden and resumes when it is shown again', async () => {
    const clock = new ManualClock();
    const t = target();
    t.transientParents.add('P/r/c1/addons');
    const p = new Poller(t, 1000, clock);
    p.setVisible(false);
    p.reschedule();
    expect(clock.timers.size).toBe(0);
    p.setVisible(true);
    expect(clock.timers.size).toBe(1);
    p.setVisible(false);
    expect(clock.timers.size).toBe(0);
    await clock.fireAll();
    expect(t.refreshed).toEqual([]);
  });

  it('does not stack timers when rescheduled repeatedly, and applies a new interval', () => {
    const clock = new ManualClock();
    const t = target();
    t.transientParents.add('x');
    const p = new Poller(t, 1000, clock);
    p.setVisible(true);
    p.reschedule();
    p.reschedule();
    expect(clock.timers.size).toBe(1);
    p.setInterval(3000);
    expect([...clock.timers.values()].map((x) => x.ms)).toEqual([3000]);
  });
});
