import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';

/** `promptstack.restartLanguageServer`: restarts the server, e.g. after it crashed too often. */
export function restartLanguageServer(ctx: PromptStackContext) {
  return async (): Promise<void> => {
    const client = ctx.languageClient;
    if (!client) {
      void vscode.window.showWarningMessage('The PromptStack language server is not running: open a .prompt file first.');
      return;
    }
    ctx.output.info('Restarting the language server');
    try {
      await client.restart();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      ctx.output.error(`Restart failed: ${message}`);
      void vscode.window.showErrorMessage(`PromptStack: the language server did not restart: ${message}`);
    }
  };
}
