/**
 * The A/B-test analysis: per-variant summaries, every metric compared for every pair of variants,
 * Holm correction over all those tests, verdicts with sentences, and a winner on the primary metric.
 * Pure: no I/O, deterministic for a given input (the bootstrap is seeded).
 */
import { DEFAULT_BOOTSTRAP_RESAMPLES, DEFAULT_BOOTSTRAP_SEED } from './bootstrap.ts';
import { compareMetric, type UnadjustedComparison } from './compareMetric.ts';
import { holmAdjust } from './holm.ts';
import { describeComparison, higherIsBetter, metricName } from './sentences.ts';
import { summarizeVariant } from './summary.ts';
import {
  AB_METRICS,
  DEFAULT_ALPHA,
  MIN_SAMPLE_PER_VARIANT,
  type AbInputProblem,
  type AbRecommendation,
  type AbTestAnalysis,
  type AbTestInput,
  type AbVerdict,
  type MetricComparison,
  type RunObservation,
} from './types.ts';

export { DEFAULT_ALPHA, MIN_SAMPLE_PER_VARIANT } from './types.ts';

function optionProblems(input: AbTestInput): AbInputProblem[] {
  const problems: AbInputProblem[] = [];
  const variants = Array.isArray(input.variants) ? input.variants : [];
  if (variants.length < 2) problems.push({ code: 'too-few-variants', message: `An A/B test needs at least 2 variants (got ${variants.length}).` });
  const seen = new Set<string>();
  for (const v of variants) {
    if (seen.has(v.id)) problems.push({ code: 'duplicate-variant-id', message: `Variant id '${v.id}' appears more than once.` });
    seen.add(v.id);
  }
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  if (!(alpha > 0 && alpha < 1)) problems.push({ code: 'invalid-alpha', message: `alpha must be between 0 and 1 (got ${alpha}).` });
  if (!AB_METRICS.includes(input.primaryMetric)) {
    problems.push({ code: 'invalid-option', message: `primaryMetric must be one of ${AB_METRICS.join(', ')} (got '${String(input.primaryMetric)}').` });
  }
  const min = input.minSamplePerVariant ?? MIN_SAMPLE_PER_VARIANT;
  if (!Number.isInteger(min) || min < 2) problems.push({ code: 'invalid-option', message: `minSamplePerVariant must be an integer >= 2 (got ${min}).` });
  const resamples = input.bootstrapResamples ?? DEFAULT_BOOTSTRAP_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < 100)
    problems.push({ code: 'invalid-option', message: `bootstrapResamples must be an integer >= 100 (got ${resamples}).` });
  return problems;
}

function dataProblems(input: AbTestInput): AbInputProblem[] {
  const problems: AbInputProblem[] = [];
  for (const v of input.variants) {
    const bad = v.runs.filter(
      (r) => !Number.isFinite(r.latencyMs) || !Number.isFinite(r.costUsd) || (r.rating !== null && r.rating !== undefined && !Number.isFinite(r.rating)),
    ).length;
    if (bad > 0) {
      problems.push({
        code: 'non-finite-value',
        message: `Variant '${v.id}': ${bad} run(s) have a non-numeric latency, cost or rating; those values were left out.`,
      });
    }
  }
  return problems;
}

function decide(c: UnadjustedComparison, adjusted: number | null, alpha: number): { verdict: AbVerdict; better: string | null } {
  if (c.pValue === null || adjusted === null || c.skippedReason !== null) return { verdict: 'insufficient-data', better: null };
  if (!(adjusted < alpha) || c.direction === 0) return { verdict: 'no-significant-difference', better: null };
  const bIsBetter = c.direction > 0 === higherIsBetter(c.metric);
  return bIsBetter ? { verdict: 'b-better', better: c.variantB } : { verdict: 'a-better', better: c.variantA };
}

