/**
 * One look at a live experiment's metric: treatment against control with the always-valid mSPRT
 * (mixtureSprt.ts), folded into the running state of the earlier looks, the fixed-horizon test
 * beside it for reference, and a verdict once both arms have the minimum sample.
 */
import { fixedHorizonTest, type FixedHorizonResult } from './fixedHorizon.ts';
import {
  armVariance,
  confidenceSequenceAt,
  differenceVariance,
  INITIAL_SEQUENTIAL_STATE,
  meanOf,
  mixturePValue,
  nextSequentialState,
  type SequentialMetricKind,
  type SequentialState,
  type SufficientStatistics,
} from './mixtureSprt.ts';
import type { ConfidenceInterval, StatsResult } from './types.ts';

/** The answer on one metric: no verdict before the minimum sample, then the always-valid one. */
export type SequentialVerdict = 'insufficient-data' | 'no-difference-yet' | 'better' | 'worse';

/** Significance level of the sequential test when none is given. */
export const DEFAULT_SEQUENTIAL_ALPHA = 0.05;
/**
 * Observations each arm needs before a look counts (a burn-in): the plug-in variances of a handful
 * of values are too noisy for the normal approximation, and an early fluke would stay in the running
 * minimum for good. Looks before it neither give a verdict nor move the running state.
 */
export const DEFAULT_MIN_SAMPLE_PER_ARM = 50;
/**
 * The mixing distribution's standard deviation tau, in units of the pooled per-observation standard
 * deviation, when no tau is given. Johari et al. choose tau^2 to match the effect sizes expected
 * (a larger tau detects large effects sooner, a smaller one small effects); a quarter of a standard
 * deviation suits guardrails on error rate and latency, where the effects worth stopping for are large.
 */
export const DEFAULT_TAU_IN_SDS = 0.25;

/** Options of one sequential comparison. */
export interface SequentialOptions {
  kind: SequentialMetricKind;
  /** Whether a larger value is better (scores) or worse (error rate, latency, cost). */
  higherIsBetter: boolean;
  alpha?: number;
  minSamplePerArm?: number;
  /** The mixing standard deviation in the metric's unit; default DEFAULT_TAU_IN_SDS pooled standard deviations. */
  tau?: number;
  /** The running state after the earlier looks; none for the first look. */
  previous?: SequentialState | null;
}

/** One look's full answer on a metric, treatment − control. */
export interface SequentialComparison {
  kind: SequentialMetricKind;
  nControl: number;
  nTreatment: number;
  meanControl: number | null;
  meanTreatment: number | null;
  /** mean_treatment − mean_control; null while an arm has no observations. */
  difference: number | null;
  /** V_n; null when it could not be computed (too few observations). */
  variance: number | null;
  /** The tau used; null when no look was made. */
  tau: number | null;
  /** 1 / Lambda_n of this look alone (not always valid); null when no look was made. */
  lookPValue: number | null;
  /** The always-valid p-value: the running minimum over every counted look. */
  pValue: number;
  /** The running intersection of the confidence sequence (level 1 − alpha); null before the first counted look. */
  confidenceSequence: ConfidenceInterval | null;
  /** The state to store and pass back as `previous` at the next look. */
  state: SequentialState;
  /** Whether this look moved the running state (both arms had the minimum sample and some spread). */
  counted: boolean;
  /** The fixed-horizon test of this look, for reference; null with fewer than 2 observations per arm. */
  fixedHorizon: FixedHorizonResult | null;
  verdict: SequentialVerdict;
}

function optionsError(options: SequentialOptions): string | null {
  const alpha = options.alpha ?? DEFAULT_SEQUENTIAL_ALPHA;
  if (!(alpha > 0 && alpha < 1)) return `alpha must be between 0 and 1 (got ${alpha}).`;
  const min = options.minSamplePerArm ?? DEFAULT_MIN_SAMPLE_PER_ARM;
  if (!Number.isInteger(min) || min < 2) return `minSamplePerArm must be an integer >= 2 (got ${min}).`;
  if (options.tau !== undefined && !(options.tau > 0 && Number.isFinite(options.tau))) return `tau must be a positive number (got ${options.tau}).`;
  return null;
}

