/**
 * Where a run goes. Signed out, runs go straight to the provider from VS Code (`localRunTarget`);
 * signed in and linked, they go through the team backend so they are recorded
 * (`backendRunTarget`). Both give the same
 * result shape (core's `RunResult`), so the results view does not care which ran.
 */
import type { RunResult } from '@promptstack/core';
import type * as vscode from 'vscode';

/** One run to make. */
export interface RunRequest {
  /** The prompt file (for partials beside it and, on the backend, its linked prompt). */
  uri: vscode.Uri;
  /** The whole .prompt text, as in the editor (unsaved edits included). */
  source: string;
  input: Record<string, unknown>;
  /** Overrides the frontmatter model (A/B tests of a second model). */
  model?: string;
  signal?: AbortSignal;
  /** Called with each piece of streamed output. */
  onToken?: (text: string) => void;
}

/** A finished run plus where it went and, for errors, the sentence to show. */
export interface RunOutcome {
  result: RunResult;
  /** 'local' or 'backend'. */
  target: RunTarget['kind'];
  /** Plain-words error for `result.error`, naming the provider and the fix. */
  errorText?: string;
  /** The run as the backend recorded it (backend runs only), for ratings. */
  recorded?: RecordedRun;
}

/** Where a backend run is recorded. */
export interface RecordedRun {
  promptId: string;
  /** The backend's run id. */
  runId: string;
  /** The stored version that ran. */
  versionNumber: number;
}

/** Runs prompts somewhere. Never throws: failures are outcomes with `result.status === 'error'`. */
export interface RunTarget {
  readonly kind: 'local' | 'backend';
  run(request: RunRequest): Promise<RunOutcome>;
}
