/**
 * What every part of the extension shares: VS Code's extension context, the output channel, the
 * language client and the team side (sign-in, backend client, sync UI). `extension.ts` builds one
 * and hands it to each command factory, as rust-analyzer's `Ctx` does, so no module keeps state
 * of its own.
 */
import type { AnalysisReadyParams } from '@promptstack/language-server/protocol';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { onDidChangeConfig, readConfig, type PromptStackConfig } from './config.ts';
import { activateTeam, type Team } from './team/team.ts';

/** Shared state of the running extension. */
export interface PromptStackContext {
  readonly extensionContext: vscode.ExtensionContext;
  /** The "PromptStack" output channel: extension logs and the language server's. */
  readonly output: vscode.LogOutputChannel;
  /** Settings as of now (re-read on change). */
  config(): PromptStackConfig;
  /** The running language client; undefined until `activate` starts it. */
  languageClient: LanguageClient | undefined;
  /** Fires when the language server has analysed a document version (`promptstack/analysisReady`). */
  readonly analysisReady: vscode.EventEmitter<AnalysisReadyParams>;
  /** Disposed on deactivate. */
  readonly subscriptions: vscode.Disposable[];
  /** Sign-in, the backend client, the sync UI, status bar and history view (team/team.ts). */
  readonly team: Team;
}

/**
 * Builds the shared context, the team side included (its authentication provider, views and
 * status bar are registered here); its disposables go on VS Code's `context.subscriptions`.
 */
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
  const analysisReady = new vscode.EventEmitter<AnalysisReadyParams>();
  subscriptions.push(analysisReady);
  // The team needs the rest of the context (settings, secrets, output), so it is built last.
  const shared: TeamHostContext = { extensionContext, output, config: () => config, subscriptions };
  return { ...shared, languageClient: undefined, analysisReady, team: activateTeam(shared) };
}

/** The part of the context the team side is built from (it never touches the language client). */
export type TeamHostContext = Omit<PromptStackContext, 'team' | 'languageClient' | 'analysisReady'>;
