import { stringify } from 'yaml';
import type { JsonSchema } from './derive.js';
import { reparseIncrementally } from './incremental.js';
import { LineIndex, type Position, type Range } from './lines.js';
import { parseYaml, resolvePlain, type ParsedYaml } from './parse.js';
import { keywordOf, propertiesOf, schemaAtPath, typeNames } from './schema-walk.js';
import { nodeAtPath, pathAtOffset, type EntryIndex, type PathSegment, type YNode } from './tree.js';
import { SchemaValidatorCache, describeValue, type SchemaProblem } from './validator.js';

/** What the service needs of a document: vscode-languageserver-textdocument's TextDocument fits. */
export interface TextDocumentLike {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  edit: TextEdit;
}

export interface ValuesDiagnostic {
  range: Range;
  /** Offsets in the document text, for callers that do not think in lines. */
  offsets: { start: number; end: number };
  severity: 'error' | 'warning';
  message: string;
  /** `syntax`, `duplicate-key`, or the JSON Schema keyword that failed (`type`, `enum`, ...). */
  code: string;
  source: 'cce-autopilot-values';
  /** Set when the fix is certain: exactly one close match. */
  fix?: QuickFix;
}

export interface HoverResult {
  /** Markdown. */
  contents: string;
  range: Range;
}

export interface CompletionItem {
  label: string;
  kind: 'property' | 'value' | 'snippet';
  /** Text to insert at the cursor, replacing `range`. May contain `$0`-style tab stops when `snippet` is set. */
  insertText: string;
  snippet: boolean;
  range: Range;
  detail?: string;
  documentation?: string;
}

export interface ValuesLanguageServiceOptions {
  /** How many documents to keep parsed; the least recently used is dropped first. */
  maxDocuments?: number;
}

interface DocState {
  version: number;
  text: string;
  parsed: ParsedYaml;
  lines: LineIndex;
  validated?: { schema: JsonSchema | undefined; diagnostics: ValuesDiagnostic[] };
}

/**
 * The values language service: pure (no I/O), one instance per editor session or CLI run.
 * Work is cached per document version; a new version of a document the service has seen is
 * re-parsed only around the edit when possible.
 */
export class ValuesLanguageService {
  private readonly docs = new Map<string, DocState>();
  private readonly validators = new SchemaValidatorCache();
  private readonly maxDocuments: number;
  /** How the latest parse was done, for tests and benchmarks: `full` or `incremental`. */
  lastParse: 'full' | 'incremental' | 'cached' = 'full';

  constructor(options: ValuesLanguageServiceOptions = {}) {
    this.maxDocuments = options.maxDocuments ?? 64;
  }

  /** Drops what is cached for a document (the editor closed it). */
  forget(uri: string): void {
    this.docs.delete(uri);
  }

  private state(doc: TextDocumentLike): DocState {
    const prev = this.docs.get(doc.uri);
    if (prev && prev.version === doc.version) {
      this.lastParse = 'cached';
      return prev;
    }
    const text = doc.getText();
    let parsed: ParsedYaml | undefined;
    if (prev && prev.parsed.fast) {
      parsed = reparseIncrementally(prev.text, text, prev.parsed);
      this.lastParse = 'incremental';
    }
    if (!parsed) {
      parsed = parseYaml(text);
      this.lastParse = 'full';
    }
    const st: DocState = { version: doc.version, text, parsed, lines: new LineIndex(text) };
    this.docs.delete(doc.uri);
    this.docs.set(doc.uri, st);
    if (this.docs.size > this.maxDocuments) {
      const oldest = this.docs.keys().next().value;
      if (oldest !== undefined) this.docs.delete(oldest);
    }
    return st;
  }

