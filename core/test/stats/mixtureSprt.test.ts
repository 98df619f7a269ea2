import { strict as assert } from 'node:assert';
import {
  compareSequential,
  confidenceSequenceAt,
  confidenceSequenceHalfWidth,
  INITIAL_SEQUENTIAL_STATE,
  mixtureLikelihoodRatio,
  mixturePValue,
  nextSequentialState,
  sampleVariance,
  type SufficientStatistics,
} from '../../src/stats/index.ts';
import { welchFromSums, proportionsFromSums } from '../../src/stats/fixedHorizon.ts';
import { assertClose, ok } from './close.ts';

/** Sufficient statistics of raw values, as SQL's count(x), sum(x), sum(x * x) give them. */
function sums(values: readonly number[]): SufficientStatistics {
  return { n: values.length, sum: values.reduce((s, x) => s + x, 0), sumOfSquares: values.reduce((s, x) => s + x * x, 0) };
}

/** Sufficient statistics of a rate: `events` ones among `n` outcomes. */
function rate(events: number, n: number): SufficientStatistics {
  return { n, sum: events, sumOfSquares: events };
}

const normalPdf = (x: number, mean: number, variance: number): number => Math.exp(-((x - mean) ** 2) / (2 * variance)) / Math.sqrt(2 * Math.PI * variance);

/**
 * The mSPRT's definition: the likelihood ratio of the observed difference under theta against
 * theta0, averaged over theta ~ N(theta0, tau^2), by Simpson's rule over ±12 tau.
 */
function mixtureByIntegration(delta: number, variance: number, tau: number, theta0 = 0): number {
  const steps = 20000;
  const from = theta0 - 12 * tau;
  const h = (24 * tau) / steps;
  const f = (theta: number): number => (normalPdf(delta, theta, variance) / normalPdf(delta, theta0, variance)) * normalPdf(theta, theta0, tau * tau);
  let total = f(from) + f(from + steps * h);
  for (let i = 1; i < steps; i++) total += (i % 2 === 1 ? 4 : 2) * f(from + i * h);
  return (total * h) / 3;
}

