import type { Phased } from './records.js';

export type Speed = 'instant' | 'realistic';

/** One row of the transition table: documents of `collection` in phase `from` move on after `delay`. */
export interface Transition<W> {
  collection: string;
  from: string;
  /** The next phase, or `null` when the document disappears (deletions). */
  to: string | null;
  /** The phase taken instead when an injected failure for `failureKey` is pending. */
  failTo?: string;
  failureKey?: string;
  delay: Record<Speed, number>;
  /** Side effects of arriving (linked jobs, cluster version, workflow points...). */
  effect?: (world: W, doc: Phased & { id: string }, arrived: string | null, at: number) => void;
}

export interface LifecycleHost {
  speed: Speed;
  now(): number;
  list<T>(collection: string): T[];
  put<T>(collection: string, id: string, doc: T): T;
  delete(collection: string, id: string): void;
  /** Consumes one injected failure for the key, if any. */
  takeFailure(key: string): boolean;
}

/**
 * Moves every document whose phase has lasted its delay, repeatedly, so that a clock jump of an
 * hour runs a whole chain (Init -> Queuing -> Running -> Success) in one call. Each step starts at
 * the instant the previous one was due, not at "now", so the result does not depend on how often
 * this runs.
 */
export function advanceLifecycles<W extends LifecycleHost>(world: W, table: readonly Transition<W>[]): number {
  const now = world.now();
  let moved = 0;
  for (let round = 0; round < 50; round++) {
    let changed = false;
    for (const t of table) {
      for (const doc of world.list<Phased & { id: string }>(t.collection)) {
        if (doc.phase !== t.from) continue;
        const due = doc.phaseSince + t.delay[world.speed];
        if (due > now) continue;
        const failed = t.failTo !== undefined && t.failureKey !== undefined && world.takeFailure(t.failureKey);
        const arrived = failed ? (t.failTo as string) : t.to;
        if (arrived === null) {
          world.delete(t.collection, doc.id);
        } else {
          doc.phase = arrived;
          doc.phaseSince = due;
          world.put(t.collection, doc.id, doc);
        }
        t.effect?.(world, doc, arrived, due);
        changed = true;
        moved++;
      }
    }
    if (!changed) break;
  }
  return moved;
}
