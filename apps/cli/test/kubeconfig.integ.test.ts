import { execFile, execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runner } from './run.js';

const exec = promisify(execFile);
const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

let emulator: RunningEmulator;
let cli: ReturnType<typeof runner>;
let cluster: { id: string; name: string };
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'demo', speed: 'instant' });
  cli = runner(emulator);
  const list = (await cli('clusters', 'list', '--output', 'json')).json();
  const available = list.items.find((c: { status: { phase: string } }) => c.status.phase === 'Available');
  cluster = { id: available.metadata.uid, name: available.metadata.name };
  dir = await mkdtemp(join(tmpdir(), 'cli-kubeconfig-'));
});

afterAll(async () => {
  await emulator?.stop();
});

describe('cce-autopilot kubeconfig', () => {
  it('get merges by cluster name, prints the file and context, and kubectl can use it', async () => {
    const file = join(dir, 'config');
    await fs.writeFile(file, '# mine\napiVersion: v1\nkind: Config\ncurrent-context: ""\n');
    const r = await cli('kubeconfig', 'get', cluster.name, '--kubeconfig', file, '--set-current', '--duration', '7');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const context = `cce-${emulator.region}-${cluster.name}-internal`;
    expect(r.stdout).toContain(`Updated ${file}: context ${context} (current context)`);
    expect(r.stdout).toMatch(/Client certificate expires \d{4}-\d\d-\d\dT/);
    const doc = parse(await fs.readFile(file, 'utf8'));
    expect(doc['current-context']).toBe(context);
    expect((await fs.stat(file)).mode & 0o777).toBe(0o600);
    if (hasKubectl) {
      const out = await exec('kubectl', ['--kubeconfig', file, 'get', 'namespaces', '-o', 'name'], { timeout: 60_000 });
      expect(out.stdout.trim().split('\n').sort()).toEqual(['namespace/default', 'namespace/kube-public', 'namespace/kube-system']);
    }
    const listed = await cli('kubeconfig', 'list', '--kubeconfig', file, '--output', 'json');
    expect(listed.json()).toMatchObject([{ context, id: cluster.id, endpoint: 'internal' }]);
  });

  it('get by id with --dry-run prints a masked diff and writes nothing', async () => {
    const file = join(dir, 'dry');
    const r = await cli('kubeconfig', 'get', cluster.id, '--out', file, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('client-key-data: <redacted>');
    expect(r.stdout).toContain(`Dry run: ${file} was not written`);
    await expect(fs.stat(file)).rejects.toThrow(/ENOENT/);
  });

  it('remove and undo', async () => {
    const file = join(dir, 'rm');
    expect((await cli('kubeconfig', 'get', cluster.name, '--out', file)).code).toBe(0);
    const merged = await fs.readFile(file, 'utf8');
    const rm = await cli('kubeconfig', 'remove', cluster.name, '--kubeconfig', file);
    expect(rm.code).toBe(0);
    expect(rm.stdout).toMatch(/^Removed cluster cce-.*, user cce-.*, context cce-.* from /);
    expect(parse(await fs.readFile(file, 'utf8')).contexts).toEqual([]);
    const undo = await cli('kubeconfig', 'undo', '--kubeconfig', file);
    expect(undo.code).toBe(0);
    expect(undo.stdout).toContain('Undid "remove cluster');
    expect(await fs.readFile(file, 'utf8')).toBe(merged);
  });

  it('remove --purge-backups takes the cluster key out of the backups too', async () => {
    const file = join(dir, 'purge');
    expect((await cli('kubeconfig', 'get', cluster.name, '--out', file)).code).toBe(0);
    // A second merge makes a backup holding the first merge's entries.
    expect((await cli('kubeconfig', 'get', cluster.name, '--out', file, '--context-name', 'again')).code).toBe(0);
    const backups = join(dir, '.cce-autopilot-backups');
    const keyed = async () => {
      const out: string[] = [];
      for (const f of (await fs.readdir(backups)).filter((x) => x.startsWith('purge.') && x.endsWith('.bak'))) {
        if ((await fs.readFile(join(backups, f), 'utf8')).includes('client-key-data')) out.push(f);
      }
      return out;
    };
    expect((await keyed()).length).toBeGreaterThan(0);
    const rm = await cli('kubeconfig', 'remove', cluster.name, '--kubeconfig', file, '--purge-backups');
    expect(rm.code, rm.stderr).toBe(0);
    expect(rm.stdout).toMatch(/Removed them from \d+ backups? too\./);
    expect(await keyed()).toEqual([]);
  });

  it('explains usage errors with exit code 2', async () => {
    const file = join(dir, 'errors');
    const unknown = await cli('kubeconfig', 'get', 'no-such-cluster', '--kubeconfig', file);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/no cluster "no-such-cluster"/);
    const both = await cli('kubeconfig', 'get', cluster.name, '--kubeconfig', file, '--out', file);
    expect(both.code).toBe(2);
    const days = await cli('kubeconfig', 'get', cluster.name, '--kubeconfig', file, '--duration', '0');
    expect(days.code).toBe(2);
    expect(days.stderr).toContain('--duration must be a number of days from 1 to 1827');
    await fs.writeFile(file, `clusters:\n- name: cce-${emulator.region}-${cluster.name}-internal\n  cluster: {server: "https://x"}\n`);
    const conflict = await cli('kubeconfig', 'get', cluster.name, '--kubeconfig', file);
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toMatch(/already exists in .* rename .* overwrite/);
    expect((await cli('kubeconfig', 'get', cluster.name, '--kubeconfig', file, '--on-conflict', 'rename')).stdout).toMatch(/context cce-.*-internal-2/);
    await fs.writeFile(file, 'clusters: [\n');
    const broken = await cli('kubeconfig', 'get', cluster.name, '--kubeconfig', file);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+: .*not modified`));
  });
});
