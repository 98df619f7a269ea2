/**
 * `promptstack.link`: ties a `.prompt` file to a backend prompt. The user picks a workspace, a
 * project, then an existing prompt or "create a new prompt from this file"; the prompt id is
 * written into the frontmatter as `promptstack.id` and the base version recorded.
 */
import type * as vscode from 'vscode';
import { toApiError } from '../team/api/errors.ts';
import { editAndSave, fileNameOf, replaceAndSave } from './documents.ts';
import { linkChange, readLinkedId, sameContent, withLinkedId, withoutSyncFields } from '@promptstack/core/format/syncFields';
import type { SyncDeps } from './syncDeps.ts';
import { isPartialDocument, partialFileMessage, partialsToPush } from './partialPush.ts';
import { toolsToPush } from './toolPush.ts';
import { pickProject } from './pickProject.ts';

/** The first item of the prompt list. */
const CREATE_NEW = '$(add) Create a new prompt from this file';

/** The outcome of a link: the prompt id and the version the file is based on. */
export interface LinkResult {
  promptId: string;
  baseVersion: number;
  created: boolean;
}

/** Runs the link flow for `document`; undefined when the user cancelled or it failed (already reported). */
export async function linkDocument(deps: SyncDeps, document: vscode.TextDocument): Promise<LinkResult | undefined> {
  if (isPartialDocument(document)) {
    deps.ui.info(partialFileMessage(document));
    return undefined;
  }
  if (!(await deps.ensureSignedIn())) return undefined;
  const name = fileNameOf(document);
  const current = readLinkedId(document.getText());
  if (current) {
    const again = await deps.ui.choose(`${name} is already linked to prompt ${current}.`, { modal: true }, 'Link to another prompt');
    if (!again) return undefined;
  }
  const client = deps.client();
  try {
    const projectId = await pickProject(deps, client, folderNameOf(document));
    if (!projectId) return undefined;
    const page = await client.prompts.list.query({ projectId, pageSize: 100 });
    const items = [
      { label: CREATE_NEW, id: undefined as string | undefined },
      ...page.items.map((p) => ({
        label: p.name,
        description: `v${p.latestVersionNumber}`,
        detail: p.description ?? undefined,
        id: p.id as string | undefined,
      })),
    ];
    const chosen = await deps.ui.pick(items, { title: `Link ${name} to`, placeHolder: 'A prompt of this project, or a new one' });
    if (!chosen) return undefined;
    let result: LinkResult;
    let promptLabel = chosen.label;
    if (chosen.id) {
      const outcome = await adoptExisting(deps, document, chosen.id);
      if (!outcome) return undefined;
      result = { promptId: chosen.id, baseVersion: outcome.baseVersion, created: false };
    } else {
      const promptName = await deps.ui.input({
        title: 'New prompt name',
        value: name.replace(/\.prompt$/, ''),
        validateInput: (v) => (v.trim() ? undefined : 'A name is needed'),
      });
      if (!promptName) return undefined;
      // The file as it is now becomes version 1 (without the link line of a prompt it was linked to before).
      const content = withoutSyncFields(document.getText());
      const partials = partialsToPush(deps, document);
      const tools = toolsToPush(deps, document);
      const created = await client.prompts.create.mutate({ projectId, name: promptName.trim(), content, message: `Created from ${name}`, partials, tools });
      deps.log.info(`Link ${name}: created prompt "${created.name}" (${created.id})`);
      if (created.latestVersion) deps.versions.remember(created.latestVersion);
      promptLabel = created.name;
      result = { promptId: created.id, baseVersion: created.latestVersionNumber, created: true };
    }
    if (!(await editAndSave(document, linkChange(document.getText(), result.promptId)))) {
      deps.ui.error(`Could not write promptstack.id into ${name}`);
      return undefined;
    }
    await deps.bases.setBase(document.uri, result.promptId, result.baseVersion);
    deps.changed(document.uri);
    deps.ui.info(
      result.created
        ? `Created prompt "${promptLabel}" (v${result.baseVersion}) and linked ${name} to it`
        : `Linked ${name} to "${promptLabel}" (based on v${result.baseVersion})`,
    );
    return result;
  } catch (error) {
    deps.ui.error(toApiError(error, 'this project', deps.backendUrl()).message);
    return undefined;
  }
}

/**
 * Linking to a prompt that already has versions: when the file differs from the latest, the user
 * chooses between taking the latest into the file and keeping the file (its next push goes on top,
 * knowingly). Resolves with the base version, or undefined when they cancelled.
 */
async function adoptExisting(deps: SyncDeps, document: vscode.TextDocument, promptId: string): Promise<{ baseVersion: number } | undefined> {
  const prompt = await deps.client().prompts.get.query({ id: promptId });
  const latest = prompt.latestVersion;
  if (!latest) return { baseVersion: 0 };
  deps.versions.remember(latest);
  if (sameContent(document.getText(), latest.source)) return { baseVersion: latest.number };
  const take = `Replace the file with v${latest.number}`;
  const keep = 'Keep my file (push it as the next version)';
  const answer = await deps.ui.choose(
    `${fileNameOf(document)} differs from "${prompt.name}" v${latest.number}.`,
    { modal: true, detail: 'Take the backend version into the file, or keep the file and push it on top of the latest later.' },
    take,
    keep,
  );
  if (answer === take) return (await replaceAndSave(document, withLinkedId(latest.source, promptId))) ? { baseVersion: latest.number } : undefined;
  return answer === keep ? { baseVersion: latest.number } : undefined;
}

/** The name of the folder holding `document`, suggested as a new project's name. */
function folderNameOf(document: vscode.TextDocument): string {
  const parts = document.uri.path.split('/');
  return parts.at(-2) ?? '';
}
