/**
 * Current against baseline, per prompt, with core's A/B statistics: the same cases ran on both
 * sides (paired by case), so pass rate is compared with McNemar's test and latency and cost with the
 * Wilcoxon signed-rank test, Holm-corrected. Each metric ends better, worse, or not enough evidence.
 */
import { analyzeAbTest } from '@promptstack/core/stats/analyzeAbTest';
import type { AbMetric, MetricComparison, RunObservation } from '@promptstack/core/stats/types';
import type { CaseOutcome } from './runSuites.ts';

/** The two sides' ids in the analysis. */
export const BASELINE = 'baseline';
export const CURRENT = 'current';

/** What the comparison says about one metric of one prompt. */
export interface MetricVerdict {
  metric: AbMetric;
  verdict: 'better' | 'worse' | 'not enough evidence' | 'no significant difference';
  comparison: MetricComparison;
}

/** One prompt's comparison. */
export interface BaselineComparison {
  promptFile: string;
  testsFile: string;
  metrics: MetricVerdict[];
}

const COMPARED: readonly AbMetric[] = ['successRate', 'latency', 'cost'];

function observations(outcomes: readonly CaseOutcome[]): RunObservation[] {
  return outcomes.flatMap((o) => o.runs.map((r) => ({ inputKey: `${o.index}`, success: r.passed, latencyMs: r.run.latencyMs, costUsd: r.run.costUsd })));
}

function verdictOf(comparison: MetricComparison): MetricVerdict['verdict'] {
  if (comparison.verdict === 'insufficient-data') return 'not enough evidence';
  if (comparison.betterVariant === CURRENT) return 'better';
  if (comparison.betterVariant === BASELINE) return 'worse';
  return 'no significant difference';
}

/**
 * Compares each suite's current outcomes with its baseline outcomes (suites without a baseline are
 * left out). `minSample` is the pairs a metric needs before a verdict.
 */
export function compareWithBaseline(current: readonly CaseOutcome[], baseline: readonly CaseOutcome[], minSample: number): BaselineComparison[] {
  const bySuite = (outcomes: readonly CaseOutcome[]) => {
    const map = new Map<string, CaseOutcome[]>();
    for (const o of outcomes) map.set(o.suite.testsFile, [...(map.get(o.suite.testsFile) ?? []), o]);
    return map;
  };
  const baselineBySuite = bySuite(baseline);
  const comparisons: BaselineComparison[] = [];
  for (const [testsFile, outcomes] of bySuite(current)) {
    const before = baselineBySuite.get(testsFile);
    if (!before?.length) continue;
    const analysis = analyzeAbTest({
      variants: [
        { id: BASELINE, runs: observations(before) },
        { id: CURRENT, runs: observations(outcomes) },
      ],
      primaryMetric: 'successRate',
      minSamplePerVariant: minSample,
    });
    const metrics = analysis.comparisons
      .filter((c) => COMPARED.includes(c.metric))
      .map((comparison) => ({ metric: comparison.metric, verdict: verdictOf(comparison), comparison }));
    comparisons.push({ promptFile: outcomes[0]!.suite.promptFile, testsFile, metrics });
  }
  return comparisons;
}

/** True when the current prompt is significantly worse than its baseline on pass rate. */
export function isRegression(comparison: BaselineComparison): boolean {
  return comparison.metrics.some((m) => m.metric === 'successRate' && m.verdict === 'worse');
}
