/**
 * A response cache on disk for test runs: a provider's answer is stored under a hash of the exact
 * request (provider, model, messages, config), so a rerun of unchanged cases makes no call and costs
 * nothing. Entries older than the TTL are ignored. Only non-streamed completions are cached (the
 * CLI does not stream), and only successful ones: an error is always retried for real.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatProvider, ChatRequest, Completion, ProviderRegistry, RunnableProviderId } from '@promptstack/core';

/** Bumped when the stored shape changes, so old entries are simply missed. */
const CACHE_FORMAT = 1;

/** Hits and misses of one command, for its summary line. */
export interface CacheStats {
  hits: number;
  misses: number;
}

/** The key of a request: everything that changes the answer, nothing that does not (timeouts). */
export function cacheKey(provider: string, request: ChatRequest): string {
  const { timeoutMs: _timeout, ...significant } = request;
  return createHash('sha256')
    .update(JSON.stringify([CACHE_FORMAT, provider, significant]))
    .digest('hex');
}

/** Wraps `provider` so completions are read from and written to `dir`. */
function cachedProvider(provider: ChatProvider, dir: string, ttlMs: number, stats: CacheStats[], now: () => number): ChatProvider {
  const count = (field: keyof CacheStats) => stats.forEach((s) => s[field]++);
  return {
    id: provider.id,
    async complete(request, signal) {
      const key = cacheKey(provider.id, request);
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
      count('misses');
      const completion = await provider.complete(request, signal);
      mkdirSync(join(dir, key.slice(0, 2)), { recursive: true });
      // Written beside and renamed, so a crash or a parallel run never leaves half an entry.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify({ storedAt: now(), completion }));
      renameSync(partial, file);
      return completion;
    },
    stream: (request, signal) => provider.stream(request, signal),
  };
}

/** A registry whose providers answer from the cache when they can; every hit and miss is counted in each of `stats`. */
export function cachedRegistry(registry: Required<ProviderRegistry>, dir: string, ttlMs: number, ...stats: CacheStats[]): Required<ProviderRegistry> {
  const now = Date.now;
  const wrapped = new Map<RunnableProviderId, ChatProvider>();
  return new Proxy(registry, {
    get(target, id: string) {
      const provider = (target as Record<string, ChatProvider | undefined>)[id];
      if (!provider) return provider;
      let cached = wrapped.get(id as RunnableProviderId);
      if (!cached) wrapped.set(id as RunnableProviderId, (cached = cachedProvider(provider, dir, ttlMs, stats, now)));
      return cached;
    },
  });
}
