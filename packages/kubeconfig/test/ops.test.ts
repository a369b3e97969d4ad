import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  KubeconfigConflictError,
  KubeconfigParseError,
  listMergedClusters,
  locateKubeconfig,
  mergeClusterCert,
  removeClusterEntries,
  undoLastChange,
  UndoError,
  withLock,
} from '../src/index.js';
import { answer, CERT_EXPIRY, KEY_DATA, tempDir } from './helpers.js';

const cluster = { id: 'c-1', name: 'demo', region: 'cn-north-4' };
const NAME = 'cce-cn-north-4-demo-internal';
const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;

describe('locateKubeconfig', () => {
  it('picks the first KUBECONFIG path, else ~/.kube/config, and an explicit path alone', () => {
    expect(locateKubeconfig({ env: { KUBECONFIG: '/a/one::/b/two' }, delimiter: ':' })).toEqual({ target: '/a/one', all: ['/a/one', '/b/two'] });
    expect(locateKubeconfig({ env: {}, homedir: '/home/u' })).toEqual({ target: '/home/u/.kube/config', all: ['/home/u/.kube/config'] });
    expect(locateKubeconfig({ path: '/x/y', env: { KUBECONFIG: '/a' } })).toEqual({ target: '/x/y', all: ['/x/y'] });
    expect(() => locateKubeconfig({ env: {} })).toThrow(/no home directory/);
  });
});

