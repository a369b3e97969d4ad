// The command tree and one run of it; main.ts loads this only after the cheap answers (--version).
import { Command, CommanderError, Option } from 'commander';
import type { ClientOptions } from '@cce-autopilot/client';
import { CliContext, type CliIo } from './context.js';
import { ExitCode } from './errors.js';
import { outputFormats } from './output.js';
import { registrars } from './commands/index.js';

/** Builds the program with every registered command group. */
export function buildProgram(io: CliIo, clientOptions: Partial<ClientOptions> = {}): { program: Command; ctx: CliContext } {
  const program = new Command('cce-autopilot')
    .description('Drive every operation of the Huawei Cloud CCE Autopilot API from a terminal.')
    .option('--region <region>', 'region id, e.g. cn-north-4 (default: HUAWEICLOUD_SDK_REGION, then cn-north-4)')
    .option('--project-id <id>', 'project id (default: HUAWEICLOUD_SDK_PROJECT_ID, then looked up through IAM)')
    .option('--endpoint <url>', 'CCE endpoint; with the emulator it serves IAM too')
    .option('--iam-endpoint <url>', 'IAM endpoint')
    .option('--profile <name>', 'profile of ~/.huaweicloud/credentials')
    .addOption(new Option('-o, --output <format>', 'output format (wide: a table with more columns)').choices([...outputFormats]).default('table'))
    .option('--query <jmespath>', 'JMESPath expression applied to the answer before it is printed (as in the aws and az CLIs)')
    .option('--utc', 'show times in UTC (default: local time)')
    .option('--no-color', 'no colours in table output')
    .option('--debug', 'log every HTTP attempt to stderr (credentials redacted)')
    .showHelpAfterError('(add --help for usage)')
    .enablePositionalOptions(false);
  // `--version` is a field of several commands (clusters create --version v1.28), so the program's
  // own version is answered only as the sole argument, in main().
  program.addHelpText('after', '\n  -V, --version         print the version (as the only argument)\n\nExample:\n  $ cce-autopilot --endpoint http://127.0.0.1:8443 --region cn-north-4 clusters list -o json --query "items[].metadata.name"\n');
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

/** Runs one command line; returns the exit code (see errors.ts). */
export async function run(argv: readonly string[], io: CliIo, clientOptions: Partial<ClientOptions> = {}): Promise<number> {
  const { program, ctx } = buildProgram(io, clientOptions);
  const signal = io.signal;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<number>((resolve) => {
    onAbort = () => resolve(ExitCode.interrupted);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
  const work = (async () => {
    try {
      await program.parseAsync([...argv], { from: 'user' });
      return ExitCode.ok;
    } catch (error) {
      if (error instanceof CommanderError) {
        // Help and version end through exitOverride too, with exit code 0.
        return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
      }
      return ctx.printError(error);
    }
  })();
  try {
    const code = await Promise.race([work, interrupted]);
    if (code !== ExitCode.interrupted) return code;
    if (ctx.interruptHandled) {
      await work;
      return code;
    }
    if (!(await settledWithin(work))) io.stderr.write('Interrupted.\n');
    return code;
  } finally {
    if (onAbort) signal?.removeEventListener('abort', onAbort);
    await ctx.close();
  }
}

/** Whether `work` has already settled (checked after one turn of the event loop). */
async function settledWithin(work: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void work.then(() => (settled = true), () => (settled = true));
  await new Promise<void>((resolve) => setImmediate(resolve));
  return settled;
}
