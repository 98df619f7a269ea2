/**
 * Every custom LSP message between the PromptStack language server and its clients, declared
 * once (as vscode-eslint does) so the server and the VS Code extension import the same names.
 * Import as `@promptstack/language-server/protocol`; this file depends only on the protocol
 * package (and core's types, erased at build), never on the server, so the extension bundle stays small.
 */
import type { CostEstimate } from '@promptstack/core/runner/estimateRunCost';
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
  /**
   * The document's text, analysed when the server does not have the document open (a file the
   * client read for a run without opening it, or a request racing `didOpen`). Ignored for an open
   * document: the server's copy is the one its diagnostics describe.
   */
  text?: string;
  /** Input values for the cost estimate (the run's remembered input); `input.default` fills the rest. */
  input?: Record<string, unknown>;
  /** Model for the cost estimate when the frontmatter names none (the client's `defaultModel` setting). */
  defaultModel?: string;
}

/** What a run is expected to cost (core's `estimateRunCost` over the rendered messages). */
export type PromptCostInfo =
  | ({ ok: true } & CostEstimate)
  /** The prompt did not render (bad template, missing partial) or names no model: why. */
  | { ok: false; message: string };

/** What the extension shows above a prompt (CodeLens) and pre-fills in its run form. */
export interface PromptInfoResult {
  uri: string;
  /** Document version the facts were computed for. */
  version: number;
  name?: string;
  variant?: string;
  model?: PromptModelInfo;
  inputs: PromptInputInfo[];
  /** The frontmatter's `input.default` when it is an object, else `{}`: the run form's "Defaults". */
  defaultInput: Record<string, unknown>;
  /**
   * The estimated cost of a run with `params.input`, rendered with partials resolved beside the
   * file (`{{> name}}` is `_name.prompt`), as the diagnostics and the extension's runs resolve them.
   */
  cost: PromptCostInfo;
  /** Rough size of the template in tokens (characters / 4), before inputs are filled in. */
  estimatedTemplateTokens: number;
  /** Where a CodeLens belongs: the first line of the file. */
  codeLensLine: number;
  errors: number;
  warnings: number;
}

/**
 * Sent by the extension, its one source of facts about a prompt: the CodeLens (cost estimate), the
 * run form (inputs, defaults), the A/B command and local runs (the model). Answered from the
 * server's analysis cache for an open document, else from `params.text`; `null` for a document
 * the server does not have open when no text was sent.
 */
export const promptInfoRequest = new RequestType<PromptInfoParams, PromptInfoResult | null, void>('promptstack/promptInfo');

export interface AnalysisReadyParams {
  uri: string;
  version: number;
  errors: number;
  warnings: number;
}

/**
 * Sent by the server right after it publishes diagnostics for a document version; the extension
 * refreshes its CodeLenses (asking `promptInfo` again) on it, and tests can wait for a pass
 * without polling.
 */
export const analysisReadyNotification = new NotificationType<AnalysisReadyParams>('promptstack/analysisReady');

/**
 * Files whose changes alter other documents' diagnostics without changing their text: partials
 * (`_name.prompt`) and tool files (`name.tool.yaml`). The client watches them (the extension's
 * `synchronize.fileEvents`, or the server's dynamic registration) and the server re-validates.
 */
export const WATCHED_FILE_GLOBS: readonly string[] = ['**/_*.prompt', '**/*.tool.{yaml,yml,json}'];
