/**
 * Holm–Bonferroni step-down adjustment, by @stdlib/stats-padjust (maintained, matches R's
 * p.adjust(method = "holm")). Controls the family-wise error rate without Bonferroni's loss of power.
 */
import padjust from '@stdlib/stats-padjust';

/**
 * Holm-adjusted p-values, in the order given. A p-value that is not a probability (NaN, out of
 * range) is treated as 1, so one broken test cannot make another look significant.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  if (pValues.length === 0) return [];
  const clean = pValues.map((p) => (Number.isFinite(p) && p >= 0 && p <= 1 ? p : 1));
  return padjust(clean, 'holm');
}
