/** Finds and reads the `name.tests.yaml` beside a prompt (core's tests format). */
import type { ParsedTestCases } from '@promptstack/core';
import * as vscode from 'vscode';
import type { Engine } from './loadEngine.ts';

/** `greeting.prompt` -> `greeting.tests.yaml` in the same folder. */
export function testsFileFor(promptUri: vscode.Uri): vscode.Uri {
  return promptUri.with({ path: promptUri.path.replace(/\.prompt$/, '.tests.yaml') });
}

/** The prompt a tests file runs: its `prompt:` path (relative to the file) or the `.prompt` of the same name. */
export function promptFileFor(testsUri: vscode.Uri, promptPath: string | undefined): vscode.Uri {
  if (!promptPath) return testsUri.with({ path: testsUri.path.replace(/\.tests\.ya?ml$/, '.prompt') });
  return vscode.Uri.joinPath(testsUri, '..', promptPath);
}

/** Reads text from an open editor (unsaved edits count) or from disk; undefined when missing. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Parses the tests file at `uri`; undefined when there is none. */
export async function readTestCases(engine: Engine, uri: vscode.Uri): Promise<ParsedTestCases | undefined> {
  const text = await readText(uri);
  return text === undefined ? undefined : engine.parseTestCases(text);
}
