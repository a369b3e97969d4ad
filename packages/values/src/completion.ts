import { stringify } from 'yaml';
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Position, type Range, type TextEdit } from 'vscode-languageserver-types';
import type { JsonSchema } from './derive.js';
import type { DocumentState } from './documents.js';
import { containerPath, siblingKeys, unquote } from './line-shape.js';
import { resolvePlain } from './parse.js';
import { keywordOf, propertiesOf, schemaAtPath, typeNames } from './schema-walk.js';
import type { PathSegment } from './tree.js';

/** An LSP completion item as sent: it always replaces a range (`textEdit`) and is plain text. */
export interface ValuesCompletionItem extends CompletionItem {
  kind: typeof CompletionItemKind.Property | typeof CompletionItemKind.Value | typeof CompletionItemKind.Snippet;
  textEdit: TextEdit;
  insertTextFormat: typeof InsertTextFormat.PlainText;
  /** The service's order (schema order, default flavor first) rather than the alphabet. */
  sortText: string;
}

type Snippet = { label?: string; description?: string; body?: unknown };

interface Draft {
  label: string;
  kind: ValuesCompletionItem['kind'];
  newText: string;
  range: Range;
  detail?: string;
  documentation?: string;
}

function finish(drafts: Draft[]): ValuesCompletionItem[] {
  return drafts.map((d, index) => ({
    label: d.label,
    kind: d.kind,
    textEdit: { range: d.range, newText: d.newText },
    insertTextFormat: InsertTextFormat.PlainText,
    sortText: String(index).padStart(4, '0'),
    ...(d.detail ? { detail: d.detail } : {}),
    ...(d.documentation ? { documentation: { kind: MarkupKind.Markdown, value: d.documentation } } : {}),
  }));
}

/**
 * Keys of the enclosing mapping, values of the key before the cursor, and snippets (whole flavors,
 * list items). Works from the line parser (indentation), so it keeps working while the document
 * does not parse.
 */
export function completeAt(st: DocumentState, schema: JsonSchema, position: Position): ValuesCompletionItem[] {
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
    return finish(valueItems(schema, sub, range, blockRange, column, needsSpace ? ' ' : ''));
  }

  // "  partial" or "  - partial" -> keys of the enclosing mapping (and item snippets).
  const keyMatch = /^(\s*)(-\s+)?([^\s:#]*)$/.exec(before);
  if (!keyMatch) return [];
  const indent = keyMatch[1]!.length;
  const dash = keyMatch[2] ?? '';
  const partial = keyMatch[3]!;
  const column = indent + dash.length;
  const range = st.lines.range(offset - partial.length, offset);
  const items: Draft[] = [];
  let mapPath: PathSegment[];
  if (dash) {
    const seqPath = containerPath(st.lines, position.line, indent, 'seq');
    mapPath = [...seqPath, 0];
    const itemSchema = schemaAtPath(schema, mapPath);
    if (itemSchema) {
      for (const sn of keywordOf<Snippet[]>(schema, itemSchema, 'defaultSnippets') ?? []) {
        items.push({ label: sn.label ?? 'snippet', kind: CompletionItemKind.Snippet, newText: indentBlock(stringify(sn.body).trimEnd(), column, false), range, ...(sn.description ? { detail: sn.description } : {}) });
      }
      for (const v of enumValues(schema, itemSchema)) items.push({ label: v, kind: CompletionItemKind.Value, newText: v, range });
    }
  } else {
    mapPath = containerPath(st.lines, position.line, column, 'map');
  }
  const mapSchema = schemaAtPath(schema, mapPath);
  if (!mapSchema) return finish(items);
  const present = siblingKeys(st.lines, position.line, column, !!dash);
  for (const [k, sub] of propertiesOf(schema, mapSchema)) {
    if (present.has(k)) continue;
    const types = typeNames(schema, sub);
    let newText = `${k}: `;
    if (types.length === 1 && types[0] === 'object' && !Array.isArray(keywordOf(schema, sub, 'enum'))) newText = `${k}:\n${' '.repeat(column + 2)}`;
    else if (types.length === 1 && types[0] === 'array') newText = `${k}:\n${' '.repeat(column + 2)}- `;
    const description = keywordOf<string>(schema, sub, 'description');
    items.push({ label: k, kind: CompletionItemKind.Property, newText, range, ...(types.length ? { detail: types.join(' | ') } : {}), ...(description ? { documentation: description } : {}) });
  }
  return finish(items);
}

function valueItems(root: JsonSchema, sub: JsonSchema, range: Range, blockRange: Range, column: number, lead: string): Draft[] {
  const items: Draft[] = [];
  const en = keywordOf<unknown[]>(root, sub, 'enum');
  const descs = keywordOf<string[]>(root, sub, 'x-enum-descriptions');
  if (Array.isArray(en)) {
    en.forEach((v, i) => {
      const textValue = typeof v === 'string' ? (resolvePlain(v) === v ? v : JSON.stringify(v)) : JSON.stringify(v);
      items.push({ label: String(v), kind: CompletionItemKind.Value, newText: lead + textValue, range, ...(descs?.[i] ? { detail: descs[i] } : {}) });
    });
    return items;
  }
  const types = typeNames(root, sub);
  if (types.includes('boolean')) for (const b of ['true', 'false']) items.push({ label: b, kind: CompletionItemKind.Value, newText: lead + b, range });
  const def = keywordOf(root, sub, 'default');
  if (def !== undefined && (typeof def !== 'object' || def === null)) {
    const t = typeof def === 'string' && resolvePlain(def) === def ? def : JSON.stringify(def);
    if (!items.some((i) => i.label === t)) items.push({ label: t, kind: CompletionItemKind.Value, newText: lead + t, range, detail: 'default' });
  }
  for (const sn of keywordOf<Snippet[]>(root, sub, 'defaultSnippets') ?? []) {
    items.push({
      label: sn.label ?? 'snippet',
      kind: CompletionItemKind.Snippet,
      newText: '\n' + indentBlock(stringify(sn.body).trimEnd(), column + 2, true),
      range: blockRange,
      ...(sn.description ? { detail: sn.description } : {}),
    });
  }
  return items;
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
