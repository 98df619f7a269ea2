/**
 * The `promptstack.history` tree view (Explorer): the versions of the prompt the active `.prompt`
 * file is linked to, newest first, with author, message, time and labels. Clicking a version
 * opens it against the file in the diff editor; the context menu restores it and moves a label to
 * it. Below them, the prompt's pending label requests and its label history (labelGovernance.ts).
 */
import * as vscode from 'vscode';
import type { RouterOutputs } from '../team/api/client.ts';
import { toApiError } from '../team/api/errors.ts';
import { fileNameOf, isPromptDocument } from './documents.ts';
import { readLinkedId } from '@promptstack/core/format/syncFields';
import { mayMoveLabels, roleIn } from '../team/roles.ts';
import { governanceChildren, governanceRoots, governanceTreeItem, type GovernanceNode, type GovernanceScope } from './labelGovernance.ts';
import { linkedPartials, partialTreeItem, type PartialNode } from './partialHistory.ts';
import type { SyncDeps } from './syncDeps.ts';

/** The view's id (package.json `contributes.views`). */
export const HISTORY_VIEW_ID = 'promptstack.history';
/** `contextValue` of version items, for the view's context menu. */
export const VERSION_CONTEXT = 'promptstack.version';
/** `contextValue` of version items whose viewer may move labels (Members, Admins): Move Label Here is offered. */
export const MOVABLE_VERSION_CONTEXT = 'promptstack.version+labels';
/** `contextValue` of a partial's version items (no Restore in their menu). */
const PARTIAL_VERSION_CONTEXT = 'promptstack.partialVersion';

type VersionSummary = RouterOutputs['prompts']['versions']['list']['items'][number];

/** One row: a version of the prompt `document` is linked to. */
export interface VersionNode {
  kind: 'version';
  document: vscode.TextDocument;
  promptId: string;
  version: VersionSummary;
  labels: string[];
  author: string;
  /** A version of a partial: it diffs like a prompt's, but is not restored from here (partials are pushed with their prompts). */
  partial?: boolean;
  /** The viewer's role lets them move labels (or ask for a protected label's move). */
  labelsMovable?: boolean;
}

/** A row saying why there is nothing to show. */
interface MessageNode {
  kind: 'message';
  text: string;
}

type HistoryNode = VersionNode | PartialNode | GovernanceNode | MessageNode;

/** How many versions the view lists (the newest). */
const PAGE_SIZE = 50;

/** The context key the History view's welcome content reads: true while signed in. */
export const SIGNED_IN_CONTEXT = 'promptstack.signedIn';

