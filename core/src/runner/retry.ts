/** When and how long to wait before trying a failed provider call again. */
import type { ClassifiedError } from '../providers/errors.ts';

/** Retry settings; all bounded so a run always ends. */
export interface RetryPolicy {
  /** Total attempts including the first (default 3). */
  maxAttempts: number;
  /** First backoff delay (default 500 ms); doubles per attempt. */
  baseDelayMs: number;
  /** Cap of a computed backoff (default 20 s). */
  maxDelayMs: number;
  /** Share of the delay randomised away (0..1, default 0.5), so clients do not retry in lockstep. */
  jitter: number;
  /** A `Retry-After` longer than this ends the run instead of waiting (default 60 s). */
  maxRetryAfterMs: number;
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  jitter: 0.5,
  maxRetryAfterMs: 60_000,
};

/**
 * The wait before attempt `attempt + 1` after `error`, or undefined when the run should stop:
 * not retryable, out of attempts, or the provider asked for a longer pause than we accept.
 * `Retry-After` wins over the computed backoff.
 */
export function retryDelay(error: ClassifiedError, attempt: number, policy: RetryPolicy, random: () => number): number | undefined {
  if (!error.retryable || attempt >= policy.maxAttempts) return undefined;
  if (error.retryAfterMs !== undefined) return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : undefined;
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}
