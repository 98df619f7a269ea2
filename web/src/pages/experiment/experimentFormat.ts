/** Live experiment results in words: metric names, values in their units, verdicts and statuses. */

/** `errorRate`, `latencyMs`, `costUsd` or `score:<name>` as people read it. */
export function metricName(metric: string): string {
  if (metric === 'errorRate') return 'Error rate';
  if (metric === 'latencyMs') return 'Latency';
  if (metric === 'costUsd') return 'Cost per generation';
  return metric.startsWith('score:') ? `Score “${metric.slice('score:'.length)}”` : metric;
}

/** A value of `metric` in its unit (a difference too: `signed` adds its sign; rates are then points). */
export function formatValue(metric: string, value: number | null | undefined, signed = false): string {
  if (value === null || value === undefined) return '—';
  const sign = !signed ? '' : value > 0 ? '+' : value < 0 ? '−' : '±';
  const size = signed ? Math.abs(value) : value;
  if (metric === 'errorRate') return `${sign}${(size * 100).toFixed(1)}${signed ? ' pts' : '%'}`;
  if (metric === 'latencyMs') return `${sign}${Math.round(size)} ms`;
  if (metric === 'costUsd') return `${sign}$${size.toPrecision(3)}`;
  return `${sign}${size.toFixed(2)}`;
}

/** An interval of differences, e.g. "+12 ms to +80 ms". */
export function formatInterval(metric: string, interval: { lower: number; upper: number } | null): string {
  return interval ? `${formatValue(metric, interval.lower, true)} to ${formatValue(metric, interval.upper, true)}` : '—';
}

export function formatP(p: number | null | undefined): string {
  if (p === null || p === undefined) return '—';
  return p < 0.001 ? '< 0.001' : p.toFixed(3);
}

export const VERDICTS: Record<string, string> = {
  'insufficient-data': 'Not enough data yet',
  'no-difference-yet': 'No difference yet',
  better: 'Better',
  worse: 'Worse',
};

/** Running, or how it ended: "Stopped (guardrail:latency)", "Promoted v2". */
export function experimentStatus(experiment: { status: string; endReason: string | null; winnerVersion?: number | null }): string {
  if (experiment.status === 'RUNNING') return 'Running';
  if (experiment.status === 'PROMOTED') return experiment.winnerVersion ? `Promoted v${experiment.winnerVersion}` : 'Promoted';
  return `Stopped${experiment.endReason ? ` (${experiment.endReason})` : ''}`;
}
