/**
 * The run side's commands, as `(ctx) => handler` factories for the command table
 * (commands/index.ts). Each takes an optional file URI (CodeLens and the editor title pass it;
 * the palette uses the active editor) and, for scripting and tests, optional values that skip
 * the pickers.
 */
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import type { RunView } from '../webviews/protocol.ts';
import { KEY_PROVIDERS, PROVIDER_LABELS, isKeyProvider } from './apiKeys.ts';
import { completeRunInput } from './completeRunInput.ts';
import { pickRunInput } from './pickInput.ts';
import { runPromptFile } from './runPromptFile.ts';
import { runServices } from './runServices.ts';

/** Language id of .prompt files (as the language client declares it). */
const DOTPROMPT = 'dotprompt';

/** The prompt to act on: the given URI or the active .prompt editor; warns and returns undefined otherwise. */
export async function targetDocument(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === DOTPROMPT) return active;
  void vscode.window.showWarningMessage('PromptStack: open a .prompt file to run it.');
  return undefined;
}

/**
 * `promptstack.run`: runs the file with the input last used for it (or none: `input.default`
 * applies); a required input still missing opens the input form first.
 */
export function runCommand(ctx: PromptStackContext) {
  return async (uri?: vscode.Uri): Promise<RunView | undefined> => {
    const document = await targetDocument(uri);
    if (!document) return undefined;
    const services = runServices(ctx);
    const input = await completeRunInput(services, document, services.inputs.get(document.uri) ?? {});
    if (!input) return undefined;
    return runPromptFile(services, document.uri, { input });
  };
}

/** `promptstack.runWith`: asks for the input (or takes `input`), remembers it and runs. */
export function runWithCommand(ctx: PromptStackContext) {
  return async (uri?: vscode.Uri, input?: Record<string, unknown>): Promise<RunView | undefined> => {
    const document = await targetDocument(uri);
    if (!document) return undefined;
    const services = runServices(ctx);
    if (input) await services.inputs.set(document.uri, input);
    const chosen = input ?? (await pickRunInput(services, document));
    if (!chosen) return undefined;
    return runPromptFile(services, document.uri, { input: chosen });
  };
}

/** `promptstack.setApiKey`: stores a provider key in SecretStorage (password box; never settings). */
export function setApiKeyCommand(ctx: PromptStackContext) {
  return async (provider?: string, key?: string): Promise<boolean> => {
    const keys = runServices(ctx).keys;
    const chosen = isKeyProvider(provider)
      ? provider
      : (
          await vscode.window.showQuickPick(
            KEY_PROVIDERS.map((id) => ({ label: PROVIDER_LABELS[id], id })),
            { title: 'PromptStack: Set API Key', placeHolder: 'Provider' },
          )
        )?.id;
    if (!chosen) return false;
    const value =
      key ??
      (await vscode.window.showInputBox({
        title: `${PROVIDER_LABELS[chosen]} API key`,
        prompt: 'Kept in VS Code secret storage. Leave empty to remove the stored key.',
        password: true,
        ignoreFocusOut: true,
      }));
    if (value === undefined) return false;
    await keys.set(chosen, value);
    if (key === undefined) void vscode.window.showInformationMessage(`PromptStack: ${PROVIDER_LABELS[chosen]} key ${value.trim() ? 'saved' : 'removed'}.`);
    return true;
  };
}
