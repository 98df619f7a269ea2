/**
 * Reading one metric out of runs, and matching two variants' runs input by input so paired
 * tests can be used when both variants ran the same inputs.
 */
import type { AbMetric, ProportionMetric, RunObservation } from './types.ts';

/** The continuous metrics (everything but the proportions). */
export type ContinuousMetric = Exclude<AbMetric, ProportionMetric>;

/** Whether a metric is a proportion of runs. */
export function isProportionMetric(metric: AbMetric): metric is ProportionMetric {
  return metric === 'successRate' || metric === 'schemaValidRate';
}

/** A run's outcome on a proportion metric, or null when the run has none (no JSON output for schemaValidRate). */
export function proportionOutcome(run: RunObservation, metric: ProportionMetric): boolean | null {
  if (metric === 'successRate') return run.success === true;
  return typeof run.schemaValid === 'boolean' ? run.schemaValid : null;
}

/** The value of a continuous metric in one run, or null when it is missing or not a finite number. */
export function metricValue(run: RunObservation, metric: ContinuousMetric): number | null {
  const v = metric === 'latency' ? run.latencyMs : metric === 'cost' ? run.costUsd : run.rating;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The finite values of a continuous metric across runs (unrated runs are skipped for rating). */
export function metricValues(runs: readonly RunObservation[], metric: ContinuousMetric): number[] {
  const out: number[] = [];
  for (const run of runs) {
    const v = metricValue(run, metric);
    if (v !== null) out.push(v);
  }
  return out;
}

/**
 * Pairs the runs of A and B by input: the k-th run of A on an input with the k-th run of B on it.
 * Returns null unless both ran exactly the same inputs the same number of times, the condition
 * under which a paired test is valid and not a guess.
 */
export function pairRuns(a: readonly RunObservation[], b: readonly RunObservation[]): Array<[RunObservation, RunObservation]> | null {
  if (a.length !== b.length || a.length === 0) return null;
  const byKey = new Map<string, RunObservation[]>();
  for (const run of b) {
    const list = byKey.get(run.inputKey);
    if (list) list.push(run);
    else byKey.set(run.inputKey, [run]);
  }
  const pairs: Array<[RunObservation, RunObservation]> = [];
  for (const run of a) {
    const partner = byKey.get(run.inputKey)?.shift();
    if (!partner) return null;
    pairs.push([run, partner]);
  }
  return pairs;
}
