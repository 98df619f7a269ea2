/**
 * Debounced validation per document: each edit restarts the document's timer, and only the
 * version still current when its analysis finishes is published.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import type { PromptAnalysis } from '@promptstack/core';

/** What the scheduler needs from the server, kept abstract so it stays testable and small. */
export interface DiagnosticsSink {
  analyze(document: TextDocument): Promise<PromptAnalysis>;
  current(uri: string): TextDocument | undefined;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[], analysis?: PromptAnalysis): void;
  toDiagnostics(analysis: PromptAnalysis): Diagnostic[];
}

/** Schedules, cancels and clears per-document validation. */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly sink: DiagnosticsSink,
    private readonly delayMs: number,
  ) {}

  /** (Re)starts the document's quiet-time timer. */
  schedule(document: TextDocument): void {
    this.cancel(document.uri);
    const timer = setTimeout(() => {
      this.timers.delete(document.uri);
      void this.validate(document.uri);
    }, this.delayMs);
    this.timers.set(document.uri, timer);
  }

  /** Stops pending validation and publishes an empty list so the client drops old markers. */
  clear(uri: string): void {
    this.cancel(uri);
    this.sink.publish(uri, undefined, []);
  }

  private cancel(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private async validate(uri: string): Promise<void> {
    const document = this.sink.current(uri);
    if (!document) return;
    const analysis = await this.sink.analyze(document);
    // A newer edit or a close made this result stale: its own pass (or the clear) will publish.
    const now = this.sink.current(uri);
    if (!now || now.version !== document.version) return;
    this.sink.publish(uri, document.version, this.sink.toDiagnostics(analysis), analysis);
  }
}
