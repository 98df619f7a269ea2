/**
 * Parses cached by URI and version. A request on a document analyses it lazily, once per
 * version; concurrent requests share the same pending analysis. Large documents go to the
 * worker thread so the main thread stays responsive for other documents.
 */
import type { PromptAnalysis } from '@promptstack/core';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeDocument } from './analyzeDocument.ts';
import type { AnalysisWorkerPool } from './analysisWorkerPool.ts';

interface Entry {
  version: number;
  analysis: Promise<PromptAnalysis>;
}

/** The analysis of each open document's latest version. */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly workers: AnalysisWorkerPool,
    private readonly workerThresholdChars: number,
  ) {}

  /** The analysis of this exact document version, computing it at most once. */
  get(document: TextDocument): Promise<PromptAnalysis> {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const text = document.getText();
    const analysis =
      text.length >= this.workerThresholdChars
        ? this.workers.analyze(document.uri, text)
        : Promise.resolve(analyzeDocument(document.uri, text));
    this.entries.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  /** Forgets a closed document. */
  evict(uri: string): void {
    this.entries.delete(uri);
  }

  /** Forgets everything, e.g. when a partial file appears or disappears on disk. */
  clear(): void {
    this.entries.clear();
  }
}
