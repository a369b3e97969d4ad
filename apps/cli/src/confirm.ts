// The one confirmation rule for destructive commands: ask on a terminal, skip with --yes, and
// without a terminal refuse (exit 3) before anything is sent.
import { ConfirmationRefusedError } from './errors.js';
import type { CliIo } from './context.js';

/** Asks `question`; resolves when the user said yes; throws ConfirmationRefusedError otherwise. */
export async function confirmOrRefuse(io: CliIo, commandLine: string, question: string, yes: boolean): Promise<void> {
  if (yes) return;
  if (io.ask === undefined) {
    throw new ConfirmationRefusedError(`${commandLine} changes or removes things and asks first, but there is no terminal to ask on: add --yes to go ahead. Nothing was changed.`);
  }
  const answer = (await io.ask(`${question} [y/N] `)).trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes') throw new ConfirmationRefusedError(`Not confirmed: ${commandLine} was not run. Nothing was changed.`);
}