/** The tree data provider; follows the active `.prompt` editor. */
export class HistoryView implements vscode.TreeDataProvider<HistoryNode>, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<HistoryNode | undefined>();
  readonly onDidChangeTreeData = this.changes.event;
  private readonly view: vscode.TreeView<HistoryNode>;
  /** The file the view shows; kept when focus moves to a non-prompt editor or the view itself. */
  private document: vscode.TextDocument | undefined;
  private readonly disposables: vscode.Disposable[] = [this.changes];

  constructor(private readonly deps: SyncDeps) {
    this.view = vscode.window.createTreeView(HISTORY_VIEW_ID, { treeDataProvider: this, showCollapseAll: false });
    this.disposables.push(
      this.view,
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && isPromptDocument(editor.document) && editor.document !== this.document) {
          this.document = editor.document;
          this.refresh();
        }
      }),
    );
    const active = vscode.window.activeTextEditor?.document;
    if (active && isPromptDocument(active)) this.document = active;
  }

  /** Re-lists the versions (after a push, pull or restore). */
  refresh(): void {
    this.changes.fire(undefined);
  }

  /** Shows `document`'s history (used by `changed` notifications for files not in front). */
  show(document: vscode.TextDocument): void {
    this.document = document;
    this.refresh();
  }

  getTreeItem(node: HistoryNode): vscode.TreeItem {
    if (node.kind === 'message') return new vscode.TreeItem(node.text);
    if (node.kind === 'partial') return partialTreeItem(node);
    if (node.kind !== 'version') return governanceTreeItem(node, relativeTime);
    const { version } = node;
    const labels = node.labels.length ? ` [${node.labels.join(', ')}]` : '';
    const item = new vscode.TreeItem(`v${version.number}${labels}${version.message ? ` ${version.message}` : ''}`);
    item.id = `${node.promptId}/${version.number}`;
    item.description = `${node.author}, ${relativeTime(version.createdAt)}`;
    item.tooltip = new vscode.MarkdownString(
      `**Version ${version.number}**${labels}\n\n${version.message ?? '_no message_'}\n\n${node.author}, ${new Date(version.createdAt).toLocaleString()}${version.model ? `\n\nmodel \`${version.model}\`` : ''}`,
    );
    item.contextValue = node.partial ? PARTIAL_VERSION_CONTEXT : node.labelsMovable ? MOVABLE_VERSION_CONTEXT : VERSION_CONTEXT;
    item.iconPath = new vscode.ThemeIcon(node.labels.length ? 'tag' : 'git-commit');
    item.command = { command: 'promptstack.history.openDiff', title: 'Open diff', arguments: [node] };
    return item;
  }

  /**
   * The versions of the shown file's prompt, or one message row for a backend error. Signed out,
   * with no file or an unlinked one, the tree has no rows, so VS Code shows the view's welcome
   * content (`viewsWelcome`: Sign In, or Link Current File) instead.
   */
  async getChildren(parent?: HistoryNode): Promise<HistoryNode[]> {
    if (parent?.kind === 'partial') return this.versionsOf(parent.document, parent.promptId);
    if (parent?.kind === 'labelRequests' || parent?.kind === 'labelHistory') return this.governanceRows(parent);
    if (parent) return [];
    const signedIn = this.deps.signedIn();
    void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, signedIn);
    const document = this.document;
    if (!document) return [];
    this.view.description = fileNameOf(document);
    if (!signedIn) return [];
    const promptId = readLinkedId(document.getText());
    if (!promptId) return [];
    try {
      const client = this.deps.client();
      const [prompt, page] = await Promise.all([
        client.prompts.get.query({ id: promptId }),
        client.prompts.versions.list.query({ id: promptId, pageSize: PAGE_SIZE }),
      ]);
      this.view.description = `${prompt.name} (${fileNameOf(document)})`;
      const [authors, partials, role, pending] = await Promise.all([
        this.authorNames(prompt.workspaceId),
        linkedPartials(this.deps, document, prompt.projectId),
        roleIn(client, prompt.workspaceId),
        client.governance.labelRequests.list.query({ id: promptId, status: 'pending' }),
      ]);
      const labelsMovable = mayMoveLabels(role);
      const versions = page.items.map((version) => ({ ...this.versionNode(document, promptId, version, prompt.labels, authors), labelsMovable }));
      const scope: GovernanceScope = { promptId, role, accountId: this.deps.accountId() };
      return [...versions, ...partials, ...governanceRoots(scope, pending.items)];
    } catch (error) {
      return [{ kind: 'message', text: toApiError(error, 'this prompt', this.deps.backendUrl()).message }];
    }
  }

  /** The requests or label moves under a governance group, or one message row for a backend error. */
  private async governanceRows(parent: Parameters<typeof governanceChildren>[0]): Promise<HistoryNode[]> {
    try {
      return await governanceChildren(parent, this.deps.client);
    } catch (error) {
      return [{ kind: 'message', text: toApiError(error, 'the label history', this.deps.backendUrl()).message }];
    }
  }

  /** The versions of a partial, newest first, each to diff against the partial's file. */
  private async versionsOf(document: vscode.TextDocument, promptId: string): Promise<HistoryNode[]> {
    try {
      const client = this.deps.client();
      const [prompt, page] = await Promise.all([
        client.prompts.get.query({ id: promptId }),
        client.prompts.versions.list.query({ id: promptId, pageSize: PAGE_SIZE }),
      ]);
      const authors = await this.authorNames(prompt.workspaceId);
      return page.items.map((version) => ({ ...this.versionNode(document, promptId, version, prompt.labels, authors), partial: true }));
    } catch (error) {
      return [{ kind: 'message', text: toApiError(error, 'this partial', this.deps.backendUrl()).message }];
    }
  }

  private versionNode(
    document: vscode.TextDocument,
    promptId: string,
    version: VersionSummary,
    labels: readonly { name: string; versionNumber: number }[],
    authors: Map<string, string>,
  ): VersionNode {
    return {
      kind: 'version',
      document,
      promptId,
      version,
      labels: labels.filter((l) => l.versionNumber === version.number).map((l) => l.name),
      author: version.authorId ? (authors.get(version.authorId) ?? `user ${version.authorId.slice(0, 8)}`) : 'unknown',
    };
  }

  /** Member names by user id; empty when the caller may not list members (rows then show a short user id). */
  private async authorNames(workspaceId: string): Promise<Map<string, string>> {
    try {
      const members = await this.deps.client().workspaces.members.list.query({ id: workspaceId });
      return new Map(members.map((m) => [m.userId, m.name ?? m.email]));
    } catch {
      return new Map();
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 30],
  ['month', 12],
  ['year', Infinity],
];

/** "5 minutes ago", for the description column. */
function relativeTime(iso: string): string {
  let value = (new Date(iso).getTime() - Date.now()) / 1000;
  for (const [unit, size] of STEPS) {
    if (Math.abs(value) < size) return RELATIVE.format(Math.round(value), unit);
    value /= size;
  }
  return iso;
}
