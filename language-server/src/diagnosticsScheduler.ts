/**
 * Debounced validation per document: each edit restarts the document's timer, and only the
 * version still current when its analysis finishes is published. A syntax error in a mustache
 * the user is still typing is held back until they pause (see typingPause.ts); everything else
 * publishes on the normal schedule.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver';
import { heldWhileTyping, type LastEdit } from './typingPause.ts';

/**
 * How much longer than the debounce the user must pause before an error in the mustache they are
 * typing shows: with the 200 ms default, it appears 600 ms after the last keystroke.
 */
export const TYPING_PAUSE_FACTOR = 2;

/** What the scheduler needs from the server, kept abstract so it stays testable and small. */
export interface DiagnosticsSink {
  /** Every diagnostic of this document version (a prompt's, or a tests file's). */
  diagnose(document: TextDocument): Promise<Diagnostic[]>;
  current(uri: string): TextDocument | undefined;
  publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void;
  /** The document's last edit, when it produced exactly `version` (undefined after open or a full replace). */
  lastEdit(uri: string, version: number): LastEdit | undefined;
}

/** Schedules, cancels and clears per-document validation. */
export class DiagnosticsScheduler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Timers that publish held-back errors once the user has paused. */
  private readonly pauses = new Map<string, NodeJS.Timeout>();

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
    for (const timers of [this.timers, this.pauses]) {
      clearTimeout(timers.get(uri));
      timers.delete(uri);
    }
  }

  private async validate(uri: string): Promise<void> {
    const document = this.sink.current(uri);
    if (!document) return;
    const all = await this.sink.diagnose(document);
    // A newer edit or a close made this result stale: its own pass (or the clear) will publish.
    const now = this.sink.current(uri);
    if (!now || now.version !== document.version) return;
    const held = heldWhileTyping(document, this.sink.lastEdit(uri, document.version), all);
    if (held.length === 0) {
      this.sink.publish(uri, document.version, all);
      return;
    }
    this.sink.publish(
      uri,
      document.version,
      all.filter((d) => !held.includes(d)),
    );
    // Any edit before this fires cancels it (schedule -> cancel), so it publishes only after a pause.
    const pause = setTimeout(() => {
      this.pauses.delete(uri);
      if (this.sink.current(uri)?.version === document.version) this.sink.publish(uri, document.version, all);
    }, this.delayMs * TYPING_PAUSE_FACTOR);
    this.pauses.set(uri, pause);
  }
}
