/**
 * A linked file's sync state, from the file, its recorded base and the backend's latest version:
 * what the status bar shows and what decides the status bar's click action.
 */
import type * as vscode from 'vscode';
import { toApiError } from '../team/api/errors.ts';
import { readLinkedId, sameContent } from '@promptstack/core/format/syncFields';
import type { SyncDeps } from './syncDeps.ts';

/** Every state a `.prompt` file can be in. */
export type SyncState =
  | { kind: 'signed-out' }
  | { kind: 'not-linked' }
  /** The file equals version `version`, which is the latest. */
  | { kind: 'in-sync'; version: number }
  /** The file was changed since `base`, which is still the latest. */
  | { kind: 'modified'; base: number }
  /** The file equals `base`, and `latest` is newer: a pull brings it up to date. */
  | { kind: 'behind'; base: number; latest: number }
  /** Changed since `base`, and `latest` is newer (or no base is known): a push will conflict. */
  | { kind: 'diverged'; base: number; latest: number }
  /** A push was refused because of `latest`; not yet resolved. */
  | { kind: 'conflict'; base: number; latest: number }
  /** The backend could not say (offline, no access, prompt deleted). */
  | { kind: 'error'; message: string };

/** Works out `document`'s state; asks the backend for the latest version. Never throws. */
export async function syncStateOf(deps: SyncDeps, document: vscode.TextDocument): Promise<SyncState> {
  if (!deps.signedIn()) return { kind: 'signed-out' };
  const text = document.getText();
  const promptId = readLinkedId(text);
  if (!promptId) return { kind: 'not-linked' };
  try {
    const prompt = await deps.client().prompts.get.query({ id: promptId });
    const latest = prompt.latestVersionNumber;
    if (prompt.latestVersion) deps.versions.remember(prompt.latestVersion);
    const record = deps.bases.get(document.uri, promptId);
    if (record?.conflictWith !== undefined) return { kind: 'conflict', base: record.baseVersion, latest: record.conflictWith };
    if (!record) {
      // A fresh clone or another machine: in sync when the file is the latest, else unknown base.
      if (prompt.latestVersion && sameContent(text, prompt.latestVersion.source)) {
        await deps.bases.setBase(document.uri, promptId, latest);
        return { kind: 'in-sync', version: latest };
      }
      return { kind: 'diverged', base: 0, latest };
    }
    const base = await deps.versions.version(promptId, record.baseVersion);
    const modified = !sameContent(text, base.source);
    if (latest > record.baseVersion)
      return modified ? { kind: 'diverged', base: record.baseVersion, latest } : { kind: 'behind', base: record.baseVersion, latest };
    return modified ? { kind: 'modified', base: record.baseVersion } : { kind: 'in-sync', version: record.baseVersion };
  } catch (error) {
    return { kind: 'error', message: toApiError(error, 'this prompt', deps.backendUrl()).message };
  }
}

/** Status-bar text, tooltip and click command for a state. */
export function presentSyncState(state: SyncState): { text: string; tooltip: string; command: string } {
  switch (state.kind) {
    case 'signed-out':
      return { text: '$(account) PromptStack: signed out', tooltip: 'Sign in to push and pull this prompt', command: 'promptstack.signIn' };
    case 'not-linked':
      return { text: '$(cloud-upload) PromptStack: not linked', tooltip: 'Link this file to a backend prompt', command: 'promptstack.link' };
    case 'in-sync':
      return {
        text: `$(check) PromptStack: in sync v${state.version}`,
        tooltip: `The file is version ${state.version}, the latest. Click for its history.`,
        command: 'promptstack.history.focus',
      };
    case 'modified':
      return {
        text: `$(edit) PromptStack: modified (v${state.base})`,
        tooltip: `Changed since version ${state.base}. Click to push.`,
        command: 'promptstack.push',
      };
    case 'behind':
      return {
        text: `$(arrow-down) PromptStack: behind (v${state.base} < v${state.latest})`,
        tooltip: `Version ${state.latest} is on the backend. Click to pull.`,
        command: 'promptstack.pull',
      };
    case 'diverged':
      return {
        text: `$(git-compare) PromptStack: modified, v${state.latest} available`,
        tooltip: `Changed since ${state.base ? `version ${state.base}` : 'the last sync'}, and version ${state.latest} is on the backend. Click to push (you will see the differences first).`,
        command: 'promptstack.push',
      };
    case 'conflict':
      return {
        text: `$(warning) PromptStack: conflict with v${state.latest}`,
        tooltip: `Your push conflicted with version ${state.latest}. Click to push again and resolve.`,
        command: 'promptstack.push',
      };
    case 'error':
      return { text: '$(error) PromptStack', tooltip: state.message, command: 'promptstack.showOutput' };
  }
}
