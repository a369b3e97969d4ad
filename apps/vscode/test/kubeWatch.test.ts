import { describe, expect, it } from 'vitest';
import { KubeUnavailableError, type KubeReader } from '../src/core/kube.js';
import { lineSplitter, ListWatch, TreeWatches, watchPaths, type WatchNode } from '../src/core/kubeWatch.js';
import type { Clock } from '../src/core/poller.js';

/** A watch request the test answers: push events, end it (server timeout) or fail it. */
interface Connection { path: string; push(e: unknown): void; text(t: string): void; end(): void; fail(e: Error): void; /** Ended, failed or aborted. */ aborted: boolean }

/** A cluster whose lists answer a resourceVersion and whose watches the test drives. */
class WatchableCluster implements KubeReader {
  readonly lists: string[] = [];
  readonly connections: Connection[] = [];
  version = 100;
  listFails: Error | undefined;
  async list(): Promise<never[]> { return []; }
  async send(_method: string, path: string): Promise<string> {
    this.lists.push(path);
    if (this.listFails) throw this.listFails;
    return JSON.stringify({ metadata: { resourceVersion: String(this.version) }, items: [] });
  }
  stream(path: string, onText: (t: string) => void, signal: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      const c: Connection = {
        path, aborted: false,
        push: (e) => onText(`${JSON.stringify(e)}\n`), text: (t) => onText(t),
        end: () => { c.aborted = true; resolve(); }, fail: (e) => { c.aborted = true; reject(e); },
      };
      if (signal.aborted) throw new Error('a watch was started with an aborted signal');
      signal.addEventListener('abort', () => { c.aborted = true; resolve(); }, { once: true });
      this.connections.push(c);
    });
  }
  open(): Connection[] { return this.connections.filter((c) => !c.aborted); }
}

class FakeClock implements Clock {
  private timers: { fn: () => void; at: number; id: number }[] = [];
  private nextId = 0;
  now = 0;
  setTimeout(fn: () => void, ms: number): unknown { const id = ++this.nextId; this.timers.push({ fn, at: this.now + ms, id }); return id; }
  clearTimeout(h: unknown): void { this.timers = this.timers.filter((t) => t.id !== h); }
  get pending(): number { return this.timers.length; }
  advance(ms: number): void {
    this.now += ms;
    const due = this.timers.filter((t) => t.at <= this.now);
    this.timers = this.timers.filter((t) => t.at > this.now);
    for (const t of due) t.fn();
  }
}

