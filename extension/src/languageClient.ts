/**
 * Starts the PromptStack language server (bundled beside the extension as dist/server.js) in a
 * Node child process and connects to it over IPC.
 */
import { analysisReadyNotification, WATCHED_FILE_GLOBS } from '@promptstack/language-server/protocol';
import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { PromptStackContext } from './context.ts';

/** Language id of `.prompt` files, the same as Google's Dotprompt extension uses. */
export const DOTPROMPT_LANGUAGE_ID = 'dotprompt';

/** Client id: also the settings prefix vscode-languageclient reads `trace.server` from. */
const CLIENT_ID = 'promptstack';

/** Creates (does not start) the language client for `.prompt` documents. */
export function createLanguageClient(ctx: PromptStackContext): LanguageClient {
  const module = ctx.extensionContext.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy'] } },
  };
  const clientOptions: LanguageClientOptions = {
    // Tests files beside the prompts get the server's checks of their assertions against `output.schema`.
    documentSelector: [{ language: DOTPROMPT_LANGUAGE_ID }, { scheme: 'file', pattern: '**/*.tests.{yaml,yml}' }],
    synchronize: {
      // Partials and tool files change what other prompts resolve; the server re-validates on these.
      fileEvents: WATCHED_FILE_GLOBS.map((glob) => vscode.workspace.createFileSystemWatcher(glob)),
    },
    outputChannel: ctx.output,
  };
  return new LanguageClient(CLIENT_ID, 'PromptStack Language Server', serverOptions, clientOptions);
}

/**
 * Creates and starts the client, storing it on the context. The returned promise settles once the
 * server has answered `initialize`; a failed start is logged and rejects (tests await it).
 */
export function startLanguageClient(ctx: PromptStackContext): Promise<void> {
  const serverModule = ctx.extensionContext.asAbsolutePath('dist/server.js');
  if (!existsSync(serverModule)) {
    // Only a development checkout can get here (the .vsix always carries the server).
    const message = `${serverModule} is missing: build the language server (npm run build -w @promptstack/language-server) and the extension`;
    ctx.output.error(message);
    return Promise.reject(new Error(message));
  }
  const client = createLanguageClient(ctx);
  // Stopped by `deactivate`, which VS Code awaits (a disposable's promise would be dropped).
  ctx.languageClient = client;
  // Registered before start, so it holds across restarts (the client re-adds its handlers).
  client.onNotification(analysisReadyNotification, (params) => ctx.analysisReady.fire(params));
  const ready = client.start();
  ready.catch((error: unknown) => {
    ctx.output.error(`The PromptStack language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  return ready;
}
