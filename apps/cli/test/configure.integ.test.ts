// `configure` writes a profile the auth chain reads, checked with one call; `configure list`
// masks the SK. HOME points to a temporary folder: the real one is never touched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileFileProvider, nodeReadTextFile } from '@cce-autopilot/auth';
import { startEmulator, type RunningEmulator } from '@cce-autopilot/emulator';
import { main } from '../src/main.js';

let emulator: RunningEmulator;
let home: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 'empty', speed: 'instant' });
  home = await mkdtemp(join(tmpdir(), 'cce-configure-'));
});

afterAll(async () => {
  await emulator?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

async function cli(args: string[], ask?: (q: string, o?: { secret?: boolean }) => Promise<string>) {
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    isTTY: ask !== undefined,
    env: { HOME: home },
    ...(ask ? { ask } : {}),
  };
  const code = await main(['--endpoint', emulator.url, '--region', emulator.region, ...args], io);
  return { code, stdout, stderr };
}

const file = () => join(home, '.huaweicloud', 'credentials');

describe('configure', () => {
  it('writes a checked profile (0600) that the auth chain reads, keeping other profiles and comments', async () => {
    await mkdir(join(home, '.huaweicloud'), { recursive: true });
    const before = '# my keys\n[basic]\nak = OLDAKOLDAKOLDAK\nsk = oldsecret-oldsecret\n; keep this comment\n\n[other]\nak = OTHERAK\nsk = othersecret-othersecret\n';
    await writeFile(file(), before);
    const result = await cli(['--profile', 'ci', '-o', 'json', 'configure', '--ak', emulator.ak, '--sk', emulator.sk]);
    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ profile: 'ci', projectId: emulator.projectId, checked: true, sk: `****${emulator.sk.slice(-4)}` });
    expect(result.stdout + result.stderr).not.toContain(emulator.sk);
    const text = await readFile(file(), 'utf8');
    expect(text.startsWith(before)).toBe(true);
    expect(text).toContain(`\n[ci]\nak = ${emulator.ak}\nsk = ${emulator.sk}\nproject_id = ${emulator.projectId}\n`);
    expect((await stat(file())).mode & 0o777).toBe(0o600);
    expect((await readdir(join(home, '.huaweicloud'))).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    const chain = profileFileProvider({ env: {}, homeDir: home, readTextFile: nodeReadTextFile, profile: 'ci' });
    const resolved = await chain.resolve();
    expect(resolved.found && resolved.credentials.ak).toBe(emulator.ak);
    expect(resolved.found && resolved.credentials.projectId).toBe(emulator.projectId);
    // The saved profile works for a command.
    const quotas = await main(['--endpoint', emulator.url, '--region', emulator.region, '--profile', 'ci', 'quotas'], { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false, env: { HUAWEICLOUD_SDK_CREDENTIALS_FILE: file() } });
    expect(quotas).toBe(0);
  });

  it('replaces the keys of an existing profile in place', async () => {
    const result = await cli(['configure', '--ak', emulator.ak, '--sk', emulator.sk]);
    expect(result.code, result.stderr).toBe(0);
    const text = await readFile(file(), 'utf8');
    expect(text).toContain(`# my keys\n[basic]\nak = ${emulator.ak}\nsk = ${emulator.sk}\n; keep this comment\nproject_id = ${emulator.projectId}\n\n[other]\nak = OTHERAK\n`);
  });

  it('writes nothing when the keys do not work (exit 1)', async () => {
    const before = await readFile(file(), 'utf8');
    const result = await cli(['--profile', 'bad', 'configure', '--ak', 'WRONGAKWRONGAK', '--sk', 'wrong-secret-wrong-secret']);
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('wrong-secret-wrong-secret');
    expect(await readFile(file(), 'utf8')).toBe(before);
  });

  it('asks for what is missing on a terminal', async () => {
    const questions: string[] = [];
    const answers = [emulator.ak, emulator.sk];
    const result = await cli(['--profile', 'asked', 'configure'], async (q, o) => (questions.push(`${q}${o?.secret ? '(hidden)' : ''}`), answers.shift() ?? ''));
    expect(result.code, result.stderr).toBe(0);
    // The SK is asked for without echo.
    expect(questions).toEqual(['AK for profile [asked]: ', 'SK for profile [asked]: (hidden)']);
  });

  it('configure list shows the profiles with the SK masked', async () => {
    const result = await cli(['configure', 'list']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^PROFILE\s+AK\s+SK\s+PROJECT ID\n/);
    expect(result.stdout).toMatch(/\nother\s+OTHERAK\s+\*\*\*\*cret\s*\n/);
    expect(result.stdout).toContain(`****${emulator.sk.slice(-4)}`);
    expect(result.stdout).not.toContain(emulator.sk);
    expect(result.stdout).not.toContain('othersecret-othersecret');
  });

  it('refuses a broken file with its line and changes nothing (exit 2)', async () => {
    const broken = join(home, 'broken');
    await writeFile(broken, '[basic]\nthis line is wrong\n');
    let stderr = '';
    const code = await main(['configure', '--ak', 'AK', '--sk', 'SK', '--no-check'], { stdout: { write: () => true }, stderr: { write: (t: string) => (stderr += t) }, isTTY: false, env: { HOME: home, HUAWEICLOUD_SDK_CREDENTIALS_FILE: broken } });
    expect(code).toBe(2);
    expect(stderr).toContain(`${broken}:2`);
    expect(await readFile(broken, 'utf8')).toBe('[basic]\nthis line is wrong\n');
  });
});
