/** What the sync operations share, built once by team.ts. */
import type * as vscode from 'vscode';
import type { PartialsBeside } from '@promptstack/core/render/partialFiles';
import type { ToolFilesBeside } from '@promptstack/core/render/toolFiles';
import type { BackendClient } from '../team/api/client.ts';
import type { BaseVersions } from './baseVersions.ts';
import type { SyncUi } from '../team/ui.ts';
import type { VersionDocuments } from './versionDocuments.ts';

/** Dependencies of link, push, pull, restore, the status bar and the history view. */
export interface SyncDeps {
  /** The typed client for the current backend and session. */
  client(): BackendClient;
  /** The `promptstack.backendUrl` setting as of now. */
  backendUrl(): string;
  /** True when there is a session for the current backend. */
  signedIn(): boolean;
  /** The session's account id (the user id, or the email for a token sign-in); undefined when signed out. */
  accountId(): string | undefined;
  /** Offers sign-in when signed out; true once signed in. */
  ensureSignedIn(): Promise<boolean>;
  ui: SyncUi;
  bases: BaseVersions;
  versions: VersionDocuments;
  log: vscode.LogOutputChannel;
  /** The partial files `document` includes (`_name.prompt` beside it), read from disk. */
  partialsOf(document: vscode.TextDocument): PartialsBeside;
  /** The tool files `document`'s `tools:` names, read from disk; undefined when it names none. */
  toolsOf(document: vscode.TextDocument): ToolFilesBeside | undefined;
  /** Tells the status bar and the history view that `uri`'s sync state may have changed. */
  changed(uri: vscode.Uri): void;
}
