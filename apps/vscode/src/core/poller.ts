/** Timer functions, injected so tests drive time themselves. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface PollTarget {
  /** Ids of nodes whose children are in a transient state. */
  readonly transientParents: ReadonlySet<string>;
  /** Reload these nodes (drop caches, tell the view); resolves when the reload has been read. */
  refresh(ids: readonly string[]): Promise<void>;
}

/**
 * Re-reads nodes whose children are still moving (Creating, installing, Running...) every interval
 * while the view is visible. It never runs while hidden, and stops by itself once everything settled.
 */
export class Poller {
  private handle: unknown;
  private visible = false;
  private running = false;

  constructor(private readonly target: PollTarget, private intervalMs: number, private readonly clock: Clock = systemClock) {}

  get active(): boolean { return this.handle !== undefined; }

  setVisible(visible: boolean): void {
    this.visible = visible;
    this.reschedule();
  }

  setInterval(ms: number): void {
    this.intervalMs = ms;
    this.stop();
    this.reschedule();
  }

  /** Call after the tree changed: starts polling if something became transient. */
  reschedule(): void {
    if (!this.visible || this.target.transientParents.size === 0 || this.intervalMs <= 0) { this.stop(); return; }
    if (this.handle !== undefined || this.running) return;
    this.handle = this.clock.setTimeout(() => void this.tick(), this.intervalMs);
  }

  stop(): void {
    if (this.handle !== undefined) this.clock.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private async tick(): Promise<void> {
    this.handle = undefined;
    if (!this.visible) return;
    this.running = true;
    try {
      await this.target.refresh([...this.target.transientParents]);
    } catch {
      // A failed reload shows as an error node; polling goes on only for what is still transient.
    } finally {
      this.running = false;
    }
    this.reschedule();
  }
}
