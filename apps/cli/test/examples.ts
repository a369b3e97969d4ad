// Extracts every example the user is shown: `$ cce-autopilot ...` lines of every --help text, and
// the `pnpm -s cli ...` / `cce-autopilot ...` lines of the READMEs' code blocks. Nothing is listed
// by hand, so a new example is tested as soon as it is written.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { buildProgram } from '../src/program.js';

export interface Example {
  /** Where it was found: `--help of clusters delete`, `README.md`. */
  readonly source: string;
  /** The command line without the program name. */
  readonly line: string;
}

function all(command: Command, path: string[] = []): { path: string[]; command: Command }[] {
  return [{ path, command }, ...command.commands.flatMap((sub) => all(sub, [...path, sub.name()]))];
}

/** The help text of a command, as `--help` prints it. */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (t) => (text += t), writeErr: () => undefined });
  command.outputHelp();
  return text;
}

export function helpExamples(): Example[] {
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, isTTY: false, env: {} };
  const { program } = buildProgram(io);
  return all(program).flatMap(({ path, command }) =>
    [...helpOf(command).matchAll(/^ {2}\$ cce-autopilot (.+)$/gm)].map((m) => ({ source: `--help of ${['cce-autopilot', ...path].join(' ')}`, line: m[1]!.trim() })),
  );
}

export const readmes = {
  'README.md': fileURLToPath(new URL('../../../README.md', import.meta.url)),
  'apps/cli/README.md': fileURLToPath(new URL('../README.md', import.meta.url)),
};

export function readmeExamples(): Example[] {
  return Object.entries(readmes).flatMap(([name, path]) => {
    const text = readFileSync(path, 'utf8');
    const blocks = [...text.matchAll(/^```(?:sh|bash|shell)\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    return blocks.flatMap((block) =>
      block
        .split('\n')
        .map((l) => l.replace(/\s+#.*$/, '').replace(/\s*&$/, '').trim())
        .map((l) => /^(?:\$ )?(?:pnpm -s cli|cce-autopilot) (.+)$/.exec(l)?.[1])
        .filter((l): l is string => l !== undefined)
        .map((line) => ({ source: name, line })),
    );
  });
}
