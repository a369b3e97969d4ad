// The lifecycle engine: documents move through their phases from one transition table (spec 01
// 4.1, spec 02 2.6.1, spec 03 section 2, spec 04 release statuses), instantly, at demo speed, or
// on a test-controlled clock. The rows and their effects live with their domain (src/domain/*);
// `src/domain/transitions.ts` puts them together.
import type { FailureKey } from './failures.js';
import type { Phased } from './records.js';

export type Speed = 'instant' | 'realistic';

/** What the engine needs of the world: time, speed, pending failures, and the store's commit/undo. */
export interface LifecycleHost {
  readonly speed: Speed;
  now(): number;
  readonly failures: { take(key: FailureKey): boolean };
  commit(): void;
  rollback(): void;
  log(message: string): void;
}

/** The part of a typed collection a transition uses. */
export interface PhasedCollection<T> {
  readonly name: string;
  list(): T[];
  put(doc: T): T;
  remove(doc: T): void;
}

/** One row of the table: documents of a collection in phase `from` move on after `delay`. */
export interface Transition<W, T extends Phased> {
  collection: (world: W) => PhasedCollection<T>;
  from: T['phase'];
  /** The next phase, or `null` when the document disappears (deletions). */
  to: T['phase'] | null;
  /** The phase taken instead when an injected failure for `failureKey` is pending. */
  failTo?: T['phase'];
  failureKey?: FailureKey;
  delay: Record<Speed, number>;
  /** Side effects of arriving (linked jobs, cluster version, workflow points...). */
  effect?: (world: W, doc: T, arrived: T['phase'] | null, at: number) => void;
}

/** A row with its document type closed over, so rows of different collections share one table. */
export interface Step<W> {
  /** The collection's name, for `phaseDuration`. */
  readonly collection: string;
  readonly from: string;
  readonly delay: Record<Speed, number>;
  /** Moves every due document of the row once; returns how many moved. */
  advance(world: W, now: number): number;
}

export function step<W extends LifecycleHost, T extends Phased>(t: Transition<W, T>, collectionName: string): Step<W> {
  return {
    collection: collectionName,
    from: t.from,
    delay: t.delay,
    advance(world, now) {
      let moved = 0;
      for (const doc of t.collection(world).list()) {
        if (doc.phase !== t.from) continue;
        const due = doc.phaseSince + t.delay[world.speed];
        if (due > now) continue;
        const failed = t.failTo !== undefined && t.failureKey !== undefined && world.failures.take(t.failureKey);
        const arrived = failed && t.failTo !== undefined ? t.failTo : t.to;
        if (arrived === null) {
          t.collection(world).remove(doc);
        } else {
          doc.phase = arrived;
          doc.phaseSince = due;
          t.collection(world).put(doc);
        }
        t.effect?.(world, doc, arrived, due);
        moved++;
      }
      return moved;
    },
  };
}

/**
 * Moves every document whose phase has lasted its delay, repeatedly, so that a clock jump of an
 * hour runs a whole chain (Init -> Queuing -> Running -> Success) in one call. Each step starts at
 * the instant the previous one was due, not at "now", so the result does not depend on how often
 * this runs.
 */
export function advanceLifecycles<W extends LifecycleHost>(world: W, table: readonly Step<W>[]): number {
  const now = world.now();
  let moved = 0;
  for (let round = 0; round < 50; round++) {
    let changed = 0;
    for (const s of table) changed += s.advance(world, now);
    moved += changed;
    if (changed === 0) break;
  }
  return moved;
}

/** Runs the table against one world: before each request, from the ticker, on a clock advance. */
export class Lifecycle<W extends LifecycleHost> {
  constructor(
    private readonly world: W,
    private readonly table: readonly Step<W>[],
  ) {}

  /** Runs every due transition and stores the result; returns how many documents moved. */
  tick(): number {
    let moved = 0;
    try {
      moved = advanceLifecycles(this.world, this.table);
      if (moved > 0) this.world.commit();
    } catch (err) {
      // A step that cannot be stored is undone and logged; the request that ran the tick still
      // gets its answer, so one broken document cannot make every request fail.
      this.world.rollback();
      this.world.log(`lifecycle step not taken: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
    return moved;
  }
}

/** How long a document stays in `from` at this speed (0 when the table has no such step). */
export function phaseDuration<W>(table: readonly Step<W>[], speed: Speed, collection: string, from: string): number {
  return table.find((t) => t.collection === collection && t.from === from)?.delay[speed] ?? 0;
}
