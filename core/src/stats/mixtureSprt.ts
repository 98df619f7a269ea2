/**
 * The mixture sequential probability ratio test (mSPRT) with a normal mixing distribution, as in
 * Johari, Koomen, Pekelis & Walsh, "Peeking at A/B Tests: Why it matters, and what to do about it"
 * (KDD 2017), and Johari, Pekelis & Walsh, "Always Valid Inference: Continuous Monitoring of A/B
 * Tests" (Operations Research 70(3), 2022), which is what Optimizely's Stats Engine ships.
 *
 * Notation: the estimate is the difference of two means, delta_n = mean_B − mean_A, whose variance
 * is V_n = s_A^2 / n_A + s_B^2 / n_B (the normal approximation, unequal sample sizes). The mixture
 * over the true difference theta ~ N(theta_0, tau^2) of the normal likelihood ratio against
 * theta = theta_0 integrates in closed form (the papers' normal-mixture mSPRT, with their
 * sigma^2 / n replaced by V_n):
 *
 *   Lambda_n = sqrt(V_n / (V_n + tau^2)) * exp( tau^2 (delta_n − theta_0)^2 / (2 V_n (V_n + tau^2)) )
 *
 * Lambda_n is a non-negative martingale under the null with mean 1, so by Ville's inequality
 * P(Lambda_n >= 1/alpha for some n) <= alpha. Hence (the papers' always-valid p-value):
 *
 *   p_n = min(p_{n−1}, 1 / Lambda_n),  p_0 = 1
 *
 * and inverting Lambda_n(theta_0) < 1/alpha in theta_0 gives the confidence sequence
 *
 *   delta_n ± sqrt( V_n (V_n + tau^2) / tau^2 * ( log((V_n + tau^2) / V_n) − 2 log alpha ) ),
 *
 * whose running intersection covers the true difference at every n at once with probability
 * >= 1 − alpha. Every function here is pure and takes sufficient statistics, so SQL can aggregate.
 */
import type { ConfidenceInterval } from './types.ts';

/** What SQL aggregates per arm and metric: the count, the sum and the sum of squares of the values. */
export interface SufficientStatistics {
  n: number;
  sum: number;
  sumOfSquares: number;
}

/** How an arm's values are modelled: a mean of any numbers, or a rate of 0/1 outcomes. */
export type SequentialMetricKind = 'mean' | 'proportion';

/** Mean of the values, or NaN with none. */
export function meanOf(stats: SufficientStatistics): number {
  return stats.n > 0 ? stats.sum / stats.n : NaN;
}

/**
 * Below this share of sumOfSquares, sumOfSquares − sum^2 / n is rounding, not spread: for constant
 * values the two terms agree to about n machine epsilons (180 costs of $0.0000045 leave 1e-26,
 * which read as a spread gave a $3.55e-14 interval), while real data this tight would need a
 * coefficient of variation under 1e-6.
 */
const CANCELLATION_SHARE = 1e-12;

/**
 * Sample variance (n − 1 denominator) from sufficient statistics; 0 for constant values, whose
 * computed spread is only the cancellation of two nearly equal sums (a hair either side of 0).
 */
export function sampleVariance(stats: SufficientStatistics): number {
  if (stats.n < 2) return NaN;
  const spread = stats.sumOfSquares - (stats.sum * stats.sum) / stats.n;
  return spread <= stats.sumOfSquares * CANCELLATION_SHARE ? 0 : spread / (stats.n - 1);
}

/**
 * Bernoulli variance p(1 − p) of a rate, with p smoothed as (x + 1) / (n + 2) (Laplace's rule):
 * a raw plug-in gives variance 0 when an arm has no errors (or only errors), which would make the
 * statistic infinite or undefined; the smoothing changes nothing of consequence once n is large.
 */
export function bernoulliVariance(stats: SufficientStatistics): number {
  const p = (stats.sum + 1) / (stats.n + 2);
  return p * (1 - p);
}

