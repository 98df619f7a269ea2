/**
 * One plain sentence per comparison, the same wherever results are shown (CodeLens, web, CLI):
 * "v2 is worse than v1 on latency by 50 ms (always-valid p = 0.003)".
 */
import { SCORE_METRIC_PREFIX } from './experimentResultsQuery.ts';

/** What the sentence is built from (a comparison before its summary is added). */
export interface SummaryInput {
  versionNumber: number;
  metric: string;
  nControl: number;
  nTreatment: number;
  difference: number | null;
  pValue: number;
  verdict: 'insufficient-data' | 'no-difference-yet' | 'better' | 'worse';
}

function metricLabel(metric: string): string {
  if (metric === 'errorRate') return 'error rate';
  if (metric === 'latencyMs') return 'latency';
  if (metric === 'costUsd') return 'cost';
  return `score '${metric.slice(SCORE_METRIC_PREFIX.length)}'`;
}

function amount(metric: string, difference: number): string {
  const size = Math.abs(difference);
  if (metric === 'errorRate') return `${(size * 100).toFixed(1)} points`;
  if (metric === 'latencyMs') return `${Math.round(size)} ms`;
  if (metric === 'costUsd') return `$${size.toPrecision(2)}`;
  return size.toPrecision(2);
}

const pText = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toPrecision(2)}`);

/** The sentence for one comparison of treatment `v<versionNumber>` with the control `v<controlNumber>`. */
export function summarizeComparison(c: SummaryInput, controlNumber: number, minSamplePerArm: number): string {
  const arms = `v${c.versionNumber}`;
  const what = metricLabel(c.metric);
  if (c.verdict === 'insufficient-data') {
    return `${arms} vs v${controlNumber} on ${what}: not enough data yet (${Math.min(c.nControl, c.nTreatment)} of ${minSamplePerArm} per arm)`;
  }
  if (c.verdict === 'no-difference-yet') return `${arms} vs v${controlNumber} on ${what}: no difference yet (always-valid ${pText(c.pValue)})`;
  return `${arms} is ${c.verdict} than v${controlNumber} on ${what} by ${amount(c.metric, c.difference ?? 0)} (always-valid ${pText(c.pValue)})`;
}
