/**
 * The "PromptStack" authentication provider: the account shows in VS Code's Accounts menu,
 * sign-in asks for email and password (or a token) and calls the backend's `auth.signin`, the
 * token is kept in SecretStorage, and sign-out calls `auth.signout` so the session ends on the
 * server too, not only here.
 */
import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { createBackendClient } from '../api/client.ts';
import { toApiError } from '../api/errors.ts';
import type { SyncUi } from '../ui.ts';
import { SessionStore, type StoredSession } from './sessionStore.ts';

/** Id of the provider (package.json `contributes.authentication`). */
export const AUTH_PROVIDER_ID = 'promptstack';
/** Label in the Accounts menu. */
export const AUTH_PROVIDER_LABEL = 'PromptStack';
/** Context key set while signed in, for `when` clauses. */
const SIGNED_IN_CONTEXT = 'promptstack.signedIn';

/** How long sign-in waits for the backend to answer before saying it cannot be reached. */
const REACH_TIMEOUT_MS = 10_000;
const PASSWORD = 'Email and password';
const TOKEN = 'Paste a session token';

/** Dependencies of the provider. */
export interface AuthProviderDeps {
  secrets: vscode.SecretStorage;
  /** The `promptstack.backendUrl` setting as of now. */
  backendUrl(): string;
  ui: SyncUi;
  log: vscode.LogOutputChannel;
}

/** VS Code's AuthenticationProvider for the PromptStack backend, plus direct calls for commands and tests. */
export class PromptStackAuthProvider implements vscode.AuthenticationProvider, vscode.Disposable {
  private readonly changes = new vscode.EventEmitter<vscode.AuthenticationProviderAuthenticationSessionsChangeEvent>();
  /** Fired when a session is added or removed (VS Code refreshes the Accounts menu). */
  readonly onDidChangeSessions = this.changes.event;
  private readonly store: SessionStore;
  private sessions: StoredSession[] = [];
  /** Counts our own writes, so a reload that read the store before one of them cannot undo it. */
  private writes = 0;
  private readonly disposables: vscode.Disposable[] = [this.changes];
  /** Settles once the stored sessions have been read. */
  readonly ready: Promise<void>;

  constructor(private readonly deps: AuthProviderDeps) {
    this.store = new SessionStore(deps.secrets);
    this.ready = this.reload(false);
    // Another window signing in or out changes the same secret.
    this.disposables.push(
      deps.secrets.onDidChange((event) => {
        if (event.key === 'promptstack.auth.sessions') void this.reload(true);
      }),
    );
  }

  /** The session for the current backend, if signed in (synchronous: read by every request). */
  current(): StoredSession | undefined {
    const url = this.deps.backendUrl();
    return this.sessions.find((session) => session.backendUrl === url);
  }

  /** VS Code asks for the sessions of this provider; only the current backend's count. */
  async getSessions(): Promise<vscode.AuthenticationSession[]> {
    await this.ready;
    const session = this.current();
    return session ? [toVscodeSession(session)] : [];
  }

  /** VS Code (Accounts menu, `getSession({ createIfNone })`) asks for a new session. */
  async createSession(scopes: readonly string[]): Promise<vscode.AuthenticationSession> {
    // Nobody should type a password for a backend that is not there.
    await this.checkReachable();
    const way = await this.deps.ui.pick([{ label: PASSWORD }, { label: TOKEN }], { title: 'Sign in to PromptStack', placeHolder: this.deps.backendUrl() });
    if (!way) throw new vscode.CancellationError();
    if (way.label === TOKEN) {
      const token = await this.deps.ui.input({ title: 'PromptStack session token', password: true, prompt: 'A token from POST /api/auth/signin' });
      if (!token) throw new vscode.CancellationError();
      return this.signInWithToken(token.trim(), scopes);
    }
    const email = await this.deps.ui.input({ title: 'Sign in to PromptStack (1/2)', prompt: 'Email', placeHolder: 'you@example.com' });
    if (!email) throw new vscode.CancellationError();
    const password = await this.deps.ui.input({ title: 'Sign in to PromptStack (2/2)', prompt: `Password for ${email}`, password: true });
    if (!password) throw new vscode.CancellationError();
    return this.signInWithPassword(email.trim(), password, scopes);
  }

