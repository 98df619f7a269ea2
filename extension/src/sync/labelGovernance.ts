/**
 * The History view's governed-label rows: the prompt's pending label requests (a row per request
 * with requester, target (one version, or a split's arms and weights) and reason; Approve / Reject
 * for Admins, never on their own request) and
 * the label history (who moved which label, when, from what to what, how, why; Rollback on each
 * label's latest move for Admins). Rows carry what the user may do in their `contextValue`, so the
 * view's menus (package.json) show only the actions their role allows.
 */
import * as vscode from 'vscode';
import type { BackendClient, RouterOutputs } from '../team/api/client.ts';
import { governsLabels, type WorkspaceRole } from '../team/roles.ts';

type LabelRequest = RouterOutputs['governance']['labelRequests']['list']['items'][number];
type LabelMove = RouterOutputs['governance']['history']['items'][number];
type Actor = LabelRequest['requestedBy'];
type Target = LabelMove['to'];

/** `contextValue`s of the rows, for the view's menus. */
export const GOVERNANCE_CONTEXT = {
  /** A pending request the user may approve or reject (an Admin, not the requester). */
  decidableRequest: 'promptstack.labelRequest.decidable',
  request: 'promptstack.labelRequest',
  /** A label's latest move, which an Admin may roll back. */
  rollbackableMove: 'promptstack.labelMove.rollbackable',
  move: 'promptstack.labelMove',
} as const;

/** Whom the rows are for: the prompt, and the signed-in user's role and account. */
export interface GovernanceScope {
  promptId: string;
  role: WorkspaceRole | undefined;
  /** The session's account id: the user id (password sign-in) or the email (token sign-in). */
  accountId: string | undefined;
}

/** The group of pending requests (listed only when there are some). */
export interface LabelRequestsNode {
  kind: 'labelRequests';
  scope: GovernanceScope;
  requests: LabelRequest[];
}

/** One pending request. */
export interface LabelRequestNode {
  kind: 'labelRequest';
  scope: GovernanceScope;
  request: LabelRequest;
}

/** The folded group of the label history; its moves are read when it unfolds. */
export interface LabelHistoryNode {
  kind: 'labelHistory';
  scope: GovernanceScope;
}

/** One label move of the history. */
export interface LabelMoveNode {
  kind: 'labelMove';
  scope: GovernanceScope;
  move: LabelMove;
  /** The label's latest move (the one a rollback undoes). */
  latest: boolean;
}

/** Every governance row. */
export type GovernanceNode = LabelRequestsNode | LabelRequestNode | LabelHistoryNode | LabelMoveNode;

/** How many moves the history lists (the newest). */
const HISTORY_PAGE = 50;

/** The `production → v3` of a target; a split reads `v7 90% / v8 10%`. */
export function targetText(target: Target): string {
  if (target === null) return 'none';
  if ('versionNumber' in target) return `v${target.versionNumber}`;
  const total = target.split.reduce((sum, arm) => sum + arm.weight, 0);
  return target.split.map((arm) => `v${arm.version} ${Math.round((100 * arm.weight) / (total || 1))}%`).join(' / ');
}

/** Who acted, in words. */
export function actorText(actor: Actor): string {
  if (actor.kind === 'system') return 'PromptStack (guardrail)';
  if (actor.kind === 'apiKey') return `API key ${actor.name ?? actor.id.slice(0, 8)}`;
  return actor.name ?? actor.email ?? `user ${actor.id.slice(0, 8)}`;
}

function isOwn(scope: GovernanceScope, actor: Actor): boolean {
  return actor.kind === 'user' && scope.accountId !== undefined && (actor.id === scope.accountId || actor.email === scope.accountId);
}

/** The root rows: the pending requests group when there are any, then the label history group. */
export function governanceRoots(scope: GovernanceScope, pending: LabelRequest[]): GovernanceNode[] {
  return [...(pending.length ? [{ kind: 'labelRequests' as const, scope, requests: pending }] : []), { kind: 'labelHistory', scope }];
}

/** The rows under a group; throws the client's error. */
export async function governanceChildren(node: LabelRequestsNode | LabelHistoryNode, client: () => BackendClient): Promise<GovernanceNode[]> {
  if (node.kind === 'labelRequests') return node.requests.map((request) => ({ kind: 'labelRequest', scope: node.scope, request }));
  const page = await client().governance.history.query({ id: node.scope.promptId, limit: HISTORY_PAGE });
  const seen = new Set<string>();
  return page.items.map((move) => {
    const latest = !seen.has(move.label);
    seen.add(move.label);
    return { kind: 'labelMove', scope: node.scope, move, latest };
  });
}

/** The tree row of a governance node. */
export function governanceTreeItem(node: GovernanceNode, relativeTime: (iso: string) => string): vscode.TreeItem {
  switch (node.kind) {
    case 'labelRequests': {
      const item = new vscode.TreeItem(`Pending label requests (${node.requests.length})`, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `labelRequests/${node.scope.promptId}`;
      item.iconPath = new vscode.ThemeIcon('git-pull-request');
      return item;
    }
    case 'labelRequest': {
      const { request, scope } = node;
      const item = new vscode.TreeItem(`${request.label} → ${targetText(request.target)}`);
      item.id = `labelRequest/${request.id}`;
      item.description = `${actorText(request.requestedBy)}: ${request.reason ?? 'no reason given'}`;
      item.tooltip = new vscode.MarkdownString(
        `**${request.label} → ${targetText(request.target)}**, asked by ${actorText(request.requestedBy)}, ${new Date(request.createdAt).toLocaleString()}\n\n${request.reason ?? '_no reason given_'}`,
      );
      item.iconPath = new vscode.ThemeIcon('question');
      const decidable = governsLabels(scope.role) && !isOwn(scope, request.requestedBy);
      item.contextValue = decidable ? GOVERNANCE_CONTEXT.decidableRequest : GOVERNANCE_CONTEXT.request;
      return item;
    }
    case 'labelHistory': {
      const item = new vscode.TreeItem('Label history', vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `labelHistory/${node.scope.promptId}`;
      item.tooltip = 'Every move of this prompt’s labels: who, when, from, to, how and why';
      item.iconPath = new vscode.ThemeIcon('list-ordered');
      return item;
    }
    case 'labelMove': {
      const { move, scope } = node;
      const item = new vscode.TreeItem(`${move.label}: ${targetText(move.from)} → ${targetText(move.to)}`);
      item.id = `labelMove/${move.id}`;
      item.description = `${actorText(move.actor)}, ${relativeTime(move.at)}, via ${move.via}`;
      item.tooltip = new vscode.MarkdownString(
        `**${move.label}**: ${targetText(move.from)} → ${targetText(move.to)}\n\n${actorText(move.actor)}, ${new Date(move.at).toLocaleString()}, via ${move.via}${move.reason ? `\n\n${move.reason}` : ''}`,
      );
      item.iconPath = new vscode.ThemeIcon('tag');
      item.contextValue = node.latest && move.from !== null && governsLabels(scope.role) ? GOVERNANCE_CONTEXT.rollbackableMove : GOVERNANCE_CONTEXT.move;
      return item;
    }
  }
}
