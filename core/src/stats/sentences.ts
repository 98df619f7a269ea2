/**
 * Plain-English sentences for comparisons, e.g.
 * "B is faster by 120 ms (95% CI 80–160 ms, p = 0.002, Welch's t-test)".
 * Numbers are rounded for reading; the exact figures stay in the comparison object.
 */
import { STAT_TEST_LABELS, type AbMetric, type ConfidenceInterval, type MetricComparison } from './types.ts';

const METRIC_NAMES: Readonly<Record<AbMetric, string>> = {
  successRate: 'success rate',
  schemaValidRate: 'schema-valid rate',
  latency: 'latency',
  cost: 'cost',
  rating: 'rating',
};

/** The human name of a metric ("success rate", "latency", ...). */
export function metricName(metric: AbMetric): string {
  return METRIC_NAMES[metric];
}

/** Whether a larger value of the metric is the better one. */
export function higherIsBetter(metric: AbMetric): boolean {
  return metric === 'successRate' || metric === 'schemaValidRate' || metric === 'rating';
}

/**
 * `x` to `digits` significant digits, in plain decimals: `String(Number(...))` wrote a tiny cost
 * bound as `1.2e-7`. Rounding to significant digits keeps order, so an estimate inside its
 * interval stays inside once both are shown.
 */
function plain(x: number, digits: number): string {
  if (x === 0) return '0';
  const abs = Math.abs(x);
  const text = abs >= 10 ** digits ? x.toFixed(0) : x.toLocaleString('en-US', { maximumSignificantDigits: digits, useGrouping: false });
  return text.replace(/^-/, '−');
}

/** A value in the metric's unit, without the unit. */
function amount(metric: AbMetric, x: number): string {
  if (metric === 'successRate' || metric === 'schemaValidRate') return plain(Number((x * 100).toFixed(1)), 3);
  if (metric === 'latency') return Math.abs(x) >= 100 ? plain(Math.round(x), 1) : plain(x, 3);
  return plain(x, 3);
}

function withUnit(metric: AbMetric, text: string): string {
  if (metric === 'successRate' || metric === 'schemaValidRate') return `${text} percentage points`;
  if (metric === 'latency') return `${text} ms`;
  if (metric === 'cost') return text.startsWith('−') ? `−$${text.slice(1)}` : `$${text}`;
  return text === '1' ? `${text} point` : `${text} points`;
}

function formatCi(metric: AbMetric, ci: ConfidenceInterval): string {
  const level = `${plain(ci.level * 100, 3)}% CI`;
  const lo = amount(metric, ci.lower);
  const hi = amount(metric, ci.upper);
  if (metric === 'cost') return `${level} ${withUnit(metric, lo)} to ${withUnit(metric, hi)}`;
  // An en dash between two negative numbers reads badly; "to" is unambiguous.
  const sep = ci.lower < 0 || ci.upper < 0 ? ' to ' : '–';
  return `${level} ${withUnit(metric, `${lo}${sep}${hi}`)}`;
}

function formatP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${String(Number(p.toPrecision(2)))}`;
}

function evidence(c: MetricComparison, ci: ConfidenceInterval | null, showAdjusted: boolean): string {
  const parts: string[] = [];
  if (ci) parts.push(formatCi(c.metric, ci));
  if (c.pValue !== null) parts.push(`p ${formatP(c.pValue)}`);
  if (showAdjusted && c.adjustedPValue !== null) parts.push(`Holm-adjusted p ${formatP(c.adjustedPValue)}`);
  if (c.test) parts.push(STAT_TEST_LABELS[c.test] + (c.paired ? ', paired by input' : ''));
  return parts.length ? ` (${parts.join(', ')})` : '';
}

const BETTER_PHRASES: Readonly<Record<AbMetric, string>> = {
  successRate: 'has a higher success rate by',
  schemaValidRate: 'has a higher schema-valid rate by',
  latency: 'is faster by',
  cost: 'is cheaper by',
  rating: 'is rated higher by',
};

/**
 * The sentence for one comparison whose verdict is set. `showAdjusted` adds the Holm-adjusted
 * p-value (worth saying only when the analysis ran more than one test).
 */
export function describeComparison(c: MetricComparison, showAdjusted: boolean, minSample: number): string {
  const name = metricName(c.metric);
  if (c.verdict === 'insufficient-data') {
    const unit = c.paired ? 'pairs' : c.metric === 'rating' ? 'rated runs' : 'runs';
    if (c.nA >= minSample && c.nB >= minSample) {
      return `No verdict on ${name} between ${c.variantA} and ${c.variantB}: ${c.skippedReason ?? 'the test could not be computed'}.`;
    }
    return (
      `Not enough data to compare ${name} yet: ${c.variantA} has ${c.nA} ${unit} and ${c.variantB} has ${c.nB}; ` + `at least ${minSample} each are needed.`
    );
  }
  if (c.verdict === 'no-significant-difference' || c.difference === null) {
    const diff = c.difference === null ? '' : `: ${c.variantB} − ${c.variantA} = ${withUnit(c.metric, amount(c.metric, c.difference))}`;
    return `No significant difference in ${name} between ${c.variantA} and ${c.variantB}${diff}${evidence(c, c.ci, showAdjusted)}.`;
  }
  const winner = c.verdict === 'b-better' ? c.variantB : c.variantA;
  // The improvement is B − A when B wins on a higher-is-better metric, and so on; flip the CI to match.
  const flip = (c.verdict === 'b-better') !== higherIsBetter(c.metric);
  const gain = flip ? -c.difference : c.difference;
  const ci = c.ci && (flip ? { lower: -c.ci.upper, upper: -c.ci.lower, level: c.ci.level } : c.ci);
  if (gain <= 0) {
    // Possible with a rank test: the typical pair favours the winner while the mean does not.
    return (
      `${winner} tends to have the better ${name} (${c.test ? STAT_TEST_LABELS[c.test] : 'test'}), ` +
      `though its mean differs by ${withUnit(c.metric, amount(c.metric, gain))}${evidence(c, ci, showAdjusted)}.`
    );
  }
  return `${winner} ${BETTER_PHRASES[c.metric]} ${withUnit(c.metric, amount(c.metric, gain))}${evidence(c, ci, showAdjusted)}.`;
}
