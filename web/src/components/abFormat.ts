/** Names and numbers of A/B results for people: metric names in words, and estimates rounded as their intervals are. */

export const METRIC_NAMES: Record<string, string> = { successRate: 'Success rate', latency: 'Latency', cost: 'Cost per run', rating: 'Rating' };

export function metricName(metric: string): string {
  return METRIC_NAMES[metric] ?? metric;
}

/** Formats a value of `metric`; the same function formats an estimate and its interval, so they agree. */
export function formatMetric(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (metric === 'successRate') return `${(value * 100).toFixed(1)}%`;
  if (metric === 'latency') return `${Math.round(value)} ms`;
  if (metric === 'cost') return `$${value.toPrecision(3)}`;
  return value.toFixed(2);
}

/** A difference B − A of `metric` (percentage points for rates). */
export function formatDifference(metric: string, value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const sign = value > 0 ? '+' : value < 0 ? '−' : '±';
  const size = Math.abs(value);
  if (metric === 'successRate') return `${sign}${(size * 100).toFixed(1)} pts`;
  return `${sign}${formatMetric(metric, size)}`;
}

export const VERDICTS: Record<string, string> = {
  'a-better': 'A is better',
  'b-better': 'B is better',
  'no-significant-difference': 'No significant difference',
  'insufficient-data': 'Not enough data yet',
};
