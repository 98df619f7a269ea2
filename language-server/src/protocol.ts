/**
 * Every custom LSP message between the PromptStack language server and its clients, declared
 * once (as vscode-eslint does) so the server and the VS Code extension import the same names.
 * Import as `@promptstack/language-server/protocol`; this file depends only on the protocol
 * package, never on the server, so the extension bundle stays small.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Settings the client passes in `initialize` (`initializationOptions`); every field optional. */
export interface PromptStackInitializationOptions {
  /** Quiet time after the last edit before a document is re-validated. Default 200 ms. */
  diagnosticsDelayMs?: number;
  /** Documents at least this many UTF-16 units long are analysed in a worker thread. Default 65536. */
  workerThresholdChars?: number;
}

/** The model a prompt names, as the catalog knows it. */
export interface PromptModelInfo {
  /** As written in the frontmatter (`openai/gpt-4o`). */
  written: string;
  /** Dotprompt form of the catalog id (`openai/gpt-4o`); absent when the catalog does not know it. */
  qualifiedId?: string;
  provider?: string;
  displayName?: string;
  contextWindow?: number;
  maxOutputTokens?: number;
  /** USD per 1M tokens, price in force today. */
  inputPerMTok?: number;
  outputPerMTok?: number;
}

/** One declared input, enough for a CodeLens or a run form. */
export interface PromptInputInfo {
  name: string;
  type: string;
  optional: boolean;
  description?: string;
  hasDefault: boolean;
  default?: unknown;
}

export interface PromptInfoParams {
  uri: string;
}

/** What the extension shows above a prompt (CodeLens) and pre-fills in its run form. */
export interface PromptInfoResult {
  uri: string;
  /** Document version the facts were computed for. */
  version: number;
  name?: string;
  variant?: string;
  model?: PromptModelInfo;
  inputs: PromptInputInfo[];
  /** Rough size of the template in tokens (characters / 4), before inputs are filled in. */
  estimatedTemplateTokens: number;
  /** Where a CodeLens belongs: the first line of the file. */
  codeLensLine: number;
  errors: number;
  warnings: number;
}

/**
 * Sent by the extension (CodeLens provider, run command) to learn a prompt's model, inputs and
 * size. Answered from the server's analysis cache; resolves `null` for an unknown document.
 */
export const promptInfoRequest = new RequestType<PromptInfoParams, PromptInfoResult | null, void>('promptstack/promptInfo');

export interface AnalysisReadyParams {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
}

/**
 * Sent by the server right after it publishes diagnostics for a document version, so the
 * extension can refresh CodeLenses (and tests can wait for a pass) without polling.
 */
export const analysisReadyNotification = new NotificationType<AnalysisReadyParams>('promptstack/analysisReady');
