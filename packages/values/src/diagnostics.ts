import { CodeActionKind, DiagnosticSeverity, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { JsonSchema } from './derive.js';
import type { DocumentState } from './documents.js';
import { resolvePlain } from './parse.js';
import { nodeAtPath, type EntryIndex, type PathSegment, type YNode } from './tree.js';
import type { SchemaProblem, SchemaValidatorCache } from './validator.js';

/** The `source` of every diagnostic of this package. */
export const VALUES_DIAGNOSTIC_SOURCE = 'cce-autopilot-values';

/** A certain fix of one diagnostic: one edit of the document. */
export interface QuickFix {
  title: string;
  edit: TextEdit;
}

/** What a values diagnostic carries beyond LSP's fields (LSP keeps `data` from publish to code action). */
export interface ValuesDiagnosticData {
  /** Offsets in the document text, for callers that do not think in lines. */
  offsets: { start: number; end: number };
  /** Set when the fix is certain: exactly one close match. */
  fix?: QuickFix;
}

/** An LSP diagnostic as published: the language server sends it as it is. */
export interface ValuesDiagnostic extends Diagnostic {
  severity: typeof DiagnosticSeverity.Error | typeof DiagnosticSeverity.Warning;
  /** Plain words (LSP 3.18 allows markdown here; values messages never need it). */
  message: string;
  /** `syntax`, `duplicate-key`, `too-deep`, `encoding`, or the JSON Schema keyword that failed (`type`, `enum`, ...). */
  code: string;
  source: typeof VALUES_DIAGNOSTIC_SOURCE;
  data: ValuesDiagnosticData;
}

export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** The word for a severity, as the CLI and the MCP tools print it. */
export function severityName(severity: DiagnosticSeverity | undefined): SeverityName {
  switch (severity) {
    case DiagnosticSeverity.Warning:
      return 'warning';
    case DiagnosticSeverity.Information:
      return 'information';
    case DiagnosticSeverity.Hint:
      return 'hint';
    default:
      // LSP: a diagnostic without a severity is the client's to weigh; for values it blocks.
      return 'error';
  }
}

export function valuesDiagnostic(range: Range, start: number, end: number, severity: 'error' | 'warning', message: string, code: string): ValuesDiagnostic {
  return {
    range,
    severity: severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    message,
    code,
    source: VALUES_DIAGNOSTIC_SOURCE,
    data: { offsets: { start, end } },
  };
}

/** Diagnostics (syntax, then schema) and their quick fixes, cached per document version and schema. */
export class ValuesDiagnostics {
  private readonly cache = new WeakMap<DocumentState, { schema: JsonSchema | undefined; diagnostics: ValuesDiagnostic[] }>();

  constructor(private readonly validators: SchemaValidatorCache) {}

  /** Syntax problems, then schema problems (when a schema is given), each with its exact range; in document order. */
  validate(st: DocumentState, schema?: JsonSchema): ValuesDiagnostic[] {
    const hit = this.cache.get(st);
    if (hit && hit.schema === schema) return hit.diagnostics;
    const out: ValuesDiagnostic[] = [];
    const { lines, parsed } = st;
    for (const p of parsed.problems) {
      const start = Math.min(p.start, st.text.length);
      const end = Math.min(Math.max(p.end, start), st.text.length);
      const code = p.code ?? (p.message.startsWith('duplicate key') ? 'duplicate-key' : 'syntax');
      out.push(valuesDiagnostic(lines.range(start, end), start, end, p.severity, p.message, code));
    }
    if (schema) {
      // An empty document means "all defaults"; validate it as an empty mapping.
      const value = parsed.value === null || parsed.value === undefined ? {} : parsed.value;
      // With syntax errors the value is a best effort; schema findings on it still help.
      // Problems on a line that does not parse are consequences of the syntax error; say it once.
      const broken = new Set<number>();
      for (const d of out) if (d.severity === DiagnosticSeverity.Error) for (let l = d.range.start.line; l <= d.range.end.line; l++) broken.add(l);
      const index: EntryIndex = new WeakMap();
      for (const sp of this.validators.validate(schema, value)) {
        const d = locate(st, sp, index);
        if (!broken.has(d.range.start.line)) out.push(d);
      }
    }
    out.sort((a, b) => a.data.offsets.start - b.data.offsets.start);
    this.cache.set(st, { schema, diagnostics: out });
    return out;
  }

  /** Quick fixes of the current version's diagnostics that touch `range`, as LSP code actions. */
  codeActions(st: DocumentState, schema: JsonSchema | undefined, range: Range): CodeAction[] {
    const from = st.lines.offsetAt(range.start);
    const to = st.lines.offsetAt(range.end);
    const actions: CodeAction[] = [];
    for (const d of this.validate(st, schema)) {
      const fix = d.data.fix;
      if (!fix || d.data.offsets.start > to || d.data.offsets.end < from) continue;
      actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, isPreferred: true, diagnostics: [d], edit: { changes: { [st.uri]: [fix.edit] } } });
    }
    return actions;
  }
}

function locate(st: DocumentState, sp: SchemaProblem, index: EntryIndex): ValuesDiagnostic {
  const { start, end } = rangeFor(st, sp.path, sp.target, index);
  const range = st.lines.range(start, end);
  const d = valuesDiagnostic(range, start, end, sp.severity, sp.message, sp.code);
  if (sp.suggestion) {
    let newText = sp.suggestion.text;
    const original = st.text.slice(start, end);
    const quote = original.startsWith("'") ? "'" : original.startsWith('"') ? '"' : '';
    if (quote === "'") newText = `'${newText.replace(/'/g, "''")}'`;
    else if (quote === '"' || (sp.suggestion.quoted && resolvePlain(newText) !== newText)) newText = JSON.stringify(newText);
    d.data.fix = { title: `Change ${original} to ${newText}`, edit: { range, newText } };
  }
  return d;
}

function rangeFor(st: DocumentState, path: PathSegment[], target: 'key' | 'value', index: EntryIndex): { start: number; end: number } {
  const root = st.parsed.root;
  const { node, entry, depth } = nodeAtPath(root, path, index);
  if (depth === path.length && node) {
    if (target === 'key' && entry) return { start: entry.keyStart, end: entry.keyEnd };
    if (target === 'key' && !entry && path.length === 0) return firstLine(st, node);
    if (node.start === node.end && entry) return { start: entry.keyStart, end: entry.keyEnd };
    // A block collection spans many lines; the key (or its first line) says where it is.
    if (node.kind !== 'scalar' && !node.flow && spansLines(st, node)) {
      if (entry) return { start: entry.keyStart, end: entry.keyEnd };
      return firstLine(st, node);
    }
    return { start: node.start, end: node.end };
  }
  if (entry) return { start: entry.keyStart, end: entry.keyEnd };
  return node ? firstLine(st, node) : { start: 0, end: Math.min(st.text.length, st.lines.lineText(0).length) };
}

function spansLines(st: DocumentState, n: YNode): boolean {
  return st.text.lastIndexOf('\n', n.end - 1) >= n.start;
}

function firstLine(st: DocumentState, n: YNode): { start: number; end: number } {
  const nl = st.text.indexOf('\n', n.start);
  const end = nl < 0 || nl > n.end ? n.end : nl;
  return { start: n.start, end: Math.max(n.start, end) };
}
