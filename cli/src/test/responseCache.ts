/**
 * A response cache on disk for test runs: a provider's answer is stored under a hash of the exact
 * request (provider, model, messages, config), so a rerun of unchanged cases makes no call and costs
 * nothing. Entries older than the TTL are ignored. Only non-streamed completions are cached (the
 * CLI does not stream), and only successful ones: an error is always retried for real.
 *
 * With `--repeat N` each repeat is its own sample (the key holds the repeat's index), so repeats
 * stay independent draws and a rerun reuses the same N answers. Identical requests in flight at once
 * (the same case on the baseline side of an unchanged prompt) share one call.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatProvider, ChatRequest, Completion, ProviderRegistry, RunnableProviderId } from '@promptstack/core';

/** Bumped when the stored shape or the key changes, so old entries are simply missed. */
const CACHE_FORMAT = 2;

/** Hits and misses of one command, for its summary line. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/** Where and how long answers are kept, shared by every run of one command. */
export interface ResponseCache {
  dir: string;
  ttlMs: number;
  /** Calls in flight by key, so identical concurrent requests make one call. */
  inflight: Map<string, Promise<Completion>>;
}

/** The cache of one command. */
export function responseCache(dir: string, ttlMs: number): ResponseCache {
  return { dir, ttlMs, inflight: new Map() };
}

/** The key of a request: everything that changes the answer, nothing that does not (timeouts), and the repeat's sample index. */
export function cacheKey(provider: string, request: ChatRequest, sample = 0): string {
  const { timeoutMs: _timeout, ...significant } = request;
  return createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, provider, sample, significant]))
    .digest('hex');
}

/** Wraps `provider` so completions are read from and written to the cache's folder. */
function cachedProvider(provider: ChatProvider, cache: ResponseCache, sample: number, stats: CacheStats[], now: () => number): ChatProvider {
  const count = (field: keyof CacheStats) => stats.forEach((s) => s[field]++);
  const { dir, ttlMs } = cache;
  return {
    id: provider.id,
    async complete(request, signal) {
      const key = cacheKey(provider.id, request, sample);
      const file = join(dir, key.slice(0, 2), `${key}.json`);
      try {
        const entry = JSON.parse(readFileSync(file, 'utf8')) as { storedAt: number; completion: Completion };
        if (now() - entry.storedAt <= ttlMs) {
          count('hits');
          return entry.completion;
        }
      } catch {
        // No entry (or an unreadable one): ask the provider.
      }
      const pending = cache.inflight.get(key);
      if (pending) {
        // Another run is asking the same thing now: its answer, counted as a hit (no call of our own).
        const completion = await pending;
        count('hits');
        return completion;
      }
      count('misses');
      const call = provider.complete(request, signal).then((completion) => {
        mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
        // Written beside and renamed, so a crash or a parallel run never leaves half an entry.
        const partial = `${file}.${process.pid}.tmp`;
        writeFileSync(partial, JSON.stringify({ storedAt: now(), completion }));
        renameSync(partial, file);
        return completion;
      });
      cache.inflight.set(key, call);
      try {
        return await call;
      } finally {
        cache.inflight.delete(key);
      }
    },
    stream: (request, signal) => provider.stream(request, signal),
  };
}

/**
 * A registry whose providers answer from the cache when they can, as the `sample`-th repeat of each
 * request; every hit and miss is counted in each of `stats`.
 */
export function cachedRegistry(registry: Required<ProviderRegistry>, cache: ResponseCache, sample: number, ...stats: CacheStats[]): Required<ProviderRegistry> {
  const now = Date.now;
  const wrapped = new Map<RunnableProviderId, ChatProvider>();
  return new Proxy(registry, {
    get(target, id: string) {
      const provider = (target as Record<string, ChatProvider | undefined>)[id];
      if (!provider) return provider;
      let cached = wrapped.get(id as RunnableProviderId);
      if (!cached) wrapped.set(id as RunnableProviderId, (cached = cachedProvider(provider, cache, sample, stats, now)));
      return cached;
    },
  });
}