function recommend(input: AbTestInput, comparisons: MetricComparison[]): AbRecommendation {
  const metric = input.primaryMetric;
  const name = metricName(metric);
  const onPrimary = comparisons.filter((c) => c.metric === metric);
  if (onPrimary.length === 0) return { metric, winner: null, summary: `No comparison on ${name} could be made.` };
  if (onPrimary.some((c) => c.verdict === 'insufficient-data') && !onPrimary.some((c) => c.betterVariant)) {
    return { metric, winner: null, summary: `Not enough data on ${name} yet to recommend a variant.` };
  }
  const winner = input.variants.find((v) => onPrimary.filter((c) => c.variantA === v.id || c.variantB === v.id).every((c) => c.betterVariant === v.id));
  if (!winner)
    return { metric, winner: null, summary: `No variant is significantly better than every other on ${name}; keep running or keep the current one.` };
  const evidence = onPrimary
    .filter((c) => c.betterVariant === winner.id)
    .map((c) => c.summary)
    .join(' ');
  return { metric, winner: winner.id, summary: `${winner.id} is the better variant on ${name}. ${evidence}` };
}

/**
 * Analyses an A/B test: which variant is better on each metric, by how much, with CI and p-value
 * (Holm-adjusted across metrics and variant pairs), or that there is not enough evidence yet.
 * Never throws: invalid input comes back in `problems`, with no comparisons.
 */
export function analyzeAbTest(input: AbTestInput): AbTestAnalysis {
  const alpha = input.alpha ?? DEFAULT_ALPHA;
  const minSample = input.minSamplePerVariant ?? MIN_SAMPLE_PER_VARIANT;
  const variants = Array.isArray(input.variants) ? input.variants : [];
  const summaries = variants.map((v) => summarizeVariant(v.id, Array.isArray(v.runs) ? v.runs : []));
  const stop = optionProblems(input);
  if (stop.length > 0) {
    return {
      alpha,
      primaryMetric: input.primaryMetric,
      minSamplePerVariant: minSample,
      variants: summaries,
      comparisons: [],
      problems: stop,
      recommendation: { metric: input.primaryMetric, winner: null, summary: 'No analysis: the A/B test input is invalid.' },
    };
  }
  const settings = {
    level: 1 - alpha,
    minSample,
    bootstrapResamples: input.bootstrapResamples ?? DEFAULT_BOOTSTRAP_RESAMPLES,
    seed: input.seed ?? DEFAULT_BOOTSTRAP_SEED,
  };
  const raw: UnadjustedComparison[] = [];
  // Schema validity exists only for prompts with JSON output: without any such run it is not compared.
  const anySchemaVerdict = variants.some((v) => Array.isArray(v.runs) && v.runs.some((r: RunObservation) => typeof r.schemaValid === 'boolean'));
  const metrics = AB_METRICS.filter((m) => m !== 'schemaValidRate' || anySchemaVerdict || input.primaryMetric === m);
  for (const metric of metrics) {
    for (let i = 0; i < variants.length; i++) {
      for (let j = i + 1; j < variants.length; j++) raw.push(compareMetric(metric, variants[i]!, variants[j]!, settings));
    }
  }
  // One Holm family: every test that ran, across metrics and pairs.
  const tested = raw.map((c, index) => ({ c, index })).filter(({ c }) => c.pValue !== null && c.skippedReason === null);
  const adjustedByIndex = new Map<number, number>();
  holmAdjust(tested.map(({ c }) => c.pValue!)).forEach((p, k) => adjustedByIndex.set(tested[k]!.index, p));
  const showAdjusted = tested.length > 1;
  const comparisons = raw.map((c, index): MetricComparison => {
    const adjustedPValue = adjustedByIndex.get(index) ?? null;
    const { verdict, better } = decide(c, adjustedPValue, alpha);
    const { direction: _direction, ...rest } = c;
    const done: MetricComparison = { ...rest, adjustedPValue, betterVariant: better, verdict, summary: '' };
    return { ...done, summary: describeComparison(done, showAdjusted, minSample) };
  });
  return {
    alpha,
    primaryMetric: input.primaryMetric,
    minSamplePerVariant: minSample,
    variants: summaries,
    comparisons,
    recommendation: recommend(input, comparisons),
    problems: dataProblems(input),
  };
}
