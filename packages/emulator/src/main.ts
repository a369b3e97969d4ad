#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startEmulator } from './emulator.js';
import type { EmulatorOptions } from './emulator.js';

const usage = `usage: pnpm -s emulator [--port N|0] [--host 127.0.0.1] [--data-dir DIR] [--seed demo|empty] [--speed instant|realistic] [--auth strict|lenient|off] [--json]`;
const optionHelp = `
  --port N           port on the host (default 0: a free one)
  --host ADDR        address to bind (default 127.0.0.1, loopback only; another address exposes
                     the APIs, and the admin API without credentials, to the network: a warning says so)
  --data-dir DIR     keep state in a SQLite database in DIR (default: in memory); DIR holds the
                     secrets, so it is made 0700 and its files 0600
  --seed demo|empty  demo: clusters in two regions with add-ons, a chart, a release (default demo)
  --speed S          instant, or realistic (lifecycles take seconds; default)
  --auth MODE        strict (default: AK/SK signature or IAM token required), lenient, off
  --json             print the ready line as JSON: {"url","region","projectId","domain","user","password","ak","sk"}

Example:
  pnpm -s emulator --port 8443 --json`;

function fail(message: string): never {
  process.stderr.write(`emulator: ${message}\n${usage}\n`);
  process.exit(2);
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) fail(`--${name} must be one of ${allowed.join(', ')} (got ${JSON.stringify(value)})`);
  return value as T;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        speed: { type: 'string' },
        auth: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
  } catch (err) {
    fail(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${usage}\n${optionHelp}\n`);
    return;
  }
  const port = v.port === undefined ? 0 : Number(v.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be a port number from 0 to 65535 (got ${JSON.stringify(v.port)})`);
  const options: EmulatorOptions = {
    port,
    host: v.host ?? '127.0.0.1',
    seed: oneOf('seed', v.seed, ['demo', 'empty'] as const, 'demo'),
    speed: oneOf('speed', v.speed, ['instant', 'realistic'] as const, 'realistic'),
    auth: oneOf('auth', v.auth, ['strict', 'lenient', 'off'] as const, 'strict'),
    log: (m) => process.stderr.write(`emulator: ${m}\n`),
  };
  if (v['data-dir'] !== undefined) options.dataDir = v['data-dir'];
  const emulator = await startEmulator(options);
  // Handlers go in before the ready line: whoever reads that line may signal us at once.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`emulator: stopping after ${signal} failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  if (v.json) {
    const { url, region, projectId, domain, user, password, ak, sk } = emulator;
    process.stdout.write(`${JSON.stringify({ url, region, projectId, domain, user, password, ak, sk })}\n`);
  } else {
    process.stdout.write(`CCE Autopilot emulator ready at ${emulator.url} (region ${emulator.region}, project ${emulator.projectId}, AK ${emulator.ak}; --json prints the credentials)\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
