import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeClusterCert, removeClusterEntries, undoLastChange } from '../src/index.js';
import { answer, KEY_DATA, tempDir } from './helpers.js';

const cluster = { id: 'c-1', name: 'demo', region: 'cn-north-4' };

/** The pid of a process that has ended: what a merge killed mid-write leaves in its temp file names. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  const pid = child.pid!;
  await new Promise((resolve) => child.once('exit', resolve));
  return pid;
}

describe('what a killed merge leaves behind', () => {
  it('the next run removes its own stale temp files (they hold keys), and nothing else', async () => {
    const dir = await tempDir();
    const path = join(dir, 'config');
    await mergeClusterCert({ answer: answer(), cluster, path });
    const dead = await deadPid();
    const stale = join(dir, `.config.tmp-${dead}-0123456789ab`);
    const staleBackup = join(dir, '.cce-autopilot-backups', `.config.20260101T000000000Z-abcdef.bak.tmp-${dead}-0123456789ab`);
    await fs.writeFile(stale, `client-key-data: ${KEY_DATA}\n`, { mode: 0o600 });
    await fs.writeFile(staleBackup, `client-key-data: ${KEY_DATA}\n`, { mode: 0o600 });
    // Not ours to remove: a live process's temp file, another file's, a look-alike, and a link.
    const live = join(dir, `.config.tmp-${process.ppid}-0123456789ab`);
    const other = join(dir, `.other.tmp-${dead}-0123456789ab`);
    const lookalike = join(dir, '.config.tmp-notes');
    const outside = join(await tempDir(), 'precious');
    const link = join(dir, `.config.tmp-${dead}-ba9876543210`);
    for (const f of [live, other, lookalike, outside]) await fs.writeFile(f, 'keep');
    await fs.symlink(outside, link);

    await mergeClusterCert({ answer: answer(), cluster, path, contextName: 'again', onConflict: 'overwrite' });
    const left = await fs.readdir(dir);
    expect(left).not.toContain(`.config.tmp-${dead}-0123456789ab`);
    expect(await fs.readdir(join(dir, '.cce-autopilot-backups'))).not.toContain(`.config.20260101T000000000Z-abcdef.bak.tmp-${dead}-0123456789ab`);
    for (const f of [live, other, lookalike, outside]) expect(await fs.readFile(f, 'utf8')).toBe('keep');
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
  });
});

describe('a dangling symlink at the kubeconfig path', () => {
  it('is followed as kubectl follows it: the target is created, the link stays a link', async () => {
    const dir = await tempDir();
    const real = join(dir, 'real', 'config');
    await fs.mkdir(join(dir, 'real'));
    const link = join(dir, 'config');
    await fs.symlink(real, link);
    const r = await mergeClusterCert({ answer: answer(), cluster, path: link });
    expect(r.path).toBe(await fs.realpath(real));
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(real, 'utf8')).toContain('cce-cn-north-4-demo-internal');
  });

  it('a relative link and a chain of links are followed too', async () => {
    const dir = await tempDir();
    await fs.symlink('middle', join(dir, 'config'));
    await fs.symlink('./end-config', join(dir, 'middle'));
    await mergeClusterCert({ answer: answer(), cluster, path: join(dir, 'config') });
    expect((await fs.lstat(join(dir, 'config'))).isSymbolicLink()).toBe(true);
    expect((await fs.lstat(join(dir, 'middle'))).isSymbolicLink()).toBe(true);
    expect(await fs.readFile(join(dir, 'end-config'), 'utf8')).toContain('cce-cn-north-4-demo-internal');
  });

  it('is refused with a clear message when the target folder does not exist (kubectl fails there too)', async () => {
    const dir = await tempDir();
    const link = join(dir, 'config');
    await fs.symlink(join(dir, 'gone', 'config'), link);
    await expect(mergeClusterCert({ answer: answer(), cluster, path: link })).rejects.toThrow(
      `${link} is a symbolic link to ${join(dir, 'gone', 'config')}, and the folder ${join(dir, 'gone')} does not exist`,
    );
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true);
    expect(await fs.readdir(dir)).toEqual(['config']);
  });

  it('a link loop is refused, not spun on', async () => {
    const dir = await tempDir();
    await fs.symlink('b', join(dir, 'a'));
    await fs.symlink('a', join(dir, 'b'));
    await expect(mergeClusterCert({ answer: answer(), cluster, path: join(dir, 'a') })).rejects.toThrow();
    expect((await fs.lstat(join(dir, 'a'))).isSymbolicLink()).toBe(true);
  });
});

describe('kubeconfig remove with purgeBackups', () => {
  it('removes the cluster entries, and so its key, from every backup too', async () => {
    const dir = await tempDir();
    const path = join(dir, 'config');
    await mergeClusterCert({ answer: answer(), cluster, path });
    await mergeClusterCert({ answer: answer(), cluster: { id: 'c-2', name: 'other', region: 'cn-north-4' }, path });
    await mergeClusterCert({ answer: answer(), cluster, path, endpoint: 'internal', contextName: 'demo2', onConflict: 'overwrite' });
    const backups = join(dir, '.cce-autopilot-backups');
    const before = (await fs.readdir(backups)).filter((f) => f.endsWith('.bak'));
    expect(before.length).toBeGreaterThan(0);
    const withKey = async () => {
      const hits: string[] = [];
      for (const f of (await fs.readdir(backups)).filter((x) => x.endsWith('.bak'))) if ((await fs.readFile(join(backups, f), 'utf8')).includes('c-1')) hits.push(f);
      return hits;
    };
    expect((await withKey()).length).toBeGreaterThan(0);

    // Without the option the backups keep it (and undo can bring the entries back).
    const plain = await removeClusterEntries({ path, clusterId: 'c-1', dryRun: true });
    expect(plain.purgedBackups).toBeUndefined();

    const r = await removeClusterEntries({ path, clusterId: 'c-1', purgeBackups: true });
    expect(r.removed.length).toBeGreaterThan(0);
    expect(r.purgedBackups!.length).toBeGreaterThan(0);
    expect(await withKey()).toEqual([]);
    expect(await fs.readFile(path, 'utf8')).not.toContain('c-1');
    // The other cluster is still in the backups; the file mode stays owner-only.
    for (const f of (await fs.readdir(backups)).filter((x) => x.endsWith('.bak'))) {
      expect((await fs.stat(join(backups, f))).mode & 0o777).toBe(0o600);
    }
    expect((await fs.readFile(join(backups, before[before.length - 1]!), 'utf8'))).toContain('c-2');
    // undo still works on the file; it cannot bring back the purged entries.
    await undoLastChange({ path });
    expect(await fs.readFile(path, 'utf8')).not.toContain('c-1');
  });
});
