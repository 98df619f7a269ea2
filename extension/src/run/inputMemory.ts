/** The input last used to run each prompt file ("Run with..." remembers it, "Run" reuses it). */
import * as vscode from 'vscode';

/** Remembered run inputs per file, in workspaceState. */
export class InputMemory {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with the file whose remembered input changed (the cost lens re-estimates). */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {}

  /** The last input used for the file, if any. */
  get(uri: vscode.Uri): Record<string, unknown> | undefined {
    return this.state.get<Record<string, unknown>>(key(uri));
  }

  /** Remembers `input` for the file. */
  async set(uri: vscode.Uri, input: Record<string, unknown>): Promise<void> {
    await this.state.update(key(uri), input);
    this.changed.fire(uri);
  }
}

function key(uri: vscode.Uri): string {
  return `promptstack.inputs:${uri.toString()}`;
}
