// The INI dialect of `~/.huaweicloud/credentials` as the Go SDK (go-ini) reads it: `[section]`
// headers, `key = value` or `key: value`, `#`/`;` comment lines, optional quotes around values.

import { ProfileFileError } from './errors.js';

export interface ProfileSection {
  readonly name: string;
  /** Line of the `[name]` header. */
  readonly line: number;
  readonly values: ReadonlyMap<string, { value: string; line: number }>;
}

const SECTION = /^\[([^\]]*)\]\s*(?:[#;].*)?$/;
const KEY = /^[A-Za-z0-9_.-]+$/;

function unquote(value: string): string {
  if (value.length >= 2) {
    const q = value[0];
    if ((q === '"' || q === "'") && value[value.length - 1] === q) return value.slice(1, -1);
  }
  return value;
}

/**
 * Parses the profile file. Errors name the file and line but never repeat a line's content,
 * which may hold a secret.
 */
export function parseProfileFile(text: string, path: string): Map<string, ProfileSection> {
  const sections = new Map<string, ProfileSection>();
  let current: { name: string; line: number; values: Map<string, { value: string; line: number }> } | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      const m = SECTION.exec(line);
      if (!m) throw new ProfileFileError(path, lineNo, 'section header is not closed: expected [name]');
      const name = m[1]!.trim();
      if (name === '') throw new ProfileFileError(path, lineNo, 'section header has an empty name');
      const previous = sections.get(name);
      if (previous) throw new ProfileFileError(path, lineNo, `section [${name}] appears again (first on line ${previous.line})`);
      current = { name, line: lineNo, values: new Map() };
      sections.set(name, current);
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0) throw new ProfileFileError(path, lineNo, 'expected "key = value", a [section] header or a # comment');
    const key = line.slice(0, eq).trim();
    if (!KEY.test(key)) throw new ProfileFileError(path, lineNo, 'the key before "=" must be letters, digits, "_", "-" or "."');
    if (!current) throw new ProfileFileError(path, lineNo, `key ${key} comes before any [section] header`);
    const earlier = current.values.get(key);
    if (earlier) throw new ProfileFileError(path, lineNo, `key ${key} appears twice in [${current.name}] (first on line ${earlier.line})`);
    current.values.set(key, { value: unquote(line.slice(eq + 1).trim()), line: lineNo });
  }
  return sections;
}
