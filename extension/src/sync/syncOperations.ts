/**
 * Push, pull, restore and diff of a linked `.prompt` file. Every network call shows progress and
 * can be cancelled; every failure reaches the user as one clear sentence (api/errors.ts).
 */
import * as vscode from 'vscode';
import type { RouterOutputs } from '../team/api/client.ts';
import { toApiError } from '../team/api/errors.ts';
import { resolveConflict } from './conflict.ts';
import { pullPartials } from './partialPull.ts';
import { fileNameOf, replaceAndSave } from './documents.ts';
import { readLinkedId, sameContent, withLinkedId } from '@promptstack/core/format/syncFields';
import { linkDocument } from './link.ts';
import { isPartialDocument, partialFileMessage, partialsToPush } from './partialPush.ts';
import { toolsToPush } from './toolPush.ts';
import type { SyncDeps } from './syncDeps.ts';
import { versionUri } from './versionDocuments.ts';

type WriteResult = RouterOutputs['prompts']['versions']['upload'];

/** What a push ended as (tests and callers branch on it). */
export type PushOutcome = 'pushed' | 'unchanged' | 'linked' | 'cancelled' | 'conflict' | 'took-theirs' | 'merging' | 'failed';

/** Runs `work` under a cancellable notification; resolves undefined when the user cancelled. */
async function withCancellableProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (_progress, token) => {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      return await work(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) return undefined;
      throw error;
    } finally {
      subscription.dispose();
    }
  });
}

/** The linked prompt id of `document`, or an error shown and undefined. */
function linkedIdOrSay(deps: SyncDeps, document: vscode.TextDocument): string | undefined {
  const id = readLinkedId(document.getText());
  if (!id) deps.ui.error(`${fileNameOf(document)} is not linked to a PromptStack prompt: run "PromptStack: Link to Backend Prompt" first`);
  return id;
}

/** True when the file differs from its base version (or has no base yet). */
async function locallyModified(deps: SyncDeps, document: vscode.TextDocument, promptId: string): Promise<boolean> {
  const record = deps.bases.get(document.uri, promptId);
  if (!record) return true;
  const base = await deps.versions.version(promptId, record.baseVersion);
  return !sameContent(document.getText(), base.source);
}

/** `promptstack.push`: asks for a message and pushes the file as the next version. An unlinked file is linked (or created) first. */
export async function pushDocument(deps: SyncDeps, document: vscode.TextDocument): Promise<PushOutcome> {
  if (isPartialDocument(document)) {
    deps.ui.info(partialFileMessage(document));
    return 'cancelled';
  }
  if (!(await deps.ensureSignedIn())) return 'cancelled';
  const promptId = readLinkedId(document.getText());
  if (!promptId) return (await linkDocument(deps, document)) ? 'linked' : 'cancelled';
  const message = await deps.ui.input({
    title: `Push ${fileNameOf(document)}`,
    prompt: 'Message for this version (optional)',
    placeHolder: 'What changed and why',
  });
  if (message === undefined) return 'cancelled';
  if (document.isDirty) await document.save();
  return uploadDocument(deps, document, promptId, message.trim(), deps.bases.get(document.uri, promptId)?.baseVersion ?? 0);
}

/** Uploads the file based on `baseVersion`; a 409 goes to the conflict flow ("Keep mine" pushes again on top). */
async function uploadDocument(deps: SyncDeps, document: vscode.TextDocument, promptId: string, message: string, baseVersion: number): Promise<PushOutcome> {
  const name = fileNameOf(document);
  const partials = partialsToPush(deps, document);
  const tools = toolsToPush(deps, document);
  let result: WriteResult | undefined;
  try {
    result = await withCancellableProgress(`Pushing ${name} to PromptStack`, (signal) =>
      deps
        .client()
        .prompts.versions.upload.mutate({ id: promptId, source: document.getText(), message: message || undefined, baseVersion, partials, tools }, { signal }),
    );
  } catch (error) {
    const failure = toApiError(error, 'this prompt', deps.backendUrl());
    if (failure.status !== 409) {
      deps.ui.error(failure.message);
      return 'failed';
    }
    const resolved = await resolveConflict(deps, document, promptId, baseVersion, failure);
    if (resolved.outcome === 'push-on-top' && resolved.latest !== undefined) return uploadDocument(deps, document, promptId, message, resolved.latest);
    return resolved.outcome === 'unresolved' ? 'conflict' : resolved.outcome === 'push-on-top' ? 'failed' : resolved.outcome;
  }
  if (!result) {
    deps.ui.info(`Push of ${name} cancelled`);
    return 'cancelled';
  }
  if (result.latestVersion) deps.versions.remember(result.latestVersion);
  await deps.bases.setBase(document.uri, promptId, result.latestVersionNumber);
  deps.changed(document.uri);
  deps.log.info(`Push ${name}: ${result.created ? `version ${result.latestVersionNumber} created` : `unchanged (version ${result.latestVersionNumber})`}`);
  deps.ui.info(
    result.created ? `Pushed ${name} as version ${result.latestVersionNumber}` : `${name} is already version ${result.latestVersionNumber} on the backend`,
  );
  return result.created ? 'pushed' : 'unchanged';
}

