/**
 * Where PromptStack sessions live between restarts: VS Code's SecretStorage (the OS keychain on
 * desktop), never settings or files. One entry holds every stored session as JSON.
 */
import type * as vscode from 'vscode';

/** SecretStorage key of the stored sessions. */
export const SESSIONS_SECRET_KEY = 'promptstack.auth.sessions';

/** A session as stored: VS Code's session fields plus the backend it belongs to. */
export interface StoredSession {
  id: string;
  accessToken: string;
  account: { id: string; label: string };
  scopes: string[];
  /** Backend URL the token was issued by; a session is only used against its own backend. */
  backendUrl: string;
  /** ISO time the token expires. */
  expires: string;
}

/** Reads and writes the stored sessions. */
export class SessionStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Every stored session; a damaged entry reads as none (the user signs in again). */
  async all(): Promise<StoredSession[]> {
    const raw = await this.secrets.get(SESSIONS_SECRET_KEY);
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      return Array.isArray(parsed) ? parsed.filter(isStoredSession) : [];
    } catch {
      return [];
    }
  }

  /** Replaces the stored sessions. */
  async save(sessions: readonly StoredSession[]): Promise<void> {
    if (sessions.length === 0) await this.secrets.delete(SESSIONS_SECRET_KEY);
    else await this.secrets.store(SESSIONS_SECRET_KEY, JSON.stringify(sessions));
  }
}

function isStoredSession(value: unknown): value is StoredSession {
  const v = value as Partial<StoredSession> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.accessToken === 'string' &&
    typeof v.backendUrl === 'string' &&
    typeof v.account?.id === 'string' &&
    typeof v.account?.label === 'string' &&
    Array.isArray(v.scopes)
  );
}
