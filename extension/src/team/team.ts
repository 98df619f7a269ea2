/**
 * The team side of the extension, assembled once at activation: the authentication provider,
 * the typed backend client, the version documents, the status bar and the history view.
 * `createContext` (context.ts) builds it; commands reach it as `ctx.team`.
 */
import * as vscode from 'vscode';
import type { TeamHostContext } from '../context.ts';
import { createBackendClient, type BackendClient } from './api/client.ts';
import { AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, PromptStackAuthProvider } from './auth/authProvider.ts';
import { loadEngine } from '../run/loadEngine.ts';
import { readFileOrNull } from '../run/readFileOrNull.ts';
import { BaseVersions } from '../sync/baseVersions.ts';
import { HistoryView } from '../sync/historyView.ts';
import { SyncStatusBar } from '../sync/statusBar.ts';
import type { SyncDeps } from '../sync/syncDeps.ts';
import { SwappableUi } from './ui.ts';
import { VERSION_SCHEME, VersionDocuments } from '../sync/versionDocuments.ts';

/** Everything the team commands and other features (signed-in runs) use. */
export interface Team {
  readonly auth: PromptStackAuthProvider;
  readonly deps: SyncDeps;
  readonly ui: SwappableUi;
  readonly statusBar: SyncStatusBar;
  readonly history: HistoryView;
  /** The typed client for the current backend, with the current session's token (none when signed out). */
  client(): BackendClient;
}

/** Builds the team side and registers its provider, content provider and views on `ctx.subscriptions`. */
export function activateTeam(ctx: TeamHostContext): Team {
  const ui = new SwappableUi();
  const backendUrl = () => ctx.config().backendUrl;
  const auth = new PromptStackAuthProvider({ secrets: ctx.extensionContext.secrets, backendUrl, ui, log: ctx.output });

  // One client per backend URL; the token is read per request, so sign-in/out needs no rebuild.
  let cached: { url: string; client: BackendClient } | undefined;
  const client = (): BackendClient => {
    const url = backendUrl();
    if (cached?.url !== url)
      cached = {
        url,
        client: createBackendClient({ backendUrl: url, token: () => auth.current()?.accessToken, logFailure: (line) => ctx.output.warn(`backend: ${line}`) }),
      };
    return cached.client;
  };
  const versions = new VersionDocuments(client);

  // Assigned once below: their constructors need `deps`, whose callbacks read them later.
  // eslint-disable-next-line prefer-const
  let statusBar: SyncStatusBar | undefined;
  // eslint-disable-next-line prefer-const
  let history: HistoryView | undefined;
  const deps: SyncDeps = {
    client,
    backendUrl,
    signedIn: () => auth.current() !== undefined,
    accountId: () => auth.current()?.account.id,
    async ensureSignedIn() {
      await auth.ready;
      if (auth.current()) return true;
      const signIn = 'Sign in';
      if ((await ui.choose('Sign in to PromptStack to sync this prompt.', {}, signIn)) !== signIn) return false;
      await vscode.commands.executeCommand('promptstack.signIn');
      return auth.current() !== undefined;
    },
    ui,
    bases: new BaseVersions(ctx.extensionContext.workspaceState),
    versions,
    log: ctx.output,
    // The run engine loads on first need only: a file with no `{{>` includes no partial.
    partialsOf: (document) =>
      /\{\{~?>/.test(document.getText())
        ? loadEngine(ctx.extensionContext).collectPartialsBeside(document.uri.fsPath, document.getText())
        : { partials: {}, missing: [] },
    // Only a file whose frontmatter has a `tools:` line can name tools.
    toolsOf: (document) => {
      if (!/^tools:/m.test(document.getText())) return undefined;
      const engine = loadEngine(ctx.extensionContext);
      const names = engine.toolNamesOf(document.getText());
      return names.length > 0 ? engine.resolveToolFiles(document.uri.fsPath, names, readFileOrNull) : undefined;
    },
    changed(uri) {
      void statusBar?.refresh();
      const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (document) history?.show(document);
    },
  };
  statusBar = new SyncStatusBar(deps);
  history = new HistoryView(deps);

  ctx.subscriptions.push(
    auth,
    statusBar,
    history,
    vscode.authentication.registerAuthenticationProvider(AUTH_PROVIDER_ID, AUTH_PROVIDER_LABEL, auth, { supportsMultipleAccounts: false }),
    vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, versions),
    auth.onDidChangeSessions(() => {
      void statusBar?.refresh();
      history?.refresh();
    }),
  );
  void auth.ready.then(() => {
    void statusBar?.refresh();
    requestSignInFromAccountsMenu(auth, ctx.output);
  });
  ctx.subscriptions.push(auth.onDidChangeSessions(() => requestSignInFromAccountsMenu(auth, ctx.output)));
  return { auth, deps, ui, statusBar, history, client };
}

/**
 * Signed out, puts "Sign in with PromptStack" in VS Code's Accounts menu: asking for a session
 * without creating one registers the request there (with a badge), and choosing it calls the
 * provider's `createSession`. Signed in, the account itself is listed instead.
 */
function requestSignInFromAccountsMenu(auth: PromptStackAuthProvider, log: vscode.LogOutputChannel): void {
  if (auth.current()) return;
  vscode.authentication.getSession(AUTH_PROVIDER_ID, [], { createIfNone: false }).then(undefined, (error: unknown) => {
    // Only the menu entry is lost; sign-in still works from the command and the status bar.
    log.warn(`the Accounts menu entry was not added: ${error instanceof Error ? error.message : String(error)}`);
  });
}
