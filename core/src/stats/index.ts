/** Public surface of the A/B-test statistics: the analysis and the tests it is built from. */
export * from './types.ts';
export { analyzeAbTest, MIN_SAMPLE_PER_VARIANT, DEFAULT_ALPHA } from './analyzeAbTest.ts';
export {
  compareProportions,
  twoProportionZTest,
  fisherExactTest,
  needsExactTest,
  wilsonInterval,
  newcombeDifferenceInterval,
  waldDifferenceInterval,
  FISHER_BELOW_TOTAL_N,
  FISHER_MIN_EXPECTED_COUNT,
  type ProportionTestResult,
  type ProportionComparison,
} from './proportions.ts';
export { welchTTest, type WelchResult } from './means.ts';
export {
  mcnemarTest,
  wilcoxonSignedRankTest,
  MCNEMAR_EXACT_BELOW_DISCORDANT,
  WILCOXON_EXACT_MAX_N,
  type PairedSuccessCounts,
  type McNemarResult,
  type McNemarOptions,
  type WilcoxonResult,
} from './paired.ts';
export {
  bootstrapMeanDifferenceCi,
  bootstrapPairedMeanDifferenceCi,
  createSeededRandom,
  DEFAULT_BOOTSTRAP_RESAMPLES,
  DEFAULT_BOOTSTRAP_SEED,
  type BootstrapOptions,
} from './bootstrap.ts';
export { holmAdjust } from './holm.ts';
export { summarizeVariant } from './summary.ts';
export { pairRuns } from './pairing.ts';
export {
  meanOf,
  sampleVariance,
  bernoulliVariance,
  armVariance,
  differenceVariance,
  mixtureLikelihoodRatio,
  logMixtureLikelihoodRatio,
  mixturePValue,
  confidenceSequenceHalfWidth,
  confidenceSequenceAt,
  nextSequentialState,
  INITIAL_SEQUENTIAL_STATE,
  type SufficientStatistics,
  type SequentialMetricKind,
  type SequentialState,
} from './mixtureSprt.ts';
export { welchFromSums, proportionsFromSums, fixedHorizonTest, type FixedHorizonResult } from './fixedHorizon.ts';
export {
  compareSequential,
  DEFAULT_SEQUENTIAL_ALPHA,
  DEFAULT_MIN_SAMPLE_PER_ARM,
  DEFAULT_TAU_IN_SDS,
  type SequentialOptions,
  type SequentialComparison,
  type SequentialVerdict,
} from './compareSequential.ts';
