/**
 * The sync commands (link, push, pull and the history view's), as `(ctx) => handler` factories
 * for the command table (commands/index.ts). Handlers return their outcome so callers (and
 * tests) can tell what happened.
 */
import * as vscode from 'vscode';
import type { PromptStackContext } from '../context.ts';
import type { Team } from '../team/team.ts';
import { promptDocumentFor } from './documents.ts';
import type { VersionNode } from './historyView.ts';
import { linkDocument } from './link.ts';
import { openVersionDiff, pullDocument, pushDocument, restoreVersion } from './syncOperations.ts';

/** The document of a command's argument (a URI from the explorer) or the active editor, or an error shown. */
async function documentOrSay(team: Team, target: unknown): Promise<vscode.TextDocument | undefined> {
  const document = await promptDocumentFor(target);
  if (!document) team.ui.error('Open a .prompt file first');
  return document;
}

function isVersionNode(value: unknown): value is VersionNode {
  return typeof value === 'object' && value !== null && (value as VersionNode).kind === 'version';
}

/** `promptstack.link`: links the file to a backend prompt (or creates one from it). */
export function linkCommand({ team }: PromptStackContext) {
  return async (target?: unknown) => {
    const document = await documentOrSay(team, target);
    return document ? linkDocument(team.deps, document) : undefined;
  };
}

/** `promptstack.push`: pushes the file as the next version. */
export function pushCommand({ team }: PromptStackContext) {
  return async (target?: unknown) => {
    const document = await documentOrSay(team, target);
    return document ? pushDocument(team.deps, document) : 'cancelled';
  };
}

/** `promptstack.pull`: replaces the file with the latest version. */
export function pullCommand({ team }: PromptStackContext) {
  return async (target?: unknown) => {
    const document = await documentOrSay(team, target);
    return document ? pullDocument(team.deps, document) : 'cancelled';
  };
}

/** `promptstack.history.refresh`: re-reads the history view. */
export function refreshHistoryCommand({ team }: PromptStackContext) {
  return () => team.history.refresh();
}

/** `promptstack.history.openDiff`: diffs a version of the history view against the file. */
export function openVersionDiffCommand({ team }: PromptStackContext) {
  return async (node?: unknown) => {
    if (!isVersionNode(node)) return team.ui.error('Choose a version in the PromptStack History view');
    return openVersionDiff(team.deps, node.document, node.version.number);
  };
}

/** `promptstack.history.restore`: pushes a version of the history view as the latest and writes it into the file. */
export function restoreVersionCommand({ team }: PromptStackContext) {
  return async (node?: unknown) => {
    if (!isVersionNode(node)) return team.ui.error('Choose a version in the PromptStack History view');
    return restoreVersion(team.deps, node.document, node.version.number);
  };
}
