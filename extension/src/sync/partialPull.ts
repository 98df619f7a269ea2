/**
 * Pull brings the partials along: after a prompt is pulled, each partial it includes that the
 * project keeps on the backend is written beside it as `_name.prompt` (the backend's latest
 * version). A missing file is created; a file with other text is replaced only after the user
 * agrees, once for all of them, since it may hold edits not yet pushed.
 */
import * as vscode from 'vscode';
import { fileNameOf, replaceAndSave } from './documents.ts';
import type { SyncDeps } from './syncDeps.ts';

/** The button that lets a pull replace partial files that differ. */
export const REPLACE_PARTIALS = 'Replace partials';

/** A partial to write: its file and the backend's latest text. */
interface PulledPartial {
  name: string;
  file: vscode.Uri;
  source: string;
  versionNumber: number;
}

/** Writes the backend's partials beside `document`; returns the names written. */
export async function pullPartials(deps: SyncDeps, document: vscode.TextDocument, projectId: string): Promise<string[]> {
  const { partials, missing } = deps.partialsOf(document);
  const names = [...Object.keys(partials), ...missing];
  if (names.length === 0) return [];
  const client = deps.client();
  const stored = await client.prompts.list.query({ projectId, kind: 'PARTIAL', pageSize: 100 });
  const pulled: PulledPartial[] = [];
  for (const name of names) {
    const partial = stored.items.find((item) => item.name === name);
    if (!partial) continue;
    const latest = (await client.prompts.get.query({ id: partial.id })).latestVersion;
    if (latest) pulled.push({ name, file: vscode.Uri.joinPath(document.uri, '..', `_${name}.prompt`), source: latest.source, versionNumber: latest.number });
  }
  const differing = pulled.filter((p) => p.name in partials && partials[p.name] !== p.source);
  const fresh = pulled.filter((p) => !(p.name in partials));
  let toWrite = fresh;
  if (differing.length > 0) {
    const files = differing.map((p) => `_${p.name}.prompt`).join(', ');
    const answer = await deps.ui.choose(
      `${fileNameOf(document)} includes ${files}, which differ${differing.length === 1 ? 's' : ''} from the backend's latest.`,
      { modal: true, detail: 'Replacing drops the local text of those partials.' },
      REPLACE_PARTIALS,
    );
    if (answer === REPLACE_PARTIALS) toWrite = [...fresh, ...differing];
  }
  const written: string[] = [];
  for (const partial of toWrite) {
    const ok =
      partial.name in partials
        ? await replaceAndSave(await vscode.workspace.openTextDocument(partial.file), partial.source)
        : await vscode.workspace.fs.writeFile(partial.file, new TextEncoder().encode(partial.source)).then(
            () => true,
            () => false,
          );
    if (!ok) {
      deps.ui.error(`Could not write _${partial.name}.prompt`);
      continue;
    }
    deps.log.info(`Pull ${fileNameOf(document)}: partial ${partial.name} v${partial.versionNumber} written to _${partial.name}.prompt`);
    written.push(partial.name);
  }
  return written;
}
