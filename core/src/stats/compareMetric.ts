/**
 * One metric compared between two variants, before multiplicity correction: picks the paired or
 * the independent test, runs it and collects the estimates and intervals (all as B − A).
 */
import { mean } from 'simple-statistics';
import { bootstrapMeanDifferenceCi, bootstrapPairedMeanDifferenceCi } from './bootstrap.ts';
import { welchTTest } from './means.ts';
import { mcnemarTest, wilcoxonSignedRankTest } from './paired.ts';
import { isProportionMetric, metricValue, metricValues, pairRuns, proportionOutcome, type ContinuousMetric } from './pairing.ts';
import { compareProportions } from './proportions.ts';
import type { AbMetric, AbVariantInput, MetricComparison, ProportionMetric, RunObservation } from './types.ts';

/** A comparison whose p-value is not yet Holm-adjusted and whose verdict is not yet decided. */
export type UnadjustedComparison = Omit<MetricComparison, 'adjustedPValue' | 'betterVariant' | 'verdict' | 'summary'> & {
  /** +1 when the test says B is higher, −1 lower, 0 no direction (Wilcoxon can differ from the mean). */
  direction: number;
};

/** Settings shared by every comparison of one analysis. */
export interface CompareSettings {
  level: number;
  minSample: number;
  bootstrapResamples: number;
  seed: number;
}

/** Compares `metric` between variants a and b; paired when both ran the same inputs. */
export function compareMetric(metric: AbMetric, a: AbVariantInput, b: AbVariantInput, settings: CompareSettings): UnadjustedComparison {
  if (isProportionMetric(metric)) return compareProportion(metric, a, b, settings);
  return compareContinuous(metric, a, b, pairRuns(a.runs, b.runs), settings);
}

function base(metric: AbMetric, a: AbVariantInput, b: AbVariantInput, paired: boolean, nA: number, nB: number): UnadjustedComparison {
  return {
    metric,
    variantA: a.id,
    variantB: b.id,
    paired,
    nA,
    nB,
    estimateA: null,
    estimateB: null,
    difference: null,
    relativeDifference: null,
    ci: null,
    ciMethod: null,
    bootstrapCi: null,
    test: null,
    statistic: null,
    df: null,
    pValue: null,
    direction: 0,
    skippedReason: null,
  };
}

function withEstimates(c: UnadjustedComparison, estimateA: number, estimateB: number): UnadjustedComparison {
  const difference = estimateB - estimateA;
  return {
    ...c,
    estimateA,
    estimateB,
    difference,
    relativeDifference: estimateA === 0 ? null : difference / Math.abs(estimateA),
    direction: Math.sign(difference),
  };
}

function tooFew(c: UnadjustedComparison, minSample: number): boolean {
  return c.nA < minSample || c.nB < minSample;
}

/** The runs that count for a proportion metric (all of them for success; those with a schema verdict for schema validity). */
function runsWithOutcome(runs: readonly RunObservation[], metric: ProportionMetric): RunObservation[] {
  return runs.filter((r) => proportionOutcome(r, metric) !== null);
}

