/** Bounded concurrency per provider for batch runs (datasets, A/B tests), over `p-limit`. */
import pLimit, { type LimitFunction } from 'p-limit';
import { resolveModel } from '../providers/resolveModel.ts';
import { RUNNABLE_PROVIDERS } from '../providers/runnableProviders.ts';

/** Limits per provider key (a runnable provider's id, or any key the caller uses). */
export interface ProviderLimiter {
  /** Runs `task` once fewer than the key's limit are in flight. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Runs `task` under the limit of the provider that serves `modelId`. */
  runForModel<T>(modelId: string, task: () => Promise<T>): Promise<T>;
  /** In flight and waiting, per key. */
  stats(): Record<string, { active: number; pending: number }>;
}

/** Default concurrent calls for a key no limit is given for. */
export const DEFAULT_PROVIDER_CONCURRENCY = 8;

/** Each runnable provider's default limit (`defaultConcurrency` in `runnableProviders.ts`). */
export const PROVIDER_CONCURRENCY_DEFAULTS: Readonly<Record<string, number>> = Object.fromEntries(
  RUNNABLE_PROVIDERS.map((provider) => [provider.id, provider.defaultConcurrency]),
);

/** Creates a limiter: `limits` per key, `fallback` for keys not listed. */
export function createProviderLimiter(limits: Record<string, number> = {}, fallback = DEFAULT_PROVIDER_CONCURRENCY): ProviderLimiter {
  const pools = new Map<string, LimitFunction>();
  const pool = (key: string): LimitFunction => {
    let limit = pools.get(key);
    if (!limit) {
      limit = pLimit(Math.max(1, limits[key] ?? fallback));
      pools.set(key, limit);
    }
    return limit;
  };
  return {
    run: (key, task) => pool(key)(task),
    runForModel(modelId, task) {
      const resolved = resolveModel(modelId);
      return pool(resolved.ok ? resolved.model.provider : 'unknown')(task);
    },
    stats() {
      return Object.fromEntries([...pools].map(([key, limit]) => [key, { active: limit.activeCount, pending: limit.pendingCount }]));
    },
  };
}
