/**
 * A short-lived, bounded cache of resolved sessions by token (and the cookie it came in, which
 * picks the Auth.js key), one per open database.
 * Every authenticated request otherwise pays a JWE decryption and a database round trip before
 * doing any work. Sign-out, sign-out-everywhere and password changes in this process drop the
 * entries they end at once (and a generation counter keeps a lookup that raced with them from
 * storing a stale answer). Requests that miss together share one lookup. A change made by another process (`npm run clear-sessions`, a second
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
  /** Lookups under way, so the requests that miss together (at each expiry) share one. */
  private readonly inflight = new Map<string, Promise<Session | null>>();
  private generation = 0;

  /** The cached session under `key`, unless its token has expired since it was cached. */
  get(key: string, nowMs = Date.now()): Session | undefined {
    const session = this.entries.get(key);
    if (session && session.claims.exp * 1000 <= nowMs) {
      this.entries.delete(key);
      return undefined;
    }
    return session;
  }

  /**
   * Runs `load` for `key` (or joins the one under way) and caches a session it finds, unless
   * sessions were ended while it ran: then its answer may predate the ending and is not kept.
   */
  lookup(key: string, load: () => Promise<Session | null>): Promise<Session | null> {
    const running = this.inflight.get(key);
    if (running) return running;
    const generation = this.generation;
    const lookup = load()
      .then((session) => {
        if (session && generation === this.generation) this.entries.set(key, session);
        return session;
      })
      .finally(() => {
        if (this.inflight.get(key) === lookup) this.inflight.delete(key);
      });
    this.inflight.set(key, lookup);
    return lookup;
  }

  /**
   * Drops the cached sessions `ends` matches. Call it after the database write that ends them has
   * committed: a lookup under way is then not kept (nor joined), a later one reads the write.
   */
  forget(ends: (session: Session) => boolean): void {
    this.generation++;
    this.inflight.clear();
    for (const [key, session] of this.entries.entries()) {
      if (ends(session)) this.entries.delete(key);
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