  /**
   * Asks the backend for the (absent) session before any question: throws an ApiError naming the
   * URL and the `promptstack.backendUrl` setting when nothing answers, or something that is not
   * PromptStack does.
   */
  async checkReachable(): Promise<void> {
    const backendUrl = this.deps.backendUrl();
    try {
      await createBackendClient({ backendUrl, token: () => undefined }).auth.session.query(undefined, { signal: AbortSignal.timeout(REACH_TIMEOUT_MS) });
    } catch (error) {
      const failure = toApiError(error, 'PromptStack', backendUrl);
      this.deps.log.warn(`sign-in: ${failure.message}`);
      throw failure;
    }
  }

  /** Signs in with email and password through `auth.signin`; throws an ApiError with a clear message. */
  async signInWithPassword(email: string, password: string, scopes: readonly string[] = []): Promise<vscode.AuthenticationSession> {
    const backendUrl = this.deps.backendUrl();
    const client = createBackendClient({ backendUrl, token: () => undefined });
    try {
      const issued = await client.auth.signin.mutate({ email, password });
      const label = issued.user.name ? `${issued.user.name} (${issued.user.email})` : issued.user.email;
      return await this.add({
        id: randomUUID(),
        accessToken: issued.token,
        account: { id: issued.user.id, label },
        scopes: [...scopes],
        backendUrl,
        expires: issued.expires,
      });
    } catch (error) {
      throw toApiError(error, 'PromptStack', backendUrl);
    }
  }

  /** Signs in with an existing token, checked against `auth.session` (which answers `{}` for a dead one). */
  async signInWithToken(token: string, scopes: readonly string[] = []): Promise<vscode.AuthenticationSession> {
    const backendUrl = this.deps.backendUrl();
    const client = createBackendClient({ backendUrl, token: () => token });
    let answer;
    try {
      answer = await client.auth.session.query();
    } catch (error) {
      throw toApiError(error, 'PromptStack', backendUrl);
    }
    if (!('user' in answer) || !answer.user.email) throw new Error('That token is not a live PromptStack session');
    const email = answer.user.email;
    return this.add({ id: randomUUID(), accessToken: token, account: { id: email, label: email }, scopes: [...scopes], backendUrl, expires: answer.expires });
  }

  /** VS Code's sign-out (Accounts menu) and ours: ends the session on the server, then forgets it. */
  async removeSession(sessionId: string): Promise<void> {
    await this.ready;
    const session = this.sessions.find((s) => s.id === sessionId);
    if (!session) return;
    try {
      await createBackendClient({ backendUrl: session.backendUrl, token: () => session.accessToken }).auth.signout.mutate();
    } catch (error) {
      // Forget the token anyway: keeping it would leave the user signed in against their wish.
      this.deps.log.warn(`sign-out: the backend did not confirm (${toApiError(error, 'PromptStack', session.backendUrl).message})`);
    }
    this.writes++;
    this.sessions = this.sessions.filter((s) => s.id !== sessionId);
    await this.store.save(this.sessions);
    this.announce({ added: [], removed: [toVscodeSession(session)], changed: [] });
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }

  /** Stores `session`, replacing any earlier one for the same backend (one account per backend). */
  private async add(session: StoredSession): Promise<vscode.AuthenticationSession> {
    await this.ready;
    const replaced = this.sessions.filter((s) => s.backendUrl === session.backendUrl);
    this.writes++;
    this.sessions = [...this.sessions.filter((s) => s.backendUrl !== session.backendUrl), session];
    await this.store.save(this.sessions);
    this.deps.log.info(`signed in to ${session.backendUrl} as ${session.account.label}`);
    this.announce({ added: [toVscodeSession(session)], removed: replaced.map(toVscodeSession), changed: [] });
    return toVscodeSession(session);
  }

  private async reload(announce: boolean): Promise<void> {
    const before = this.current()?.id;
    const writes = this.writes;
    const stored = await this.store.all();
    // A secret-change event from an earlier write of ours can arrive after a later write: what it
    // read is older than what we hold, so keep ours (the later write's own event reloads again).
    if (writes !== this.writes) return;
    this.sessions = stored;
    const after = this.current();
    void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, Boolean(after));
    if (announce && before !== after?.id) this.changes.fire({ added: after ? [toVscodeSession(after)] : [], removed: [], changed: [] });
  }

  private announce(event: vscode.AuthenticationProviderAuthenticationSessionsChangeEvent): void {
    void vscode.commands.executeCommand('setContext', SIGNED_IN_CONTEXT, Boolean(this.current()));
    this.changes.fire(event);
  }
}

function toVscodeSession(session: StoredSession): vscode.AuthenticationSession {
  return { id: session.id, accessToken: session.accessToken, account: session.account, scopes: session.scopes };
}
