import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { basename, delimiter as pathDelimiter, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createTwoFilesPatch } from 'diff';

/** Where kubectl reads and writes: the first path of KUBECONFIG (all are read), else ~/.kube/config. */
export interface KubeconfigLocation {
  target: string;
  /** Every file kubectl would read, target first. */
  all: string[];
}

export interface LocationInput {
  /** An explicit file (`--kubeconfig`): the only one read and written, like kubectl. */
  path?: string;
  env?: Record<string, string | undefined>;
  homedir?: string;
  /** Path-list separator of KUBECONFIG; `:` on POSIX, `;` on Windows. */
  delimiter?: string;
}

export function locateKubeconfig(input: LocationInput): KubeconfigLocation {
  if (input.path) {
    const p = resolve(input.path);
    return { target: p, all: [p] };
  }
  const list = (input.env?.KUBECONFIG ?? '')
    .split(input.delimiter ?? pathDelimiter)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length > 0) {
    const all = [...new Set(list.map((p) => resolve(p)))];
    return { target: all[0] as string, all };
  }
  const home = input.homedir ?? input.env?.HOME ?? input.env?.USERPROFILE;
  if (!home) throw new Error('cannot find the kubeconfig: KUBECONFIG is not set and no home directory is known');
  const p = join(home, '.kube', 'config');
  return { target: p, all: [p] };
}

export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * The file to write for `path`: a symlinked kubeconfig's real file, never a regular file put over
 * the link. A link that points nowhere (dangling) is followed as kubectl follows it (client-go's
 * WriteToFile is os.WriteFile, whose open(O_CREAT) creates the link's target), so the write
 * creates the target; when the target's folder does not exist either (kubectl fails there too),
 * it is refused with a message that says where the link points.
 */
export async function realTarget(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let current = resolve(path);
  // The same hop limit as Linux (ELOOP after 40).
  for (let hops = 0; ; hops++) {
    if (hops >= 40) throw new Error(`${path}: too many levels of symbolic links`);
    let isLink: boolean;
    try {
      isLink = (await fs.lstat(current)).isSymbolicLink();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
      throw err;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await fs.readlink(current));
  }
  if (current === resolve(path)) return path; // simply not there yet: it is created
  try {
    return join(await fs.realpath(dirname(current)), basename(current));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(`${path} is a symbolic link to ${current}, and the folder ${dirname(current)} does not exist: create that folder (the file is then created there) or point the link elsewhere`);
  }
}

/** Ends of the temp files writeAtomic makes: `.tmp-<pid>-<12 hex>`. */
const TEMP_SUFFIX = /\.tmp-(\d+)-[0-9a-f]{12}$/;

/**
 * Removes what a killed write of `target` left behind: its temp files next to it and in its backup
 * folder, which hold keys. Call it holding the target's lock, so no write of ours is under way. Only
 * plain files (never a link), owned by this user, named as writeAtomic names them for this target,
 * whose process is gone, are removed.
 */
export async function removeStaleTempFiles(target: string): Promise<string[]> {
  const base = basename(target);
  const removed: string[] = [];
  for (const [dir, prefix] of [
    [dirname(target), `.${base}.tmp-`],
    [backupDir(target), `.${base}.`],
  ] as const) {
    let names: string[];
    try {
      names = await fs.readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const m = name.startsWith(prefix) ? TEMP_SUFFIX.exec(name) : null;
      if (!m) continue;
      // Next to the target only its own temp files (`.config.tmp-…`), not those of `config.d` or the like.
      if (dir === dirname(target) && !/^\d+-[0-9a-f]{12}$/.test(name.slice(prefix.length))) continue;
      const pid = Number(m[1]);
      if (pid === process.pid || alive(pid)) continue;
      const file = join(dir, name);
      const stat = await fs.lstat(file).catch(() => undefined);
      if (!stat || !stat.isFile()) continue;
      if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) continue;
      await fs.rm(file, { force: true });
      removed.push(file);
    }
  }
  return removed;
}

