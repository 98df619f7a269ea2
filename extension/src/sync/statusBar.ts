/**
 * The sync status-bar item: the active `.prompt` file's state, refreshed when the editor changes,
 * on save, on sign-in/out and after every sync operation. Hidden for other files.
 */
import * as vscode from 'vscode';
import { isPromptDocument } from './documents.ts';
import type { SyncDeps } from './syncDeps.ts';
import { presentSyncState, syncStateOf, type SyncState } from './syncState.ts';

/** Owns the status-bar item. */
export class SyncStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptstack.sync', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];
  /** Bumped on every refresh, so a slow answer for an older refresh is dropped. */
  private generation = 0;
  private last: { uri: string; state: SyncState } | undefined;
  private readonly updates = new vscode.EventEmitter<{ uri: vscode.Uri; state: SyncState }>();
  /** Fired after each refresh with the state shown (tests wait on it). */
  readonly onDidUpdate = this.updates.event;

  constructor(private readonly deps: SyncDeps) {
    this.item.name = 'PromptStack Sync';
    this.disposables.push(
      this.updates,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (document === vscode.window.activeTextEditor?.document) void this.refresh();
      }),
      // Focus coming back may mean someone pushed meanwhile.
      vscode.window.onDidChangeWindowState((state) => {
        if (state.focused) void this.refresh();
      }),
    );
    void this.refresh();
  }

  /** The last state shown for `uri`, if it is the one shown now. */
  stateOf(uri: vscode.Uri): SyncState | undefined {
    return this.last?.uri === uri.toString() ? this.last.state : undefined;
  }

  /** The text shown now. */
  get text(): string {
    return this.item.text;
  }

  /** Re-reads the active file's state. */
  async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    const generation = ++this.generation;
    if (!document || !isPromptDocument(document)) {
      this.item.hide();
      return;
    }
    const state = await syncStateOf(this.deps, document);
    if (generation !== this.generation) return;
    const shown = presentSyncState(state);
    this.item.text = shown.text;
    this.item.tooltip = shown.tooltip;
    this.item.command = shown.command;
    this.item.show();
    this.last = { uri: document.uri.toString(), state };
    this.updates.fire({ uri: document.uri, state });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}
