/**
 * The questions sign-in, sync and local tool calls ask the user, behind one interface. The extension uses VS Code's
 * own input boxes, quick picks and messages; the extension-host tests swap in scripted answers
 * (through `PromptStackApi.team.setUi`), since a headless workbench has nobody to click.
 */
import * as vscode from 'vscode';
import { settingNamedIn, showErrorWithSettings } from '../settingActions.ts';

/** Everything interactive in sign-in and sync. */
export interface SyncUi {
  /** An input box; undefined when dismissed. */
  input(options: vscode.InputBoxOptions): Thenable<string | undefined>;
  /** A quick pick of `items`; undefined when dismissed. */
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined>;
  /** A warning with buttons; resolves with the chosen button's text, undefined when dismissed. */
  choose(message: string, options: { modal?: boolean; detail?: string }, ...choices: string[]): Thenable<string | undefined>;
  /** A passing information message. */
  info(message: string): void;
  /** An error message (one naming a setting offers "Open Settings"; see {@link SwappableUi.error}). */
  error(message: string): void;
  /** An error message with buttons; resolves with the chosen button's text, undefined when dismissed. */
  errorWithActions(message: string, ...actions: string[]): Thenable<string | undefined>;
}

/** The real UI: VS Code's windows. */
export const vscodeUi: SyncUi = {
  input: (options) => vscode.window.showInputBox({ ignoreFocusOut: true, ...options }),
  pick: (items, options) => vscode.window.showQuickPick(items, { ignoreFocusOut: true, ...options }),
  choose: (message, options, ...choices) => vscode.window.showWarningMessage(message, options, ...choices),
  info: (message) => void vscode.window.showInformationMessage(message),
  error: (message) => void vscode.window.showErrorMessage(message),
  errorWithActions: (message, ...actions) => vscode.window.showErrorMessage(message, ...actions),
};

/** A UI whose parts can be replaced (tests); unreplaced parts fall back to VS Code's. */
export class SwappableUi implements SyncUi {
  private override: Partial<SyncUi> | undefined;

  /** Replaces some parts of the UI; `undefined` restores VS Code's. */
  set(override: Partial<SyncUi> | undefined): void {
    this.override = override;
  }

  input(options: vscode.InputBoxOptions): Thenable<string | undefined> {
    return (this.override?.input ?? vscodeUi.input)(options);
  }
  pick<T extends vscode.QuickPickItem>(items: readonly T[], options: vscode.QuickPickOptions): Thenable<T | undefined> {
    return this.override?.pick ? this.override.pick(items, options) : vscodeUi.pick(items, options);
  }
  choose(message: string, options: { modal?: boolean; detail?: string }, ...choices: string[]): Thenable<string | undefined> {
    return (this.override?.choose ?? vscodeUi.choose)(message, options, ...choices);
  }
  info(message: string): void {
    (this.override?.info ?? vscodeUi.info)(message);
  }
  /** Shows `message`; when it names a setting (`promptstack.backendUrl`), with an "Open Settings" button that opens it. */
  error(message: string): void {
    if (!settingNamedIn(message)) return (this.override?.error ?? vscodeUi.error)(message);
    void showErrorWithSettings(message, (text, ...actions) => this.errorWithActions(text, ...actions));
  }
  errorWithActions(message: string, ...actions: string[]): Thenable<string | undefined> {
    return (this.override?.errorWithActions ?? vscodeUi.errorWithActions)(message, ...actions);
  }
}
