// Driving the VS Code workbench (code-server in Chromium) the way a user does: activity bar,
// tree rows, the F1 command palette, quick inputs, context menus, notifications and editors.
// Selectors are VS Code 1.96's DOM; keep them here so scenarios stay readable.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

/** One segment of a tree path: an exact label, a RegExp for the label, or `{ text }` for label plus description. */
export type PathSegment = string | RegExp | { text: RegExp };
/** A tree path from an ancestor down, or a single segment for a top-level row. */
export type TreePath = PathSegment | readonly PathSegment[];

/** A tree row as rendered. */
export interface TreeRowInfo {
  /** The list's `data-index` of the row. */
  index: string | null;
  level: number;
  /** `'true'`, `'false'`, or null for a leaf. */
  expanded: string | null;
  label: string;
  description: string;
}

/** A row found by path: what it shows, and the locator to act on it. */
export interface FoundRow extends TreeRowInfo {
  text: string;
  row: Locator;
}

/** One step of a multi-step flow for `answerPrompts`: exactly one of `text`, `pick` or `picks`. */
export interface PromptStep {
  match: RegExp;
  text?: string;
  pick?: string | RegExp;
  picks?: readonly string[];
  /** The value the flow is expected to have filled in; accepted as is. */
  keep?: string;
  optional?: boolean;
}

export interface EventuallyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  message?: string;
}

export class Workbench {
  readonly page: Page;
  readonly screenshotDir: string;

  constructor(page: Page, { screenshotDir }: { screenshotDir: string }) {
    this.page = page;
    this.screenshotDir = screenshotDir;
  }

  async waitReady(timeoutMs = 90_000): Promise<void> {
    await this.page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
    // The status bar is drawn once the workbench has restored its parts.
    await this.page.waitForSelector('.statusbar', { timeout: timeoutMs });
  }

