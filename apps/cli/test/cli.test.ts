import { describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { operations } from '@cce-autopilot/models';
import { main } from '../src/main.js';
import { buildProgram } from '../src/program.js';
import { parseTags } from '../src/commands/clusters.js';
import { compact, deepMerge } from '../src/commands/operation.js';

function capture() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: { write: (t: string) => (out.stdout += t) },
    stderr: { write: (t: string) => (out.stderr += t) },
    isTTY: false,
    env: {},
  };
  return { io, out };
}

function leaves(command: Command, path: string[] = []): { path: string; command: Command }[] {
  if (command.commands.length === 0) return [{ path: path.join(' '), command }];
  return command.commands.flatMap((sub) => leaves(sub, [...path, sub.name()]));
}

describe('command tree', () => {
  it('covers every operation of the catalogue', () => {
    const { program } = buildProgram(capture().io);
    const described = leaves(program).map((leaf) => leaf.command.description()).join('\n');
    const missing = Object.keys(operations).filter((name) => !described.includes(`API: ${name} `));
    expect(missing).toEqual([]);
  });

  it('has --help with an example on every command', async () => {
    const { program } = buildProgram(capture().io);
    const all = [program, ...leaves(program).map((l) => l.command)];
    for (const command of all) {
      const { io, out } = capture();
      const path = leaves(program).find((l) => l.command === command)?.path.split(' ') ?? [];
      const code = await main([...path, '--help'], io);
      expect(code, path.join(' ')).toBe(0);
      expect(out.stdout, path.join(' ')).toMatch(/Example:\n {2}\$ cce-autopilot /);
    }
  });
});

describe('exit codes', () => {
  it('answers the version as the only argument', async () => {
    const { io, out } = capture();
    expect(await main(['--version'], io)).toBe(0);
    expect(out.stdout).toBe('0.1.0\n');
  });

  it('exits 2 on usage errors', async () => {
    for (const argv of [['clusters', 'nope'], ['clusters', 'get'], ['--output', 'xml', 'quotas'], ['clusters', 'list', '--status', 'Sleepy']]) {
      const { io, out } = capture();
      expect(await main(argv, io), argv.join(' ')).toBe(2);
      expect(out.stderr.length).toBeGreaterThan(0);
    }
  });

  it('exits 2 when a body is needed but neither --file nor flags give one', async () => {
    const { io, out } = capture();
    const code = await main(['--project-id', 'p', 'clusters', 'create'], { ...io, env: { HUAWEICLOUD_SDK_AK: 'a', HUAWEICLOUD_SDK_SK: 'b' } });
    expect(code).toBe(2);
    expect(out.stderr).toContain('needs a request body: --file <path>');
  });

  it('exits 1 with the message when the API cannot be reached', async () => {
    const { io, out } = capture();
    const code = await main(['--endpoint', 'http://127.0.0.1:1', '--project-id', 'p', 'quotas'], { ...io, env: { HUAWEICLOUD_SDK_AK: 'a', HUAWEICLOUD_SDK_SK: 'b' } }, { retry: { maxAttempts: 1 } });
    expect(code).toBe(1);
    expect(out.stderr).toMatch(/^Error: network: ShowAutopilotQuotas: could not connect/);
  });
});

describe('body helpers', () => {
  it('merges flags over a file, field by field', () => {
    expect(deepMerge({ spec: { a: 1, b: 2 }, kind: 'x' }, { spec: { b: 3 } })).toEqual({ spec: { a: 1, b: 3 }, kind: 'x' });
    expect(compact({ a: undefined, b: { c: undefined }, d: 1 })).toEqual({ d: 1 });
  });

  it('parses key=value tags and rejects a missing =', () => {
    expect(parseTags(['env=prod', 'empty='])).toEqual([{ key: 'env', value: 'prod' }, { key: 'empty', value: '' }]);
    expect(() => parseTags(['novalue'])).toThrow(/key=value/);
  });
});
