/**
 * Types of the A/B-test statistics (`analyzeAbTest` and the tests it is built from).
 * Every difference is "B − A" in the metric's own unit (a proportion for success rate,
 * milliseconds, US dollars, rating points), so a sentence and a number always agree.
 */

/**
 * The metrics an A/B test compares. Higher is better for success, schema-valid rate and rating,
 * lower for latency and cost. `schemaValidRate` is the share of JSON-output runs whose answer met
 * `output.schema`; it is compared only when some run declares JSON output (or it is the primary metric).
 */
export type AbMetric = 'successRate' | 'schemaValidRate' | 'latency' | 'cost' | 'rating';

/** Every metric, in the order the analysis reports them. */
export const AB_METRICS: readonly AbMetric[] = ['successRate', 'schemaValidRate', 'latency', 'cost', 'rating'];

/** The metrics that are proportions of runs (the rest are means). */
export type ProportionMetric = 'successRate' | 'schemaValidRate';

/** One recorded run of one variant on one input. */
export interface RunObservation {
  /** Identifies the input (dataset row) the run used; equal keys across variants make the test paired. */
  inputKey: string;
  success: boolean;
  latencyMs: number;
  costUsd: number;
  /** A human or judge rating; null/undefined when the run was not rated. */
  rating?: number | null;
  /** Whether the answer met `output.schema`; null/undefined when the prompt declares no JSON output. */
  schemaValid?: boolean | null;
}

/** One variant's runs. */
export interface AbVariantInput {
  id: string;
  runs: readonly RunObservation[];
}

/** What `analyzeAbTest` needs. */
export interface AbTestInput {
  variants: readonly AbVariantInput[];
  primaryMetric: AbMetric;
  /** Family-wise significance level after Holm correction; default 0.05. */
  alpha?: number;
  /** Observations (or pairs) required per variant and metric before any verdict; default MIN_SAMPLE_PER_VARIANT. */
  minSamplePerVariant?: number;
  /** Bootstrap resamples for continuous metrics; default DEFAULT_BOOTSTRAP_RESAMPLES. */
  bootstrapResamples?: number;
  /** Seed of the bootstrap PRNG; default DEFAULT_BOOTSTRAP_SEED, so the same runs always give the same analysis. */
  seed?: number;
}

/** A two-sided confidence interval. */
export interface ConfidenceInterval {
  lower: number;
  upper: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
}

/** Names of the tests the module runs; stable, the UI and API show them. */
export type StatTestName =
  'two-proportion-z' | 'fisher-exact' | 'welch-t' | 'mcnemar-exact' | 'mcnemar-chi-square' | 'wilcoxon-signed-rank-exact' | 'wilcoxon-signed-rank-normal';

/** How each test is named in a plain-English sentence. */
export const STAT_TEST_LABELS: Readonly<Record<StatTestName, string>> = {
  'two-proportion-z': 'two-proportion z-test',
  'fisher-exact': "Fisher's exact test",
  'welch-t': "Welch's t-test",
  'mcnemar-exact': "McNemar's exact test",
  'mcnemar-chi-square': "McNemar's chi-square test",
  'wilcoxon-signed-rank-exact': 'Wilcoxon signed-rank test (exact)',
  'wilcoxon-signed-rank-normal': 'Wilcoxon signed-rank test',
};

/** How a confidence interval was computed. */
export type CiMethod = 'newcombe-score' | 'agresti-min' | 'welch-t' | 'bootstrap-percentile';

/** The outcome of one metric comparison between two variants. */
export type AbVerdict = 'a-better' | 'b-better' | 'no-significant-difference' | 'insufficient-data';

/** Why a statistic could not be computed: bad input is data, never an exception. */
export interface StatsError {
  code: 'too-few-observations' | 'invalid-input' | 'library-error';
  message: string;
}

/** A value or the reason there is none. */
export type StatsResult<T> = { ok: true; value: T } | { ok: false; error: StatsError };

/** Per-variant descriptive figures. Means and percentiles are null when there is nothing to average. */
export interface VariantSummary {
  id: string;
  runs: number;
  successes: number;
  successRate: number | null;
  meanLatencyMs: number | null;
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  meanCostUsd: number | null;
  ratedRuns: number;
  meanRating: number | null;
  /** Runs with a schema verdict (the prompt declares JSON output), and the share of them that were valid. */
  schemaCheckedRuns: number;
  schemaValidRate: number | null;
}

/** One metric compared between two variants (A = the earlier variant in the input, B = the later). */
export interface MetricComparison {
  metric: AbMetric;
  variantA: string;
  variantB: string;
  /** True when both variants ran the same inputs the same number of times and paired tests were used. */
  paired: boolean;
  /** Observations used for A and B (for a paired comparison both are the number of pairs). */
  nA: number;
  nB: number;
  /** Success rate or mean of A and of B; null when a variant has no observations. */
  estimateA: number | null;
  estimateB: number | null;
  /** B − A; null when either estimate is missing. */
  difference: number | null;
  /** (B − A) / |A|; null when A is 0 or missing. */
  relativeDifference: number | null;
  /** CI for B − A used in the sentence (not adjusted for multiplicity). */
  ci: ConfidenceInterval | null;
  ciMethod: CiMethod | null;
  /** Seeded bootstrap percentile CI for B − A (continuous metrics only). */
  bootstrapCi: ConfidenceInterval | null;
  test: StatTestName | null;
  statistic: number | null;
  /** Degrees of freedom, for the tests that have them (Welch, McNemar chi-square). */
  df: number | null;
  pValue: number | null;
  /** Holm-adjusted p-value over every comparison in this analysis (all metrics, all pairs). */
  adjustedPValue: number | null;
  /** Id of the significantly better variant, or null. */
  betterVariant: string | null;
  verdict: AbVerdict;
  /** Why no test ran ('too few runs', or a computation that could not be done); null when it ran. */
  skippedReason: string | null;
  /** Plain-English summary, e.g. "B is faster by 120 ms (95% CI 80–160 ms, p = 0.002, Welch's t-test)". */
  summary: string;
}

/** The overall answer on the primary metric. */
export interface AbRecommendation {
  metric: AbMetric;
  /** The variant significantly better than every other on the primary metric, or null. */
  winner: string | null;
  summary: string;
}

/** A problem with the input that was tolerated (bad observations dropped) or that stopped the analysis. */
export interface AbInputProblem {
  code: 'too-few-variants' | 'duplicate-variant-id' | 'invalid-alpha' | 'invalid-option' | 'non-finite-value';
  message: string;
}

/** What `analyzeAbTest` returns. */
export interface AbTestAnalysis {
  alpha: number;
  primaryMetric: AbMetric;
  minSamplePerVariant: number;
  variants: VariantSummary[];
  /** Every metric for every pair of variants, in metric order then pair order. */
  comparisons: MetricComparison[];
  recommendation: AbRecommendation;
  problems: AbInputProblem[];
}

/**
 * Observations (runs, rated runs or pairs) each variant needs on a metric before any verdict.
 * Below about ten, the tests' approximations are poor and one odd run can decide the answer.
 * (Here, beside the types, so a command line can offer it as a default without loading the tests.)
 */
export const MIN_SAMPLE_PER_VARIANT = 10;
/** Family-wise significance level used when the input gives none. */
export const DEFAULT_ALPHA = 0.05;
