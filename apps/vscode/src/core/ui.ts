import * as l10n from '@vscode/l10n';

/** The UI a command flow may use; the extension implements it with VS Code's windows, tests with a script. */
export interface PickItem<T> {
  readonly label: string;
  readonly description?: string;
  readonly detail?: string;
  readonly value: T;
  readonly picked?: boolean;
}

export interface InputOptions {
  readonly title: string;
  readonly prompt?: string;
  readonly value?: string;
  readonly placeholder?: string;
  readonly password?: boolean;
  /** Returns the problem with the value, or undefined when it is acceptable. */
  readonly validate?: (value: string) => string | undefined;
}

export interface ProgressReporter {
  report(message: string): void;
}

/**
 * Translates a message: a tagged template whose bundle key is the text with `{0}`, `{1}`... in place
 * of the values (`@vscode/l10n`'s `t`, the format of VS Code's l10n bundles). English when no
 * bundle is loaded, as in tests.
 */
export type Translate = (strings: TemplateStringsArray, ...values: unknown[]) => string;

/**
 * `@vscode/l10n`'s `t` over the bundle loaded with `l10n.config` (the extension loads VS Code's
 * bundle for the display language at activation). Values are shown as `String(value)` does.
 */
export const translate: Translate = (strings, ...values) => l10n.t(strings, ...values.map((v) => String(v)));

export interface Ui {
  readonly t: Translate;
  pick<T>(items: readonly PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T | undefined>;
  pickMany<T>(items: readonly PickItem<T>[], options: { title: string; placeholder?: string }): Promise<T[] | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal question; resolves true only when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  info(message: string): void;
  warn(message: string): void;
  /** Runs a cancellable task with a progress notification. */
  progress<T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Shows text in a read-only editor. */
  showText(title: string, content: string, language: string): Promise<void>;
  /** Shows the difference between two texts. */
  showDiff(title: string, left: string, right: string, language: string): Promise<void>;
  copy(text: string): Promise<void>;
}
