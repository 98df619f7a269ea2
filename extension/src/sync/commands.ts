/**
 * The team commands, by id (declared in package.json `contributes.commands`). Each factory gets
 * the `Team` built at activation, as commands/index.ts's factories get the context. Handlers
 * return their outcome so callers (and tests) can tell what happened.
 */
import * as vscode from 'vscode';
import { ApiError } from '../api/errors.ts';
import type { Team } from './team.ts';
import { promptDocumentFor } from './documents.ts';
import type { VersionNode } from './historyView.ts';
import { linkDocument } from './link.ts';
import { openVersionDiff, pullDocument, pushDocument, restoreVersion } from './syncOperations.ts';

/** A team command: built once per activation from the Team. */
export type TeamCommandFactory = (team: Team) => (...args: any[]) => unknown;

/** The document of a command's argument (a URI from the explorer) or the active editor, or an error shown. */
async function documentOrSay(team: Team, target: unknown): Promise<vscode.TextDocument | undefined> {
  const document = await promptDocumentFor(target);
  if (!document) team.ui.error('Open a .prompt file first');
  return document;
}

function isVersionNode(value: unknown): value is VersionNode {
  return typeof value === 'object' && value !== null && (value as VersionNode).kind === 'version';
}

/** Every team command. */
export const TEAM_COMMANDS: Readonly<Record<string, TeamCommandFactory>> = {
  // Straight to our provider: VS Code's getSession({ createIfNone }) would first ask the user to let
  // this extension use its own provider.
  'promptstack.signIn': (team) => async () => {
    try {
      const session = await team.auth.createSession([]);
      team.ui.info(`Signed in to PromptStack as ${session.account.label}`);
      return session;
    } catch (error) {
      if (error instanceof vscode.CancellationError) return undefined;
      team.ui.error(error instanceof ApiError ? error.message : `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  },
  'promptstack.signOut': (team) => async () => {
    await team.auth.ready;
    const session = team.auth.current();
    if (!session) {
      team.ui.info('You are not signed in to PromptStack');
      return false;
    }
    await team.auth.removeSession(session.id);
    team.ui.info('Signed out of PromptStack');
    return true;
  },
  'promptstack.link': (team) => async (target?: unknown) => {
    const document = await documentOrSay(team, target);
    return document ? linkDocument(team.deps, document) : undefined;
  },
  'promptstack.push': (team) => async (target?: unknown) => {
    const document = await documentOrSay(team, target);
    return document ? pushDocument(team.deps, document) : 'cancelled';
  },
  'promptstack.pull': (team) => async (target?: unknown) => {
    const document = await documentOrSay(team, target);
    return document ? pullDocument(team.deps, document) : 'cancelled';
  },
  'promptstack.history.refresh': (team) => () => team.history.refresh(),
  'promptstack.history.openDiff': (team) => async (node?: unknown) => {
    if (!isVersionNode(node)) return team.ui.error('Choose a version in the PromptStack History view');
    return openVersionDiff(team.deps, node.document, node.version.number);
  },
  'promptstack.history.restore': (team) => async (node?: unknown) => {
    if (!isVersionNode(node)) return team.ui.error('Choose a version in the PromptStack History view');
    return restoreVersion(team.deps, node.document, node.version.number);
  },
};
