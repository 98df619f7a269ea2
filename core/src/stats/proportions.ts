/**
 * Comparing two independent success rates: the two-proportion z-test (pooled SE), Fisher's exact
 * test for small samples, and confidence intervals for the difference (Newcombe hybrid score,
 * and Wald for reference).
 *
 * No maintained npm package offers the two-proportion z-test, Fisher's exact test or Newcombe's
 * interval, so the formulas are written here on top of @stdlib's normal distribution and
 * log binomial coefficient (the same stdlib family as the t-test and Wilcoxon we use).
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import binomcoefln from '@stdlib/math-base-special-binomcoefln';
import type { ConfidenceInterval, StatsResult } from './types.ts';

/**
 * Cochran's (1954) rule for 2x2 tables: below this total, or with any expected count below
 * FISHER_MIN_EXPECTED_COUNT, the normal approximation is not trusted and Fisher's exact test runs.
 */
export const FISHER_BELOW_TOTAL_N = 40;
/** Smallest expected cell count for which the z-test is used (Cochran's rule). */
export const FISHER_MIN_EXPECTED_COUNT = 5;

/** Result of a two-sided test on two independent proportions. */
export interface ProportionTestResult {
  test: 'two-proportion-z' | 'fisher-exact';
  /** z for the z-test (B − A over the pooled SE); the observed top-left count for Fisher. */
  statistic: number;
  pValue: number;
}

/** A full comparison of two success rates: B − A, its CIs and the chosen test. */
export interface ProportionComparison extends ProportionTestResult {
  rateA: number;
  rateB: number;
  difference: number;
  /** Newcombe's hybrid score interval (method 10 of Newcombe 1998): good coverage even at small n. */
  ci: ConfidenceInterval;
  /** Unpooled Wald interval, reported for reference; it under-covers at small n or extreme rates. */
  waldCi: ConfidenceInterval;
}

function countsError(xA: number, nA: number, xB: number, nB: number): string | null {
  for (const [x, n] of [
    [xA, nA],
    [xB, nB],
  ] as const) {
    if (!Number.isInteger(x) || !Number.isInteger(n) || n < 1 || x < 0 || x > n) {
      return `Counts must be integers with 0 <= successes <= n and n >= 1 (got ${x}/${n}).`;
    }
  }
  return null;
}

function zFor(level: number): number {
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}

/** Wilson score interval for one proportion x/n (no continuity correction). */
export function wilsonInterval(x: number, n: number, level = 0.95): ConfidenceInterval {
  const z = zFor(level);
  const p = x / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half), level };
}

/**
 * Newcombe's (1998) hybrid score interval for pB − pA, built from the two Wilson intervals.
 * Chosen over Wald because A/B tests of prompts often have few runs and rates near 0 or 1.
 */
export function newcombeDifferenceInterval(xA: number, nA: number, xB: number, nB: number, level = 0.95): StatsResult<ConfidenceInterval> {
  const problem = countsError(xA, nA, xB, nB);
  if (problem) return { ok: false, error: { code: 'invalid-input', message: problem } };
  const pA = xA / nA;
  const pB = xB / nB;
  const a = wilsonInterval(xA, nA, level);
  const b = wilsonInterval(xB, nB, level);
  const d = pB - pA;
  return {
    ok: true,
    value: {
      lower: d - Math.sqrt((pB - b.lower) ** 2 + (a.upper - pA) ** 2),
      upper: d + Math.sqrt((b.upper - pB) ** 2 + (pA - a.lower) ** 2),
      level,
    },
  };
}

/** Unpooled Wald interval for pB − pA. */
export function waldDifferenceInterval(xA: number, nA: number, xB: number, nB: number, level = 0.95): StatsResult<ConfidenceInterval> {
  const problem = countsError(xA, nA, xB, nB);
  if (problem) return { ok: false, error: { code: 'invalid-input', message: problem } };
  const pA = xA / nA;
  const pB = xB / nB;
  const half = zFor(level) * Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  return { ok: true, value: { lower: pB - pA - half, upper: pB - pA + half, level } };
}

