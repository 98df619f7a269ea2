/**
 * A short-lived, bounded cache of resolved sessions by token string, one per open database.
 * Every authenticated request otherwise pays a JWE decryption and a database round trip before
 * doing any work. Sign-out, sign-out-everywhere and password changes in this process drop the
 * entries they end at once (and a generation counter keeps a lookup that raced with them from
 * storing a stale answer). A change made by another process (`npm run clear-sessions`, a second
 * server instance) is seen within SESSION_CACHE_TTL_MS.
 */
import { LRUCache } from 'lru-cache';
import type { Session } from './sessionResolver.ts';

/** How long a resolved session is trusted without asking the database again. */
export const SESSION_CACHE_TTL_MS = 1_000;
/** Most sessions kept; the least recently used go first. */
export const SESSION_CACHE_MAX = 10_000;

/** Cached sessions of one database, with invalidation for the writes that end sessions. */
export class SessionCache {
  private readonly entries = new LRUCache<string, Session>({ max: SESSION_CACHE_MAX, ttl: SESSION_CACHE_TTL_MS });
  private generation = 0;

  /** The cached session for `token`, unless it has expired since it was cached. */
  get(token: string, nowMs = Date.now()): Session | undefined {
    const session = this.entries.get(token);
    if (session && session.claims.exp * 1000 <= nowMs) {
      this.entries.delete(token);
      return undefined;
    }
    return session;
  }

  /** A marker to take before reading the database; `set` ignores answers read before an invalidation. */
  mark(): number {
    return this.generation;
  }

  /** Stores a session resolved after `mark` returned `generation`. */
  set(session: Session, generation: number): void {
    if (generation === this.generation) this.entries.set(session.token, session);
  }

  /**
   * Drops the cached sessions `ends` matches. Call it after the database write that ends them has
   * committed: a lookup that started earlier is then refused by `set`, a later one reads the write.
   */
  forget(ends: (session: Session) => boolean): void {
    this.generation++;
    for (const [token, session] of this.entries.entries()) {
      if (ends(session)) this.entries.delete(token);
    }
  }
}

const caches = new WeakMap<object, SessionCache>();

/** The session cache of one open database (keyed by its handle, so test databases never share). */
export function sessionCacheFor(database: object): SessionCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new SessionCache();
    caches.set(database, cache);
  }
  return cache;
}
