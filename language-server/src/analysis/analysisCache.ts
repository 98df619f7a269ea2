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
  /** The newest finished analysis of each document, whatever its version. */
  private readonly finished = new Map<string, PromptAnalysis>();

  constructor(
    private readonly workers: AnalysisWorkerPool,
    private readonly workerThresholdChars: number,
  ) {}

  /** The analysis of this exact document version, computing it at most once. */
  get(document: TextDocument): Promise<PromptAnalysis> {
    const cached = this.entries.get(document.uri);
    if (cached && cached.version === document.version) return cached.analysis;
    const text = document.getText();
    let analysis: Promise<PromptAnalysis>;
    if (text.length >= this.workerThresholdChars) {
      analysis = this.workers.analyze(document.uri, text);
      void analysis.then((done) => {
        if (this.entries.get(document.uri)?.analysis === analysis) this.finished.set(document.uri, done);
      });
    } else {
      const done = analyzeDocument(document.uri, text);
      this.finished.set(document.uri, done);
      analysis = Promise.resolve(done);
    }
    this.entries.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  /**
   * For completion on a large file: the newest finished analysis, even of a version a few
   * keystrokes old, while this version's is computed. Completion reads only the declared inputs
   * from it (the cursor context comes from the current text), and those rarely change per keystroke.
   */
  recent(document: TextDocument): Promise<PromptAnalysis> {
    const current = this.get(document);
    const finished = this.finished.get(document.uri);
    return finished ? Promise.resolve(finished) : current;
  }

  /** Forgets a closed document. */
  evict(uri: string): void {
    this.entries.delete(uri);
    this.finished.delete(uri);
  }

  /** Forgets everything, e.g. when a partial file appears or disappears on disk. */
  clear(): void {
    this.entries.clear();
    this.finished.clear();
  }
}
