/**
 * The extension's one way to learn about a prompt: it asks the language server
 * (`promptstack/promptInfo`), which analysed the document for its diagnostics and resolves partials
 * beside it. The CodeLens, the run form, the A/B command and local runs all go through here, so
 * none of them parses a prompt in the extension host.
 */
import { promptInfoRequest, type PromptInfoResult } from '@promptstack/language-server/protocol';
import type * as vscode from 'vscode';
import type { PromptStackContext } from './context.ts';

export type { PromptCostInfo, PromptInfoResult, PromptInputInfo } from '@promptstack/language-server/protocol';

/** A prompt to ask about: its URI and the text the caller has (sent in case the server has not opened it). */
export interface PromptSubject {
  readonly uri: vscode.Uri;
  getText(): string;
}

/**
 * The language server's facts about a prompt; the cost estimate renders with `input` (the
 * frontmatter's `input.default` fills the rest) and prices the `defaultModel` setting when the
 * frontmatter names no model. Rejects, with a message for the user, when the server cannot answer.
 */
export async function requestPromptInfo(ctx: PromptStackContext, prompt: PromptSubject, input?: Record<string, unknown>): Promise<PromptInfoResult> {
  const client = ctx.languageClient;
  if (!client) throw new Error(notRunning('it has not started'));
  let info: PromptInfoResult | null;
  try {
    info = await client.sendRequest(promptInfoRequest, {
      uri: client.code2ProtocolConverter.asUri(prompt.uri),
      text: prompt.getText(),
      input,
      defaultModel: ctx.config().defaultModel,
    });
  } catch (error) {
    throw new Error(notRunning(error instanceof Error ? error.message : String(error)), { cause: error });
  }
  // Only a server that ignored `text` answers null.
  if (!info) throw new Error(`The PromptStack language server has no analysis of ${prompt.uri.toString()}`);
  return info;
}

/** What the user reads when the server cannot answer, with what to do about it. */
function notRunning(why: string): string {
  return `The PromptStack language server did not answer (${why}); run 'PromptStack: Restart Language Server'`;
}

/** The model a run of the prompt uses: the frontmatter's, else the `defaultModel` setting. */
export async function promptModel(ctx: PromptStackContext, prompt: PromptSubject): Promise<string> {
  return (await requestPromptInfo(ctx, prompt)).model?.written ?? ctx.config().defaultModel;
}
