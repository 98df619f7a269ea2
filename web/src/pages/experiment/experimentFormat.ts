/** Live experiment results in words: metric names, values in their units, verdicts and statuses. */

/** `errorRate`, `latencyMs`, `costUsd` or `score:<name>` as people read it. */
export function metricName(metric: string): string {
  if (metric === 'errorRate') return 'Error rate';
  if (metric === 'latencyMs') return 'Latency';
  if (metric === 'costUsd') return 'Cost per generation';
  return metric.startsWith('score:') ? `Score “${metric.slice('score:'.length)}”` : metric;
}

/** How a number is shown: a value, a signed difference, or a guardrail threshold (an unsigned difference). */
export type ValueStyle = 'value' | 'difference' | 'threshold';

/** The size of a value in its unit (rates as percent, or points for differences and thresholds), and whether it shows as zero. */
function magnitude(metric: string, size: number, points: boolean): { text: string; zero: boolean } {
  if (metric === 'errorRate') {
    const shown = (size * 100).toFixed(1);
    return { text: `${shown}${points ? ' pts' : '%'}`, zero: Number(shown) === 0 };
  }
  if (metric === 'latencyMs') return { text: `${Math.round(size)} ms`, zero: Math.round(size) === 0 };
  if (metric === 'costUsd') return { text: `$${size.toPrecision(3)}`, zero: size === 0 };
  return { text: size.toFixed(2), zero: Number(size.toFixed(2)) === 0 };
}

/** A value of `metric` in its unit; a difference has its sign (± when it shows as zero), rates as points. */
export function formatValue(metric: string, value: number | null | undefined, style: ValueStyle = 'value'): string {
  if (value === null || value === undefined) return '—';
  const { text, zero } = magnitude(metric, style === 'value' ? value : Math.abs(value), style !== 'value');
  if (style !== 'difference') return text;
  return `${zero ? '±' : value > 0 ? '+' : '−'}${text}`;
}

/** An interval of differences, e.g. "+12 ms to +80 ms". */
export function formatInterval(metric: string, interval: { lower: number; upper: number } | null): string {
  return interval ? `${formatValue(metric, interval.lower, 'difference')} to ${formatValue(metric, interval.upper, 'difference')}` : '—';
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
