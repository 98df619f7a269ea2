/**
 * What every part of the extension shares: VS Code's extension context, the output channel and
 * the language client. `extension.ts` builds one and hands it to each command factory, as
 * rust-analyzer's `Ctx` does, so no module keeps state of its own.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { onDidChangeConfig, readConfig, type PromptStackConfig } from './config.ts';

/** Shared state of the running extension. */
export interface PromptStackContext {
  readonly extensionContext: vscode.ExtensionContext;
  /** The "PromptStack" output channel: extension logs and the language server's. */
  readonly output: vscode.LogOutputChannel;
  /** Settings as of now (re-read on change). */
  config(): PromptStackConfig;
  /** The running language client; undefined until `activate` starts it. */
  languageClient: LanguageClient | undefined;
  /** Disposed on deactivate. */
  readonly subscriptions: vscode.Disposable[];
}

/** Builds the shared context; its disposables go on VS Code's `context.subscriptions`. */
export function createContext(extensionContext: vscode.ExtensionContext): PromptStackContext {
  const output = vscode.window.createOutputChannel('PromptStack', { log: true });
  let config = readConfig();
  const subscriptions = extensionContext.subscriptions;
  subscriptions.push(
    output,
    onDidChangeConfig((next) => {
      config = next;
    }),
  );
  return {
    extensionContext,
    output,
    config: () => config,
    languageClient: undefined,
    subscriptions,
  };
}