  /** Syntax problems, then schema problems (when a schema is given), each with its exact range. */
  validate(doc: TextDocumentLike, schema?: JsonSchema): ValuesDiagnostic[] {
    const st = this.state(doc);
    if (st.validated && st.validated.schema === schema) return st.validated.diagnostics;
    const out: ValuesDiagnostic[] = [];
    const { lines, parsed } = st;
    for (const p of parsed.problems) {
      const start = Math.min(p.start, st.text.length);
      const end = Math.min(Math.max(p.end, start), st.text.length);
      const code = p.code ?? (p.message.startsWith('duplicate key') ? 'duplicate-key' : 'syntax');
      out.push({ range: lines.range(start, end), offsets: { start, end }, severity: p.severity, message: p.message, code, source: 'cce-autopilot-values' });
    }
    if (schema) {
      // An empty document means "all defaults"; validate it as an empty mapping.
      const value = parsed.value === null || parsed.value === undefined ? {} : parsed.value;
      // With syntax errors the value is a best effort; schema findings on it still help.
      // Problems on a line that does not parse are consequences of the syntax error; say it once.
      const broken = new Set<number>();
      for (const d of out) if (d.severity === 'error') for (let l = d.range.start.line; l <= d.range.end.line; l++) broken.add(l);
      const index: EntryIndex = new WeakMap();
      for (const sp of this.validators.validate(schema, value)) {
        const d = this.locate(st, sp, index);
        if (!broken.has(d.range.start.line)) out.push(d);
      }
    }
    out.sort((a, b) => a.offsets.start - b.offsets.start);
    st.validated = { schema, diagnostics: out };
    return out;
  }

  private locate(st: DocState, sp: SchemaProblem, index: EntryIndex): ValuesDiagnostic {
    const { start, end } = this.rangeFor(st, sp.path, sp.target, index);
    const range = st.lines.range(start, end);
    const d: ValuesDiagnostic = { range, offsets: { start, end }, severity: sp.severity, message: sp.message, code: sp.code, source: 'cce-autopilot-values' };
    if (sp.suggestion) {
      let newText = sp.suggestion.text;
      const original = st.text.slice(start, end);
      const quote = original.startsWith("'") ? "'" : original.startsWith('"') ? '"' : '';
      if (quote === "'") newText = `'${newText.replace(/'/g, "''")}'`;
      else if (quote === '"' || (sp.suggestion.quoted && resolvePlain(newText) !== newText)) newText = JSON.stringify(newText);
      d.fix = { title: `Change ${original} to ${newText}`, edit: { range, newText } };
    }
    return d;
  }

  private rangeFor(st: DocState, path: PathSegment[], target: 'key' | 'value', index: EntryIndex): { start: number; end: number } {
    const root = st.parsed.root;
    const { node, entry, depth } = nodeAtPath(root, path, index);
    if (depth === path.length && node) {
      if (target === 'key' && entry) return { start: entry.keyStart, end: entry.keyEnd };
      if (target === 'key' && !entry && path.length === 0) return this.firstLine(st, node);
      if (node.start === node.end && entry) return { start: entry.keyStart, end: entry.keyEnd };
      // A block collection spans many lines; the key (or its first line) says where it is.
      if (node.kind !== 'scalar' && !node.flow && this.spansLines(st, node)) {
        if (entry) return { start: entry.keyStart, end: entry.keyEnd };
        return this.firstLine(st, node);
      }
      return { start: node.start, end: node.end };
    }
    if (entry) return { start: entry.keyStart, end: entry.keyEnd };
    return node ? this.firstLine(st, node) : { start: 0, end: Math.min(st.text.length, st.lines.lineText(0).length) };
  }

  private spansLines(st: DocState, n: YNode): boolean {
    return st.text.lastIndexOf('\n', n.end - 1) >= n.start;
  }

  private firstLine(st: DocState, n: YNode): { start: number; end: number } {
    const nl = st.text.indexOf('\n', n.start);
    const end = nl < 0 || nl > n.end ? n.end : nl;
    return { start: n.start, end: Math.max(n.start, end) };
  }

  /** Quick fixes of the current version's diagnostics that touch `range`. */
  codeActions(doc: TextDocumentLike, schema: JsonSchema | undefined, range: Range): QuickFix[] {
    const st = this.state(doc);
    const from = st.lines.offsetAt(range.start);
    const to = st.lines.offsetAt(range.end);
    return this.validate(doc, schema)
      .filter((d) => d.fix && d.offsets.start <= to && d.offsets.end >= from)
      .map((d) => d.fix!);
  }

