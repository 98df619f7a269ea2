/**
 * A push refused with 409 because someone pushed since the file's base. The latest version is
 * shown against the file in VS Code's diff editor and the user chooses; nothing is overwritten
 * until they do.
 */
import * as vscode from 'vscode';
import type { PromptVersion } from '../team/api/client.ts';
import type { ApiError } from '../team/api/errors.ts';
import { fileNameOf, replaceAndSave } from './documents.ts';
import { withLinkedId } from '@promptstack/core/format/syncFields';
import type { SyncDeps } from './syncDeps.ts';
import { versionUri } from './versionDocuments.ts';

/**
 * The conflict choices, as the buttons read: short, so all three fit a notification's width
 * (the message says what "Keep mine" does).
 */
export const CONFLICT_CHOICES = {
  takeTheirs: 'Take theirs',
  keepMine: 'Keep mine',
  merge: 'Merge in editor',
} as const;

/** What became of a conflict. */
export type ConflictOutcome = 'took-theirs' | 'push-on-top' | 'merging' | 'unresolved' | 'failed';

/** The latest version a 409 carried, or fetched when the body did not carry it. */
async function latestOf(deps: SyncDeps, promptId: string, error: ApiError): Promise<PromptVersion | undefined> {
  const carried = error.details?.latest as PromptVersion | undefined;
  if (carried && typeof carried.source === 'string') return carried;
  const prompt = await deps.client().prompts.get.query({ id: promptId });
  return prompt.latestVersion ?? undefined;
}

/**
 * Opens the diff (latest on the left, the file on the right, editable) and asks. "Keep mine"
 * answers `push-on-top` with the latest number for the caller to push again; "Merge" makes the
 * latest the file's base, so the merged file pushes on top of it.
 */
export async function resolveConflict(
  deps: SyncDeps,
  document: vscode.TextDocument,
  promptId: string,
  baseVersion: number,
  error: ApiError,
): Promise<{ outcome: ConflictOutcome; latest?: number }> {
  const name = fileNameOf(document);
  let latest: PromptVersion | undefined;
  try {
    latest = await latestOf(deps, promptId, error);
  } catch {
    latest = undefined;
  }
  if (!latest) {
    deps.ui.error(error.message);
    return { outcome: 'failed' };
  }
  deps.versions.remember(latest);
  await deps.bases.setConflict(document.uri, promptId, latest.number);
  deps.changed(document.uri);
  await vscode.commands.executeCommand('vscode.diff', versionUri(promptId, latest.number, name), document.uri, `${name}: v${latest.number} (latest) ↔ yours`);

  const choice = await deps.ui.choose(
    `${name}: version ${latest.number} was pushed after your version ${baseVersion}. Your push was not applied. The diff shows the latest (left) and your file (right); Keep mine pushes yours on top of the latest.`,
    {},
    CONFLICT_CHOICES.takeTheirs,
    CONFLICT_CHOICES.keepMine,
    CONFLICT_CHOICES.merge,
  );
  switch (choice) {
    case CONFLICT_CHOICES.takeTheirs:
      if (!(await replaceAndSave(document, withLinkedId(latest.source, promptId)))) {
        deps.ui.error(`Could not write version ${latest.number} into ${name}`);
        return { outcome: 'failed' };
      }
      await deps.bases.setBase(document.uri, promptId, latest.number);
      deps.changed(document.uri);
      deps.ui.info(`${name} now holds version ${latest.number}`);
      return { outcome: 'took-theirs', latest: latest.number };
    case CONFLICT_CHOICES.keepMine:
      return { outcome: 'push-on-top', latest: latest.number };
    case CONFLICT_CHOICES.merge:
      await deps.bases.setBase(document.uri, promptId, latest.number);
      deps.changed(document.uri);
      deps.ui.info(`Merge the changes into ${name} (right side), save, then push: it will go on top of version ${latest.number}`);
      return { outcome: 'merging', latest: latest.number };
    default:
      return { outcome: 'unresolved', latest: latest.number };
  }
}
