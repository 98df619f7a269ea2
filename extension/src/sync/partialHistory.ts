/**
 * The History view's partial rows: each `_name.prompt` the linked file includes that the backend
 * keeps as one of the project's partials, with its versions under it (the partial's own history,
 * pushed with the prompts that include it). A partial version opens against the file beside the
 * prompt, as a prompt version opens against the prompt.
 */
import * as vscode from 'vscode';
import type { SyncDeps } from './syncDeps.ts';

/** A partial the file includes, as the backend keeps it. */
export interface PartialNode {
  kind: 'partial';
  /** The partial's name (`signature` for `{{> signature}}`). */
  name: string;
  /** The backend's id of the partial (a prompt of kind PARTIAL). */
  promptId: string;
  /** The partial file beside the prompt, opened (diffs compare against it). */
  document: vscode.TextDocument;
  latestVersionNumber: number;
}

/** The partials `document` includes that exist both beside it and in `projectId` on the backend, by name. */
export async function linkedPartials(deps: SyncDeps, document: vscode.TextDocument, projectId: string): Promise<PartialNode[]> {
  const names = Object.keys(deps.partialsOf(document).partials).sort();
  if (names.length === 0) return [];
  const stored = await deps.client().prompts.list.query({ projectId, kind: 'PARTIAL', pageSize: 100 });
  const nodes: PartialNode[] = [];
  for (const name of names) {
    const partial = stored.items.find((item) => item.name === name);
    if (!partial) continue;
    const file = vscode.Uri.joinPath(document.uri, '..', `_${name}.prompt`);
    let partialDocument: vscode.TextDocument;
    try {
      partialDocument = await vscode.workspace.openTextDocument(file);
    } catch {
      // Found elsewhere than beside the prompt: listed on the backend, but nothing here to diff against.
      continue;
    }
    nodes.push({ kind: 'partial', name, promptId: partial.id, document: partialDocument, latestVersionNumber: partial.latestVersionNumber });
  }
  return nodes;
}

/** The row of a partial: its name and latest version, folded over its versions. */
export function partialTreeItem(node: PartialNode): vscode.TreeItem {
  const item = new vscode.TreeItem(`{{> ${node.name}}}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `partial/${node.promptId}`;
  item.description = `partial, v${node.latestVersionNumber}`;
  item.tooltip = `_${node.name}.prompt, pushed with the prompts that include it`;
  item.iconPath = new vscode.ThemeIcon('symbol-file');
  return item;
}
