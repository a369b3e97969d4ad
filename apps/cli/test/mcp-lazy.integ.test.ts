// The MCP SDK is loaded only by `cce-autopilot mcp`: other commands must not pay for it at start-up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'main.js');
// A module hook that fails any import of the SDK, so loading it is visible as an error.
const HOOK =
  'data:text/javascript,import{register}from"node:module";' +
  'register("data:text/javascript,export async function resolve(s,c,n){if(s.includes(\\"modelcontextprotocol\\"))throw new Error(\\"MCP SDK loaded: \\"+s);return n(s,c)}")';

function run(...args: string[]) {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the CLI first (pnpm --filter @cce-autopilot/cli build)`);
  return spawnSync(process.execPath, ['--import', HOOK, MAIN, ...args], { input: '', encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
}

describe('cce-autopilot mcp is loaded lazily', () => {
  it('other commands and the help of mcp start without the SDK', () => {
    for (const args of [['--help'], ['clusters', '--help'], ['mcp', '--help'], ['values', 'validate', '--help']]) {
      const r = run(...args);
      expect(r.stderr, args.join(' ')).not.toContain('MCP SDK loaded');
      expect(r.status, args.join(' ')).toBe(0);
    }
  });

  it('the mcp command itself loads it (so the hook does catch it)', () => {
    const r = run('--endpoint', 'http://127.0.0.1:9', 'mcp');
    expect(r.stderr).toContain('MCP SDK loaded: @modelcontextprotocol/sdk');
  });
});