function statsError(arm: string, s: SufficientStatistics, kind: SequentialMetricKind): string | null {
  if (!Number.isInteger(s.n) || s.n < 0 || !Number.isFinite(s.sum) || !Number.isFinite(s.sumOfSquares)) {
    return `${arm}: n must be a non-negative integer and the sums finite (got n = ${s.n}).`;
  }
  if (kind === 'proportion' && (!Number.isInteger(s.sum) || s.sum < 0 || s.sum > s.n)) {
    return `${arm}: a rate needs an integer count of events between 0 and n (got ${s.sum} of ${s.n}).`;
  }
  return null;
}

/** tau: the given one, or DEFAULT_TAU_IN_SDS times the pooled per-observation standard deviation. */
function mixingSd(options: SequentialOptions, control: SufficientStatistics, treatment: SufficientStatistics): number {
  if (options.tau !== undefined) return options.tau;
  const pooled = (control.n * armVariance(control, options.kind) + treatment.n * armVariance(treatment, options.kind)) / (control.n + treatment.n);
  return DEFAULT_TAU_IN_SDS * Math.sqrt(pooled);
}

function verdictOf(state: SequentialState, alpha: number, higherIsBetter: boolean): SequentialVerdict {
  if (!(state.pValue < alpha)) return 'no-difference-yet';
  // p < alpha means some look's interval excluded 0; the intersection then lies on one side of it.
  const treatmentHigher = state.lower > 0 ? true : state.upper < 0 ? false : null;
  if (treatmentHigher === null) return 'no-difference-yet';
  return treatmentHigher === higherIsBetter ? 'better' : 'worse';
}

/**
 * Compares treatment with control on one metric at one look. Below the minimum sample per arm, or
 * when neither arm varies, the look is not counted: the running state stays as it was and the
 * verdict is 'insufficient-data' (or the earlier verdict). Bad input is an error result, not a throw.
 */
export function compareSequential(
  control: SufficientStatistics,
  treatment: SufficientStatistics,
  options: SequentialOptions,
): StatsResult<SequentialComparison> {
  const problem = optionsError(options) ?? statsError('control', control, options.kind) ?? statsError('treatment', treatment, options.kind);
  if (problem) return { ok: false, error: { code: 'invalid-input', message: problem } };
  const alpha = options.alpha ?? DEFAULT_SEQUENTIAL_ALPHA;
  const min = options.minSamplePerArm ?? DEFAULT_MIN_SAMPLE_PER_ARM;
  const previous = options.previous ?? INITIAL_SEQUENTIAL_STATE;
  const meanControl = control.n > 0 ? meanOf(control) : null;
  const meanTreatment = treatment.n > 0 ? meanOf(treatment) : null;
  const difference = meanControl !== null && meanTreatment !== null ? meanTreatment - meanControl : null;
  const fixed = control.n >= 2 && treatment.n >= 2 ? fixedHorizonTest(options.kind, control, treatment, 1 - alpha) : null;
  const enough = control.n >= min && treatment.n >= min;
  const variance = control.n >= 2 && treatment.n >= 2 ? differenceVariance(control, treatment, options.kind) : null;
  const counted = enough && difference !== null && variance !== null && variance > 0;
  let state = previous;
  let tau: number | null = null;
  let lookPValue: number | null = null;
  if (counted) {
    tau = mixingSd(options, control, treatment);
    lookPValue = mixturePValue(difference, variance, tau);
    state = nextSequentialState(previous, lookPValue, confidenceSequenceAt(difference, variance, tau, alpha));
  }
  const started = Number.isFinite(state.lower) && Number.isFinite(state.upper);
  return {
    ok: true,
    value: {
      kind: options.kind,
      nControl: control.n,
      nTreatment: treatment.n,
      meanControl,
      meanTreatment,
      difference,
      variance,
      tau,
      lookPValue,
      pValue: state.pValue,
      confidenceSequence: started ? { lower: state.lower, upper: state.upper, level: 1 - alpha } : null,
      state,
      counted,
      fixedHorizon: fixed?.ok ? fixed.value : null,
      verdict: enough ? verdictOf(state, alpha, options.higherIsBetter) : 'insufficient-data',
    },
  };
}
