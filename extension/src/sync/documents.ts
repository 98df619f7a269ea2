/** Finding the `.prompt` document a sync command acts on, and editing it in place. */
import * as vscode from 'vscode';
import type { TextChange } from '@promptstack/core/format/syncFields';

/** The language id of `.prompt` files. */
export const PROMPT_LANGUAGE = 'dotprompt';

/** True for documents sync can act on: `.prompt` files on disk. */
export function isPromptDocument(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && (document.languageId === PROMPT_LANGUAGE || document.uri.path.endsWith('.prompt'));
}

/**
 * The document a command acts on: `target` (a URI from the explorer or an argument) or the active
 * editor's. Undefined when neither is a `.prompt` file.
 */
export async function promptDocumentFor(target?: unknown): Promise<vscode.TextDocument | undefined> {
  if (target instanceof vscode.Uri) {
    const document = await vscode.workspace.openTextDocument(target);
    return isPromptDocument(document) ? document : undefined;
  }
  const active = vscode.window.activeTextEditor?.document;
  return active && isPromptDocument(active) ? active : undefined;
}

/** The file's name, for titles and messages. */
export function fileNameOf(document: vscode.TextDocument): string {
  return document.uri.path.split('/').pop() ?? 'prompt';
}

/**
 * Applies `change` as a WorkspaceEdit (undoable, keeps the rest of the file) and saves. A document
 * VS Code closed meanwhile (its editor replaced by a diff) is opened again first: saving a closed
 * document answers false.
 */
export async function editAndSave(target: vscode.TextDocument, change: TextChange): Promise<boolean> {
  const document = target.isClosed ? await vscode.workspace.openTextDocument(target.uri) : target;
  const range = new vscode.Range(document.positionAt(change.offset), document.positionAt(change.offset + change.length));
  if (document.getText(range) !== change.text) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range, change.text);
    if (!(await vscode.workspace.applyEdit(edit))) return false;
  }
  // save() answers false for a document that is not dirty, which is not a failure here.
  return document.isDirty ? document.save() : true;
}

/** Replaces the whole text (one undoable edit) and saves; a no-op when the text is already `text`. */
export async function replaceAndSave(document: vscode.TextDocument, text: string): Promise<boolean> {
  return editAndSave(document, { offset: 0, length: document.getText().length, text });
}
