import type { CodeAction, Position, Range } from 'vscode-languageserver-types';
import { completeAt, type ValuesCompletionItem } from './completion.js';
import type { JsonSchema } from './derive.js';
import { ValuesDiagnostics, type ValuesDiagnostic } from './diagnostics.js';
import { DocumentCache, type ParseKind, type TextDocumentLike } from './documents.js';
import { hoverAt, type ValuesHover } from './hover.js';
import { SchemaValidatorCache } from './validator.js';

export interface ValuesLanguageServiceOptions {
  /** How many documents to keep parsed; the least recently used is dropped first. */
  maxDocuments?: number;
}

/**
 * The values language service: pure (no I/O), one instance per editor session or CLI run. It only
 * composes the features (documents.ts, diagnostics.ts, hover.ts, completion.ts), each of which
 * answers in vscode-languageserver-types, so the language server sends the results as they are.
 */
export class ValuesLanguageService {
  private readonly documents: DocumentCache;
  private readonly diagnostics = new ValuesDiagnostics(new SchemaValidatorCache());

  constructor(options: ValuesLanguageServiceOptions = {}) {
    this.documents = new DocumentCache(options.maxDocuments ?? 64);
  }

  /** How the latest parse was done, for tests and benchmarks: `full`, `incremental` or `cached`. */
  get lastParse(): ParseKind {
    return this.documents.lastParse;
  }

  /** Drops what is cached for a document (the editor closed it). */
  forget(uri: string): void {
    this.documents.forget(uri);
  }

  /** Syntax problems, then schema problems (when a schema is given), each with its exact range. */
  validate(doc: TextDocumentLike, schema?: JsonSchema): ValuesDiagnostic[] {
    return this.diagnostics.validate(this.documents.get(doc), schema);
  }

  /** Quick fixes of the current version's diagnostics that touch `range` (certain fixes only). */
  codeActions(doc: TextDocumentLike, schema: JsonSchema | undefined, range: Range): CodeAction[] {
    return this.diagnostics.codeActions(this.documents.get(doc), schema, range);
  }

  hover(doc: TextDocumentLike, schema: JsonSchema, position: Position): ValuesHover | undefined {
    return hoverAt(this.documents.get(doc), schema, position);
  }

  complete(doc: TextDocumentLike, schema: JsonSchema, position: Position): ValuesCompletionItem[] {
    return completeAt(this.documents.get(doc), schema, position);
  }
}
