import { MarkupKind, type Hover, type MarkupContent, type Position, type Range } from 'vscode-languageserver-types';
import type { JsonSchema } from './derive.js';
import type { DocumentState } from './documents.js';
import { keywordOf, schemaAtPath, typeNames } from './schema-walk.js';
import { pathAtOffset } from './tree.js';

/** An LSP hover whose contents are always markdown and whose range is always set. */
export interface ValuesHover extends Hover {
  contents: MarkupContent;
  range: Range;
}

/** What the schema says of the key or value under the cursor: title, description, type, default, allowed values. */
export function hoverAt(st: DocumentState, schema: JsonSchema, position: Position): ValuesHover | undefined {
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
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n') }, range: st.lines.range(start, end) };
}
