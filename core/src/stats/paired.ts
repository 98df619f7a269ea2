/**
 * Paired tests, for when both variants ran the same inputs: McNemar's test on success and the
 * Wilcoxon signed-rank test on latency, cost and rating.
 *
 * Libraries: @stdlib/stats-binomial-test gives McNemar's exact form (a binomial test of the
 * discordant pairs), @stdlib/stats-base-dists-chisquare-cdf its chi-square form, and
 * @stdlib/stats-wilcoxon the signed-rank test, which already follows R's wilcox.test: exact
 * null distribution for n <= 50 without ties or zeros, else the normal approximation with tie
 * and continuity corrections.
 */
import binomialTest from '@stdlib/stats-binomial-test';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import wilcoxon from '@stdlib/stats-wilcoxon';
import type { ConfidenceInterval, StatsResult } from './types.ts';

/** Below this many discordant pairs McNemar uses the exact binomial test (the usual b + c < 25 rule). */
export const MCNEMAR_EXACT_BELOW_DISCORDANT = 25;
/** Largest number of non-zero differences for which the exact signed-rank distribution is used (as in R). */
export const WILCOXON_EXACT_MAX_N = 50;

/** The four cells of a paired success table: both succeeded, only A, only B, neither. */
export interface PairedSuccessCounts {
  bothSucceeded: number;
  onlyA: number;
  onlyB: number;
  neither: number;
}

/** McNemar's test result, with the paired difference in success rate (B − A). */
export interface McNemarResult {
  test: 'mcnemar-exact' | 'mcnemar-chi-square';
  /** Chi-square statistic, or for the exact form the smaller discordant count. */
  statistic: number;
  df: number | null;
  pValue: number;
  difference: number;
  /** Agresti–Min (2005) interval: Wald on the table with 0.5 added to each cell, sound at small n. */
  ci: ConfidenceInterval;
}

/** Options of McNemar's test. */
export interface McNemarOptions {
  level?: number;
  /** Force the exact or the chi-square form; by default exact below MCNEMAR_EXACT_BELOW_DISCORDANT. */
  method?: 'exact' | 'chi-square';
  /** Edwards' continuity correction for the chi-square form (default true, as in R's mcnemar.test). */
  continuityCorrection?: boolean;
}

/** Two-sided McNemar test that A and B succeed equally often on the same inputs. */
export function mcnemarTest(counts: PairedSuccessCounts, options: McNemarOptions = {}): StatsResult<McNemarResult> {
  const { bothSucceeded, onlyA: b, onlyB: c, neither } = counts;
  if (![bothSucceeded, b, c, neither].every((v) => Number.isInteger(v) && v >= 0)) {
    return { ok: false, error: { code: 'invalid-input', message: 'Paired counts must be non-negative integers.' } };
  }
  const n = bothSucceeded + b + c + neither;
  if (n === 0) return { ok: false, error: { code: 'too-few-observations', message: 'No pairs to compare.' } };
  const level = options.level ?? 0.95;
  const discordant = b + c;
  const exact = options.method ? options.method === 'exact' : discordant < MCNEMAR_EXACT_BELOW_DISCORDANT;
  const ci = agrestiMinInterval(counts, level);
  const difference = (c - b) / n;
  if (discordant === 0) {
    return { ok: true, value: { test: exact ? 'mcnemar-exact' : 'mcnemar-chi-square', statistic: 0, df: exact ? null : 1, pValue: 1, difference, ci } };
  }
  if (exact) {
    try {
      const r = binomialTest(Math.min(b, c), discordant, { p: 0.5 });
      return { ok: true, value: { test: 'mcnemar-exact', statistic: Math.min(b, c), df: null, pValue: Math.min(1, r.pValue), difference, ci } };
    } catch (err) {
      return { ok: false, error: { code: 'library-error', message: `McNemar exact test failed: ${(err as Error).message}` } };
    }
  }
  const correction = (options.continuityCorrection ?? true) ? 1 : 0;
  const statistic = Math.max(0, Math.abs(b - c) - correction) ** 2 / discordant;
  return { ok: true, value: { test: 'mcnemar-chi-square', statistic, df: 1, pValue: 1 - chisquareCdf(statistic, 1), difference, ci } };
}

function agrestiMinInterval(counts: PairedSuccessCounts, level: number): ConfidenceInterval {
  const n = counts.bothSucceeded + counts.onlyA + counts.onlyB + counts.neither + 2;
  const pOnlyA = (counts.onlyA + 0.5) / n;
  const pOnlyB = (counts.onlyB + 0.5) / n;
  const d = pOnlyB - pOnlyA;
  const se = Math.sqrt((pOnlyA + pOnlyB - d * d) / n);
  const z = normalQuantile(1 - (1 - level) / 2, 0, 1);
  return { lower: Math.max(-1, d - z * se), upper: Math.min(1, d + z * se), level };
}

/** Wilcoxon signed-rank result on the paired differences B − A. */
export interface WilcoxonResult {
  test: 'wilcoxon-signed-rank-exact' | 'wilcoxon-signed-rank-normal';
  /** V (R's name): the sum of the ranks of the positive differences B − A. */
  statistic: number;
  /** W: the sum of signed ranks, V minus the sum of the ranks of the negative differences. */
  signedRankSum: number;
  /** Non-zero differences, the n the test uses (zeros are dropped, Wilcoxon's method). */
  nonZero: number;
  pValue: number;
}

/** Two-sided Wilcoxon signed-rank test of the paired samples a[i], b[i] (differences b − a). */
export function wilcoxonSignedRankTest(a: readonly number[], b: readonly number[]): StatsResult<WilcoxonResult> {
  if (a.length !== b.length) {
    return { ok: false, error: { code: 'invalid-input', message: `Paired samples must have equal lengths (got ${a.length} and ${b.length}).` } };
  }
  if (![...a, ...b].every(Number.isFinite)) {
    return { ok: false, error: { code: 'invalid-input', message: 'Samples must contain only finite numbers.' } };
  }
  const differences = b.map((y, i) => y - a[i]!);
  const nonZero = differences.filter((d) => d !== 0);
  const n = nonZero.length;
  if (a.length < 2 || n === 0) {
    if (a.length === 0) return { ok: false, error: { code: 'too-few-observations', message: 'No pairs to compare.' } };
    // No pair differs (or only one pair exists): no evidence of any shift.
    return { ok: true, value: { test: 'wilcoxon-signed-rank-exact', statistic: 0, signedRankSum: 0, nonZero: n, pValue: 1 } };
  }
  const magnitudes = nonZero.map(Math.abs);
  const exact = n <= WILCOXON_EXACT_MAX_N && n === differences.length && new Set(magnitudes).size === n;
  try {
    const r = wilcoxon([...b], [...a], { correction: true, zeroMethod: 'wilcox' });
    return {
      ok: true,
      value: {
        test: exact ? 'wilcoxon-signed-rank-exact' : 'wilcoxon-signed-rank-normal',
        statistic: r.statistic,
        signedRankSum: 2 * r.statistic - (n * (n + 1)) / 2,
        nonZero: n,
        pValue: Math.min(1, r.pValue),
      },
    };
  } catch (err) {
    return { ok: false, error: { code: 'library-error', message: `Wilcoxon signed-rank test failed: ${(err as Error).message}` } };
  }
}
