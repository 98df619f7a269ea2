/** Exponential backoff with full jitter, never shorter than what the server asked for with `Retry-After`. */

/** Bounds of the wait between delivery attempts. */
export interface BackoffPolicy {
  /** The first wait's ceiling. */
  baseMs: number;
  /** No wait is longer than this (except a longer `Retry-After`). */
  maxMs: number;
}

/** The wait before attempt `attempt + 1` after `attempt` failures (1-based). */
export function backoffDelay(policy: BackoffPolicy, attempt: number, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = ceiling / 2 + (random() * ceiling) / 2;
  return Math.max(jittered, retryAfterMs ?? 0);
}
