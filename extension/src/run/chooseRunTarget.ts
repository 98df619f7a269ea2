/**
 * Where a run of a file goes. Signed out or unlinked: local, as always. Signed in and linked
 * (`promptstack.id`): the backend runs a stored version, so the run is recorded for the team.
 *
 * The backend can only run what it stores. When the file equals the version it was last pushed
 * as or pulled from (its base), that version runs on the backend without a question. When the
 * file has unpushed edits, running the stored version silently would show output for text that
 * is not in the editor, and running locally silently would leave the run unrecorded; so the user
 * is told plainly and chooses: run locally, push first (then run the new version on the
 * backend), or run the stored version anyway. Dismissing cancels the run.
 */
import * as vscode from 'vscode';
import { toApiError } from '../team/api/errors.ts';
import { readLinkedId, sameContent } from '@promptstack/core/format/syncFields';
import type { Team } from '../team/team.ts';
import { createBackendRunTarget, type BackendRunLink } from './backendRunTarget.ts';
import type { RunTarget } from './runTarget.ts';

/** The buttons of the unpushed-edits question (tests answer with them). */
export const RUN_CHOICES = {
  local: 'Run locally',
  push: 'Push first',
  backend: (version: number) => `Run v${version} on PromptStack`,
} as const;

/** The question asked when a linked file has edits the backend does not have. */
export function unpushedEditsMessage(version: number): string {
  return `Running version ${version} from PromptStack; your unpushed edits are not included. Push first or run locally.`;
}

/** The target for a run of `document`; undefined when the user cancelled. */
export async function chooseRunTarget(team: Team | undefined, local: RunTarget, document: vscode.TextDocument): Promise<RunTarget | undefined> {
  if (!team) return local;
  await team.auth.ready;
  if (!team.auth.current()) return local;
  const promptId = readLinkedId(document.getText());
  if (!promptId) return local;
  try {
    const stored = await storedVersion(team, document, promptId);
    if (stored.matches) return createBackendRunTarget(team, stored.link);
    const n = stored.link.versionNumber;
    const answer = await team.ui.choose(unpushedEditsMessage(n), { modal: true }, RUN_CHOICES.local, RUN_CHOICES.push, RUN_CHOICES.backend(n));
    if (answer === RUN_CHOICES.local) return local;
    if (answer === RUN_CHOICES.backend(n)) return createBackendRunTarget(team, stored.link);
    if (answer !== RUN_CHOICES.push) return undefined;
    if ((await vscode.commands.executeCommand('promptstack.push', document.uri)) !== 'pushed') return undefined;
    const pushed = await storedVersion(team, document, promptId);
    return pushed.matches ? createBackendRunTarget(team, pushed.link) : undefined;
  } catch (error) {
    // Offline, signed out elsewhere, or the prompt is gone: say so and offer the local run.
    const message = toApiError(error, 'this prompt', team.deps.backendUrl()).message;
    return (await team.ui.choose(`${message} Run locally instead?`, { modal: true }, RUN_CHOICES.local)) === RUN_CHOICES.local ? local : undefined;
  }
}

/** The version a backend run would use (the file's base, else the latest) and whether the file equals it. */
async function storedVersion(team: Team, document: vscode.TextDocument, promptId: string): Promise<{ link: BackendRunLink; matches: boolean }> {
  const text = document.getText();
  const record = team.deps.bases.get(document.uri, promptId);
  if (record && record.conflictWith === undefined && record.baseVersion > 0) {
    const base = await team.deps.versions.version(promptId, record.baseVersion);
    return { link: { promptId, versionId: base.id, versionNumber: base.number }, matches: sameContent(text, base.source) };
  }
  const prompt = await team.client().prompts.get.query({ id: promptId });
  const latest = prompt.latestVersion;
  if (!latest) throw new Error(`Prompt ${promptId} has no versions on PromptStack yet; push the file first`);
  team.deps.versions.remember(latest);
  return { link: { promptId, versionId: latest.id, versionNumber: latest.number }, matches: sameContent(text, latest.source) };
}
