import { promises as fs } from 'node:fs';
import { buildEntries, type ClusterCertAnswer, type ClusterIdentity, type EndpointKind } from './answer.js';
import { managedClusters, mergeEntries, parseKubeconfig, removeEntries, type ConflictPolicy, type ManagedCluster, type ParsedKubeconfig } from './document.js';
import {
  backup,
  listBackups,
  locateKubeconfig,
  readIfExists,
  readUndo,
  realTarget,
  recordUndo,
  redactedDiff,
  removeStaleTempFiles,
  sha256,
  undoPath,
  withLock,
  writeAtomic,
  type LocationInput,
  type LockOptions,
} from './files.js';

export interface FileOptions extends LocationInput {
  /** How many timestamped backups to keep per file (default 5). */
  keepBackups?: number;
  lock?: LockOptions;
  /** Show the diff, write nothing. */
  dryRun?: boolean;
}

export interface MergeOptions extends FileOptions {
  answer: ClusterCertAnswer;
  cluster: ClusterIdentity;
  /** Default `internal`. `external` disables TLS verification (spec 01 4.1.6) and adds a warning. */
  endpoint?: EndpointKind;
  contextName?: string;
  /** Make the new context current. A file without a current context gets it anyway. */
  setCurrent?: boolean;
  onConflict?: ConflictPolicy;
}

export interface WriteResult {
  path: string;
  changed: boolean;
  /** A unified diff of the change (secrets masked); always set on dry runs. */
  diff?: string;
  backup?: string;
  created: boolean;
  mode?: number;
}

export interface MergeResult extends WriteResult {
  contextName: string;
  clusterName: string;
  userName: string;
  currentContext?: string;
  warnings: string[];
  replaced: string[];
  overwritten: string[];
  certificateExpiresAt?: Date;
}

async function readOthers(all: string[], target: string): Promise<ParsedKubeconfig[]> {
  const out: ParsedKubeconfig[] = [];
  for (const p of all) {
    if (p === target) continue;
    const text = await readIfExists(p);
    if (text !== undefined) out.push(parseKubeconfig(text, p));
  }
  return out;
}

/** Reads, edits and writes one file under its lock; the edit sees the content as of the lock. */
async function change(
  options: FileOptions,
  action: string,
  edit: (text: string | undefined, file: string) => Promise<{ text: string } | undefined>,
): Promise<WriteResult> {
  const location = locateKubeconfig(options);
  const target = await realTarget(location.target);
  const run = async (): Promise<WriteResult> => {
    // A merge killed mid-write left key-bearing temp files; under the lock they are surely stale.
    if (!options.dryRun) await removeStaleTempFiles(target);
    const before = await readIfExists(target);
    const result = await edit(before, target);
    const created = before === undefined;
    if (!result || result.text === before) return { path: target, changed: false, created: false };
    const diff = redactedDiff(target, before ?? '', result.text);
    if (options.dryRun) return { path: target, changed: true, diff, created };
    // The file holds private keys: owner read/write only, whatever it was before (kubectl's own mode).
    const mode = 0o600;
    const saved = before !== undefined ? await backup(target, before, options.keepBackups ?? 5) : undefined;
    await writeAtomic(target, result.text, mode);
    await recordUndo({ target, ...(saved ? { backup: saved } : {}), written: sha256(result.text), action, at: new Date().toISOString() });
    return { path: target, changed: true, diff, ...(saved ? { backup: saved } : {}), created, mode };
  };
  return options.dryRun ? run() : withLock(target, run, options.lock);
}

/** Turns a clustercert answer into named entries and merges them into the user's kubeconfig. */
export async function mergeClusterCert(options: MergeOptions): Promise<MergeResult> {
  const entries = buildEntries(options.answer, options.cluster, { endpoint: options.endpoint, contextName: options.contextName });
  const location = locateKubeconfig(options);
  let plan: ReturnType<typeof mergeEntries> | undefined;
  const written = await change(options, `merge ${options.cluster.name} (${entries.owner.endpoint})`, async (text, file) => {
    const parsed = parseKubeconfig(text ?? '', file);
    const others = await readOthers(location.all, location.target);
    const hasCurrent = typeof (parsed.doc.get('current-context') ?? undefined) === 'string' && parsed.doc.get('current-context') !== '';
    plan = mergeEntries(parsed, entries, { onConflict: options.onConflict, setCurrent: options.setCurrent || !hasCurrent, others });
    return { text: plan.text };
  });
  const p = plan as NonNullable<typeof plan>;
  return {
    ...written,
    contextName: p.names.context,
    clusterName: p.names.cluster,
    userName: p.names.user,
    ...(p.currentContext ? { currentContext: p.currentContext } : {}),
    warnings: entries.warnings,
    replaced: p.replaced,
    overwritten: p.overwritten,
    ...(entries.certificateExpiresAt ? { certificateExpiresAt: entries.certificateExpiresAt } : {}),
  };
}

