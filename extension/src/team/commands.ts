/**
 * Sign-in and sign-out, as `(ctx) => handler` factories for the command table (commands/index.ts).
 * Handlers return their outcome so callers (and tests) can tell what happened.
 */
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import { ApiError } from './api/errors.ts';

/** `promptstack.signIn`: asks for credentials through the provider; the session, or undefined when cancelled or refused. */
export function signInCommand(ctx: PromptStackContext) {
  const { team } = ctx;
  // Straight to our provider: VS Code's getSession({ createIfNone }) would first ask the user to let
  // this extension use its own provider.
  return async (): Promise<vscode.AuthenticationSession | undefined> => {
    try {
      const session = await team.auth.createSession([]);
      team.ui.info(`Signed in to PromptStack as ${session.account.label}`);
      return session;
    } catch (error) {
      if (error instanceof vscode.CancellationError) return undefined;
      team.ui.error(error instanceof ApiError ? error.message : `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
}

/** `promptstack.signOut`: ends the session on the backend and forgets it; false when there was none. */
export function signOutCommand(ctx: PromptStackContext) {
  const { team } = ctx;
  return async (): Promise<boolean> => {
    await team.auth.ready;
    const session = team.auth.current();
    if (!session) {
      team.ui.info('You are not signed in to PromptStack');
      return false;
    }
    await team.auth.removeSession(session.id);
    team.ui.info('Signed out of PromptStack');
    return true;
  };
}
