/**
 * Entry point. Kept small on purpose (rust-analyzer's shape): build the context, register the
 * command table, start the language client; every feature lives in its own module.
 */
import * as vscode from 'vscode';
import type { PromptStackApi } from './api.ts';
import { COMMANDS } from './commands/index.ts';
import { createContext, type PromptStackContext } from './context.ts';
import { startLanguageClient } from './languageClient.ts';
import { registerRunFeatures } from './run/registerRunFeatures.ts';
import { teamApi } from './team/teamApi.ts';

/** The running context, kept only so `deactivate` can stop the server and wait for it. */
let active: PromptStackContext | undefined;

/** How long `activate` took; bench/extension reads it (target: under 50 ms). */
export interface ActivationTiming {
  /** From entering `activate` to everything registered, less the language client's start. */
  readonly activationMs: number;
  /** The synchronous part of starting the language client (the server itself runs in its own process). */
  readonly languageServerStartMs: number;
}

/**
 * Called by VS Code on the first `.prompt` file or PromptStack command. Returns the test API only
 * in `ExtensionMode.Test`: `activate`'s result is every other extension's to read
 * (`getExtension(...).exports`), and the test API holds the session (token, authenticated
 * client, sign-in, the hooks that answer our own confirmations). Installed or under development,
 * the extension exports nothing.
 */
export function activate(extensionContext: vscode.ExtensionContext): (PromptStackApi & ActivationTiming) | undefined {
  const started = performance.now();
  const ctx = createContext(extensionContext);
  active = ctx;
  for (const [id, factory] of Object.entries(COMMANDS)) {
    ctx.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
  const runApi = registerRunFeatures(ctx);
  // Not awaited: activation stays fast while the server starts in its own process.
  const serverStarted = performance.now();
  const languageClientReady = startLanguageClient(ctx);
  const languageServerStartMs = performance.now() - serverStarted;
  if (extensionContext.extensionMode !== vscode.ExtensionMode.Test) return undefined;
  // Timing last, so every registration above is inside it.
  return {
    languageClientReady,
    team: teamApi(ctx.team),
    outputLogFile: vscode.Uri.joinPath(extensionContext.logUri, `${ctx.output.name}.log`).fsPath,
    ...runApi,
    ...activationTiming(started, languageServerStartMs),
  };
}

/** The timing of an activation that began at `started` (performance.now()). */
function activationTiming(started: number, languageServerStartMs: number): ActivationTiming {
  return { activationMs: performance.now() - started - languageServerStartMs, languageServerStartMs };
}

/** Stops the language server; VS Code waits for the returned promise before it exits. */
export async function deactivate(): Promise<void> {
  const client = active?.languageClient;
  active = undefined;
  if (client) await client.dispose();
}
