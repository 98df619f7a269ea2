/**
 * While the user types inside a `{{` they have not closed yet, the body does not parse, and an
 * error at the cursor is noise: it flashes on every keystroke and hides the completion list. This
 * module remembers where each document's last edit left the cursor and picks out the syntax
 * errors to hold back until the user pauses; the scheduler publishes everything else at once.
 */
import type { Diagnostic, Position, TextDocumentContentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { DIAGNOSTIC_CODES } from '@promptstack/core';

/** Where a document's last edit left the cursor, for the version that edit produced. */
export interface LastEdit {
  version: number;
  cursor: Position;
}

/** Closing braces an editor inserts after the typed `{` (`{}`, `{{}}`); the cursor stays before them. */
const AUTO_CLOSED = /\{(\}+)$/;

/** The last edit of each open document, recorded from the change events as they are applied. */
export class LastEdits {
  private readonly byUri = new Map<string, LastEdit>();

  /** Records the cursor after `changes`; a whole-document replacement says nothing about a cursor. */
  record(uri: string, version: number, changes: readonly TextDocumentContentChangeEvent[]): void {
    const last = changes[changes.length - 1];
    if (!last || !('range' in last)) {
      this.byUri.delete(uri);
      return;
    }
    // The cursor ends up after the inserted text, or before the braces an auto-closing pair added.
    const autoClosed = AUTO_CLOSED.exec(last.text)?.[1]?.length ?? 0;
    const typed = last.text.slice(0, last.text.length - autoClosed);
    const lines = typed.split(/\r\n|\r|\n/);
    const from = last.range.start;
    const cursor =
      lines.length === 1
        ? { line: from.line, character: from.character + typed.length }
        : { line: from.line + lines.length - 1, character: lines.at(-1)!.length };
    this.byUri.set(uri, { version, cursor });
  }

  /** The last edit, when it produced exactly `version`. */
  get(uri: string, version: number): LastEdit | undefined {
    const edit = this.byUri.get(uri);
    return edit?.version === version ? edit : undefined;
  }

  /** Forgets a closed document. */
  forget(uri: string): void {
    this.byUri.delete(uri);
  }
}

/**
 * The Handlebars syntax errors to hold back while the cursor sits in an unfinished mustache: the
 * ones at or after its `{{` (an earlier error is not the typing's doing and shows at once).
 */
export function heldWhileTyping(document: TextDocument, edit: LastEdit | undefined, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (!edit) return [];
  const open = unfinishedMustacheAt(document, edit);
  if (open === undefined) return [];
  return diagnostics.filter((d) => d.code === DIAGNOSTIC_CODES.handlebarsSyntax && document.offsetAt(d.range.end) >= open);
}

/** The offset of the `{{` the cursor is typing in, when no `}}` has closed it before the cursor. */
function unfinishedMustacheAt(document: TextDocument, edit: LastEdit): number | undefined {
  // A mustache being typed starts on the cursor's line; looking further back would catch old text.
  const line = document.getText({ start: { line: edit.cursor.line, character: 0 }, end: edit.cursor });
  const open = line.lastIndexOf('{{');
  if (open < 0 || line.includes('}}', open + 2)) return undefined;
  return document.offsetAt({ line: edit.cursor.line, character: open });
}
