import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * better-sqlite3 is a native module: it is loaded only when a data directory is asked for, so the
 * in-memory emulator runs anywhere plain JavaScript does (the copy bundled into the extension ships
 * without the native binding).
 */
function loadSqlite(): typeof Database {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  } catch (error) {
    throw new Error(`--data-dir needs the native module better-sqlite3, which could not be loaded here (${(error as Error).message.split('\n')[0]}); run without a data directory for an in-memory emulator`);
  }
}

/**
 * Where documents live between restarts. The emulator keeps every document in memory and writes
 * changes through this interface before it answers a request, so an acknowledged write is on disk.
 */
export interface Persistence {
  load(): Iterable<[collection: string, id: string, json: string]>;
  /** Applies all changes atomically; `null` deletes. */
  write(changes: readonly [collection: string, id: string, json: string | null][]): void;
  clear(): void;
  close(): void;
}

/** No persistence: state lives as long as the process. */
export class MemoryPersistence implements Persistence {
  load(): Iterable<[string, string, string]> {
    return [];
  }
  write(): void {}
  clear(): void {}
  close(): void {}
}

/**
 * SQLite in WAL mode with synchronous=FULL: every committed transaction is fsynced before
 * `write` returns, which is what makes "acknowledged means durable" hold across kill -9.
 */
export class SqlitePersistence implements Persistence {
  private readonly db: Database.Database;
  private readonly upsert: Database.Statement;
  private readonly remove: Database.Statement;
  private readonly applyAll: (changes: readonly [string, string, string | null][]) => void;

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true });
    const Sqlite = loadSqlite();
    this.db = new Sqlite(join(dir, 'emulator.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID');
    this.upsert = this.db.prepare('INSERT INTO documents (collection, id, json) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET json = excluded.json');
    this.remove = this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
    this.applyAll = this.db.transaction((changes: readonly [string, string, string | null][]) => {
      for (const [collection, id, json] of changes) {
        if (json === null) this.remove.run(collection, id);
        else this.upsert.run(collection, id, json);
      }
    });
  }

  load(): Iterable<[string, string, string]> {
    const rows = this.db.prepare('SELECT collection, id, json FROM documents').all() as { collection: string; id: string; json: string }[];
    return rows.map((r) => [r.collection, r.id, r.json] as [string, string, string]);
  }

  write(changes: readonly [string, string, string | null][]): void {
    if (changes.length > 0) this.applyAll(changes);
  }

  clear(): void {
    this.db.exec('DELETE FROM documents');
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * Documents by collection and id. Callers mutate documents in place and call `put` again to mark
 * them changed; `flush` writes every change of the current request in one transaction.
 */
export class DocumentStore {
  private readonly collections = new Map<string, Map<string, unknown>>();
  private readonly dirty = new Map<string, [string, string]>();

  constructor(private readonly persistence: Persistence) {
    for (const [collection, id, json] of persistence.load()) {
      this.coll(collection).set(id, JSON.parse(json));
    }
  }

  private coll(name: string): Map<string, unknown> {
    let c = this.collections.get(name);
    if (!c) {
      c = new Map();
      this.collections.set(name, c);
    }
    return c;
  }

  get<T>(collection: string, id: string): T | undefined {
    return this.collections.get(collection)?.get(id) as T | undefined;
  }

  list<T>(collection: string): T[] {
    return [...(this.collections.get(collection)?.values() ?? [])] as T[];
  }

  put<T>(collection: string, id: string, doc: T): T {
    this.coll(collection).set(id, doc);
    this.dirty.set(`${collection}\u0000${id}`, [collection, id]);
    return doc;
  }

  delete(collection: string, id: string): void {
    this.collections.get(collection)?.delete(id);
    this.dirty.set(`${collection}\u0000${id}`, [collection, id]);
  }

  flush(): void {
    if (this.dirty.size === 0) return;
    const changes: [string, string, string | null][] = [];
    for (const [collection, id] of this.dirty.values()) {
      const doc = this.collections.get(collection)?.get(id);
      changes.push([collection, id, doc === undefined ? null : JSON.stringify(doc)]);
    }
    this.dirty.clear();
    this.persistence.write(changes);
  }

  clear(): void {
    this.collections.clear();
    this.dirty.clear();
    this.persistence.clear();
  }

  /** Everything, for the admin state dump. */
  snapshot(): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const [name, c] of this.collections) out[name] = Object.fromEntries(c);
    return out;
  }

  close(): void {
    this.persistence.close();
  }
}