  hover(doc: TextDocumentLike, schema: JsonSchema, position: Position): HoverResult | undefined {
    const st = this.state(doc);
    const offset = st.lines.offsetAt(position);
    const at = pathAtOffset(st.parsed.root, offset);
    if (at.path.length === 0) return undefined;
    const sub = schemaAtPath(schema, at.path);
    if (!sub) return undefined;
    const key = at.path[at.path.length - 1]!;
    const parts: string[] = [];
    const title = keywordOf<string>(schema, sub, 'title');
    parts.push(`**${typeof key === 'number' ? `item ${key + 1}` : key}**${title && title !== key ? ` (${title})` : ''}`);
    const description = keywordOf<string>(schema, sub, 'description');
    if (description) parts.push(description);
    const types = typeNames(schema, sub);
    if (types.length) parts.push(`Type: ${types.join(' | ')}`);
    const def = keywordOf(schema, sub, 'default');
    if (def !== undefined) parts.push(`Default: \`${JSON.stringify(def)}\``);
    const en = keywordOf<unknown[]>(schema, sub, 'enum');
    if (Array.isArray(en)) {
      const descs = keywordOf<string[]>(schema, sub, 'x-enum-descriptions');
      const lines = en.map((v, i) => `- \`${typeof v === 'string' ? v : JSON.stringify(v)}\`${descs?.[i] ? ` ${descs[i]}` : ''}`);
      parts.push(`Allowed values:\n${lines.join('\n')}`);
    }
    const minimum = keywordOf<number>(schema, sub, 'minimum');
    if (typeof minimum === 'number' && types.includes('integer')) parts.push(`At least ${minimum}`);
    const expected = keywordOf<string>(schema, sub, 'x-expected');
    if (expected) parts.push(`Expected: ${expected}`);
    let start: number;
    let end: number;
    if (at.entry && offset >= at.entry.keyStart && offset <= at.entry.keyEnd) {
      start = at.entry.keyStart;
      end = at.entry.keyEnd;
    } else if (at.node && at.node.kind === 'scalar') {
      start = at.node.start;
      end = at.node.end;
    } else if (at.entry) {
      start = at.entry.keyStart;
      end = at.entry.keyEnd;
    } else {
      return undefined;
    }
    return { contents: parts.join('\n\n'), range: st.lines.range(start, end) };
  }