function compareProportion(metric: ProportionMetric, va: AbVariantInput, vb: AbVariantInput, s: CompareSettings): UnadjustedComparison {
  const a = { id: va.id, runs: runsWithOutcome(va.runs, metric) };
  const b = { id: vb.id, runs: runsWithOutcome(vb.runs, metric) };
  const pairs = pairRuns(a.runs, b.runs);
  const successesA = a.runs.filter((r) => proportionOutcome(r, metric) === true).length;
  const successesB = b.runs.filter((r) => proportionOutcome(r, metric) === true).length;
  const nPairs = pairs?.length ?? 0;
  let c = base(metric, a, b, pairs !== null, pairs ? nPairs : a.runs.length, pairs ? nPairs : b.runs.length);
  if (a.runs.length > 0 && b.runs.length > 0) c = withEstimates(c, successesA / a.runs.length, successesB / b.runs.length);
  if (tooFew(c, s.minSample)) return { ...c, skippedReason: metric === 'schemaValidRate' ? 'too few runs with JSON output' : 'too few runs' };
  if (pairs) {
    const counts = { bothSucceeded: 0, onlyA: 0, onlyB: 0, neither: 0 };
    for (const [ra, rb] of pairs) {
      const okA = proportionOutcome(ra, metric) === true;
      const okB = proportionOutcome(rb, metric) === true;
      if (okA && okB) counts.bothSucceeded++;
      else if (okA) counts.onlyA++;
      else if (okB) counts.onlyB++;
      else counts.neither++;
    }
    const r = mcnemarTest(counts, { level: s.level });
    if (!r.ok) return { ...c, skippedReason: r.error.message };
    return { ...c, test: r.value.test, statistic: r.value.statistic, df: r.value.df, pValue: r.value.pValue, ci: r.value.ci, ciMethod: 'agresti-min' };
  }
  const r = compareProportions(successesA, a.runs.length, successesB, b.runs.length, s.level);
  if (!r.ok) return { ...c, skippedReason: r.error.message };
  return { ...c, test: r.value.test, statistic: r.value.statistic, pValue: r.value.pValue, ci: r.value.ci, ciMethod: 'newcombe-score' };
}

function compareContinuous(
  metric: ContinuousMetric,
  a: AbVariantInput,
  b: AbVariantInput,
  pairs: ReturnType<typeof pairRuns>,
  s: CompareSettings,
): UnadjustedComparison {
  const bootstrap = { resamples: s.bootstrapResamples, seed: s.seed, level: s.level };
  if (pairs) {
    const xs: number[] = [];
    const ys: number[] = [];
    for (const [ra, rb] of pairs) {
      const x = metricValue(ra, metric);
      const y = metricValue(rb, metric);
      if (x !== null && y !== null) {
        xs.push(x);
        ys.push(y);
      }
    }
    let c = base(metric, a, b, true, xs.length, ys.length);
    if (xs.length > 0) c = withEstimates(c, mean(xs), mean(ys));
    if (tooFew(c, s.minSample)) return { ...c, skippedReason: 'too few pairs' };
    const test = wilcoxonSignedRankTest(xs, ys);
    if (!test.ok) return { ...c, skippedReason: test.error.message };
    // The signed-rank test has no mean-difference CI, so the paired bootstrap gives the one we report.
    const ci = bootstrapPairedMeanDifferenceCi(
      ys.map((y, i) => y - xs[i]!),
      bootstrap,
    );
    if (!ci.ok) return { ...c, skippedReason: ci.error.message };
    return {
      ...c,
      test: test.value.test,
      statistic: test.value.statistic,
      pValue: test.value.pValue,
      ci: ci.value,
      ciMethod: 'bootstrap-percentile',
      bootstrapCi: ci.value,
      direction: Math.sign(test.value.signedRankSum),
    };
  }
  const xs = metricValues(a.runs, metric);
  const ys = metricValues(b.runs, metric);
  let c = base(metric, a, b, false, xs.length, ys.length);
  if (xs.length > 0 && ys.length > 0) c = withEstimates(c, mean(xs), mean(ys));
  if (tooFew(c, s.minSample)) return { ...c, skippedReason: metric === 'rating' ? 'too few rated runs' : 'too few runs' };
  const test = welchTTest(xs, ys, s.level);
  if (!test.ok) return { ...c, skippedReason: test.error.message };
  const boot = bootstrapMeanDifferenceCi(xs, ys, bootstrap);
  return {
    ...c,
    test: 'welch-t',
    statistic: test.value.t,
    df: test.value.df,
    pValue: test.value.pValue,
    ci: test.value.ci,
    ciMethod: 'welch-t',
    bootstrapCi: boot.ok ? boot.value : null,
  };
}
