/**
 * The webview side's handle on VS Code (`acquireVsCodeApi`, callable once per page), typed with
 * the panel's message types and its saved state.
 */

interface VsCodeApi<State, Request> {
  postMessage(message: Request): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State, Request>(): VsCodeApi<State, Request>;

/** Acquires the API once for the page. */
export function vscodeApi<State, Request>(): VsCodeApi<State, Request> {
  return acquireVsCodeApi<State, Request>();
}