/** The per-observation variance of one arm under the metric's model. */
export function armVariance(stats: SufficientStatistics, kind: SequentialMetricKind): number {
  return kind === 'proportion' ? bernoulliVariance(stats) : sampleVariance(stats);
}

/** V_n = s_A^2 / n_A + s_B^2 / n_B, the variance of delta_n = mean_B − mean_A. */
export function differenceVariance(control: SufficientStatistics, treatment: SufficientStatistics, kind: SequentialMetricKind): number {
  return armVariance(control, kind) / control.n + armVariance(treatment, kind) / treatment.n;
}

/**
 * The mixture likelihood ratio Lambda_n of H0: theta = theta0 for the observed difference `delta`
 * with variance `variance` (V_n), mixing over theta ~ N(theta0, tau^2). Computed in log space;
 * Infinity when it overflows (then 1 / Lambda_n is 0).
 */
export function mixtureLikelihoodRatio(delta: number, variance: number, tau: number, theta0 = 0): number {
  return Math.exp(logMixtureLikelihoodRatio(delta, variance, tau, theta0));
}

/** log Lambda_n (see mixtureLikelihoodRatio). */
export function logMixtureLikelihoodRatio(delta: number, variance: number, tau: number, theta0 = 0): number {
  const tau2 = tau * tau;
  const d = delta - theta0;
  return 0.5 * Math.log(variance / (variance + tau2)) + (tau2 * d * d) / (2 * variance * (variance + tau2));
}

/** 1 / Lambda_n capped at 1: the p-value of this one look (the always-valid one is its running minimum). */
export function mixturePValue(delta: number, variance: number, tau: number, theta0 = 0): number {
  return Math.min(1, Math.exp(-logMixtureLikelihoodRatio(delta, variance, tau, theta0)));
}

/**
 * Half-width of the confidence sequence at this look:
 * sqrt(V (V + tau^2) / tau^2 * (log((V + tau^2) / V) − 2 log alpha)).
 */
export function confidenceSequenceHalfWidth(variance: number, tau: number, alpha: number): number {
  const tau2 = tau * tau;
  return Math.sqrt(((variance * (variance + tau2)) / tau2) * (Math.log((variance + tau2) / variance) - 2 * Math.log(alpha)));
}

/** The confidence sequence's interval at this look, delta ± the half-width, at level 1 − alpha. */
export function confidenceSequenceAt(delta: number, variance: number, tau: number, alpha: number): ConfidenceInterval {
  const half = confidenceSequenceHalfWidth(variance, tau, alpha);
  return { lower: delta - half, upper: delta + half, level: 1 - alpha };
}

/**
 * Where the always-valid answer stands after some looks: the running minimum p-value and the
 * running intersection of the confidence sequence. Stored between looks (as a snapshot).
 */
export interface SequentialState {
  pValue: number;
  lower: number;
  upper: number;
}

/** The state before any look: p = 1 and the whole real line. */
export const INITIAL_SEQUENTIAL_STATE: Readonly<SequentialState> = { pValue: 1, lower: -Infinity, upper: Infinity };

/**
 * One look folded into the running state: p_n = min(p_{n−1}, 1 / Lambda_n), and the interval
 * intersected with the previous ones. An empty intersection (possible only in the alpha-probability
 * event that the sequence missed, or when the normal approximation fails) keeps this look's interval
 * rather than reporting an interval whose lower end is above its upper end.
 */
export function nextSequentialState(previous: SequentialState, lookPValue: number, look: ConfidenceInterval): SequentialState {
  const lower = Math.max(previous.lower, look.lower);
  const upper = Math.min(previous.upper, look.upper);
  const empty = lower > upper;
  return {
    pValue: Math.min(previous.pValue, lookPValue),
    lower: empty ? look.lower : lower,
    upper: empty ? look.upper : upper,
  };
}
