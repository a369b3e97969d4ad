import type { Position, Range } from 'vscode-languageserver-types';

// Positions count lines from zero and characters in UTF-16 code units, what LSP counts by default.
export type { Position, Range };

/** Offsets <-> line/character for one text. */
export class LineIndex {
  readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      let i = text.indexOf('\n');
      while (i >= 0) {
        starts.push(i + 1);
        i = text.indexOf('\n', i + 1);
      }
    } else {
      // \r\n, \r and \n all end a line, as in YAML and in LSP clients.
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (c === 10) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  offsetAt(p: Position): number {
    if (p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line]!;
    return Math.max(start, Math.min(start + p.character, this.lineEnd(p.line)));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(Math.max(start, end)) };
  }

  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    return this.text.slice(start, this.lineEnd(line));
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next;
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (end > (this.starts[line] ?? 0) && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}
