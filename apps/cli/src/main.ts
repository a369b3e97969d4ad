#!/usr/bin/env node
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import type { ClientOptions } from '@cce-autopilot/client';
import { terminalSafe } from '@cce-autopilot/models';
import { CliContext, type CliIo } from './context.js';
import { registrars } from './commands/index.js';

const VERSION = '0.1.0';

/** Builds the program with every registered command group. */
export function buildProgram(io: CliIo, clientOptions: Partial<ClientOptions> = {}): { program: Command; ctx: CliContext } {
  const program = new Command('cce-autopilot')
    .description('Drive every operation of the Huawei Cloud CCE Autopilot API from a terminal.')
    .option('--region <region>', 'region id, e.g. cn-north-4 (default: HUAWEICLOUD_SDK_REGION, then cn-north-4)')
    .option('--project-id <id>', 'project id (default: HUAWEICLOUD_SDK_PROJECT_ID, then looked up through IAM)')
    .option('--endpoint <url>', 'CCE endpoint; with the emulator it serves IAM too')
    .option('--iam-endpoint <url>', 'IAM endpoint')
    .option('--profile <name>', 'profile of ~/.huaweicloud/credentials')
    .addOption(new Option('--output <format>', 'output format').choices(['table', 'json', 'yaml']).default('table'))
    .option('--no-color', 'no colours in table output')
    .option('--debug', 'log every HTTP attempt to stderr (credentials redacted)')
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions(false);
  // `--version` is a field of several commands (clusters create --version v1.28), so the program's
  // own version is answered only as the sole argument, in main().
  program.addHelpText('after', '\n  -V, --version         print the version (as the only argument)\n\nExample:\n  $ cce-autopilot --endpoint http://127.0.0.1:8443 --region cn-north-4 clusters list --output json\n');
  const ctx = new CliContext(program, io, clientOptions);
  for (const register of registrars) register(program, ctx);
  const writeOut = (text: string) => io.stdout.write(text);
  const writeErr = (text: string) => io.stderr.write(text);
  const configure = (command: Command) => {
    command.exitOverride();
    command.configureOutput({ writeOut, writeErr });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return { program, ctx };
}

/** Runs one command line; returns the exit code (0 ok, 1 API/network failure, 2 usage error). */
export async function main(argv: readonly string[], io: CliIo, clientOptions: Partial<ClientOptions> = {}): Promise<number> {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const { program, ctx } = buildProgram(io, clientOptions);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version end through exitOverride too, with exit code 0.
      return error.exitCode === 0 ? 0 : 2;
    }
    return ctx.printError(error);
  } finally {
    await ctx.close();
  }
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

if (isEntryPoint()) {
  // A reader that stops early (`| head`, `| grep -q`) closes the pipe: that is not a failure of the
  // command, so leave quietly instead of dying on an unhandled EPIPE.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, isTTY: process.stderr.isTTY === true, env: process.env };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(terminalSafe(`cce-autopilot: ${String(error)}\n`));
      process.exitCode = 1;
    },
  );
}
