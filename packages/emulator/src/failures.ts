// Injected lifecycle failures: "the next N steps of this kind fail" (admin API `/_emulator/failures`,
// `admin.failNext`). Kept apart from the transition table, which only asks whether one is pending.

/** Which lifecycle step an injected failure hits. */
export const failureKeys = ['cluster.create', 'cluster.delete', 'addon.install', 'addon.upgrade', 'addon.rollback', 'upgrade', 'precheck', 'snapshot', 'release'] as const;
export type FailureKey = (typeof failureKeys)[number];

export function isFailureKey(key: unknown): key is FailureKey {
  return failureKeys.some((k) => k === key);
}

/** Pending injected failures by key. */
export class FailureInjection {
  private readonly pending = new Map<FailureKey, number>();

  inject(key: FailureKey, count: number): void {
    this.pending.set(key, (this.pending.get(key) ?? 0) + count);
  }

  /** Consumes one pending failure for the key; false when there is none. */
  take(key: FailureKey): boolean {
    const left = this.pending.get(key) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.pending.delete(key);
    else this.pending.set(key, left - 1);
    return true;
  }

  list(): Record<string, number> {
    return Object.fromEntries(this.pending);
  }

  clear(): void {
    this.pending.clear();
  }
}