  /** Opens (never toggles closed) the activity-bar view container whose title starts with `title`. */
  async openView(title: string, timeoutMs = 60_000): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item:has(.action-label[aria-label^="${title}"])`).first();
    await item.waitFor({ timeout: timeoutMs });
    const checked = (await item.getAttribute('class'))?.split(/\s+/).includes('checked');
    if (!checked) await item.locator('.action-label').click();
    await this.page.locator(`.sidebar .composite.title h2[title^="${title}"], .sidebar .title-label h2`).first().waitFor({ timeout: 10_000 });
  }

  /** Rows of the sidebar tree as rendered: list index, depth, label and description. */
  async treeRows(): Promise<TreeRowInfo[]> {
    return this.page.$$eval('.sidebar .monaco-list-row', (elements) =>
      elements.map((element) => ({
        index: element.getAttribute('data-index'),
        level: Number(element.getAttribute('aria-level') ?? 0),
        expanded: element.getAttribute('aria-expanded'),
        label: element.querySelector('.label-name')?.textContent?.trim() ?? '',
        description: element.querySelector('.label-description')?.textContent?.trim() ?? '',
      })),
    );
  }

  /**
   * The row at `path` (labels from an ancestor down, each a string for an exact label, a RegExp
   * for the label, or `{ text: RegExp }` for label plus description), e.g.
   * `['cn-north-4', 'demo-cluster', 'Addons', 'coredns']`; each segment must be a direct child of
   * the previous one. Returns `{ row, label, description, text, expanded }` or undefined.
   */
  async findRow(path: TreePath): Promise<FoundRow | undefined> {
    const segments = segmentsOf(path);
    const rows = await this.treeRows();
    const matches = (row: TreeRowInfo, segment: PathSegment): boolean => {
      if (typeof segment === 'string') return row.label === segment;
      if (segment instanceof RegExp) return segment.test(row.label);
      return segment.text.test(`${row.label} ${row.description}`);
    };
    let at = -1;
    for (const [depth, segment] of segments.entries()) {
      const parent = rows[at];
      let found = -1;
      for (let i = at + 1; i < rows.length; i++) {
        const row = rows[i]!;
        if (depth > 0 && parent && row.level <= parent.level) break;
        if ((depth === 0 || (parent && row.level === parent.level + 1)) && matches(row, segment)) {
          found = i;
          break;
        }
      }
      if (found < 0) return undefined;
      at = found;
    }
    const match = rows[at];
    if (!match) return undefined;
    return {
      ...match,
      text: `${match.label} ${match.description}`.trim(),
      row: this.page.locator(`.sidebar .monaco-list-row[data-index="${match.index}"]`),
    };
  }

  /** The rendered rows directly under the row at `path` (label and description), in order. */
  async childRows(path: TreePath): Promise<Array<{ label: string; description: string }> | undefined> {
    const parent = await this.findRow(path);
    if (!parent) return undefined;
    const rows = await this.treeRows();
    const at = rows.findIndex((row) => row.index === parent.index);
    const children: Array<{ label: string; description: string }> = [];
    for (const row of rows.slice(at + 1)) {
      if (row.level <= parent.level) break;
      if (row.level === parent.level + 1) children.push({ label: row.label, description: row.description });
    }
    return children;
  }

  async waitForRow(path: TreePath, timeoutMs = 30_000): Promise<FoundRow> {
    return eventually(() => this.findRow(path), { timeoutMs, message: `tree row ${describePath(path)}` });
  }

  /**
   * The row at `path` once it is rendered and stable: found at the same list position with the same
   * text in two consecutive frames, so a click lands on it and not on a row a re-render moved there.
   */
  async stableRow(path: TreePath, timeoutMs = 30_000): Promise<FoundRow> {
    return eventually(async () => {
      const first = await this.findRow(path);
      if (!first) return undefined;
      await this.nextFrames();
      const again = await this.findRow(path);
      return again && again.index === first.index && again.text === first.text ? again : undefined;
    }, { timeoutMs, message: `tree row ${describePath(path)} rendered and stable` });
  }

  /** Resolves after the workbench has rendered two more frames (what it shows is then painted). */
  async nextFrames(): Promise<void> {
    await this.page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  }

  /** Index (data-index) of the tree row that has the keyboard focus, if any. */
  async focusedRowIndex(): Promise<string | null | undefined> {
    return this.page.$eval('.sidebar .monaco-list-row.focused', (row) => row.getAttribute('data-index')).catch(() => undefined);
  }

  /** Expands every row along `path` (no-op for rows already expanded) and returns the last one. */
  async expand(path: TreePath, timeoutMs = 30_000): Promise<FoundRow> {
    const segments = segmentsOf(path);
    if (segments.length === 0) throw new Error('expand: an empty tree path');
    let found: FoundRow | undefined;
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i);
      found = await this.stableRow(prefix, timeoutMs);
      if (found.expanded === 'false') {
        await found.row.locator('.monaco-tl-twistie').click();
        found = await eventually(async () => {
          const now = await this.findRow(prefix);
          return now?.expanded === 'true' ? now : undefined;
        }, { timeoutMs, message: `tree row ${describePath(prefix)} expanded` });
      }
    }
    return found!;
  }

  /** Waits until the row at `path` shows `text` (a RegExp or string) in its label or description. */
  async waitForRowText(path: TreePath, text: string | RegExp, timeoutMs = 30_000): Promise<FoundRow> {
    const wanted = typeof text === 'string' ? new RegExp(escapeRegExp(text)) : text;
    return eventually(async () => {
      const found = await this.findRow(path);
      return found && wanted.test(found.text) ? found : undefined;
    }, { timeoutMs, message: `tree row ${describePath(path)} showing ${wanted}` });
  }

  async waitForNoRow(path: TreePath, timeoutMs = 30_000): Promise<void> {
    await eventually(async () => !(await this.findRow(path)), { timeoutMs, message: `tree row ${describePath(path)} gone` });
  }

  async rowTexts(): Promise<string[]> {
    return (await this.treeRows()).map((row) => `${'  '.repeat(Math.max(0, row.level - 1))}${row.label} ${row.description}`.trimEnd());
  }

  /**
   * Right-clicks a tree row and picks a context-menu entry by its label, the way a keyboard user
   * does once the menu is up: arrow keys to the entry, Enter. VS Code's menu ignores a mouse-up
   * that comes within 100 ms of it opening (its guard against the right-click's own mouse-up), and
   * nothing on screen says when that time is over; keyboard input has no such guard and every step
   * of it shows (the menu takes focus when it is ready, the focused entry is highlighted, the menu
   * closes when the entry runs). The tree may re-render between finding the row and clicking it
   * (a poll finished): the menu of another row, or one without the entry, is closed and the row
   * looked up again.
   */
  async contextMenu(path: TreePath, entry: string): Promise<void> {
    let offered: string[] = [];
    let closedByItself = 0;
    for (let attempt = 0; attempt < 4; attempt++) {
      const { row, index } = await this.stableRow(path);
      await row.click({ button: 'right' });
      // Something taking the focus (an editor a previous command opens) closes a menu at once; a
      // user would open it again, and so does this.
      if (!(await this.menuReady())) {
        closedByItself++;
        continue;
      }
      const labels = await this.menuLabels();
      const onRow = (await this.focusedRowIndex()) === index && (await this.findRow(path))?.index === index;
      if (onRow && labels.includes(entry)) {
        if (await this.chooseMenuEntry(entry, labels)) return;
        closedByItself++;
        continue;
      }
      offered = labels;
      await this.page.keyboard.press('Escape');
      await this.page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 10_000 });
    }
    throw new Error(`the context menu of ${describePath(path)} has no "${entry}" (it offered: ${offered.filter(Boolean).join(' | ') || 'nothing'}${closedByItself ? `; it closed by itself ${closedByItself} times` : ''})`);
  }

  /** The entries a row's context menu offers (the menu is closed again without choosing one). */
  async contextMenuLabels(path: TreePath): Promise<string[]> {
    for (let attempt = 0; attempt < 4; attempt++) {
      const { row } = await this.stableRow(path);
      await row.click({ button: 'right' });
      if (!(await this.menuReady())) continue;
      const labels = await this.menuLabels();
      await this.page.keyboard.press('Escape');
      await this.page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 10_000 });
      return labels;
    }
    throw new Error(`the context menu of ${describePath(path)} kept closing by itself`);
  }

  /**
   * Waits until the context menu is ready for input: rendered, with entries, holding the focus.
   * False when it closed instead (it closes when it loses the focus).
   */
  async menuReady(timeoutMs = 10_000): Promise<boolean> {
    const menu = this.page.locator('.context-view .monaco-menu').first();
    await menu.waitFor({ state: 'visible', timeout: timeoutMs });
    const state = await this.page.waitForFunction(() => {
      const element = document.querySelector<HTMLElement>('.context-view .monaco-menu');
      if (!element || element.offsetParent === null) return 'closed';
      return element.querySelector('.action-item .action-label') !== null && element.contains(document.activeElement) ? 'ready' : false;
    }, undefined, { timeout: timeoutMs, polling: 'raf' });
    return (await state.jsonValue()) === 'ready';
  }

  /** Labels of the open menu's entries that can be chosen, in order. */
  async menuLabels(): Promise<string[]> {
    return this.page.$$eval('.context-view .monaco-menu .action-item:not(.disabled) .action-label', (labels) =>
      labels.map((label) => label.textContent?.trim() ?? '').filter(Boolean),
    );
  }

  async focusedMenuLabel(): Promise<string | undefined> {
    return this.page.$eval('.context-view .monaco-menu .action-item.focused .action-label', (label) => label.textContent?.trim() ?? '').catch(() => undefined);
  }

  /**
   * Moves the menu's focus to `entry` with the arrow keys (each step seen on screen), then Enter;
   * resolves true once the menu closed for the entry, false when it closed by itself before.
   */
  async chooseMenuEntry(entry: string, labels: readonly string[]): Promise<boolean> {
    const menu = this.page.locator('.context-view .monaco-menu').first();
    for (let step = 0; step <= labels.length; step++) {
      const focused = await this.focusedMenuLabel();
      if (focused === entry) {
        await this.page.keyboard.press('Enter');
        // The menu closes as the entry's command starts.
        await menu.waitFor({ state: 'hidden', timeout: 10_000 });
        return true;
      }
      await this.page.keyboard.press('ArrowDown');
      const moved = await this.page.waitForFunction((before: string | undefined) => {
        const element = document.querySelector<HTMLElement>('.context-view .monaco-menu');
        if (!element || element.offsetParent === null) return 'closed';
        const now = element.querySelector('.action-item.focused .action-label');
        return (now?.textContent?.trim() ?? undefined) !== before ? 'moved' : false;
      }, focused, { timeout: 10_000, polling: 'raf' });
      if ((await moved.jsonValue()) === 'closed') return false;
    }
    throw new Error(`the arrow keys never reached "${entry}" in the menu (${labels.join(' | ')})`);
  }

  /** Clicks an inline action of a row (shown on hover) by its title. */
  async rowAction(path: TreePath, title: string): Promise<void> {
    const { row } = await this.stableRow(path);
    await row.hover();
    const action = row.locator(`.actions .action-label[aria-label^="${title}"]`).first();
    await action.waitFor({ timeout: 10_000 });
    await action.click();
  }

  /** Clicks an action of the open view's title bar by its title. */
  async viewAction(title: string): Promise<void> {
    const action = this.page.locator(`.sidebar .pane-header .actions .action-label[aria-label^="${title}"], .sidebar .title-actions .action-label[aria-label^="${title}"]`).first();
    await this.page.locator('.sidebar .pane-header').first().hover();
    await action.waitFor({ timeout: 10_000 });
    await action.click();
  }

  /** Clicks a button or link of a view's welcome content (shown when its tree is empty). */
  async clickWelcome(label: string | RegExp, timeoutMs = 30_000): Promise<void> {
    const button = this.page
      .locator('.sidebar .welcome-view-content')
      .locator('a.monaco-button, .monaco-button, a')
      .filter({ hasText: label })
      .first();
    await button.waitFor({ timeout: timeoutMs });
    await button.click();
  }

  /** Runs a command from the F1 palette by its title as shown there ("Category: Title"). */
  async runCommand(title: string, timeoutMs = 15_000): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('F1');
    const widget = await this.quickInput(timeoutMs);
    const input = widget.locator('.quick-input-box input');
    await input.fill(`>${title}`);
    const item = this.page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }) })
      .first();
    try {
      await item.waitFor({ timeout: timeoutMs });
    } catch {
      const offered = await this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allInnerTexts();
      throw new Error(`the command palette has no command "${title}" (it offered: ${offered.slice(0, 8).join(' | ') || 'nothing'})`);
    }
    await item.click();
  }

  /**
   * Waits for a quick input (input box or quick pick) to be ready: shown, and its input box holding
   * the keyboard focus (what VS Code's own smoke tests wait for), so typed keys reach it.
   */
  async quickInput(timeoutMs = 15_000): Promise<Locator> {
    const widget = this.page.locator('.quick-input-widget:visible');
    await widget.waitFor({ timeout: timeoutMs });
    // Prompts stay open when the focus moves away (an editor a flow opens takes it); a user then
    // clicks into the box, and so does this.
    const input = widget.locator('.quick-input-box input');
    const focused = () => input.evaluate((element) => element === document.activeElement).catch(() => false);
    if (!(await focused())) {
      await this.nextFrames();
      if (!(await focused())) await input.click();
    }
    await this.page.waitForFunction(() => {
      const input = document.activeElement as HTMLElement | null;
      return !!input && input.matches('.quick-input-widget .quick-input-box input') && input.offsetParent !== null;
    }, undefined, { timeout: timeoutMs, polling: 'raf' });
    return widget;
  }

  /** Types into the open input box and accepts it; returns the validation message if one blocks it. */
  async enterText(text: string, { accept = true }: { accept?: boolean } = {}): Promise<void> {
    const widget = await this.quickInput();
    const input = widget.locator('.quick-input-box input');
    await input.fill(text);
    if (accept) await input.press('Enter');
  }

  /**
   * Answers a file open dialog with a path. code-server's dialog is a quick input that fills in the
   * current folder once it has read it; typing before that is overwritten, so wait for it.
   */
  async openDialogPath(path: string, timeoutMs = 15_000): Promise<void> {
    const widget = await this.quickInput(timeoutMs);
    const title = await this.promptTitle();
    const input = widget.locator('.quick-input-box input');
    const rows = widget.locator('.quick-input-list .monaco-list-row');
    // Ready once it shows a folder and has listed it (at least its ".." row).
    await eventually(async () => (await input.inputValue()).endsWith('/') && (await rows.count()) > 0, { timeoutMs, message: 'the open dialog showing a folder' });
    const name = path.split('/').pop() ?? path;
    for (let attempt = 0; attempt < 3; attempt++) {
      await input.fill(path);
      // It has taken the typed path when it still shows it and lists the file; a folder listing
      // that arrived late puts the folder back instead, and the path is typed again.
      const taken = await eventually(async () => (await input.inputValue()) === path && (await rows.filter({ hasText: name }).count()) > 0, { timeoutMs: 5_000, message: 'the dialog showing the typed path' }).catch(() => false);
      if (!taken) continue;
      await input.press('Enter');
      try {
        await eventually(async () => (await this.promptTitle()) !== title, { timeoutMs: 3_000, message: 'the dialog to accept the path' });
        return;
      } catch {
        // The dialog may first complete the path and take the next Enter as the choice.
      }
    }
    throw new Error(`the open dialog did not accept ${path}: ${(await this.validationMessage()) || 'no message'} (it shows ${await input.inputValue()})`);
  }

  /** The validation message under the input box (empty when the value is valid). */
  async validationMessage(): Promise<string> {
    const message = this.page.locator('.quick-input-widget:visible .quick-input-message');
    return (await message.count()) ? (await message.innerText()).trim() : '';
  }

  /** Picks a quick-pick item whose label contains `label` (string or RegExp). */
  async pick(label: string | RegExp, timeoutMs = 15_000): Promise<void> {
    const widget = await this.quickInput(timeoutMs);
    const item = widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
    try {
      await item.waitFor({ timeout: timeoutMs });
    } catch {
      const offered = await widget.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      throw new Error(`the quick pick has no item "${label}" (it offered: ${offered.slice(0, 10).join(' | ') || 'nothing'})`);
    }
    await item.click();
  }

  /** Labels of the open quick pick's items. */
  async pickItems(): Promise<string[]> {
    const widget = await this.quickInput();
    await widget.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 10_000 });
    return widget.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  }

  async closeQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget:visible').count()) await this.page.keyboard.press('Escape');
  }

  /** The open quick input's title and placeholder: which step of a flow is showing. */
  async promptTitle(): Promise<string | undefined> {
    const widget = this.page.locator('.quick-input-widget:visible');
    if (!(await widget.count())) return undefined;
    const [title, placeholder] = await Promise.all([
      widget.locator('.quick-input-title').innerText({ timeout: 2000 }).catch(() => ''),
      widget.locator('.quick-input-box input').getAttribute('placeholder', { timeout: 2000 }).catch(() => ''),
    ]);
    return [title, placeholder].filter(Boolean).join(' | ');
  }

  /**
   * Answers the quick inputs of a multi-step flow by what each step asks, so a scenario does not
   * depend on the order of the steps. `steps` are `{ match: RegExp, text?, pick?, picks?: [] }`:
   * `text` is typed into an input box, `pick` chooses a quick-pick item, `picks` checks items of a
   * multi-select pick (an empty list accepts the defaults), `keep: 'value'` checks the input box
   * shows that value filled in and accepts it as is; `optional: true` marks a step a flow
   * may skip (a region pick when only one region is shown). Each step is used once; a prompt no
   * step matches is a failure that names it. Resolves when every required step was answered.
   */
  async answerPrompts(steps: readonly PromptStep[], { timeoutMs = 30_000 }: { timeoutMs?: number } = {}): Promise<void> {
    const pending = [...steps];
    while (pending.some((step) => !step.optional)) {
      const title = await eventually(() => this.promptTitle(), {
        timeoutMs,
        message: `a prompt for: ${pending.map((s) => s.match).join(', ')}`,
      });
      const index = pending.findIndex((step) => step.match.test(title));
      if (index < 0) throw new Error(`unexpected prompt "${title}" (expected one of: ${pending.map((s) => s.match).join(', ')})`);
      const step = pending.splice(index, 1)[0]!;
      const widget = await this.quickInput();
      const input = widget.locator('.quick-input-box input');
      if (step.keep !== undefined) {
        // The flow fills the box in when it opens; read it once it shows something.
        const shown = await eventually(async () => (await input.inputValue()) || undefined, { timeoutMs: 5_000, message: `"${title}" filled in` }).catch(() => '');
        if (shown !== step.keep) throw new Error(`the prompt "${title}" shows "${shown}" filled in, expected "${step.keep}"`);
        await input.press('Enter');
      } else if (step.text !== undefined) {
        await input.fill(step.text);
        await input.press('Enter');
      } else if (step.picks !== undefined) {
        // Filter down to each item (long lists are virtualised), check it unless it already is,
        // then clear the filter and accept.
        for (const label of step.picks) {
          await input.fill(label);
          const row = widget.locator('.quick-input-list .monaco-list-row').filter({ hasText: label }).first();
          await row.waitFor({ timeout: 10_000 });
          const box = row.locator('input[type=checkbox], .quick-input-list-checkbox').first();
          const checked = await box.evaluate((el) => (el as HTMLInputElement).checked === true || el.getAttribute('aria-checked') === 'true');
          if (!checked) await box.click();
        }
        await input.fill('');
        await input.press('Enter');
      } else if (step.pick !== undefined) {
        await this.pick(step.pick);
      } else {
        throw new Error(`the step for ${step.match} has no text, pick or picks`);
      }
      // The step is done when the widget moves on (another title) or closes; a validation
      // message that keeps it open is the failure to report.
      try {
        await eventually(async () => (await this.promptTitle()) !== title, { timeoutMs: 10_000, message: 'the next step' });
      } catch {
        throw new Error(`the prompt "${title}" did not accept the answer: ${(await this.validationMessage()) || 'no message'}`);
      }
    }
  }

  /** A notification toast containing `text`. */
  notification(text: string | RegExp): Locator {
    return this.page.locator('.notification-toast').filter({ hasText: text }).first();
  }

  async waitForNotification(text: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    const toast = this.notification(text);
    await toast.waitFor({ timeout: timeoutMs });
    return toast;
  }

  /** Clicks a button of a notification toast (or of a modal dialog) by its label. */
  async clickButton(label: string | RegExp, within?: Locator): Promise<void> {
    const scope = within ?? this.page.locator('.notification-toast, .monaco-dialog-box').filter({ hasText: label });
    const button = scope.locator('.monaco-button, a.monaco-button').filter({ hasText: label }).first();
    await button.waitFor({ timeout: 15_000 });
    await button.click();
  }

  /** The modal dialog's message, and a way to answer it. */
  async dialog(timeoutMs = 15_000): Promise<Locator> {
    const box = this.page.locator('.monaco-dialog-box');
    await box.waitFor({ timeout: timeoutMs });
    return box;
  }

  async notificationTexts(): Promise<string[]> {
    return this.page.locator('.notification-toast').allInnerTexts();
  }

  async closeAllEditors(): Promise<void> {
    await this.runCommand('View: Close All Editors');
  }

  /** Clicks an action of the active editor's title bar by its title. */
  async editorAction(title: string): Promise<void> {
    const action = this.page.locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${title}"]`).first();
    await action.waitFor({ timeout: 10_000 });
    await action.click();
  }

  /** The active editor's tab title. */
  async activeTabTitle(): Promise<string> {
    return this.page.locator('.tabs-container .tab.active .label-name').first().innerText();
  }

  async waitForEditor(tabText: string | RegExp, timeoutMs = 30_000): Promise<Locator> {
    await this.page.locator('.tabs-container .tab.active').filter({ hasText: tabText }).first().waitFor({ timeout: timeoutMs });
    const editor = this.page.locator('.editor-instance .monaco-editor').last();
    await editor.waitFor({ timeout: timeoutMs });
    return editor;
  }

  /** Waits until an editor (a diff editor's either side too) shows `text` on a rendered line. */
  async waitForEditorText(text: string | RegExp, timeoutMs = 30_000): Promise<void> {
    await this.page.locator('.editor-instance .view-lines').filter({ hasText: text }).first().waitFor({ timeout: timeoutMs });
  }

  /** The cursor position the status bar shows for the active editor: `{ line, column }`. */
  async cursorPosition(): Promise<{ line: number; column: number }> {
    const item = this.page.locator('.statusbar-item').filter({ hasText: /Ln \d+, Col \d+/ }).first();
    await item.waitFor({ timeout: 10_000 });
    const text = await item.innerText();
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    if (!m) throw new Error(`the status bar shows no cursor position (it shows "${text}")`);
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** Puts the cursor on the first occurrence of `text` (the editor's Find) and returns its position. */
  async findInEditor(text: string): Promise<{ line: number; column: number }> {
    await this.page.locator('.editor-instance .monaco-editor').last().click({ position: { x: 200, y: 10 } });
    await this.page.keyboard.press(`${MOD}+Home`);
    await this.page.keyboard.press(`${MOD}+F`);
    const input = this.page.locator('.editor-instance .find-widget .find-part .input').last();
    await input.waitFor({ timeout: 10_000 });
    await input.fill(text);
    // Find-as-you-type selects the first match after the cursor (the top): "1 of N". When it
    // shows "? of N" the selection is elsewhere; Enter moves to the first match.
    const count = this.page.locator('.editor-instance .find-widget .matchesCount').last();
    const counted = () => count.innerText().then((t) => t.trim());
    try {
      await eventually(async () => /^(\d+|\?) of [1-9]/.test(await counted()), { timeoutMs: 10_000, message: 'a match' });
      if (!/^1 of/.test(await counted())) await input.press('Enter');
      await eventually(async () => /^1 of/.test(await counted()), { timeoutMs: 5_000, message: 'the first match' });
    } catch {
      throw new Error(`the editor has no "${text}" (find says: ${await counted()})`);
    }
    // Typing must go to the editor, not to the find box: close the widget. Escape may first be
    // taken by visible notification toasts, hence the retries.
    const widget = this.page.locator('.editor-instance .find-widget.visible');
    for (let attempt = 0; attempt < 3 && (await widget.count()); attempt++) {
      await input.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => {});
    }
    if (await widget.count()) throw new Error('the find widget did not close');
    // Escape leaves the match selected; collapse to its start.
    await this.page.keyboard.press('ArrowLeft');
    return this.cursorPosition();
  }

  /** Replaces the content of the cursor's line (keeping its indentation) with `text`. */
  async replaceCurrentLine(text: string): Promise<void> {
    await this.page.keyboard.press('End');
    await this.page.keyboard.press('Shift+Home');
    // Typed key by key, as a person does: every half-typed state is sent to the language server, and
    // what it shows at the end must be the diagnostics of the final text, not of a stale version.
    await this.page.keyboard.type(text, { delay: 40 });
  }

  /** Hovers over the first rendered token `token` on the editor line containing `lineText`. */
  async hover(lineText: string | RegExp, token: string | RegExp): Promise<string> {
    const line = this.page.locator('.editor-instance .view-line').filter({ hasText: lineText }).first();
    await line.waitFor({ timeout: 10_000 });
    const span = line.locator('span span', { hasText: token }).first();
    await span.hover();
    const hover = this.page.locator('.monaco-hover:not(.hidden)').filter({ hasText: /\S/ }).first();
    await hover.waitFor({ timeout: 15_000 });
    // The hover fills in as its providers answer ("Loading..." until then): take its text once it
    // has stopped changing between two frames.
    return eventually(async () => {
      const first = (await hover.innerText()).trim();
      if (!first || /Loading\.\.\./.test(first)) return undefined;
      await this.nextFrames();
      const again = (await hover.innerText()).trim();
      return again === first ? first : undefined;
    }, { timeoutMs: 15_000, message: 'the hover filled in' });
  }

  /**
   * Closes every editor without saving: a scenario that failed halfway must not leave a dirty
   * document whose save prompt would block the next one.
   */
  async revertAndCloseAll(): Promise<void> {
    const tabs = () => this.page.locator('.tabs-container .tab').count();
    for (let i = 0; i < 10; i++) {
      const before = await tabs();
      if (before === 0) return;
      await this.runCommand('View: Revert and Close Editor').catch(() => {});
      await eventually(async () => (await tabs()) < before, { timeoutMs: 5_000, message: 'an editor closed' }).catch(() => {});
    }
  }

  /** Asks for completions at the cursor and returns their labels. */
  async suggestions(timeoutMs = 15_000): Promise<string[]> {
    await this.page.keyboard.press('Control+Space');
    const rows = this.page.locator('.suggest-widget.visible .monaco-list-row');
    await rows.first().waitFor({ timeout: timeoutMs });
    return (await rows.allInnerTexts()).map((t) => (t.split('\n')[0] ?? '').trim());
  }

  /** Line numbers (1-based) the active editor marks with an error squiggle. */
  async errorLines(): Promise<number[]> {
    return this.page.evaluate(() => {
      const editor = [...document.querySelectorAll('.editor-instance .monaco-editor')].pop();
      if (!editor) return [];
      const lineHeight = parseFloat(getComputedStyle(editor.querySelector('.view-line') ?? editor).lineHeight) || 19;
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => ({ top: (n.parentElement ?? n).getBoundingClientRect().top, line: Number(n.textContent) }));
      return [...editor.querySelectorAll('.squiggly-error')].map((sq) => {
        const top = sq.getBoundingClientRect().top;
        const near = numbers.find((n) => Math.abs(n.top - top) < lineHeight / 2);
        return near?.line;
      }).filter((line): line is number => line !== undefined);
    });
  }

  async save(): Promise<void> {
    await this.page.keyboard.press(`${MOD}+S`);
  }

  async screenshot(name: string): Promise<string> {
    await mkdir(this.screenshotDir, { recursive: true });
    const path = join(this.screenshotDir, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }
}

function segmentsOf(path: TreePath): readonly PathSegment[] {
  return Array.isArray(path) ? (path as readonly PathSegment[]) : [path as PathSegment];
}

function describePath(path: TreePath): string {
  return segmentsOf(path).map((s) => (typeof s === 'object' && !(s instanceof RegExp) ? `text ${s.text}` : String(s))).join(' > ');
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Retries `check` until it returns a truthy value or the deadline passes; returns that value. */
export async function eventually<T>(check: () => T | Promise<T>, { timeoutMs = 30_000, intervalMs = 250, message = 'condition' }: EventuallyOptions = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`${message} not met within ${timeoutMs} ms${lastError ? `: ${(lastError as Error).message}` : ''}`);
}
