import { strict as assert } from 'node:assert';
import { describeComparison } from '../../src/stats/sentences.ts';
import type { AbMetric, MetricComparison } from '../../src/stats/types.ts';

/** A comparison with a verdict, its difference (B − A) and interval as given; the rest neutral. */
function comparison(metric: AbMetric, difference: number, lower: number, upper: number, verdict: MetricComparison['verdict']): MetricComparison {
  return {
    metric,
    variantA: 'A',
    variantB: 'B',
    paired: false,
    nA: 30,
    nB: 30,
    estimateA: 0,
    estimateB: difference,
    difference,
    relativeDifference: null,
    ci: { lower, upper, level: 0.95 },
    ciMethod: null,
    bootstrapCi: null,
    test: 'welch-t',
    statistic: null,
    df: null,
    pValue: 0.01,
    adjustedPValue: null,
    betterVariant: null,
    verdict,
    skippedReason: null,
    summary: '',
  } as MetricComparison;
}

/** The numbers a sentence shows: the estimate, then the interval's bounds (signs and $ kept). */
function shown(sentence: string): { estimate: number; lower: number; upper: number } {
  const number = (text: string) => Number(text.replace(/−/g, '-').replace(/\$/g, ''));
  const match = /(?:by|=) (−?\$?[\d.]+)[^(]*\(95% CI (−?\$?[\d.]+)(?: percentage points| ms| points?)?\s*(?:–|to)\s*(−?\$?[\d.]+)/.exec(sentence);
  assert.ok(match, `no estimate and interval in: ${sentence}`);
  return { estimate: number(match[1]!), lower: number(match[2]!), upper: number(match[3]!) };
}

describe('stats: comparison sentences', () => {
  // Each row: metric, B − A, interval, verdict. Bounds sit close to the estimate, at magnitudes where
  // rounding to significant digits changes the number of decimals, across the 100 ms switch to
  // whole milliseconds, and at a cost bound tiny enough to print in exponent notation.
  const cases: [AbMetric, number, number, number, MetricComparison['verdict']][] = [
    ['latency', -99.96, -100.4, -12.3, 'a-better'],
    ['latency', 99.96, 99.95, 100.4, 'b-better'],
    ['latency', 0.1234, 0.1233, 0.9999, 'no-significant-difference'],
    ['successRate', 0.12345, 0.12344, 0.12346, 'b-better'],
    ['successRate', -0.2, -0.4333, 0.1, 'no-significant-difference'],
    ['cost', -0.000474, -0.000604, -0.000283, 'b-better'],
    ['cost', 0.00000125, 0.000000123, 0.00000999, 'no-significant-difference'],
    ['cost', 0.0009996, 0.0009995, 0.001004, 'no-significant-difference'],
    ['rating', 0.9996, 0.0123, 1.0004, 'b-better'],
  ];
  for (const [metric, difference, lower, upper, verdict] of cases) {
    it(`shows the ${metric} estimate ${difference} inside its shown interval [${lower}, ${upper}]`, () => {
      const sentence = describeComparison(comparison(metric, difference, lower, upper, verdict), false, 10);
      const { estimate, lower: low, upper: high } = shown(sentence);
      assert.ok(low <= estimate && estimate <= high, `${estimate} outside [${low}, ${high}] in: ${sentence}`);
      assert.doesNotMatch(sentence, /\de[-+]?\d/, `plain decimals, no exponent: ${sentence}`);
    });
  }

  it('writes a tiny cost bound in plain decimals (it read "$1.23e-7")', () => {
    const sentence = describeComparison(comparison('cost', 0.00000125, 0.000000123, 0.00000999, 'no-significant-difference'), false, 10);
    assert.match(sentence, /95% CI \$0\.000000123 to \$0\.00000999/);
  });
});
