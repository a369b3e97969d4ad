import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
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

const dbFile = 'emulator.sqlite';

/**
 * The data directory holds the account's SK and IAM password and every cluster CA's private key:
 * it is made 0700 and every file in it 0600, including files an older emulator (or a careless
 * copy) left readable by others. The database file is created 0600 before SQLite opens it, and
 * SQLite gives its -wal and -shm files the database file's mode. On Windows, POSIX modes do not
 * apply; the directory keeps the ACLs it inherits.
 */
function securePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const fix = (path: string, mode: number) => {
    try {
      chmodSync(path, mode);
    } catch (err) {
      throw new Error(`--data-dir: ${path} holds secrets and must be private, but it cannot be made mode ${mode.toString(8)} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); use a directory you own`);
    }
  };
  if (!lstatSync(dir).isDirectory()) throw new Error(`--data-dir: ${dir} is not a directory`);
  fix(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (st.isSymbolicLink() && name.startsWith(dbFile)) throw new Error(`--data-dir: ${path} is a symbolic link; the emulator's database files must be regular files in the directory`);
    if (st.isFile() && (st.mode & 0o077) !== 0) fix(path, 0o600);
  }
  const db = join(dir, dbFile);
  closeSync(openSync(db, 'a', 0o600));
  fix(db, 0o600);
}

/**
 * Where documents live between restarts. The emulator keeps every document in memory and writes
 * changes through this interface before it answers a request, so an acknowledged write is on disk.
 */
export interface Persistence {
  load(): Iterable<[collection: string, id: string, json: string]>;
  /** The committed JSON of one document (what a rollback goes back to). */
  read(collection: string, id: string): string | undefined;
  /** Applies all changes atomically (all or none); `null` deletes. */
  write(changes: readonly [collection: string, id: string, json: string | null][]): void;
  clear(): void;
  close(): void;
}

/**
 * No disk: state lives as long as the process. The committed JSON is still kept, so a change that
 * fails can be rolled back to exactly what was last acknowledged, as with SQLite.
 */
export class MemoryPersistence implements Persistence {
  private readonly committed = new Map<string, string>();
  load(): Iterable<[string, string, string]> {
    return [];
  }
  read(collection: string, id: string): string | undefined {
    return this.committed.get(`${collection}\u0000${id}`);
  }
  write(changes: readonly [string, string, string | null][]): void {
    for (const [collection, id, json] of changes) {
      if (json === null) this.committed.delete(`${collection}\u0000${id}`);
      else this.committed.set(`${collection}\u0000${id}`, json);
    }
  }
  clear(): void {
    this.committed.clear();
  }
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
  private readonly select: Database.Statement;
  private readonly applyAll: (changes: readonly [string, string, string | null][]) => void;

  constructor(dir: string) {
    const Sqlite = loadSqlite();
    securePrivateDir(dir);
    this.db = new Sqlite(join(dir, dbFile));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec('CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, id TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (collection, id)) WITHOUT ROWID');
    this.upsert = this.db.prepare('INSERT INTO documents (collection, id, json) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET json = excluded.json');
    // The -wal and -shm files exist now; make sure of their mode whatever SQLite did.
    securePrivateDir(dir);
    this.remove = this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?');
    this.select = this.db.prepare('SELECT json FROM documents WHERE collection = ? AND id = ?').pluck();
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

  read(collection: string, id: string): string | undefined {
    return this.select.get(collection, id) as string | undefined;
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

/** A change that could not be written; it was rolled back, in memory too. */
export class StoreWriteError extends Error {}

/**
 * Largest document the store writes, as JSON. A chart record holds its archive (up to 12 MB, 16 MB
 * in base64) plus its values; anything near V8's string limit (~512 MB) would fail to serialise.
 */
export const maxDocumentJsonBytes = 64 * 1024 * 1024;

/**
 * Documents by collection and id. Callers mutate documents in place and call `put` again to mark
 * them changed; `flush` writes every change of the current request in one transaction, and
 * `rollback` forgets them. A flush that fails (a document that cannot be serialised, is too large,
 * or a write the database refuses) rolls back every pending change, so memory never holds what
 * the disk does not, and the next request starts clean.
 */
export class DocumentStore {
  private readonly collections = new Map<string, Map<string, unknown>>();
  private readonly dirty = new Map<string, [string, string]>();

  constructor(
    private readonly persistence: Persistence,
    private readonly maxJsonBytes: number = maxDocumentJsonBytes,
  ) {
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
    try {
      for (const [collection, id] of this.dirty.values()) {
        const doc = this.collections.get(collection)?.get(id);
        let json: string | null = null;
        if (doc !== undefined) {
          try {
            json = JSON.stringify(doc);
          } catch (err) {
            throw new Error(`${collection} ${id} cannot be written as JSON (${err instanceof Error ? err.message : String(err)})`);
          }
          if (json.length > this.maxJsonBytes) throw new Error(`${collection} ${id} is ${json.length} bytes as JSON, more than the ${this.maxJsonBytes} a document may hold`);
        }
        changes.push([collection, id, json]);
      }
      this.persistence.write(changes);
    } catch (err) {
      this.rollback();
      throw new StoreWriteError(`the change was not stored and has been undone: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.dirty.clear();
  }

  /** Forgets every change since the last flush: each changed document goes back to its committed version. */
  rollback(): void {
    for (const [collection, id] of this.dirty.values()) {
      const json = this.persistence.read(collection, id);
      if (json === undefined) this.collections.get(collection)?.delete(id);
      else this.coll(collection).set(id, JSON.parse(json));
    }
    this.dirty.clear();
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

/**
 * One collection of the store, typed: documents of one shape, each under the key `keyOf` gives it.
 * The World holds one per collection, so nothing outside it names a collection by a string.
 */
export class Collection<T> {
  constructor(
    private readonly store: DocumentStore,
    readonly name: string,
    private readonly keyOf: (doc: T) => string,
  ) {}

  get(key: string): T | undefined {
    return this.store.get<T>(this.name, key);
  }

  list(): T[] {
    return this.store.list<T>(this.name);
  }

  /** Stores the document (again, after changing it in place) under its key. */
  put(doc: T): T {
    return this.store.put(this.name, this.keyOf(doc), doc);
  }

  remove(doc: T): void {
    this.store.delete(this.name, this.keyOf(doc));
  }

  delete(key: string): void {
    this.store.delete(this.name, key);
  }
}
