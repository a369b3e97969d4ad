/** The CLI's version (package.json's), kept in a module of its own so `--version` loads nothing else. */
export const VERSION = '0.1.0';