/** The backups kept of `target`, oldest first. */
export async function listBackups(target: string): Promise<string[]> {
  const dir = backupDir(target);
  const prefix = `${basename(target)}.`;
  try {
    return (await fs.readdir(dir)).filter((f) => f.startsWith(prefix) && f.endsWith('.bak')).sort().map((f) => join(dir, f));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export interface LockOptions {
  /** Give up after this long (default 15 s). */
  timeoutMs?: number;
  /** A lock file older than this whose owner cannot be checked is stale (default 30 s). */
  staleMs?: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Holds `<file>.lock`, the same lock file client-go (kubectl) creates with O_EXCL, so we also wait
 * for a kubectl that is writing. A lock whose process is gone, or that is old, is taken over.
 */
export async function withLock<T>(file: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = `${file}.lock`;
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  const staleMs = options.staleMs ?? 30_000;
  const me = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() });
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      await handle.writeFile(me);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let stale = false;
      let seen = '';
      try {
        const [text, stat] = await Promise.all([fs.readFile(lock, 'utf8'), fs.stat(lock)]);
        seen = text;
        let holder: { pid?: number; host?: string } = {};
        try {
          holder = JSON.parse(text) as typeof holder;
        } catch {
          // kubectl leaves its lock file empty.
        }
        const sameHost = holder.host === hostname();
        if (sameHost && typeof holder.pid === 'number') stale = !alive(holder.pid);
        else stale = Date.now() - stat.mtimeMs > staleMs;
      } catch (readErr) {
        if ((readErr as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw readErr;
      }
      if (stale) {
        // Only one waiter wins the rename, so two of them never both take over the same stale lock.
        const claimed = `${lock}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
        try {
          await fs.rename(lock, claimed);
          if ((await fs.readFile(claimed, 'utf8')) !== seen) {
            // Between reading and renaming, another process replaced the stale lock with a live one: give it back.
            await fs.link(claimed, lock).catch(() => undefined);
          }
          await fs.rm(claimed, { force: true });
        } catch {
          // someone else took it over first
        }
        continue;
      }
      if (Date.now() > deadline) {
        throw new Error(`${file} is locked by another process (${lock}); if no kubectl or cce-autopilot is running, delete the lock file`);
      }
      await sleep(Math.min(200, 10 + attempt * 5) + Math.random() * 20);
    }
  }
  try {
    return await fn();
  } finally {
    await fs.rm(lock, { force: true });
  }
}

/** Temp file in the same folder, fsync, rename over the target, fsync the folder: never a torn file. */
export async function writeAtomic(path: string, text: string, mode = 0o600): Promise<void> {
  const dir = dirname(path);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await fs.open(tmp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    await handle.writeFile(text, 'utf8');
    // The umask may have cleared bits of `mode`; the result must be exactly it.
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Folders cannot be fsynced on every platform (Windows); the rename is still atomic.
  }
}

export function backupDir(target: string): string {
  return join(dirname(target), '.cce-autopilot-backups');
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

/** Copies the current file to a timestamped backup (0600, in a 0700 folder) and keeps the last `keep`. */
export async function backup(target: string, text: string, keep: number): Promise<string> {
  const dir = backupDir(target);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const name = `${basename(target)}.${stamp()}-${randomBytes(3).toString('hex')}.bak`;
  const path = join(dir, name);
  await writeAtomic(path, text);
  const prefix = `${basename(target)}.`;
  const all = (await fs.readdir(dir)).filter((f) => f.startsWith(prefix) && f.endsWith('.bak')).sort();
  for (const old of all.slice(0, Math.max(0, all.length - keep))) await fs.rm(join(dir, old), { force: true });
  return path;
}

export interface UndoRecord {
  target: string;
  /** The backup holding the content before the change; absent when the change created the file. */
  backup?: string;
  /** sha256 of what the change wrote: undo refuses when the file changed since. */
  written: string;
  action: string;
  at: string;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

export function undoPath(target: string): string {
  return join(backupDir(target), `${basename(target)}.undo.json`);
}

export async function recordUndo(record: UndoRecord): Promise<void> {
  await fs.mkdir(backupDir(record.target), { recursive: true, mode: 0o700 });
  await writeAtomic(undoPath(record.target), `${JSON.stringify(record, null, 2)}\n`);
}

export async function readUndo(target: string): Promise<UndoRecord | undefined> {
  const text = await readIfExists(undoPath(target));
  return text ? (JSON.parse(text) as UndoRecord) : undefined;
}

const SECRET_LINE = /^([+\- ]\s*(?:-\s+)?(?:client-key-data|token|password|client-secret|id-token|refresh-token)\s*:\s*)(\S.*)$/;
const LONG_DATA = /^([+\- ]\s*(?:-\s+)?(?:client-certificate-data|certificate-authority-data)\s*:\s*)(\S{40,})$/;

/** A unified diff for dry runs, with keys and tokens masked and long base64 shortened. */
export function redactedDiff(file: string, before: string, after: string): string {
  const patch = createTwoFilesPatch(file, file, before.replace(/\r\n/g, '\n'), after.replace(/\r\n/g, '\n'), 'current', 'after', { context: 3 });
  return patch
    .split('\n')
    .map((line) => {
      const secret = SECRET_LINE.exec(line);
      if (secret) return `${secret[1]}<redacted>`;
      const long = LONG_DATA.exec(line);
      if (long) return `${long[1]}${long[2]?.slice(0, 12)}...(${long[2]?.length} chars)`;
      return line;
    })
    .join('\n');
}
