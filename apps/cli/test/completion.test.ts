// The completion scripts come from the command tree. bash must accept the script, register it,
// and complete commands, options and choices; zsh and fish get the same data.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main.js';

async function script(shell: string): Promise<string> {
  let stdout = '';
  const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true }, isTTY: false, env: {} };
  expect(await main(['completion', shell], io)).toBe(0);
  return stdout;
}

/** Completions bash offers for the words (the last one being completed). */
function complete(file: string, words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const run = spawnSync('bash', ['--norc', '--noprofile', '-c', `source '${file}' && COMP_WORDS=(${array}) && COMP_CWORD=${words.length - 1} && _cce_autopilot && printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.split('\n').filter((l) => l !== '');
}

describe('completion', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cce-completion-'));

  it('bash: the script parses (bash -n) and registers itself (complete -p)', async () => {
    const file = join(dir, 'cce.bash');
    writeFileSync(file, await script('bash'));
    const syntax = spawnSync('bash', ['-n', file], { encoding: 'utf8' });
    expect(syntax.status, syntax.stderr).toBe(0);
    const registered = spawnSync('bash', ['--norc', '--noprofile', '-c', `source '${file}' && complete -p cce-autopilot`], { encoding: 'utf8' });
    expect(registered.stdout.trim()).toBe('complete -o default -F _cce_autopilot cce-autopilot');
  });

  it('bash: completes commands, sub-commands, options and choices', async () => {
    const file = join(dir, 'cce2.bash');
    writeFileSync(file, await script('bash'));
    expect(complete(file, ['cce-autopilot', 'clu'])).toEqual(['clusters']);
    expect(complete(file, ['cce-autopilot', 'clusters', ''])).toEqual(expect.arrayContaining(['list', 'get', 'create', 'delete', 'eip']));
    expect(complete(file, ['cce-autopilot', '--region', 'cn-north-4', 'clusters', 'list', '--st'])).toEqual(['--status']);
    expect(complete(file, ['cce-autopilot', 'clusters', 'delete', '--y'])).toEqual(['--yes']);
    expect(complete(file, ['cce-autopilot', 'clusters', 'list', '--status', 'Av'])).toEqual(['Available']);
    expect(complete(file, ['cce-autopilot', 'clusters', 'list', '-o', ''])).toEqual(['table', 'wide', 'json', 'yaml']);
    expect(complete(file, ['cce-autopilot', 'completion', ''])).toEqual([]);
    expect(complete(file, ['cce-autopilot', 'kubeconfig', 'get', 'x', '--endpoint-type', ''])).toEqual(['internal', 'external']);
  });

  it('zsh loads the bash completion through bashcompinit; fish gets commands, options and choices', async () => {
    const zsh = await script('zsh');
    expect(zsh).toMatch(/^#compdef cce-autopilot\n/);
    expect(zsh).toContain('bashcompinit');
    expect(zsh).toContain('complete -o default -F _cce_autopilot cce-autopilot');
    const fish = await script('fish');
    expect(fish).toContain("complete -c cce-autopilot -n '__cce_autopilot_at \\'clusters\\'' -a 'list'");
    expect(fish).toMatch(/-n '__cce_autopilot_at \\'clusters list\\'' -l status -x -a 'Available /);
    rmSync(dir, { recursive: true, force: true });
  });

  // zsh and fish are not on every machine (CI has bash): where they are, they parse and complete.
  const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

  it.runIf(has('zsh'))('zsh accepts the script (zsh -n)', async () => {
    const file = join(tmpdir(), `cce-completion-${process.pid}.zsh`);
    writeFileSync(file, await script('zsh'));
    const syntax = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
    rmSync(file, { force: true });
    expect(syntax.status, syntax.stderr).toBe(0);
  });

  it.runIf(has('fish'))('fish accepts the script and completes commands, options and choices', async () => {
    const file = join(tmpdir(), `cce-completion-${process.pid}.fish`);
    writeFileSync(file, await script('fish'));
    const fish = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]);
    };
    expect(spawnSync('fish', ['-n', file]).status).toBe(0);
    expect(fish('cce-autopilot clu')).toEqual(['clusters']);
    expect(fish('cce-autopilot clusters li')).toEqual(['list']);
    expect(fish('cce-autopilot -o json clusters list --st')).toEqual(['--status']);
    expect(fish('cce-autopilot clusters list --output ')).toEqual(['json', 'table', 'wide', 'yaml']);
    rmSync(file, { force: true });
  });

  it('rejects another shell (exit 2)', async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false, env: {} };
    expect(await main(['completion', 'tcsh'], io)).toBe(2);
  });
});
