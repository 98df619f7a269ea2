/**
 * Shared steps of the extension-host tests: activate the extension through its API, open fixture
 * files, find positions by text, and wait for diagnostics on VS Code's own events (never sleeps).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, type PromptStackApi } from '../../src/api.ts';

/** Activates the extension (if it is not yet) and resolves with its API. */
export async function activateExtension(): Promise<PromptStackApi> {
  const extension = vscode.extensions.getExtension<PromptStackApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);
  return extension.activate();
}

/** Activates the extension and waits until the language server has answered `initialize`. */
export async function activateWithServer(): Promise<PromptStackApi> {
  const api = await activateExtension();
  await api.languageClientReady;
  return api;
}

/** The fixture workspace folder the runner opened (test/fixtures/workspace). */
export function fixtureUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the runner opens test/fixtures/workspace as the workspace folder');
  return vscode.Uri.joinPath(folder.uri, name);
}

/** Opens a fixture file in an editor, which activates the extension through `onLanguage:dotprompt`. */
export async function openFixture(name: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(fixtureUri(name));
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Position of `marker` in the document, plus `offset` characters into it:
 * `positionOf(doc, '{{name}}', 2)` is just after `{{`.
 */
export function positionOf(document: vscode.TextDocument, marker: string, offset = 0): vscode.Position {
  const index = document.getText().indexOf(marker);
  assert.notEqual(index, -1, `fixture ${document.uri.path} has no ${JSON.stringify(marker)}`);
  return document.positionAt(index + offset);
}

/**
 * Resolves with the document's diagnostics once `accept` likes them, checking now and on every
 * `onDidChangeDiagnostics` for that document. Mocha's timeout bounds the wait.
 */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve) => {
    const check = (): boolean => {
      const diagnostics = vscode.languages.getDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      subscription.dispose();
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    check();
  });
}

/** A diagnostic's code as a string, whether VS Code holds it plain or as `{ value, target }`. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

/** Plain text of a hover's contents, for assertions. */
export function hoverText(hover: vscode.Hover): string {
  return hover.contents.map((content) => (typeof content === 'string' ? content : content.value)).join('\n');
}