/**
 * Two-sided two-proportion z-test of pA = pB with the pooled standard error.
 * z is (pB − pA) / SE; when both groups are all successes or all failures SE is 0 and p is 1.
 */
export function twoProportionZTest(xA: number, nA: number, xB: number, nB: number): StatsResult<ProportionTestResult> {
  const problem = countsError(xA, nA, xB, nB);
  if (problem) return { ok: false, error: { code: 'invalid-input', message: problem } };
  const pooled = (xA + xB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  if (se === 0) return { ok: true, value: { test: 'two-proportion-z', statistic: 0, pValue: 1 } };
  const z = (xB / nB - xA / nA) / se;
  return {
    ok: true,
    value: { test: 'two-proportion-z', statistic: z, pValue: Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1)) },
  };
}

/**
 * Two-sided Fisher's exact test on the 2x2 table [[a, b], [c, d]]: the sum of the probabilities of
 * every table with the same margins that is no more likely than the observed one (R's definition,
 * with its relative tolerance of 1e-7 so tables of equal probability are not lost to rounding).
 */
export function fisherExactTest(table: readonly [readonly [number, number], readonly [number, number]]): StatsResult<ProportionTestResult> {
  const [[a, b], [c, d]] = table;
  if (![a, b, c, d].every((v) => Number.isInteger(v) && v >= 0)) {
    return { ok: false, error: { code: 'invalid-input', message: 'Table cells must be non-negative integers.' } };
  }
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  const total = row1 + row2;
  if (total === 0) return { ok: false, error: { code: 'too-few-observations', message: 'The table is empty.' } };
  // Log-space hypergeometric so large, lopsided tables (999/1000 successes) stay finite.
  const denominator = binomcoefln(total, col1);
  const logPmf = (x: number): number => binomcoefln(row1, x) + binomcoefln(row2, col1 - x) - denominator;
  const observed = logPmf(a);
  const cutoff = observed + Math.log1p(1e-7);
  let pValue = 0;
  for (let x = Math.max(0, col1 - row2); x <= Math.min(row1, col1); x++) {
    const lp = logPmf(x);
    if (lp <= cutoff) pValue += Math.exp(lp);
  }
  return { ok: true, value: { test: 'fisher-exact', statistic: a, pValue: Math.min(1, pValue) } };
}

/** True when Cochran's rule says the 2x2 table of these counts needs Fisher's exact test. */
export function needsExactTest(xA: number, nA: number, xB: number, nB: number): boolean {
  const total = nA + nB;
  if (total < FISHER_BELOW_TOTAL_N) return true;
  const successes = xA + xB;
  const failures = total - successes;
  const smallestExpected = (Math.min(nA, nB) * Math.min(successes, failures)) / total;
  return smallestExpected < FISHER_MIN_EXPECTED_COUNT;
}

/**
 * Compares the success rates xA/nA and xB/nB: Fisher's exact test when the sample is small
 * (needsExactTest), otherwise the pooled two-proportion z-test; CI for B − A by Newcombe.
 */
export function compareProportions(xA: number, nA: number, xB: number, nB: number, level = 0.95): StatsResult<ProportionComparison> {
  const exact = needsExactTest(xA, nA, xB, nB);
  const tested = exact
    ? fisherExactTest([
        [xA, nA - xA],
        [xB, nB - xB],
      ])
    : twoProportionZTest(xA, nA, xB, nB);
  if (!tested.ok) return tested;
  const ci = newcombeDifferenceInterval(xA, nA, xB, nB, level);
  const wald = waldDifferenceInterval(xA, nA, xB, nB, level);
  if (!ci.ok) return ci;
  if (!wald.ok) return wald;
  const rateA = xA / nA;
  const rateB = xB / nB;
  return {
    ok: true,
    value: { ...tested.value, rateA, rateB, difference: rateB - rateA, ci: ci.value, waldCi: wald.value },
  };
}
