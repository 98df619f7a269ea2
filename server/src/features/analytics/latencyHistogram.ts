/**
 * Latency percentiles from the rollup's log-spaced histogram (RunLatencyHistogram), and the rule
 * for when analytics compute them exactly instead. The bucket function itself is SQL
 * (`promptstack_latency_bucket`, created by the run_rollup migration); this file must use the
 * same growth factor.
 */

/** Guaranteed relative error of a histogram percentile against the exact percentile_cont. */
export const LATENCY_RELATIVE_ERROR = 0.02;
/** Bucket growth factor g = (1 + a) / (1 - a): bucket b >= 1 holds (g^(b-2), g^(b-1)] ms. */
export const LATENCY_BUCKET_GROWTH = (1 + LATENCY_RELATIVE_ERROR) / (1 - LATENCY_RELATIVE_ERROR);
/**
 * Scopes with at most this many runs get exact percentile_cont over TestRun (a sort of that many
 * integers stays in the tens of milliseconds); larger ones read the histogram.
 */
export const EXACT_PERCENTILE_MAX_RUNS = 20_000;

/** How an answer's percentiles were computed. */
export type PercentileMethod = 'exact' | 'histogram';

/** A latency histogram: ascending bucket numbers and the run count of each. */
export interface LatencyHistogram {
  buckets: number[];
  counts: number[];
}

/**
 * The value reported for every latency in `bucket`: 0 for bucket 0, else 2g^(b-1)/(g+1), whose
 * ratio to any value in (g^(b-2), g^(b-1)] lies in [1 - a, 1 + a).
 */
export function bucketEstimateMs(bucket: number): number {
  if (bucket <= 0) return 0;
  return (2 * LATENCY_BUCKET_GROWTH ** (bucket - 1)) / (LATENCY_BUCKET_GROWTH + 1);
}

/** The estimate of the `rank`-th smallest latency (0-based); `rank` must be below the total. */
function valueAtRank(histogram: LatencyHistogram, rank: number): number {
  let seen = 0;
  for (let i = 0; i < histogram.buckets.length; i++) {
    seen += histogram.counts[i]!;
    if (rank < seen) return bucketEstimateMs(histogram.buckets[i]!);
  }
  return bucketEstimateMs(histogram.buckets[histogram.buckets.length - 1] ?? 0);
}

/**
 * percentile_cont(p) read from a histogram: the same interpolation between the two closest ranks,
 * applied to the ranks' bucket estimates, so the result is within LATENCY_RELATIVE_ERROR of the
 * exact figure (a weighted mean of two values each within that error). Null without runs.
 */
export function histogramPercentile(histogram: LatencyHistogram, p: number): number | null {
  const total = histogram.counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const position = p * (total - 1);
  const lo = Math.floor(position);
  const hi = Math.ceil(position);
  const low = valueAtRank(histogram, lo);
  return low + (valueAtRank(histogram, hi) - low) * (position - lo);
}
