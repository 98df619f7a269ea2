/**
 * Welch's t-test for two independent samples (latency, cost, rating), by @stdlib/stats-ttest2:
 * a maintained implementation whose defaults are Welch (unequal variances) with the
 * Welch–Satterthwaite degrees of freedom and a t-based CI, matching R's t.test.
 */
import ttest2 from '@stdlib/stats-ttest2';
import { mean } from 'simple-statistics';
import type { ConfidenceInterval, StatsResult } from './types.ts';

/** Welch's t-test of mean(B) = mean(A). Every figure is oriented as B − A. */
export interface WelchResult {
  test: 'welch-t';
  meanA: number;
  meanB: number;
  difference: number;
  t: number;
  df: number;
  pValue: number;
  ci: ConfidenceInterval;
}

/**
 * Two-sided Welch's t-test comparing samples a and b, with a `level` CI for mean(b) − mean(a).
 * Needs two finite values per sample. When both samples are constant the t statistic is undefined:
 * equal constants give p = 1, different constants p = 0 (the difference is certain), CI a point.
 */
export function welchTTest(a: readonly number[], b: readonly number[], level = 0.95): StatsResult<WelchResult> {
  if (a.length < 2 || b.length < 2) {
    return {
      ok: false,
      error: { code: 'too-few-observations', message: `Welch's t-test needs at least 2 values per sample (got ${a.length} and ${b.length}).` },
    };
  }
  if (![...a, ...b].every(Number.isFinite)) {
    return { ok: false, error: { code: 'invalid-input', message: 'Samples must contain only finite numbers.' } };
  }
  const meanA = mean([...a]);
  const meanB = mean([...b]);
  const difference = meanB - meanA;
  if (isConstant(a) && isConstant(b)) {
    return {
      ok: true,
      value: {
        test: 'welch-t',
        meanA,
        meanB,
        difference,
        t: difference === 0 ? 0 : Math.sign(difference) * Infinity,
        df: a.length + b.length - 2,
        pValue: difference === 0 ? 1 : 0,
        ci: { lower: difference, upper: difference, level },
      },
    };
  }
  try {
    // stdlib tests x − y, so pass (b, a) to get B − A directly.
    const r = ttest2([...b], [...a], { alpha: 1 - level, variance: 'unequal' });
    const [lower, upper] = r.ci;
    return {
      ok: true,
      value: {
        test: 'welch-t',
        meanA,
        meanB,
        difference,
        t: r.statistic,
        df: r.df,
        pValue: r.pValue,
        ci: { lower: lower ?? NaN, upper: upper ?? NaN, level },
      },
    };
  } catch (err) {
    return { ok: false, error: { code: 'library-error', message: `Welch's t-test failed: ${(err as Error).message}` } };
  }
}

function isConstant(xs: readonly number[]): boolean {
  return xs.every((x) => x === xs[0]);
}
