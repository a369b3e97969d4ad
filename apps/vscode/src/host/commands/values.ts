import type { Command } from './command.js';

/** *Apply Values* (editor title of a values document or a YAML file with the first-line comment). */
export const valuesCommands: readonly Command[] = [
  { id: 'values.apply', title: 'Apply values', handler: (host) => host.values.applyActive() },
];
