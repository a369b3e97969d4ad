// Refreshing the Kubernetes rows of the tree from the cluster's watches while they are shown: one
// list-then-watch per list a row shows (the client-go informer pattern, without its cache), started
// when the row is expanded and the view visible, stopped when it is collapsed, hidden or disposed,
// resumed from the last resourceVersion seen, and re-listed when the server says that version is
// gone (410 Gone / an ERROR event with code 410). A new watch starts at the version the row's own
// list was read at, so nothing between the row's load and the watch is missed.
import type { Clock } from './poller.js';
import { systemClock } from './poller.js';
import { HELM_SELECTOR, KubeUnavailableError, WORKLOAD_KINDS, type KubeReader, type ObjectRow, type WorkloadKind } from './kube.js';

/** What the watcher needs of a tree row (a subset of TreeNode, so tests need no tree). */
export interface WatchNode {
  readonly id: string;
  readonly kind: string;
  readonly label: string;
  readonly data?: unknown;
}

/**
 * The lists a row's children come from, as list paths (with their label selector, if any);
 * empty for rows that are not about what runs in the cluster. `children` are the rows it shows.
 */
export function watchPaths(node: WatchNode, children: readonly WatchNode[] = []): string[] {
  const inNamespace = (ns: string, kinds = WORKLOAD_KINDS) => kinds.map((k) => `${k.base}/namespaces/${encodeURIComponent(ns)}/${k.plural}`);
  switch (node.kind) {
    case 'kubernetes': return ['/api/v1/namespaces'];
    case 'namespace': return inNamespace(node.label);
    case 'kubeGroup': {
      const g = node.data as { namespace: string; kind: WorkloadKind };
      return inNamespace(g.namespace, WORKLOAD_KINDS.filter((k) => k.kind === g.kind));
    }
    case 'release': {
      // What releaseObjects lists: Helm's labelled lists of the workload kinds and of the other
      // kinds it shows, and the pods in its namespace and its pods' namespaces.
      const r = node.data as { namespace?: string };
      const rows = children.map((c) => c.data as ObjectRow | undefined).filter((row): row is ObjectRow => !!row?.kind);
      const paths = new Set(WORKLOAD_KINDS.filter((k) => k.kind !== 'Pod').map((k) => `${k.base}/${k.plural}?${HELM_SELECTOR}`));
      for (const row of rows) {
        if (!row.path) continue;
        paths.add(`${row.path.replace(/\/[^/]+$/, '').replace(/\/namespaces\/[^/]+\//, '/')}?${HELM_SELECTOR}`);
      }
      const podNamespaces = new Set([...(r.namespace ? [r.namespace] : []), ...rows.filter((row) => row.kind === 'Pod').map((row) => row.namespace)]);
      for (const ns of podNamespaces) paths.add(`/api/v1/namespaces/${encodeURIComponent(ns)}/pods`);
      return [...paths];
    }
    default: return [];
  }
}

export interface WatchEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  readonly object: { metadata?: { resourceVersion?: string }; code?: number; message?: string };
}

/** Splits a watch stream into its events (one JSON object per line; chunks may cut lines anywhere). */
export function lineSplitter(onEvent: (e: WatchEvent) => void): (text: string) => void {
  let rest = '';
  return (text) => {
    rest += text;
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      const line = rest.slice(0, nl).trim();
      rest = rest.slice(nl + 1);
      if (line) onEvent(JSON.parse(line) as WatchEvent);
    }
  };
}

class Gone extends Error {}

export interface ListWatchOptions {
  readonly clock?: Clock;
  /** Server-side end of each watch request (it is then resumed from the last version seen). */
  readonly timeoutSeconds?: number;
  /** Retry delays after a failure: doubling from `minMs` up to `maxMs`. */
  readonly backoff?: { minMs: number; maxMs: number };
  /** A watch or list failed (shown in the log); it is retried. */
  readonly onError?: (path: string, error: unknown) => void;
}

/**
 * One list-then-watch of a list path. `onChange` is called for every change the watch sees and
 * after a re-list (the rows are then read again). It watches from the version the row's own list
 * was read at when the reader knows it (`listedVersion`), else its first list only gives the
 * version to watch from. Resumes from `resourceVersion` when started again.
 */
export class ListWatch {
  private abort: AbortController | undefined;
  private timer: unknown;
  private failures = 0;
  /** The last version seen; survives stop(), so start() resumes from it. */
  resourceVersion: string | undefined;
  /** For tests and the log: how many lists and watch requests were made. */
  readonly counts = { lists: 0, watches: 0 };

  /** Set when the server said the version is gone: the list that follows is news to the row. */
  private relisting = false;

  constructor(private readonly reader: KubeReader, readonly path: string, private readonly onChange: () => void, private readonly opts: ListWatchOptions = {}) {
    // The row was loaded by a list of this very path: watching from that list's version misses nothing in between.
    this.resourceVersion = reader.listedVersion?.(path);
  }

  get running(): boolean { return this.abort !== undefined; }

