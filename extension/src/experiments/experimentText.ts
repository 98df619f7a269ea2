/**
 * How a live experiment reads in words, the same in the CodeLens and on the experiment page: arms
 * with their traffic share, calls and error rate, metric names, p-values and the headline verdict
 * of each treatment arm against the control. Pure (no `vscode`), so the webview bundles it too.
 */
import type { RouterOutputs } from '../team/api/client.ts';

/** A live experiment's results as the backend answers them (`experimentResults.results`). */
export type ExperimentResults = RouterOutputs['experimentResults']['results'];
/** One arm's figures. */
export type ArmResult = ExperimentResults['arms'][number];
/** One treatment arm against the control on one metric. */
export type Comparison = ExperimentResults['comparisons'][number];

const SCORE_PREFIX = 'score:';

/** What a metric key is called: `errorRate` → "error rate", `score:helpful` → "helpful score". */
export function metricName(metric: string): string {
  if (metric === 'errorRate') return 'error rate';
  if (metric === 'latencyMs') return 'latency';
  if (metric === 'costUsd') return 'cost';
  return metric.startsWith(SCORE_PREFIX) ? `${metric.slice(SCORE_PREFIX.length)} score` : metric;
}

/** `p = 0.01`, `p < 0.001`. */
export function pText(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${+p.toPrecision(2)}`;
}

/** A rate as `0.8%` (one decimal), `n/a` when there were no calls. */
export function percentText(rate: number | null): string {
  return rate === null ? 'n/a' : `${(rate * 100).toFixed(1)}%`;
}

/** Each arm's share of the traffic in whole percent, by its weight. */
export function trafficShare(arm: ArmResult, arms: readonly ArmResult[]): number {
  const total = arms.reduce((sum, a) => sum + a.weight, 0);
  return total > 0 ? Math.round((100 * arm.weight) / total) : 0;
}

/** `v7 90% (1,204 calls, 0.8% errors)`. */
export function armText(arm: ArmResult, arms: readonly ArmResult[]): string {
  const calls = `${arm.generations.toLocaleString('en-US')} ${arm.generations === 1 ? 'call' : 'calls'}`;
  return `v${arm.versionNumber} ${trafficShare(arm, arms)}% (${calls}, ${percentText(arm.errorRate)} errors)`;
}

/**
 * The comparison that says most about a treatment arm: the decided one (better or worse) with the
 * smallest always-valid p-value, else the undecided one with the smallest p-value.
 */
export function headlineComparison(comparisons: readonly Comparison[]): Comparison | undefined {
  const byP = [...comparisons].sort((a, b) => a.sequential.pValue - b.sequential.pValue);
  return byP.find((c) => c.verdict === 'better' || c.verdict === 'worse') ?? byP.find((c) => c.verdict === 'no-difference-yet') ?? byP[0];
}

/**
 * One treatment arm's verdict in a few words: `v8 better on score, p = 0.01, always valid`,
 * `v8: no difference yet, p = 0.42, always valid`, or before the minimum sample
 * `v8: not enough evidence yet (n = 131 of min 200)`.
 */
export function verdictText(results: ExperimentResults, versionNumber: number): string {
  const comparisons = results.comparisons.filter((c) => c.versionNumber === versionNumber);
  const headline = headlineComparison(comparisons);
  if (!headline || headline.verdict === 'insufficient-data') {
    const control = results.arms.find((arm) => arm.isControl)?.generations ?? 0;
    const treatment = results.arms.find((arm) => arm.versionNumber === versionNumber)?.generations ?? 0;
    const n = Math.min(control, treatment);
    return `v${versionNumber}: not enough evidence yet (n = ${n.toLocaleString('en-US')} of min ${results.settings.minSamplePerArm.toLocaleString('en-US')})`;
  }
  const p = `${pText(headline.sequential.pValue)}, always valid`;
  if (headline.verdict === 'no-difference-yet') return `v${versionNumber}: no difference yet, ${p}`;
  return `v${versionNumber} ${headline.verdict} on ${metricName(headline.metric)}, ${p}`;
}

/**
 * The lens line of a running experiment: `Experiment on production: v7 90% (1,204 calls, 0.8%
 * errors) · v8 10% (131 calls, 0.0% errors) · v8 better on score, p = 0.01, always valid`.
 */
export function experimentLensTitle(results: ExperimentResults): string {
  const arms = results.arms.map((arm) => armText(arm, results.arms));
  const verdicts = results.arms.filter((arm) => !arm.isControl).map((arm) => verdictText(results, arm.versionNumber));
  return `Experiment on ${results.experiment.labelName}: ${[...arms, ...verdicts].join(' · ')}`;
}
