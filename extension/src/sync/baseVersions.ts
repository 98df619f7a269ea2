/**
 * The version each linked file was last synced at (its "base"), kept in workspaceState keyed by
 * the file's URI and the prompt id. Not in the frontmatter: a base written into the file would be
 * pushed with it, so every stored version would name the version before it, and each sync would
 * dirty the file. A file with no recorded base (a fresh clone) pushes with base 0, which the
 * backend answers with a 409 unless the prompt has no versions: never a silent overwrite.
 */
import type * as vscode from 'vscode';

/** What is remembered per file. */
export interface SyncRecord {
  promptId: string;
  /** The version the file's content was last pushed as or pulled from. */
  baseVersion: number;
  /** Set when a push was refused: the latest version it conflicted with. */
  conflictWith?: number;
}

const KEY_PREFIX = 'promptstack.sync:';

/** Reads and writes the per-file sync records. */
export class BaseVersions {
  constructor(private readonly state: vscode.Memento) {}

  /** The record for `uri` if it belongs to `promptId` (a relinked file starts afresh). */
  get(uri: vscode.Uri, promptId: string): SyncRecord | undefined {
    const record = this.state.get<SyncRecord>(KEY_PREFIX + uri.toString());
    return record && record.promptId === promptId ? record : undefined;
  }

  /** Records that `uri` now matches `baseVersion` of `promptId` (clears any conflict). */
  async setBase(uri: vscode.Uri, promptId: string, baseVersion: number): Promise<void> {
    await this.state.update(KEY_PREFIX + uri.toString(), { promptId, baseVersion } satisfies SyncRecord);
  }

  /** Records that a push of `uri` conflicted with `latest`. */
  async setConflict(uri: vscode.Uri, promptId: string, latest: number): Promise<void> {
    const record = this.get(uri, promptId);
    await this.state.update(KEY_PREFIX + uri.toString(), { promptId, baseVersion: record?.baseVersion ?? 0, conflictWith: latest } satisfies SyncRecord);
  }
}
