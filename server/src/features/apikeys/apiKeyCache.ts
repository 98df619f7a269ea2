/**
 * A short-lived, bounded cache of resolved API keys by the hash of their secret, one per open
 * database. Applications call with the same key over and over; without the cache each call pays a
 * database round trip before doing any work. A revocation in this process drops its entry at once
 * (and a generation counter keeps a lookup that raced with it from storing a stale answer); one
 * made by another process is seen within API_KEY_CACHE_TTL_MS. Unknown keys are not cached.
 */
import { LRUCache } from 'lru-cache';
import type { ApiKeyPrincipal } from './apiKeyPrincipal.ts';

/** How long a resolved key is trusted without asking the database again (revocation delay). */
export const API_KEY_CACHE_TTL_MS = 1_000;
/** Most keys kept; the least recently used go first. */
export const API_KEY_CACHE_MAX = 10_000;

/** Cached keys of one database. */
export class ApiKeyCache {
  private readonly entries = new LRUCache<string, ApiKeyPrincipal>({ max: API_KEY_CACHE_MAX, ttl: API_KEY_CACHE_TTL_MS });
  /** Lookups under way, so the requests that miss together (at each expiry) share one. */
  private readonly inflight = new Map<string, Promise<ApiKeyPrincipal | null>>();
  private generation = 0;

  /** The key cached under `hash`, if still fresh. */
  get(hash: string): ApiKeyPrincipal | undefined {
    return this.entries.get(hash);
  }

  /** Runs `load` for `hash` (or joins the one under way) and caches a key it finds, unless keys were revoked meanwhile. */
  lookup(hash: string, load: () => Promise<ApiKeyPrincipal | null>): Promise<ApiKeyPrincipal | null> {
    const running = this.inflight.get(hash);
    if (running) return running;
    const generation = this.generation;
    const lookup = load()
      .then((key) => {
        if (key && generation === this.generation) this.entries.set(hash, key);
        return key;
      })
      .finally(() => {
        if (this.inflight.get(hash) === lookup) this.inflight.delete(hash);
      });
    this.inflight.set(hash, lookup);
    return lookup;
  }

  /** Drops the key `keyId`. Call it after the revoking write has committed. */
  forget(keyId: string): void {
    this.generation++;
    this.inflight.clear();
    for (const [hash, key] of this.entries.entries()) {
      if (key.id === keyId) this.entries.delete(hash);
    }
  }
}

const caches = new WeakMap<object, ApiKeyCache>();

/** The key cache of one open database (keyed by its handle, so test databases never share). */
export function apiKeyCacheFor(database: object): ApiKeyCache {
  let cache = caches.get(database);
  if (!cache) {
    cache = new ApiKeyCache();
    caches.set(database, cache);
  }
  return cache;
}
