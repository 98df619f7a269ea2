/** Timing helpers: sample a function, summarise samples as median and p95 in milliseconds. */
import { performance } from 'node:perf_hooks';

/** Samples (ms) and their summary. */
export interface Timing {
  samples: number[];
  median: number;
  p95: number;
  max: number;
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Median, p95 and max of a list of durations in ms. */
export function summarize(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? Number.NaN };
}

/** How many runs a text of this length gets: enough for a stable p95 on small files, bounded time on big ones. */
export function iterationsFor(length: number): { warmup: number; iterations: number } {
  if (length < 10_000) return { warmup: 50, iterations: 300 };
  if (length < 300_000) return { warmup: 5, iterations: 40 };
  return { warmup: 1, iterations: 8 };
}

/** Wall time of one call, in ms. */
export async function timeOnce(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/**
 * Samples several functions in alternation (a, b, a, b...) so that both see the same JIT state,
 * GC pressure and machine load; returns one Timing per name. `settle`, untimed, runs after each
 * round: it lets work an operation left running in the background finish before the next sample.
 */
export async function sampleAlternating<K extends string>(
  fns: Record<K, () => unknown>,
  { warmup, iterations, settle }: { warmup: number; iterations: number; settle?: () => Promise<unknown> },
): Promise<Record<K, Timing>> {
  const names = Object.keys(fns) as K[];
  const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<K, number[]>;
  for (let i = 0; i < warmup + iterations; i++) {
    for (const name of names) {
      const ms = await timeOnce(fns[name]);
      if (i >= warmup) samples[name].push(ms);
    }
    await settle?.();
  }
  return Object.fromEntries(names.map((n) => [n, summarize(samples[n])])) as Record<K, Timing>;
}
