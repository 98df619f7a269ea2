/**
 * The team part of the extension's test API (`PromptStackApi.team`, returned under
 * `ExtensionMode.Test` only): the extension-host tests sign in with credentials here instead of
 * typing into input boxes, and swap the UI for scripted answers.
 */
import * as vscode from 'vscode';
import type { BackendClient } from './api/client.ts';
import type { VersionNode } from '../sync/historyView.ts';
import type { SyncState } from '../sync/syncState.ts';
import type { Team } from './team.ts';
import type { SyncUi } from './ui.ts';

/** Sign-in, the backend client and sync state, for the extension-host tests. */
export interface TeamApi {
  /** Signs in with email and password through the authentication provider (as the input boxes would). */
  signInWithPassword(email: string, password: string): Promise<vscode.AuthenticationSession>;
  /** The current session's token, if signed in to the configured backend. */
  token(): string | undefined;
  /** The typed client for the configured backend and session. */
  client(): BackendClient;
  /** Replaces parts of the sign-in/sync UI (input boxes, picks, buttons); undefined restores VS Code's. */
  setUi(ui: Partial<SyncUi> | undefined): void;
  /** Re-reads and returns the active file's sync state (what the status bar then shows). */
  refreshStatus(): Promise<{ state: SyncState | undefined; text: string }>;
  /** The rows the history view lists for the file it follows. */
  historyRows(): Promise<VersionNode[]>;
  /** The partials the history view lists for the file it follows, each with its version numbers (newest first). */
  historyPartials(): Promise<{ name: string; description: string; versions: number[] }[]>;
  /** How many rows of any kind the history view has (none lets its welcome content show). */
  historyRowCount(): Promise<number>;
  /**
   * The history view's rows under `parent` (the root when omitted), each with what its tree item
   * shows and its `contextValue` (which decides the menu actions offered); `node` is what the
   * view's commands receive.
   */
  historyTree(parent?: unknown): Promise<HistoryRow[]>;
}

/** A row of the history view as a test sees it. */
export interface HistoryRow {
  node: unknown;
  kind: string;
  label: string;
  description: string;
  contextValue: string | undefined;
}

/** The API over a running Team. */
export function teamApi(team: Team): TeamApi {
  return {
    signInWithPassword: (email, password) => team.auth.signInWithPassword(email, password),
    token: () => team.auth.current()?.accessToken,
    client: () => team.client(),
    setUi: (ui) => team.ui.set(ui),
    async refreshStatus() {
      await team.statusBar.refresh();
      const activeTextEditor = vscode.window.activeTextEditor;
      return { state: activeTextEditor ? team.statusBar.stateOf(activeTextEditor.document.uri) : undefined, text: team.statusBar.text };
    },
    async historyRowCount() {
      return (await team.history.getChildren()).length;
    },
    async historyPartials() {
      const rows = await team.history.getChildren();
      const partials = rows.filter((row) => row.kind === 'partial');
      return Promise.all(
        partials.map(async (partial) => ({
          name: partial.name,
          description: String(team.history.getTreeItem(partial).description ?? ''),
          versions: (await team.history.getChildren(partial)).flatMap((row) => (row.kind === 'version' ? [row.version.number] : [])),
        })),
      );
    },
    async historyTree(parent) {
      const rows = await team.history.getChildren(parent as Parameters<typeof team.history.getChildren>[0]);
      return rows.map((node) => {
        const item = team.history.getTreeItem(node);
        const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
        return { node, kind: node.kind, label, description: String(item.description ?? ''), contextValue: item.contextValue };
      });
    },
    async historyRows() {
      const rows = await team.history.getChildren();
      return rows.filter((row): row is VersionNode => row.kind === 'version');
    },
  };
}
