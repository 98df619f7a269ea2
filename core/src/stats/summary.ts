/** Per-variant descriptive figures shown beside the tests (runs, success rate, latency p50/p95, cost, rating). */
import { mean, quantile } from 'simple-statistics';
import { metricValues } from './pairing.ts';
import type { RunObservation, VariantSummary } from './types.ts';

function meanOrNull(xs: number[]): number | null {
  return xs.length === 0 ? null : mean(xs);
}

function quantileOrNull(xs: number[], p: number): number | null {
  return xs.length === 0 ? null : quantile(xs, p);
}

/** Summarises one variant's runs; non-finite latencies, costs and ratings are left out of the means. */
export function summarizeVariant(id: string, runs: readonly RunObservation[]): VariantSummary {
  const successes = runs.filter((r) => r.success === true).length;
  const latencies = metricValues(runs, 'latency');
  const ratings = metricValues(runs, 'rating');
  const checked = runs.filter((r) => typeof r.schemaValid === 'boolean');
  return {
    id,
    runs: runs.length,
    successes,
    successRate: runs.length === 0 ? null : successes / runs.length,
    meanLatencyMs: meanOrNull(latencies),
    p50LatencyMs: quantileOrNull(latencies, 0.5),
    p95LatencyMs: quantileOrNull(latencies, 0.95),
    meanCostUsd: meanOrNull(metricValues(runs, 'cost')),
    ratedRuns: ratings.length,
    meanRating: meanOrNull(ratings),
    schemaCheckedRuns: checked.length,
    schemaValidRate: checked.length === 0 ? null : checked.filter((r) => r.schemaValid === true).length / checked.length,
  };
}