export interface RemoveResult extends WriteResult {
  removed: string[];
  clearedCurrentContext: boolean;
  /** With `purgeBackups`: the backups the entries (and their keys) were removed from. */
  purgedBackups?: string[];
  /** With `purgeBackups`: backups that could not be read as kubeconfig and were left as they are. */
  unreadableBackups?: string[];
}

export interface RemoveOptions extends FileOptions {
  clusterId: string;
  endpoint?: EndpointKind;
  /**
   * Also remove the entries from every backup of the file: backups keep the client key of a
   * removed cluster otherwise. `undo` then cannot bring the entries back.
   */
  purgeBackups?: boolean;
}

/** Removes the entries a merge wrote for this cluster id (both endpoints unless one is given). */
export async function removeClusterEntries(options: RemoveOptions): Promise<RemoveResult> {
  let removed: string[] = [];
  let cleared = false;
  const written = await change(options, `remove cluster ${options.clusterId}`, async (text, file) => {
    if (text === undefined) return undefined;
    const plan = removeEntries(parseKubeconfig(text, file), options.clusterId, options.endpoint);
    removed = plan.removed;
    cleared = plan.clearedCurrentContext;
    return removed.length > 0 ? { text: plan.text } : undefined;
  });
  if (!options.purgeBackups || options.dryRun) return { ...written, removed, clearedCurrentContext: cleared };
  const target = written.path;
  const purged: string[] = [];
  const unreadable: string[] = [];
  await withLock(
    target,
    async () => {
      for (const file of await listBackups(target)) {
        const text = await readIfExists(file);
        if (text === undefined) continue;
        let plan: ReturnType<typeof removeEntries>;
        try {
          plan = removeEntries(parseKubeconfig(text, file), options.clusterId, options.endpoint);
        } catch {
          unreadable.push(file);
          continue;
        }
        if (plan.removed.length === 0) continue;
        await writeAtomic(file, plan.text, 0o600);
        purged.push(file);
      }
    },
    options.lock,
  );
  return { ...written, removed, clearedCurrentContext: cleared, purgedBackups: purged, unreadableBackups: unreadable };
}

export class UndoError extends Error {
  override name = 'UndoError';
}

/**
 * Puts the file back as it was before the last merge or removal. Refuses when the file changed
 * since (kubectl or an editor wrote to it): the backup is then the way back.
 */
export async function undoLastChange(options: FileOptions): Promise<WriteResult & { action: string }> {
  const target = await realTarget(locateKubeconfig(options).target);
  return withLock(
    target,
    async () => {
      if (!options.dryRun) await removeStaleTempFiles(target);
      const record = await readUndo(target);
      if (!record) throw new UndoError(`nothing to undo for ${target}`);
      const current = await readIfExists(target);
      if (current === undefined || sha256(current) !== record.written) {
        throw new UndoError(
          `${target} changed after the last cce-autopilot ${record.action}; not undoing it.` +
            (record.backup ? ` The content before that change is in ${record.backup}.` : ''),
        );
      }
      const previous = record.backup ? await readIfExists(record.backup) : undefined;
      if (record.backup && previous === undefined) throw new UndoError(`the backup ${record.backup} is gone; cannot undo`);
      const diff = redactedDiff(target, current, previous ?? '');
      if (options.dryRun) return { path: target, changed: true, diff, created: false, action: record.action };
      if (previous === undefined) await fs.rm(target, { force: true });
      else await writeAtomic(target, previous, 0o600);
      await fs.rm(undoPath(target), { force: true });
      return { path: target, changed: true, diff, created: false, action: record.action };
    },
    options.lock,
  );
}

/** The clusters merged into the kubeconfig files, each with its client certificate's expiry. */
export async function listMergedClusters(options: LocationInput): Promise<(ManagedCluster & { file: string })[]> {
  const location = locateKubeconfig(options);
  const out: (ManagedCluster & { file: string })[] = [];
  for (const file of location.all) {
    const text = await readIfExists(file);
    if (text === undefined) continue;
    for (const m of managedClusters(parseKubeconfig(text, file))) out.push({ ...m, file });
  }
  return out;
}
