/**
 * Partials travel with the prompts that include them. A push (or the create of a link) sends the
 * text of every `_name.prompt` the file includes, directly or through other partials; the backend
 * stores them as the project's partials and records their versions with the prompt version, so a
 * run there renders what the editor renders. Partial files are not linked themselves: a
 * `promptstack.id` line in one would be rendered into every prompt that includes it.
 */
import type * as vscode from 'vscode';
import { fileNameOf } from './documents.ts';
import type { SyncDeps } from './syncDeps.ts';

/** True for a partial file (`_name.prompt`), which is pushed with the prompts including it. */
export function isPartialDocument(document: vscode.TextDocument): boolean {
  return /^_[^/\\]*\.prompt$/.test(fileNameOf(document));
}

/** What a partial file's sync command says instead of linking or pushing it. */
export function partialFileMessage(document: vscode.TextDocument): string {
  const name = fileNameOf(document)
    .replace(/^_/, '')
    .replace(/\.prompt$/, '');
  return `${fileNameOf(document)} is a partial: it is pushed with every prompt that includes {{> ${name}}} (push one of those prompts)`;
}

/**
 * The partials to send with `document` (undefined when it includes none). Included partials with
 * no file beside the prompt are said, once per push, and logged: a backend run would miss them.
 */
export function partialsToPush(deps: SyncDeps, document: vscode.TextDocument): Record<string, string> | undefined {
  const { partials, missing } = deps.partialsOf(document);
  const names = Object.keys(partials);
  if (missing.length > 0) {
    const list = missing.map((name) => `{{> ${name}}}`).join(', ');
    deps.log.warn(`Push ${fileNameOf(document)}: no partial file for ${list}`);
    deps.ui.info(`${fileNameOf(document)} includes ${list} with no _name.prompt beside it: runs on the backend fail until that partial is pushed`);
  }
  if (names.length > 0) deps.log.info(`Push ${fileNameOf(document)} with partials: ${names.join(', ')}`);
  return names.length > 0 ? partials : undefined;
}