  complete(doc: TextDocumentLike, schema: JsonSchema, position: Position): CompletionItem[] {
    const st = this.state(doc);
    const lineText = st.lines.lineText(position.line);
    const before = lineText.slice(0, position.character);
    const lineStart = st.lines.starts[position.line] ?? 0;
    const offset = lineStart + Math.min(position.character, lineText.length);

    // "key: partial" -> values for that key.
    const valueMatch = /^(\s*)(-\s+)?((?:"[^"]*"|'[^']*'|[^\s#:'"][^:#]*?)):\s+(\S*)$/.exec(before) ?? /^(\s*)(-\s+)?((?:"[^"]*"|'[^']*'|[^\s#:'"][^:#]*?)):()$/.exec(before);
    if (valueMatch) {
      const indent = valueMatch[1]!.length;
      const dash = valueMatch[2] ?? '';
      const key = unquote(valueMatch[3]!.trim());
      const partial = valueMatch[4] ?? '';
      const column = indent + dash.length;
      const parentPath = dash ? [...containerPath(st.lines, position.line, indent, 'seq'), 0] : containerPath(st.lines, position.line, column, 'map');
      const path = [...parentPath, key];
      const sub = schemaAtPath(schema, path);
      if (!sub) return [];
      const range = st.lines.range(offset - partial.length, offset);
      // A block (a whole flavor) replaces the spaces after the colon too, leaving no trailing blank.
      const afterColon = lineStart + before.lastIndexOf(':', before.length - partial.length - 1) + 1;
      const blockRange = st.lines.range(afterColon, offset);
      const needsSpace = !/\s$/.test(before.slice(0, before.length - partial.length));
      return this.valueItems(schema, sub, range, blockRange, column, needsSpace ? ' ' : '');
    }

    // "  partial" or "  - partial" -> keys of the enclosing mapping (and item snippets).
    const keyMatch = /^(\s*)(-\s+)?([^\s:#]*)$/.exec(before);
    if (!keyMatch) return [];
    const indent = keyMatch[1]!.length;
    const dash = keyMatch[2] ?? '';
    const partial = keyMatch[3]!;
    const column = indent + dash.length;
    const range = st.lines.range(offset - partial.length, offset);
    const items: CompletionItem[] = [];
    let mapPath: PathSegment[];
    if (dash) {
      const seqPath = containerPath(st.lines, position.line, indent, 'seq');
      mapPath = [...seqPath, 0];
      const itemSchema = schemaAtPath(schema, mapPath);
      if (itemSchema) {
        const snippets = keywordOf<Array<{ label?: string; description?: string; body?: unknown }>>(schema, itemSchema, 'defaultSnippets') ?? [];
        for (const sn of snippets) {
          items.push({
            label: sn.label ?? 'snippet',
            kind: 'snippet',
            insertText: indentBlock(stringify(sn.body).trimEnd(), column, false),
            snippet: false,
            range,
            ...(sn.description ? { detail: sn.description } : {}),
          });
        }
        for (const v of enumValues(schema, itemSchema)) items.push({ label: v, kind: 'value', insertText: v, snippet: false, range });
      }
    } else {
      mapPath = containerPath(st.lines, position.line, column, 'map');
    }
    const mapSchema = schemaAtPath(schema, mapPath);
    if (!mapSchema) return items;
    const present = siblingKeys(st.lines, position.line, column, !!dash);
    for (const [k, sub] of propertiesOf(schema, mapSchema)) {
      if (present.has(k)) continue;
      const types = typeNames(schema, sub);
      let insertText = `${k}: `;
      if (types.length === 1 && types[0] === 'object' && !Array.isArray(keywordOf(schema, sub, 'enum'))) insertText = `${k}:\n${' '.repeat(column + 2)}`;
      else if (types.length === 1 && types[0] === 'array') insertText = `${k}:\n${' '.repeat(column + 2)}- `;
      const description = keywordOf<string>(schema, sub, 'description');
      items.push({ label: k, kind: 'property', insertText, snippet: false, range, ...(types.length ? { detail: types.join(' | ') } : {}), ...(description ? { documentation: description } : {}) });
    }
    return items;
  }

  private valueItems(root: JsonSchema, sub: JsonSchema, range: Range, blockRange: Range, column: number, lead: string): CompletionItem[] {
    const items: CompletionItem[] = [];
    const en = keywordOf<unknown[]>(root, sub, 'enum');
    const descs = keywordOf<string[]>(root, sub, 'x-enum-descriptions');
    if (Array.isArray(en)) {
      en.forEach((v, i) => {
        const textValue = typeof v === 'string' ? (resolvePlain(v) === v ? v : JSON.stringify(v)) : JSON.stringify(v);
        items.push({ label: String(v), kind: 'value', insertText: lead + textValue, snippet: false, range, ...(descs?.[i] ? { detail: descs[i] } : {}) });
      });
      return items;
    }
    const types = typeNames(root, sub);
    if (types.includes('boolean')) for (const b of ['true', 'false']) items.push({ label: b, kind: 'value', insertText: lead + b, snippet: false, range });
    const def = keywordOf(root, sub, 'default');
    if (def !== undefined && (typeof def !== 'object' || def === null)) {
      const t = typeof def === 'string' && resolvePlain(def) === def ? def : JSON.stringify(def);
      if (!items.some((i) => i.label === t)) items.push({ label: t, kind: 'value', insertText: lead + t, snippet: false, range, detail: 'default' });
    }
    const snippets = keywordOf<Array<{ label?: string; description?: string; body?: unknown }>>(root, sub, 'defaultSnippets') ?? [];
    for (const sn of snippets) {
      items.push({
        label: sn.label ?? 'snippet',
        kind: 'snippet',
        insertText: '\n' + indentBlock(stringify(sn.body).trimEnd(), column + 2, true),
        snippet: false,
        range: blockRange,
        ...(sn.description ? { detail: sn.description } : {}),
      });
    }
    return items;
  }
}

function unquote(k: string): string {
  if ((k.startsWith('"') && k.endsWith('"')) || (k.startsWith("'") && k.endsWith("'"))) return k.slice(1, -1);
  return k;
}

function enumValues(root: JsonSchema, s: JsonSchema): string[] {
  const en = keywordOf<unknown[]>(root, s, 'enum');
  return Array.isArray(en) ? en.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
}

function indentBlock(body: string, column: number, indentFirst: boolean): string {
  const pad = ' '.repeat(column);
  return body
    .split('\n')
    .map((l, i) => (i === 0 && !indentFirst ? l : pad + l))
    .join('\n');
}

interface LineShape {
  blank: boolean;
  indent: number;
  dash: boolean;
  /** Column of the key text (after "- " on item lines). */
  keyColumn: number;
  key: string | undefined;
}

function shapeOf(line: string): LineShape {
  const m = /^( *)(-(?: +|$))?([\s\S]*)$/.exec(line)!;
  const indent = m[1]!.length;
  const rest = m[3]!;
  const blank = !m[2] && (rest.trim() === '' || rest.trimStart().startsWith('#'));
  const km = /^("[^"]*"|'[^']*'|[^\s#:'"][^:#]*?)\s*:(?:\s|$)/.exec(rest);
  return { blank, indent, dash: !!m[2], keyColumn: indent + (m[2]?.length ?? 0), key: km ? unquote(km[1]!.trim()) : undefined };
}

/**
 * The path of the mapping that holds a key at `column` (mode `map`), or of the list whose dashes
 * are at `column` (mode `seq`), as seen from line `lineNo`. Found from indentation alone so that it
 * works while the document does not parse. List items count as index 0: a list's items share one
 * schema.
 */
function containerPath(lines: LineIndex, lineNo: number, column: number, mode: 'map' | 'seq'): PathSegment[] {
  const path: PathSegment[] = [];
  let want = mode;
  let col = column;
  for (let l = lineNo - 1; l >= 0; l--) {
    if (want === 'map' && col === 0) break;
    const s = shapeOf(lines.lineText(l));
    if (s.blank) continue;
    if (want === 'map') {
      if (s.dash && s.keyColumn === col && s.indent < col) {
        path.unshift(0);
        want = 'seq';
        col = s.indent;
        continue;
      }
      if (s.keyColumn >= col && s.indent >= col) continue; // a sibling or inside one
    } else {
      if (s.indent > col || (s.dash && s.indent === col)) continue; // inside or at a sibling item
    }
    if (s.key === undefined) break;
    path.unshift(s.key);
    if (s.dash) {
      path.unshift(0);
      want = 'seq';
      col = s.indent;
    } else {
      want = 'map';
      col = s.keyColumn;
    }
  }
  return path;
}

/** Keys already present in the mapping the cursor line belongs to (so completion does not offer them twice). */
function siblingKeys(lines: LineIndex, lineNo: number, column: number, newItem: boolean): Set<string> {
  const keys = new Set<string>();
  if (newItem) return keys;
  const scan = (from: number, step: number) => {
    for (let l = from; l >= 0 && l < lines.lineCount; l += step) {
      const s = shapeOf(lines.lineText(l));
      if (s.blank) continue;
      if (s.dash && s.keyColumn === column) {
        // The first key of this list item belongs to our mapping; earlier items do not.
        if (s.key !== undefined) keys.add(s.key);
        if (step < 0) return;
        return;
      }
      if (s.keyColumn < column || s.indent < column) return;
      if (s.keyColumn === column && s.key !== undefined) keys.add(s.key);
    }
  };
  scan(lineNo - 1, -1);
  scan(lineNo + 1, 1);
  return keys;
}

export { describeValue };
