import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { Clock } from '../src/clock.js';
import { DocumentStore, MemoryPersistence, SqlitePersistence, StoreWriteError } from '../src/store.js';
import { World } from '../src/world.js';
import { Lifecycle } from '../src/lifecycle.js';
import { transitions } from '../src/domain/transitions.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'emu-store-'));
  dirs.push(d);
  return d;
};

/** A value JSON.stringify cannot write: nested deeper than the stack (or, with `cycle`, a cycle). */
function unwritable(kind: 'deep' | 'cycle' | 'big'): unknown {
  if (kind === 'cycle') {
    const o: Record<string, unknown> = { name: 'loop' };
    o.self = o;
    return o;
  }
  if (kind === 'big') return { blob: 'x'.repeat(2048) };
  let v: unknown = 'leaf';
  for (let i = 0; i < 20_000; i++) v = { v };
  return v;
}

type Op =
  | { kind: 'put'; collection: string; id: string; value: number }
  | { kind: 'delete'; collection: string; id: string }
  | { kind: 'bad'; collection: string; id: string; how: 'deep' | 'cycle' | 'big' };

const key = { collection: fc.constantFrom('clusters', 'addons'), id: fc.constantFrom('a', 'b', 'c', 'd') };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), ...key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), ...key }),
  fc.record({ kind: fc.constant('bad' as const), ...key, how: fc.constantFrom('deep' as const, 'cycle' as const, 'big' as const) }),
);
/** Requests: each is a batch of changes flushed together, as one request's changes are. */
const requests = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { maxLength: 12 });

/** Applies the requests to a store; returns what the good requests alone make. */
function run(store: DocumentStore, batches: Op[][]): Record<string, Record<string, unknown>> {
  const model = new Map<string, Map<string, unknown>>();
  for (const batch of batches) {
    const next = new Map([...model].map(([c, m]) => [c, new Map(m)]));
    for (const o of batch) {
      if (o.kind === 'put') {
        store.put(o.collection, o.id, { value: o.value });
        if (!next.has(o.collection)) next.set(o.collection, new Map());
        next.get(o.collection)?.set(o.id, { value: o.value });
      } else if (o.kind === 'delete') {
        store.delete(o.collection, o.id);
        next.get(o.collection)?.delete(o.id);
      } else {
        store.put(o.collection, o.id, unwritable(o.how));
      }
    }
    // A batch fails when a document it leaves behind cannot be written (a later change to the same key replaces a bad one).
    const last = new Map(batch.map((o) => [`${o.collection}/${o.id}`, o]));
    const bad = [...last.values()].some((o) => o.kind === 'bad');
    if (bad) expect(() => store.flush()).toThrow(StoreWriteError);
    else {
      store.flush();
      model.clear();
      for (const [c, m] of next) model.set(c, m);
    }
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const [c, m] of model) if (m.size > 0) out[c] = Object.fromEntries(m);
  return out;
}

const nonEmpty = (snap: Record<string, Record<string, unknown>>) => Object.fromEntries(Object.entries(snap).filter(([, docs]) => Object.keys(docs).length > 0));

describe('DocumentStore: a change that cannot be stored is undone', () => {
  it('in memory: the state equals the good writes alone', () => {
    fc.assert(
      fc.property(requests, (batches) => {
        const store = new DocumentStore(new MemoryPersistence(), 1024);
        const expected = run(store, batches);
        expect(nonEmpty(store.snapshot())).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('in SQLite, and across a restart: the state equals the good writes alone', () => {
    fc.assert(
      fc.property(requests, (batches) => {
        const dir = tempDir();
        const store = new DocumentStore(new SqlitePersistence(dir), 1024);
        const expected = run(store, batches);
        expect(nonEmpty(store.snapshot())).toEqual(expected);
        store.close();
        const reopened = new DocumentStore(new SqlitePersistence(dir), 1024);
        expect(nonEmpty(reopened.snapshot())).toEqual(expected);
        reopened.close();
        rmSync(dir, { recursive: true, force: true });
      }),
      { numRuns: 25 },
    );
  });

  it('undoes a change the database refuses (a write that throws, as on a full disk)', () => {
    class Refusing extends MemoryPersistence {
      refuse = false;
      override write(changes: readonly [string, string, string | null][]): void {
        if (this.refuse) throw new Error('SQLITE_FULL: database or disk is full');
        super.write(changes);
      }
    }
    const persistence = new Refusing();
    const store = new DocumentStore(persistence);
    store.put('clusters', 'a', { phase: 'Available' });
    store.flush();
    const doc = store.get<{ phase: string }>('clusters', 'a');
    if (doc) doc.phase = 'Deleting';
    store.put('clusters', 'a', doc);
    store.put('clusters', 'b', { phase: 'Creating' });
    persistence.refuse = true;
    expect(() => store.flush()).toThrow('the change was not stored and has been undone: SQLITE_FULL: database or disk is full');
    expect(store.snapshot()).toEqual({ clusters: { a: { phase: 'Available' } } });
    persistence.refuse = false;
    store.put('clusters', 'c', { phase: 'Creating' });
    store.flush();
    expect(Object.keys(store.snapshot().clusters ?? {})).toEqual(['a', 'c']);
  });

  it('says what could not be stored, and the next write goes through', () => {
    const store = new DocumentStore(new MemoryPersistence());
    store.put('addons', 'ok', { v: 1 });
    store.flush();
    store.put('addons', 'ok', { v: 2 });
    store.put('addons', 'deep', unwritable('deep'));
    expect(() => store.flush()).toThrow(/^the change was not stored and has been undone: addons deep cannot be written as JSON \(Maximum call stack size exceeded\)$/);
    expect(store.get('addons', 'ok')).toEqual({ v: 1 });
    expect(store.get('addons', 'deep')).toBeUndefined();
    store.put('addons', 'next', { v: 3 });
    store.flush();
    expect(store.snapshot()).toEqual({ addons: { ok: { v: 1 }, next: { v: 3 } } });
  });

  it('a lifecycle step that cannot be stored is undone and logged; requests still run', () => {
    const logged: string[] = [];
    const store = new DocumentStore(new MemoryPersistence());
    const world = new World({ store, clock: new Clock('manual', 0), speed: 'instant', quotas: { clustersPerRegion: 5, charts: 200 }, log: (m) => logged.push(m) });
    const lifecycle = new Lifecycle(world, transitions);
    store.put('releases', 'r1', { id: 'r1', phase: 'DELETING', phaseSince: 0 });
    store.put('snapshots', 's1', { id: 's1', clusterId: 'c', phase: 'Running', phaseSince: 0, progress: '0' });
    store.flush();
    // A document that cannot be written (a cycle) reaches the store through a lifecycle step.
    const snap = store.get<Record<string, unknown>>('snapshots', 's1');
    if (snap) snap.self = snap;
    expect(lifecycle.tick()).toBe(0);
    // @ts-expect-error the store is World's own: nothing outside it reads or writes collections by name
    expect(world.store).toBe(store);
    expect(logged[0]).toMatch(/^lifecycle step not taken: the change was not stored and has been undone: snapshots s1 cannot be written as JSON/);
    expect(store.get('releases', 'r1')).toEqual({ id: 'r1', phase: 'DELETING', phaseSince: 0 });
    expect(store.get('snapshots', 's1')).toEqual({ id: 's1', clusterId: 'c', phase: 'Running', phaseSince: 0, progress: '0' });
  });
});
