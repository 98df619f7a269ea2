/**
 * "Open Settings" on every error that names a setting: a message such as "Check the
 * promptstack.backendUrl setting" offers a button that opens the Settings editor on that very
 * setting, so the fix is one click away instead of a search.
 */
import { RUNNABLE_PROVIDERS } from '@promptstack/core/providers/runnableProviders';
import * as vscode from 'vscode';
import { baseUrlSetting, CONFIG_SECTION } from './config.ts';

/** The button's text. */
export const OPEN_SETTINGS = 'Open Settings';

/** Every setting a message may name, as `promptstack.<key>` (package.json `contributes.configuration`). */
const SETTING_IDS: readonly string[] = ['backendUrl', 'defaultModel', 'trace.server', ...RUNNABLE_PROVIDERS.map((p) => baseUrlSetting(p.id))].map(
  (key) => `${CONFIG_SECTION}.${key}`,
);

/** The first PromptStack setting `message` names in full, if any. */
export function settingNamedIn(message: string): string | undefined {
  let first: { id: string; at: number } | undefined;
  for (const id of SETTING_IDS) {
    const at = message.indexOf(id);
    if (at >= 0 && (!first || at < first.at)) first = { id, at };
  }
  return first?.id;
}

/** Opens the Settings editor filtered to one setting. */
export function openSetting(id: string): Thenable<unknown> {
  return vscode.commands.executeCommand('workbench.action.openSettings', id);
}

/**
 * Shows an error with `actions`, plus "Open Settings" when the message names a setting (which it
 * then opens); resolves with the action chosen, `OPEN_SETTINGS` included, or undefined.
 */
export async function showErrorWithSettings(
  message: string,
  show: (message: string, ...actions: string[]) => Thenable<string | undefined> = (text, ...actions) => vscode.window.showErrorMessage(text, ...actions),
  ...actions: string[]
): Promise<string | undefined> {
  const setting = settingNamedIn(message);
  const choice = await show(message, ...actions, ...(setting ? [OPEN_SETTINGS] : []));
  if (choice === OPEN_SETTINGS && setting) await openSetting(setting);
  return choice;
}
