/**
 * The fixed-horizon tests reported beside the sequential ones, from sufficient statistics: Welch's
 * t-test for means (the same test as welchTTest, which needs the raw values) and, for rates, the
 * pooled two-proportion z-test with Newcombe's interval (proportions.ts). Their p-values are valid
 * only when read once at a sample size fixed in advance; peeking at them inflates false positives.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { meanOf, sampleVariance, type SequentialMetricKind, type SufficientStatistics } from './mixtureSprt.ts';
import { newcombeDifferenceInterval, twoProportionZTest } from './proportions.ts';
import type { ConfidenceInterval, StatsResult } from './types.ts';

/** One fixed-horizon comparison of treatment − control. */
export interface FixedHorizonResult {
  test: 'welch-t' | 'two-proportion-z';
  statistic: number;
  /** Welch–Satterthwaite degrees of freedom (Welch only). */
  df: number | null;
  pValue: number;
  ci: ConfidenceInterval;
}

/**
 * Welch's t-test of mean(B) = mean(A) from sufficient statistics, with a `level` CI for B − A:
 * t = (mean_B − mean_A) / sqrt(s_A^2/n_A + s_B^2/n_B), df by Welch–Satterthwaite.
 */
export function welchFromSums(a: SufficientStatistics, b: SufficientStatistics, level = 0.95): StatsResult<FixedHorizonResult> {
  if (a.n < 2 || b.n < 2) {
    return { ok: false, error: { code: 'too-few-observations', message: `Welch's t-test needs at least 2 values per arm (got ${a.n} and ${b.n}).` } };
  }
  const va = sampleVariance(a) / a.n;
  const vb = sampleVariance(b) / b.n;
  const difference = meanOf(b) - meanOf(a);
  const se = Math.sqrt(va + vb);
  if (se === 0) {
    // Both arms constant: the difference is certain.
    return {
      ok: true,
      value: {
        test: 'welch-t',
        statistic: difference === 0 ? 0 : Math.sign(difference) * Infinity,
        df: a.n + b.n - 2,
        pValue: difference === 0 ? 1 : 0,
        ci: { lower: difference, upper: difference, level },
      },
    };
  }
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = difference / se;
  const half = tQuantile(1 - (1 - level) / 2, df) * se;
  return {
    ok: true,
    value: {
      test: 'welch-t',
      statistic: t,
      df,
      pValue: Math.min(1, 2 * tCdf(-Math.abs(t), df)),
      ci: { lower: difference - half, upper: difference + half, level },
    },
  };
}

/** The pooled two-proportion z-test of rate_B = rate_A with Newcombe's `level` interval for B − A. */
export function proportionsFromSums(a: SufficientStatistics, b: SufficientStatistics, level = 0.95): StatsResult<FixedHorizonResult> {
  const z = twoProportionZTest(a.sum, a.n, b.sum, b.n);
  if (!z.ok) return z;
  const ci = newcombeDifferenceInterval(a.sum, a.n, b.sum, b.n, level);
  if (!ci.ok) return ci;
  return { ok: true, value: { test: 'two-proportion-z', statistic: z.value.statistic, df: null, pValue: z.value.pValue, ci: ci.value } };
}

/** The fixed-horizon test for the metric's kind. */
export function fixedHorizonTest(
  kind: SequentialMetricKind,
  control: SufficientStatistics,
  treatment: SufficientStatistics,
  level = 0.95,
): StatsResult<FixedHorizonResult> {
  return kind === 'proportion' ? proportionsFromSums(control, treatment, level) : welchFromSums(control, treatment, level);
}
