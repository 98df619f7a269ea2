/**
 * Earlier runs of each prompt file, kept in the workspace's state (not in files), newest first,
 * so the results view can compare a run with the ones before it.
 */
import type * as vscode from 'vscode';
import type { RunView } from '../webviews/protocol.ts';

/** Runs kept per file; older ones are dropped. */
export const HISTORY_LIMIT = 20;

/** Run history per prompt file, in workspaceState. */
export class RunHistory {
  constructor(private readonly state: vscode.Memento) {}

  /** The file's runs, newest first. */
  list(uri: vscode.Uri): RunView[] {
    return this.state.get<RunView[]>(key(uri), []);
  }

  /** Adds a finished run in front. */
  async add(uri: vscode.Uri, run: RunView): Promise<RunView[]> {
    const runs = [run, ...this.list(uri).filter((r) => r.runId !== run.runId)].slice(0, HISTORY_LIMIT);
    await this.state.update(key(uri), runs);
    return runs;
  }

  /** Records a 1-5 rating and feedback on a run; false when the run is no longer kept. */
  async rate(uri: vscode.Uri, runId: string, rating: number, feedback: string): Promise<boolean> {
    const runs = this.list(uri);
    const run = runs.find((r) => r.runId === runId);
    if (!run || !Number.isInteger(rating) || rating < 1 || rating > 5) return false;
    run.rating = rating;
    run.feedback = feedback.trim() || undefined;
    await this.state.update(key(uri), runs);
    return true;
  }
}

function key(uri: vscode.Uri): string {
  return `promptstack.runs:${uri.toString()}`;
}
