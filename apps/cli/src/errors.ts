// Exit codes of `cce-autopilot` and the errors that choose them (documented in the README).

export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The API or the network failed (or a name did not match anything), or a wait gave up. */
  failure: 1,
  /** The command line was wrong: unknown command or option, bad value, missing body. */
  usage: 2,
  /** A destructive command was not confirmed: no terminal to ask on and no --yes, or the answer was no. */
  refused: 3,
  /** Interrupted with Ctrl-C (SIGINT), as shells report 128 + 2. */
  interrupted: 130,
} as const;

/** A command line error: exit code 2. */
export class UsageError extends Error {
  override readonly name: string = 'UsageError';
}

/** A name given for a cluster, add-on or chart matches several: exit code 2 (give the id). */
export class AmbiguousReferenceError extends UsageError {
  override readonly name = 'AmbiguousReferenceError';
}

/** A name or id given for a cluster, add-on or chart matches none: exit code 1, like a 404. */
export class UnknownReferenceError extends Error {
  override readonly name = 'UnknownReferenceError';
}

/** A destructive command was not confirmed; nothing was changed: exit code 3. */
export class ConfirmationRefusedError extends Error {
  override readonly name = 'ConfirmationRefusedError';
}