  start(): void {
    if (this.abort) return;
    const abort = new AbortController();
    this.abort = abort;
    void this.loop(abort.signal);
  }

  stop(): void {
    this.abort?.abort();
    this.abort = undefined;
    if (this.timer !== undefined) (this.opts.clock ?? systemClock).clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async loop(signal: AbortSignal): Promise<void> {
    // Watches in a row that end (or are gone) without a single event wait before the next one, so
    // a server or proxy that closes watches at once is not asked again and again.
    let quiet = 0;
    while (!signal.aborted) {
      let events = 0;
      let relisted = false;
      try {
        if (this.resourceVersion === undefined) {
          await this.list(signal);
          relisted = this.relisting;
          if (relisted && !signal.aborted) this.onChange();
          this.relisting = false;
        }
        // Stopped while listing: no watch is started.
        if (signal.aborted) return;
        events = await this.watchOnce(signal, () => events++);
        this.failures = 0;
        if (events === 0) await this.pause(quiet++, signal);
        else quiet = 0;
      } catch (e) {
        if (signal.aborted) return;
        if (e instanceof Gone) {
          // The version is older than the server's history: read the list again, then watch from it.
          this.resourceVersion = undefined;
          this.relisting = true;
          // Gone again right after a fresh list, with nothing in between: wait before listing again.
          if (relisted && events === 0) await this.pause(quiet++, signal);
          continue;
        }
        this.opts.onError?.(this.path, e);
        await this.pause(this.failures++, signal);
      }
    }
  }

  /** Waits `minMs * 2^step` (at most `maxMs`), or until stopped. */
  private pause(step: number, signal: AbortSignal): Promise<void> {
    const { minMs, maxMs } = this.opts.backoff ?? { minMs: 1000, maxMs: 30_000 };
    const clock = this.opts.clock ?? systemClock;
    return new Promise<void>((resolve) => {
      if (signal.aborted) { resolve(); return; }
      this.timer = clock.setTimeout(() => { this.timer = undefined; resolve(); }, Math.min(maxMs, minMs * 2 ** step));
      signal.addEventListener('abort', () => resolve(), { once: true });
    });
  }

  private async list(signal: AbortSignal): Promise<void> {
    if (!this.reader.send) throw new Error('This connection to the cluster cannot watch.');
    this.counts.lists++;
    const answer = JSON.parse(await this.reader.send('GET', this.path, undefined, signal)) as { metadata?: { resourceVersion?: string } };
    this.resourceVersion = answer.metadata?.resourceVersion ?? '0';
  }

  /** One watch request; resolves with how many events (bookmarks too) it brought. */
  private async watchOnce(signal: AbortSignal, onEvent: () => void): Promise<number> {
    if (!this.reader.stream) throw new Error('This connection to the cluster cannot watch.');
    this.counts.watches++;
    const sep = this.path.includes('?') ? '&' : '?';
    const query = `watch=1&allowWatchBookmarks=true&resourceVersion=${encodeURIComponent(this.resourceVersion ?? '0')}&timeoutSeconds=${this.opts.timeoutSeconds ?? 300}`;
    // An ERROR event ends this request: the stream is cut (its own controller) and the loop decides.
    const cut = new AbortController();
    const onAbort = () => cut.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    let ended: Error | undefined;
    const end = (e: Error) => { ended ??= e; cut.abort(); };
    let events = 0;
    const split = lineSplitter((e) => {
      if (ended || signal.aborted) return;
      if (e.type === 'ERROR') {
        end(e.object.code === 410 ? new Gone() : new KubeUnavailableError(`watch ${this.path}: ${e.object.message ?? 'error event'}`, false));
        return;
      }
      events++;
      onEvent();
      if (e.object.metadata?.resourceVersion) this.resourceVersion = e.object.metadata.resourceVersion;
      if (e.type !== 'BOOKMARK') this.onChange();
    });
    const onText = (text: string) => {
      try { split(text); } catch (e) { end(new KubeUnavailableError(`watch ${this.path}: unreadable event (${e instanceof Error ? e.message : String(e)})`, false)); }
    };
    try {
      await this.reader.stream(`${this.path}${sep}${query}`, onText, cut.signal);
    } catch (e) {
      if (e instanceof KubeUnavailableError && /HTTP 410\b/.test(e.message)) throw new Gone();
      if (!ended) throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
    if (ended) throw ended;
    return events;
  }
}

export interface TreeWatchDeps {
  /** The row by id as last loaded; undefined once it is gone. */
  node(id: string): WatchNode | undefined;
  /** The rows it shows (already loaded: the row is expanded). */
  children(node: WatchNode): Promise<readonly WatchNode[]>;
  reader(node: WatchNode): Promise<KubeReader>;
  /** Read these rows' children again and show them. */
  refresh(ids: readonly string[]): void;
  readonly clock?: Clock;
  /** Changes within this time are shown with one refresh (a rollout is dozens of events). */
  readonly settleMs?: number;
  readonly listWatch?: Omit<ListWatchOptions, 'clock'>;
}

/**
 * The watches of the tree: a row's lists are watched while the row is expanded, every row above
 * it is expanded and the view is visible. Collapsing or hiding stops them (their versions are
 * kept, so showing them again resumes where they were); dispose() stops everything.
 */
export class TreeWatches {
  private readonly expandedIds = new Set<string>();
  private readonly collapsedIds = new Set<string>();
  private visible = false;
  private disposed = false;
  /** Active watches by row id, each with the paths it was started for. */
  private readonly active = new Map<string, { key: string; watches: ListWatch[] }>();
  /** Stopped watches by row id and path, to resume from their versions. */
  private readonly resumable = new Map<string, ListWatch>();
  private readonly pending = new Set<string>();
  private settleTimer: unknown;
  private generation = 0;

  constructor(private readonly deps: TreeWatchDeps) {}

  /** Row ids being watched now (for tests and the log). */
  get watching(): string[] { return [...this.active.keys()]; }

  /** A watch of `id` and path (for tests). */
  watchOf(id: string, path: string): ListWatch | undefined {
    return this.active.get(id)?.watches.find((w) => w.path === path) ?? this.resumable.get(`${id} ${path}`);
  }

  expanded(id: string): Promise<void> { this.expandedIds.add(id); this.collapsedIds.delete(id); return this.reconcile(); }
  collapsed(id: string): Promise<void> { this.expandedIds.delete(id); this.collapsedIds.add(id); return this.reconcile(); }
  setVisible(visible: boolean): Promise<void> { this.visible = visible; return this.reconcile(); }

  /** Call after rows were loaded again: rows gone stop their watches, a release's new kinds get theirs. */
  reconcile(): Promise<void> {
    const generation = ++this.generation;
    return this.apply(generation);
  }

  dispose(): void {
    this.disposed = true;
    for (const id of [...this.active.keys()]) this.stopRow(id);
    this.resumable.clear();
    if (this.settleTimer !== undefined) (this.deps.clock ?? systemClock).clearTimeout(this.settleTimer);
  }

  /**
   * Shown: expanded, and no row above it collapsed since. A row above that was never seen either
   * way was expanded to show this one (VS Code restores expansion without telling).
   */
  private shown(id: string): boolean {
    if (!this.visible || !this.expandedIds.has(id)) return false;
    for (const other of this.collapsedIds) if (id.startsWith(`${other}/`)) return false;
    return true;
  }

  private async apply(generation: number): Promise<void> {
    const wanted = new Map<string, { node: WatchNode; paths: string[] }>();
    for (const id of this.expandedIds) {
      const node = this.deps.node(id);
      if (!node) { this.expandedIds.delete(id); continue; }
      if (this.disposed || !this.shown(id) || watchPaths(node).length === 0) continue;
      const paths = watchPaths(node, node.kind === 'release' ? await this.deps.children(node) : []);
      if (generation !== this.generation) return;
      wanted.set(id, { node, paths });
    }
    for (const [id, entry] of [...this.active]) {
      const want = wanted.get(id);
      if (!want || want.paths.join('\n') !== entry.key) this.stopRow(id);
    }
    for (const [id, { node, paths }] of wanted) {
      if (this.active.has(id)) continue;
      const reader = await this.deps.reader(node).catch(() => undefined);
      // Something else changed meanwhile; that reconcile decides.
      if (generation !== this.generation || !reader || this.active.has(id)) { if (generation !== this.generation) return; continue; }
      const watches = paths.map((path) => {
        const key = `${id} ${path}`;
        const w = this.resumable.get(key) ?? new ListWatch(reader, path, () => this.changed(id), { ...this.deps.listWatch, ...(this.deps.clock ? { clock: this.deps.clock } : {}) });
        this.resumable.delete(key);
        w.start();
        return w;
      });
      this.active.set(id, { key: paths.join('\n'), watches });
    }
  }

  private stopRow(id: string): void {
    const entry = this.active.get(id);
    if (!entry) return;
    this.active.delete(id);
    for (const w of entry.watches) {
      w.stop();
      if (!this.disposed && this.deps.node(id)) this.resumable.set(`${id} ${w.path}`, w);
    }
  }

  private changed(id: string): void {
    if (this.disposed || !this.active.has(id)) return;
    this.pending.add(id);
    if (this.settleTimer !== undefined) return;
    const clock = this.deps.clock ?? systemClock;
    this.settleTimer = clock.setTimeout(() => {
      this.settleTimer = undefined;
      const ids = [...this.pending].filter((x) => this.active.has(x) && this.deps.node(x));
      // Rows gone meanwhile (a namespace deleted, another profile shown) stop their watches.
      if (ids.length < this.pending.size) void this.reconcile();
      this.pending.clear();
      // Each row re-reads its own list only (rows below one that looks the same are not re-read
      // with it), so every row that changed is refreshed, a namespace and its kind group alike.
      if (ids.length) this.deps.refresh(ids);
    }, this.deps.settleMs ?? 300);
  }
}