/** Lets queued promise callbacks and I/O callbacks run until `check` holds (state, not time). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (check()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`never: ${what}`);
}

const pod = (rv: number, name = 'p') => ({ metadata: { name, resourceVersion: String(rv) } });
const query = (c: Connection) => new URL(c.path, 'https://x').searchParams;

describe('a list-then-watch', () => {
  it('lists once, watches from the list\'s version, follows every event and resumes after the server ends the watch', async () => {
    const cluster = new WatchableCluster();
    let changes = 0;
    const w = new ListWatch(cluster, '/api/v1/namespaces/default/pods', () => changes++, { timeoutSeconds: 60 });
    w.start();
    await until(() => cluster.open().length === 1, 'a watch request');
    const [first] = cluster.open();
    expect(cluster.lists).toEqual(['/api/v1/namespaces/default/pods']);
    expect(Object.fromEntries(query(first!))).toEqual({ watch: '1', allowWatchBookmarks: 'true', resourceVersion: '100', timeoutSeconds: '60' });
    first!.push({ type: 'ADDED', object: pod(101) });
    // Chunks may cut an event anywhere.
    const line = JSON.stringify({ type: 'MODIFIED', object: pod(102) });
    first!.text(line.slice(0, 10));
    expect(changes).toBe(1);
    first!.text(`${line.slice(10)}\n`);
    first!.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '150' } } });
    expect(changes).toBe(2);
    expect(w.resourceVersion).toBe('150');
    first!.end();
    await until(() => cluster.open().length === 1 && cluster.connections.length === 2, 'the watch resumed');
    expect(query(cluster.open()[0]!).get('resourceVersion')).toBe('150');
    expect(cluster.lists).toHaveLength(1);
    w.stop();
    expect(cluster.open()).toHaveLength(0);
  });

  it('lists again when the version is gone (an ERROR event with code 410, or HTTP 410), and tells the rows to reload', async () => {
    const cluster = new WatchableCluster();
    const clock = new FakeClock();
    let changes = 0;
    const w = new ListWatch(cluster, '/api/v1/namespaces', () => changes++, { clock });
    w.start();
    await until(() => cluster.open().length === 1, 'a watch');
    cluster.version = 500;
    cluster.open()[0]!.push({ type: 'ERROR', object: { kind: 'Status', code: 410, message: 'too old resource version: 100 (500)' } });
    await until(() => cluster.lists.length === 2 && cluster.open().length === 1, 're-listed and watching');
    expect(query(cluster.open()[0]!).get('resourceVersion')).toBe('500');
    expect(changes).toBe(1);
    cluster.version = 600;
    cluster.open()[0]!.fail(new KubeUnavailableError('GET /api/v1/namespaces: HTTP 410: Gone', false));
    // Gone again right after a list, with no event in between: it waits before listing again.
    await until(() => clock.pending === 1, 'a pause before the next list');
    expect(cluster.lists).toHaveLength(2);
    clock.advance(1000);
    await until(() => cluster.lists.length === 3 && cluster.open().length === 1, 're-listed after HTTP 410');
    expect(query(cluster.open()[0]!).get('resourceVersion')).toBe('600');
    expect(changes).toBe(2);
    w.stop();
  });

  it('waits before watching again when watches end with no event (a proxy closing them), not after one that brought events', async () => {
    const cluster = new WatchableCluster();
    const clock = new FakeClock();
    const w = new ListWatch(cluster, '/api/v1/pods', () => {}, { clock, backoff: { minMs: 1000, maxMs: 8000 } });
    w.start();
    await until(() => cluster.open().length === 1, 'a watch');
    cluster.open()[0]!.end();
    await until(() => clock.pending === 1, 'a pause');
    clock.advance(1000);
    await until(() => cluster.open().length === 1, 'watching again');
    cluster.open()[0]!.end();
    await until(() => clock.pending === 1, 'a longer pause');
    clock.advance(1999);
    expect(cluster.open()).toHaveLength(0);
    clock.advance(1);
    await until(() => cluster.open().length === 1, 'watching again after 2 s');
    cluster.open()[0]!.push({ type: 'ADDED', object: pod(101) });
    cluster.open()[0]!.end();
    await until(() => cluster.connections.length === 4 && cluster.open().length === 1, 'resumed at once');
    expect(clock.pending).toBe(0);
    w.stop();
  });

  it('retries a failed watch after a doubling delay, and stop() ends the wait', async () => {
    const cluster = new WatchableCluster();
    const clock = new FakeClock();
    const errors: string[] = [];
    const w = new ListWatch(cluster, '/api/v1/pods', () => {}, { clock, backoff: { minMs: 1000, maxMs: 4000 }, onError: (_p, e) => errors.push((e as Error).message) });
    w.start();
    await until(() => cluster.open().length === 1, 'a watch');
    cluster.open()[0]!.fail(new KubeUnavailableError('connection reset', true));
    await until(() => clock.pending === 1, 'a retry scheduled');
    expect(cluster.open()).toHaveLength(0);
    clock.advance(999);
    expect(cluster.connections).toHaveLength(1);
    clock.advance(1);
    await until(() => cluster.open().length === 1, 'retried');
    // An ERROR event other than 410 is a failure too; the next delay is twice as long.
    cluster.open()[0]!.push({ type: 'ERROR', object: { code: 500, message: 'internal error' } });
    await until(() => clock.pending === 1, 'second retry scheduled');
    clock.advance(1999);
    expect(cluster.open()).toHaveLength(0);
    expect(errors).toEqual(['connection reset', 'watch /api/v1/pods: internal error']);
    w.stop();
    expect(clock.pending).toBe(0);
    clock.advance(10_000);
    await new Promise((r) => setImmediate(r));
    expect(cluster.open()).toHaveLength(0);
  });

  it("watches from the version the row's own list was read at, with no list of its own, and lists when that version is gone", async () => {
    const cluster = new WatchableCluster();
    const reader: KubeReader = Object.assign(cluster, { listedVersion: (path: string) => (path === '/api/v1/namespaces/default/pods' ? '42' : undefined) });
    let changes = 0;
    const w = new ListWatch(reader, '/api/v1/namespaces/default/pods', () => changes++);
    w.start();
    await until(() => cluster.open().length === 1, 'a watch');
    expect(cluster.lists).toEqual([]);
    expect(query(cluster.open()[0]!).get('resourceVersion')).toBe('42');
    // What changed between the row's list and the watch arrives as events.
    cluster.open()[0]!.push({ type: 'DELETED', object: pod(43) });
    expect(changes).toBe(1);
    cluster.open()[0]!.push({ type: 'ERROR', object: { code: 410, message: 'too old' } });
    await until(() => cluster.lists.length === 1 && cluster.open().length === 1, 're-listed');
    expect(changes).toBe(2);
    w.stop();
  });

  it('splits a stream into events by line', () => {
    const seen: string[] = [];
    const feed = lineSplitter((e) => seen.push(e.type));
    feed('{"type":"ADDED","object":{}}\n{"type":"DEL');
    feed('ETED","object":{}}\n\n');
    expect(seen).toEqual(['ADDED', 'DELETED']);
  });
});

describe('the watches of the tree', () => {
  const c = 'emu/cn-north-4/c1';
  const rows: WatchNode[] = [
    { id: `${c}/kubernetes`, kind: 'kubernetes', label: 'Kubernetes' },
    { id: `${c}/kubernetes/default`, kind: 'namespace', label: 'default' },
    { id: `${c}/kubernetes/default/Pod`, kind: 'kubeGroup', label: 'Pods', data: { namespace: 'default', kind: 'Pod' } },
    { id: `${c}/releases/default/web`, kind: 'release', label: 'default/web', data: { namespace: 'default', name: 'web' } },
    { id: c, kind: 'cluster', label: 'c1' },
    { id: `${c}/releases`, kind: 'releases', label: 'Chart releases' },
  ];
  const releaseChildren: WatchNode[] = [
    { id: `${c}/releases/default/web/ClusterRole//web-reader`, kind: 'kubeObject', label: 'ClusterRole web-reader', data: { kind: 'ClusterRole', namespace: '', name: 'web-reader', path: '/apis/rbac.authorization.k8s.io/v1/clusterroles/web-reader' } },
    { id: `${c}/releases/default/web/Secret/default/tok`, kind: 'kubeObject', label: 'Secret tok', data: { kind: 'Secret', namespace: 'default', name: 'tok', path: '/api/v1/namespaces/default/secrets/tok' } },
  ];

  function setup() {
    const cluster = new WatchableCluster();
    const clock = new FakeClock();
    const refreshed: string[][] = [];
    const known = new Map(rows.map((r) => [r.id, r]));
    const watches = new TreeWatches({
      node: (id) => known.get(id),
      children: async (n) => (n.kind === 'release' ? releaseChildren : []),
      reader: async () => cluster,
      refresh: (ids) => refreshed.push([...ids]),
      clock,
      settleMs: 300,
    });
    return { cluster, clock, refreshed, known, watches };
  }

  it('knows which lists each row shows', () => {
    expect(watchPaths(rows[0]!)).toEqual(['/api/v1/namespaces']);
    expect(watchPaths(rows[1]!)).toHaveLength(7);
    expect(watchPaths(rows[2]!)).toEqual(['/api/v1/namespaces/default/pods']);
    const release = watchPaths(rows[3]!, releaseChildren);
    expect(release).toContain('/api/v1/namespaces/default/pods');
    expect(release).toContain('/apis/apps/v1/deployments?labelSelector=app.kubernetes.io%2Fmanaged-by%3DHelm');
    expect(release).toHaveLength(6 + 2 + 1);
    expect(release).toContain('/apis/rbac.authorization.k8s.io/v1/clusterroles?labelSelector=app.kubernetes.io%2Fmanaged-by%3DHelm');
    expect(release).toContain('/api/v1/secrets?labelSelector=app.kubernetes.io%2Fmanaged-by%3DHelm');
    expect(watchPaths(rows[4]!)).toEqual([]);
  });

  it('watches an expanded row while the view is visible; collapsing, hiding and disposing stop it; showing again resumes from the version', async () => {
    const { cluster, watches } = setup();
    await watches.expanded(`${c}/kubernetes`);
    expect(watches.watching).toEqual([]);
    await watches.setVisible(true);
    expect(watches.watching).toEqual([`${c}/kubernetes`]);
    await until(() => cluster.open().length === 1, 'the namespaces watch');
    cluster.open()[0]!.push({ type: 'ADDED', object: pod(120, 'team-a') });
    // Hidden: nothing runs; shown again: watched from the last version, with no new list.
    await watches.setVisible(false);
    expect(watches.watching).toEqual([]);
    expect(cluster.open()).toHaveLength(0);
    await watches.setVisible(true);
    await until(() => cluster.open().length === 1, 'resumed');
    expect(query(cluster.open()[0]!).get('resourceVersion')).toBe('120');
    expect(cluster.lists).toHaveLength(1);
    // A row under a collapsed row is not shown, so not watched, until that row is expanded again.
    await watches.expanded(`${c}/kubernetes/default/Pod`);
    await watches.expanded(`${c}/kubernetes/default`);
    expect(watches.watching.sort()).toEqual([`${c}/kubernetes`, `${c}/kubernetes/default`, `${c}/kubernetes/default/Pod`]);
    await watches.collapsed(`${c}/kubernetes`);
    expect(watches.watching).toEqual([]);
    expect(cluster.open()).toHaveLength(0);
    await watches.expanded(`${c}/kubernetes`);
    expect(watches.watching).toHaveLength(3);
    await until(() => cluster.open().length === 1 + 7 + 1, 'every list watched');
    watches.dispose();
    expect(watches.watching).toEqual([]);
    expect(cluster.open()).toHaveLength(0);
  });

  it('shows a burst of changes with one refresh of the rows that changed', async () => {
    const { cluster, clock, refreshed, watches } = setup();
    await watches.setVisible(true);
    await watches.expanded(`${c}/kubernetes`);
    await watches.expanded(`${c}/kubernetes/default`);
    await watches.expanded(`${c}/kubernetes/default/Pod`);
    await until(() => cluster.open().length === 9, 'watching');
    const pods = cluster.open().filter((x) => x.path.startsWith('/api/v1/namespaces/default/pods?'));
    expect(pods).toHaveLength(2);
    pods[1]!.push({ type: 'MODIFIED', object: pod(130) });
    pods[1]!.push({ type: 'MODIFIED', object: pod(131) });
    expect(refreshed).toEqual([]);
    clock.advance(300);
    expect(refreshed).toEqual([[`${c}/kubernetes/default/Pod`]]);
    // The namespace row and its kind group both changed: each re-reads its own list.
    pods[0]!.push({ type: 'DELETED', object: pod(132) });
    pods[1]!.push({ type: 'DELETED', object: pod(132) });
    clock.advance(300);
    expect(refreshed).toHaveLength(2);
    expect([...refreshed[1]!].sort()).toEqual([`${c}/kubernetes/default`, `${c}/kubernetes/default/Pod`]);
    watches.dispose();
  });

  it('does not refresh a row that went away after its change came (another profile shown), and stops its watch', async () => {
    const { cluster, clock, known, refreshed, watches } = setup();
    await watches.setVisible(true);
    await watches.expanded(`${c}/kubernetes`);
    await until(() => cluster.open().length === 1, 'watching');
    cluster.open()[0]!.push({ type: 'ADDED', object: pod(200, 'team-b') });
    known.delete(`${c}/kubernetes`);
    clock.advance(300);
    expect(refreshed).toEqual([]);
    await until(() => watches.watching.length === 0 && cluster.open().length === 0, 'the watch stopped');
    watches.dispose();
  });

  it("watches a release's kinds, and stops watching a row that is gone", async () => {
    const { cluster, known, watches } = setup();
    await watches.setVisible(true);
    await watches.expanded(`${c}/releases`);
    await watches.expanded(`${c}/releases/default/web`);
    expect(watches.watching).toEqual([`${c}/releases/default/web`]);
    await until(() => cluster.open().length === 9, 'the release\'s 6 labelled workload lists, its pods and its 2 other kinds');
    known.delete(`${c}/releases/default/web`);
    await watches.reconcile();
    expect(watches.watching).toEqual([]);
    expect(cluster.open()).toHaveLength(0);
    watches.dispose();
  });
});
