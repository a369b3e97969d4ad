#!/usr/bin/env node
// The entry point. It answers `--version` without loading anything, and loads the command tree
// (program.ts: commander, the catalogue, the client) only for a real command line.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import type { ClientOptions } from '@cce-autopilot/client';
import type { CliIo } from './context.js';
import { VERSION } from './version.js';

export type { CliIo } from './context.js';

/** Runs one command line; returns the exit code (0 ok, 1 API/network, 2 usage, 3 not confirmed, 130 Ctrl-C). */
export async function main(argv: readonly string[], io: CliIo, clientOptions: Partial<ClientOptions> = {}): Promise<number> {
  // `--version` is a field of several commands (clusters create --version v1.28), so the program's
  // own version is answered only as the sole argument.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { run } = await import('./program.js');
  return run(argv, io, clientOptions);
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

/** A question on the terminal, answered with one line (destructive commands, configure). */
async function askOnTerminal(question: string, options: { readonly secret?: boolean } = {}): Promise<string> {
  if (options.secret === true) return askSecretOnTerminal(question);
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Reads a line without echoing it (raw mode): the SK never shows on the screen or in scrollback. */
function askSecretOnTerminal(question: string): Promise<string> {
  return new Promise((resolve) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    let answer = '';
    const done = (value: string) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(answer);
        // Ctrl-C in raw mode arrives as a character, not a signal.
        if (ch === '\u0003') {
          done('');
          process.kill(process.pid, 'SIGINT');
          return;
        }
        if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
        else if (ch >= ' ') answer += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

if (isEntryPoint()) {
  // undici parses HTTP with llhttp compiled to WebAssembly; V8's optimising tier compiles it again
  // in the background, which for a command that makes a few requests costs more CPU and memory
  // (about 35 MiB, half of `clusters list`) than it could ever save: the baseline compiler is
  // enough. Set here, for the CLI's own process only, never for a host that imports main().
  setFlagsFromString('--liftoff-only');
  // A reader that stops early (`| head`, `| grep -q`) closes the pipe: that is not a failure of the
  // command, so leave quietly instead of dying on an unhandled EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  // Ctrl-C aborts the command line (exit 130); a second one leaves at once.
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  const terminal = process.stdin.isTTY === true && process.stderr.isTTY === true;
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    isTTY: process.stderr.isTTY === true,
    env: process.env,
    signal: interrupt.signal,
    ...(terminal ? { ask: askOnTerminal } : {}),
    ...(process.stdout.isTTY === true && process.stdout.columns ? { columns: process.stdout.columns } : {}),
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      // After Ctrl-C the command may still hold timers or sockets: leave now rather than wait for them.
      if (code === 130) process.exit(code);
      process.exitCode = code;
    },
    async (error: unknown) => {
      // Loaded here only: --version must not load the catalogue.
      const { terminalSafe } = await import('@cce-autopilot/models');
      process.stderr.write(terminalSafe(`cce-autopilot: ${String(error)}\n`));
      process.exitCode = 1;
    },
  );
}
