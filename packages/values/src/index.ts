export { decodeValuesFile, replacementCharacterDiagnostics } from './encoding.js';
export type { DecodedValuesFile } from './encoding.js';
export { MAX_NESTING_DEPTH } from './depth.js';
export {
  deriveAddonValuesSchema,
  deriveChartValuesSchema,
  schemaFromDefault,
  QUANTITY_PATTERN,
  UNKNOWN_KEYS_KEYWORD,
  EXPECTED_KEYWORD,
} from './derive.js';
export type { JsonSchema, AddonTemplateVersionInput, TranslateBlock, DeriveOptions, ChartValuesSource } from './derive.js';
export { readChartArchiveValues } from './chart-archive.js';
export { ValuesLanguageService } from './service.js';
export type { ValuesLanguageServiceOptions } from './service.js';
export type { TextDocumentLike, ParseKind } from './documents.js';
export { VALUES_DIAGNOSTIC_SOURCE, severityName } from './diagnostics.js';
export type { ValuesDiagnostic, ValuesDiagnosticData, QuickFix, SeverityName } from './diagnostics.js';
export type { ValuesHover } from './hover.js';
export type { ValuesCompletionItem } from './completion.js';
export { LineIndex } from './lines.js';
export type { Position, Range } from './lines.js';
export type { CodeAction, TextEdit } from 'vscode-languageserver-types';
export {
  VALUES_URI_SCHEME,
  buildValuesUri,
  parseValuesUri,
  parseBindingComment,
  formatBindingComment,
  bindingOf,
} from './binding.js';
export type { ValuesBinding, AddonBinding, ChartBinding } from './binding.js';
