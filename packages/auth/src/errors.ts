/** Credentials could not be resolved, or a place that should hold them is broken. */
export class CredentialsError extends Error {
  constructor(message: string, readonly looked: readonly string[] = []) {
    super(message);
    this.name = 'CredentialsError';
  }
}

/** The profile file is malformed; the message names the file and line, never the line's text. */
export class ProfileFileError extends CredentialsError {
  constructor(readonly path: string, readonly line: number, detail: string) {
    super(`${path}:${line}: ${detail}`);
    this.name = 'ProfileFileError';
  }
}