describe('mergeClusterCert', () => {
  it('creates ~/.kube/config with mode 0600 and makes the new context current', async () => {
    const home = await tempDir();
    const r = await mergeClusterCert({ answer: answer(), cluster, env: {}, homedir: home });
    expect(r).toMatchObject({ path: join(home, '.kube', 'config'), created: true, changed: true, contextName: NAME, currentContext: NAME });
    expect(r.certificateExpiresAt).toEqual(CERT_EXPIRY);
    expect(await mode(r.path)).toBe(0o600);
    const doc = parse(await fs.readFile(r.path, 'utf8'));
    expect(doc['current-context']).toBe(NAME);
    expect(await listMergedClusters({ env: {}, homedir: home })).toMatchObject([{ clusterId: 'c-1', context: NAME, certificateExpiresAt: CERT_EXPIRY }]);
  });

  it('writes into the first KUBECONFIG file, checks the others for conflicts, and tightens the mode', async () => {
    const dir = await tempDir();
    const first = join(dir, 'first');
    const second = join(dir, 'second');
    await fs.writeFile(first, 'apiVersion: v1\nkind: Config\ncurrent-context: mine\n', { mode: 0o644 });
    await fs.writeFile(second, `contexts:\n- name: ${NAME}\n  context: {cluster: a, user: b}\n`);
    const env = { KUBECONFIG: `${first}:${second}` };
    await expect(mergeClusterCert({ answer: answer(), cluster, env, delimiter: ':' })).rejects.toThrow(KubeconfigConflictError);
    const r = await mergeClusterCert({ answer: answer(), cluster, env, delimiter: ':', onConflict: 'rename' });
    expect(r.path).toBe(first);
    expect(r.contextName).toBe(`${NAME}-2`);
    expect(r.currentContext).toBe('mine');
    expect(await mode(first)).toBe(0o600);
    expect(await fs.readFile(second, 'utf8')).toContain(`name: ${NAME}`);
  });

  it('shows a dry run as a diff with the key masked, and writes nothing', async () => {
    const home = await tempDir();
    const r = await mergeClusterCert({ answer: answer(), cluster, env: {}, homedir: home, dryRun: true });
    expect(r.diff).toContain(`+- name: ${NAME}`);
    expect(r.diff).toContain('client-key-data: <redacted>');
    expect(r.diff).not.toContain(KEY_DATA);
    await expect(fs.stat(r.path)).rejects.toThrow(/ENOENT/);
  });

  it('backs up, keeps the last few backups, and undoes the last change', async () => {
    const dir = await tempDir();
    const path = join(dir, 'config');
    const original = '# mine\napiVersion: v1\nkind: Config\ncurrent-context: ""\n';
    await fs.writeFile(path, original);
    const first = await mergeClusterCert({ answer: answer(), cluster, path });
    expect(await fs.readFile(first.backup as string, 'utf8')).toBe(original);
    expect(await mode(first.backup as string)).toBe(0o600);
    const afterFirst = await fs.readFile(path, 'utf8');
    for (let i = 0; i < 7; i++) await mergeClusterCert({ answer: answer({ server: `https://10.0.0.${i}:5443` }), cluster, path, keepBackups: 3 });
    const backups = (await fs.readdir(join(dir, '.cce-autopilot-backups'))).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(3);
    await undoLastChange({ path });
    expect(parse(await fs.readFile(path, 'utf8')).clusters[0].cluster.server).toBe('https://10.0.0.5:5443');
    await expect(undoLastChange({ path })).rejects.toThrow(/nothing to undo/);
    expect(afterFirst).toContain(NAME);
  });

  it('undo of a merge that created the file deletes it; undo refuses after another tool changed the file', async () => {
    const dir = await tempDir();
    const path = join(dir, 'config');
    await mergeClusterCert({ answer: answer(), cluster, path });
    await undoLastChange({ path });
    await expect(fs.stat(path)).rejects.toThrow(/ENOENT/);
    await mergeClusterCert({ answer: answer(), cluster, path });
    await fs.appendFile(path, '# edited by hand\n');
    await expect(undoLastChange({ path })).rejects.toThrow(UndoError);
    expect(await fs.readFile(path, 'utf8')).toContain('# edited by hand');
  });

  it('never modifies a malformed kubeconfig and says where it is broken', async () => {
    const dir = await tempDir();
    const path = join(dir, 'config');
    const broken = 'apiVersion: v1\nclusters:\n- name: a\n   cluster: x\n';
    await fs.writeFile(path, broken);
    const err = await mergeClusterCert({ answer: answer(), cluster, path }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeconfigParseError);
    expect((err as Error).message).toMatch(new RegExp(`^${path}:3:\\d+: `));
    expect(await fs.readFile(path, 'utf8')).toBe(broken);
    expect(await fs.readdir(dir)).toEqual(['config']);
  });

  it('writes through a symlink to the real file', async () => {
    const dir = await tempDir();
    const real = join(dir, 'real-config');
    const link = join(dir, 'config');
    await fs.writeFile(real, 'apiVersion: v1\nkind: Config\n');
    await fs.symlink(real, link);
    await mergeClusterCert({ answer: answer(), cluster, path: link });
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toContain(NAME);
  });

  it('removes a cluster\'s entries and can undo that', async () => {
    const dir = await tempDir();
    const path = join(dir, 'config');
    await mergeClusterCert({ answer: answer({ external: 'https://1.2.3.4:5443' }), cluster, path });
    const ext = await mergeClusterCert({ answer: answer({ external: 'https://1.2.3.4:5443' }), cluster, path, endpoint: 'external' });
    expect(ext.warnings.join()).toMatch(/WITHOUT verifying/);
    const merged = await fs.readFile(path, 'utf8');
    const r = await removeClusterEntries({ path, clusterId: 'c-1' });
    expect(r.removed).toHaveLength(6);
    expect(r.clearedCurrentContext).toBe(true);
    expect(parse(await fs.readFile(path, 'utf8')).clusters).toEqual([]);
    expect((await removeClusterEntries({ path, clusterId: 'c-1' })).changed).toBe(false);
    await undoLastChange({ path });
    expect(await fs.readFile(path, 'utf8')).toBe(merged);
  });
});

describe('withLock', () => {
  it('takes over a lock left by a process that is gone', async () => {
    const dir = await tempDir();
    const file = join(dir, 'config');
    const { hostname } = await import('node:os');
    // The highest pid Linux hands out is below 2^22, so this one cannot be running.
    await fs.writeFile(`${file}.lock`, JSON.stringify({ pid: 4_194_304 + 7, host: hostname() }));
    expect(await withLock(file, async () => 'done', { timeoutMs: 2000 })).toBe('done');
    await expect(fs.stat(`${file}.lock`)).rejects.toThrow(/ENOENT/);
  });

  it('waits for a live lock and gives up with a clear message', async () => {
    const dir = await tempDir();
    const file = join(dir, 'config');
    await fs.writeFile(`${file}.lock`, '');
    await expect(withLock(file, async () => 'never', { timeoutMs: 200, staleMs: 60_000 })).rejects.toThrow(/is locked by another process/);
    // An empty lock (kubectl's) is stale once old enough.
    expect(await withLock(file, async () => 'ok', { timeoutMs: 2000, staleMs: 0 })).toBe('ok');
  });
});