/** `promptstack.pull`: replaces the file with the latest version (keeping its `promptstack.id`); asks before dropping local changes. */
export async function pullDocument(deps: SyncDeps, document: vscode.TextDocument): Promise<'pulled' | 'cancelled' | 'failed'> {
  if (!(await deps.ensureSignedIn())) return 'cancelled';
  const promptId = linkedIdOrSay(deps, document);
  if (!promptId) return 'failed';
  const name = fileNameOf(document);
  try {
    const prompt = await withCancellableProgress(`Pulling ${name} from PromptStack`, (signal) => deps.client().prompts.get.query({ id: promptId }, { signal }));
    if (!prompt) return 'cancelled';
    const latest = prompt.latestVersion;
    if (!latest) {
      deps.ui.error(`Prompt ${prompt.name} has no versions yet`);
      return 'failed';
    }
    deps.versions.remember(latest);
    if (!sameContent(document.getText(), latest.source) && (await locallyModified(deps, document, promptId))) {
      const discard = `Discard my changes and pull v${latest.number}`;
      const answer = await deps.ui.choose(
        `${name} has changes that are not pushed.`,
        { modal: true, detail: 'Pulling replaces the file with the latest version.' },
        discard,
      );
      if (answer !== discard) return 'cancelled';
    }
    if (!(await replaceAndSave(document, withLinkedId(latest.source, promptId)))) {
      deps.ui.error(`Could not write version ${latest.number} into ${name}`);
      return 'failed';
    }
    await deps.bases.setBase(document.uri, promptId, latest.number);
    deps.changed(document.uri);
    deps.log.info(`Pull ${name}: version ${latest.number}`);
    let partials: string[] = [];
    try {
      partials = await pullPartials(deps, document, prompt.projectId);
    } catch (error) {
      // The prompt itself is pulled; say what went wrong with its partials without undoing that.
      deps.ui.error(
        `${name} is now version ${latest.number}, but its partials were not pulled: ${toApiError(error, 'the partials', deps.backendUrl()).message}`,
      );
      return 'pulled';
    }
    deps.ui.info(`${name} is now version ${latest.number}${partials.length ? ` (with ${partials.map((p) => `_${p}.prompt`).join(', ')})` : ''}`);
    return 'pulled';
  } catch (error) {
    deps.ui.error(toApiError(error, 'this prompt', deps.backendUrl()).message);
    return 'failed';
  }
}

/** Opens VS Code's diff editor: version `number` (read-only, left) against the file (right). */
export async function openVersionDiff(deps: SyncDeps, document: vscode.TextDocument, number: number): Promise<void> {
  const promptId = linkedIdOrSay(deps, document);
  if (!promptId) return;
  const name = fileNameOf(document);
  await vscode.commands.executeCommand('vscode.diff', versionUri(promptId, number, name), document.uri, `${name}: v${number} ↔ local`);
}

/**
 * Restores version `number`: pushes its text (with this file's link line) as a new version on
 * top of the latest, then writes it into the file. History is never rewritten.
 */
export async function restoreVersion(deps: SyncDeps, document: vscode.TextDocument, number: number): Promise<'restored' | 'cancelled' | 'failed'> {
  if (!(await deps.ensureSignedIn())) return 'cancelled';
  const promptId = linkedIdOrSay(deps, document);
  if (!promptId) return 'failed';
  const name = fileNameOf(document);
  try {
    const modified = await locallyModified(deps, document, promptId);
    const restore = `Restore v${number}`;
    const answer = await deps.ui.choose(
      `Restore version ${number} of ${name}?`,
      {
        modal: true,
        detail: `It is pushed as a new version on top of the latest, and ${name} is replaced with it.${modified ? ' Your unpushed changes in the file are lost.' : ''}`,
      },
      restore,
    );
    if (answer !== restore) return 'cancelled';
    const client = deps.client();
    const result = await withCancellableProgress(`Restoring version ${number} of ${name}`, async (signal) => {
      const [version, prompt] = await Promise.all([deps.versions.version(promptId, number), client.prompts.get.query({ id: promptId }, { signal })]);
      return client.prompts.versions.upload.mutate(
        { id: promptId, source: withLinkedId(version.source, promptId), message: `Restore version ${number}`, baseVersion: prompt.latestVersionNumber },
        { signal },
      );
    });
    if (!result?.latestVersion) return 'cancelled';
    deps.versions.remember(result.latestVersion);
    await replaceAndSave(document, result.latestVersion.source);
    await deps.bases.setBase(document.uri, promptId, result.latestVersionNumber);
    deps.changed(document.uri);
    deps.ui.info(
      result.created
        ? `Restored version ${number} of ${name} as version ${result.latestVersionNumber}`
        : `Version ${result.latestVersionNumber} already has the content of version ${number}`,
    );
    return 'restored';
  } catch (error) {
    deps.ui.error(toApiError(error, 'this prompt', deps.backendUrl()).message);
    return 'failed';
  }
}
