import { reparseIncrementally } from './incremental.js';
import { LineIndex } from './lines.js';
import { parseYaml, type ParsedYaml } from './parse.js';

/** What the service needs of a document: vscode-languageserver-textdocument's TextDocument fits. */
export interface TextDocumentLike {
  readonly uri: string;
  readonly version: number;
  getText(): string;
}

/** One version of one document, parsed. A new version is a new object, so caches may key on it. */
export interface DocumentState {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly parsed: ParsedYaml;
  readonly lines: LineIndex;
}

export type ParseKind = 'full' | 'incremental' | 'cached';

/**
 * Parsed documents by URI, one version each, least recently used dropped first. A new version of a
 * document already held is re-parsed only around the edit when that is provably the same as a full
 * parse (see incremental.ts).
 */
export class DocumentCache {
  private readonly docs = new Map<string, DocumentState>();
  /** How the latest `get` was served, for tests and benchmarks. */
  lastParse: ParseKind = 'full';

  constructor(private readonly maxDocuments = 64) {}

  get(doc: TextDocumentLike): DocumentState {
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
    const st: DocumentState = { uri: doc.uri, version: doc.version, text, parsed, lines: new LineIndex(text) };
    // Delete then set: a Map iterates in insertion order, so the first key is the least recently used.
    this.docs.delete(doc.uri);
    this.docs.set(doc.uri, st);
    if (this.docs.size > this.maxDocuments) {
      const oldest = this.docs.keys().next().value;
      if (oldest !== undefined) this.docs.delete(oldest);
    }
    return st;
  }

  forget(uri: string): void {
    this.docs.delete(uri);
  }
}