describe('stats: mixture SPRT (always-valid p-values and confidence sequences)', () => {
  it('gives the closed form of the normal mixture: V = 1, tau = 1, delta = 2 -> Lambda = e / sqrt(2)', () => {
    // Lambda = sqrt(1/2) * exp(1 * 4 / (2 * 1 * 2)) = e / sqrt(2) = 1.92211551...
    assertClose(mixtureLikelihoodRatio(2, 1, 1), Math.E / Math.SQRT2, 1e-12, 'Lambda');
    assertClose(mixturePValue(2, 1, 1), 0.5202600950228888, 1e-12, '1 / Lambda');
  });

  const cases = [
    { delta: 0.3, variance: 0.01, tau: 0.2, theta0: 0 },
    { delta: -1.5, variance: 0.4, tau: 1, theta0: 0 },
    { delta: 12, variance: 9, tau: 5, theta0: 2 },
    { delta: 0.002, variance: 1e-4, tau: 0.05, theta0: 0 },
  ];
  for (const c of cases) {
    it(`equals the mixture integral of the likelihood ratio it is defined by (delta ${c.delta}, V ${c.variance}, tau ${c.tau}, theta0 ${c.theta0})`, () => {
      const closed = mixtureLikelihoodRatio(c.delta, c.variance, c.tau, c.theta0);
      const integrated = mixtureByIntegration(c.delta, c.variance, c.tau, c.theta0);
      assert.ok(Math.abs(closed - integrated) <= 1e-7 * Math.max(1, closed), `${closed} vs ${integrated}`);
    });
  }

  it('has a confidence sequence of half-width sqrt(V (V + tau^2) / tau^2 (log((V + tau^2) / V) - 2 log alpha))', () => {
    // V = 1, tau = 1, alpha = 0.05: sqrt(2 * (log 2 + 2 log 20)) = 3.65639487...
    assertClose(confidenceSequenceHalfWidth(1, 1, 0.05), 3.6563948713638483, 1e-12, 'half-width');
  });

  it('puts the confidence sequence exactly where Lambda(theta0) reaches 1 / alpha (it is the inverted test)', () => {
    for (const c of cases) {
      const alpha = 0.05;
      const ci = confidenceSequenceAt(c.delta, c.variance, c.tau, alpha);
      for (const edge of [ci.lower, ci.upper]) {
        assertClose(mixtureLikelihoodRatio(c.delta, c.variance, c.tau, edge), 1 / alpha, 1e-8, `Lambda at ${edge}`);
      }
      assert.ok(mixtureLikelihoodRatio(c.delta, c.variance, c.tau, c.delta) < 1 / alpha, 'the estimate itself is inside');
    }
  });

  it('keeps the running minimum p-value and intersects the intervals across looks', () => {
    let state = nextSequentialState(INITIAL_SEQUENTIAL_STATE, 0.4, { lower: -2, upper: 3, level: 0.95 });
    state = nextSequentialState(state, 0.7, { lower: -1, upper: 4, level: 0.95 });
    assert.deepEqual(state, { pValue: 0.4, lower: -1, upper: 3 });
    // An interval disjoint from the running one replaces it rather than leaving lower > upper.
    state = nextSequentialState(state, 0.01, { lower: 5, upper: 6, level: 0.95 });
    assert.deepEqual(state, { pValue: 0.01, lower: 5, upper: 6 });
  });

  it('compares error rates with Bernoulli variances: 30 vs 60 errors in 1000 each is always-valid p = 0.0381, worse', () => {
    // By hand (smoothed rates 31/1002 and 61/1002, tau = 0.25 pooled SD): V = 8.7153e-5,
    // tau = 0.0521875, 1/Lambda = 0.0381409, CS = 0.03 ± 0.0291770.
    const r = ok(compareSequential(rate(30, 1000), rate(60, 1000), { kind: 'proportion', higherIsBetter: false }));
    assertClose(r.variance, 8.71530392309194e-5, 1e-15, 'V');
    assertClose(r.tau, 0.05218747432062823, 1e-12, 'tau');
    assertClose(r.pValue, 0.03814087216624072, 1e-10, 'always-valid p');
    assertClose(r.confidenceSequence?.lower, 0.0008229737124350323, 1e-10, 'CS lower');
    assertClose(r.confidenceSequence?.upper, 0.059177026287564966, 1e-10, 'CS upper');
    assert.equal(r.verdict, 'worse');
    // The fixed-horizon z-test is far more confident (and is only valid when read once).
    assert.equal(r.fixedHorizon?.test, 'two-proportion-z');
    assert.ok(r.fixedHorizon!.pValue < 0.002, `z-test p ${r.fixedHorizon!.pValue}`);
    const z = ok(proportionsFromSums(rate(30, 1000), rate(60, 1000)));
    assert.equal(r.fixedHorizon?.pValue, z.pValue);
  });

  it('calls a higher score better and a higher latency worse', () => {
    const low = sums(Array.from({ length: 200 }, (_, i) => 100 + (i % 10)));
    const high = sums(Array.from({ length: 200 }, (_, i) => 130 + (i % 10)));
    assert.equal(ok(compareSequential(low, high, { kind: 'mean', higherIsBetter: true })).verdict, 'better');
    assert.equal(ok(compareSequential(low, high, { kind: 'mean', higherIsBetter: false })).verdict, 'worse');
    assert.equal(ok(compareSequential(high, low, { kind: 'mean', higherIsBetter: false })).verdict, 'better');
  });

  it('gives no verdict and does not move the running state below the minimum sample per arm', () => {
    const r = ok(compareSequential(rate(0, 20), rate(20, 20), { kind: 'proportion', higherIsBetter: false, minSamplePerArm: 50 }));
    assert.equal(r.verdict, 'insufficient-data');
    assert.equal(r.counted, false);
    assert.equal(r.pValue, 1);
    assert.equal(r.confidenceSequence, null);
    assert.ok(r.fixedHorizon, 'the fixed-horizon test is still shown');
  });

  it('says no difference yet when the arms are alike, and keeps an earlier always-valid p', () => {
    const r = ok(compareSequential(rate(50, 1000), rate(52, 1000), { kind: 'proportion', higherIsBetter: false }));
    assert.equal(r.verdict, 'no-difference-yet');
    assert.ok(r.pValue > 0.5);
    const kept = ok(
      compareSequential(rate(50, 1000), rate(52, 1000), { kind: 'proportion', higherIsBetter: false, previous: { pValue: 0.2, lower: -0.01, upper: 0.02 } }),
    );
    assert.equal(kept.pValue, 0.2);
    assert.ok(kept.confidenceSequence!.lower >= -0.01 && kept.confidenceSequence!.upper <= 0.02);
  });

  it('reads constant values as no spread: no interval from rounding, and a tight real spread is kept', () => {
    const cost = sums(Array.from({ length: 180 }, () => 0.0000045));
    assert.equal(sampleVariance(cost), 0);
    const r = ok(compareSequential(cost, cost, { kind: 'mean', higherIsBetter: false }));
    assert.equal(r.variance, 0);
    assert.equal(r.counted, false);
    assert.equal(r.confidenceSequence, null);
    assert.deepEqual(ok(welchFromSums(cost, cost)).ci, { lower: 0, upper: 0, level: 0.95 });
    // Costs a hundredth of a percent apart keep their variance: (4.5e-10)^2 / 3, to five digits.
    const tight = [0.0000045, 0.00000450045, 0.0000045, 0.00000450045];
    assertClose(sampleVariance(sums(tight)), 6.75e-20, 6.75e-25);
  });

  it('refuses bad input as data, not a throw', () => {
    const bad = compareSequential(rate(5, 10), rate(11, 10), { kind: 'proportion', higherIsBetter: false });
    assert.equal(bad.ok, false);
    const alpha = compareSequential(rate(5, 10), rate(5, 10), { kind: 'proportion', higherIsBetter: false, alpha: 1.5 });
    assert.equal(alpha.ok, false);
  });
});

describe("stats: Welch's t-test from sufficient statistics", () => {
  // Student's sleep data (Cushny & Peebles 1905), as in means.test.ts.
  const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
  const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

  it("matches R's documented t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p = 0.07939", () => {
    const r = ok(welchFromSums(sums(drug2), sums(drug1)));
    assertClose(r.statistic, -1.8608, 5e-5, 't');
    assertClose(r.df, 17.776, 5e-4, 'df');
    assertClose(r.pValue, 0.07939, 5e-6, 'p');
    assertClose(r.ci.lower, -3.3654832, 5e-7, 'CI lower');
    assertClose(r.ci.upper, 0.2054832, 5e-7, 'CI upper');
  });
});
