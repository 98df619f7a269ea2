import { strict as assert } from 'node:assert';
import { analyzeAbTest, MIN_SAMPLE_PER_VARIANT } from '../../src/stats/analyzeAbTest.ts';
import type { AbMetric, AbTestInput, MetricComparison, RunObservation } from '../../src/stats/types.ts';

interface Shape {
  n: number;
  successRate: number;
  latency: number;
  cost: number;
  rating?: number | null;
  keyPrefix?: string;
}

/** Deterministic runs: success on a fixed fraction of inputs, and a spread of ±25 around each mean. */
function runs(shape: Shape): RunObservation[] {
  return Array.from({ length: shape.n }, (_, i) => {
    const wobble = ((i * 37) % 51) - 25; // −25..25, a fixed pseudo-random spread
    return {
      inputKey: `${shape.keyPrefix ?? 'input'}-${i}`,
      success: (i * 7919) % 100 < shape.successRate * 100,
      latencyMs: shape.latency + wobble,
      costUsd: shape.cost * (1 + wobble / 200),
      rating: shape.rating === undefined || shape.rating === null ? null : shape.rating + wobble / 50,
    };
  });
}

function comparison(analysis: ReturnType<typeof analyzeAbTest>, metric: AbMetric, a = 'A', b = 'B'): MetricComparison {
  const c = analysis.comparisons.find((x) => x.metric === metric && x.variantA === a && x.variantB === b);
  assert.ok(c, `no ${metric} comparison of ${a} and ${b}`);
  return c;
}

describe('stats: analyzeAbTest', () => {
  it('finds no significant difference between identical variants', () => {
    const shape: Shape = { n: 40, successRate: 0.7, latency: 500, cost: 0.002, rating: 4 };
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: runs(shape) },
        { id: 'B', runs: runs(shape) },
      ],
      primaryMetric: 'successRate',
    });
    for (const c of analysis.comparisons) {
      assert.equal(c.verdict, 'no-significant-difference', c.summary);
      assert.equal(c.betterVariant, null);
    }
    assert.equal(analysis.recommendation.winner, null);
    assert.deepEqual(analysis.problems, []);
  });

  it('says which variant is better, by how much, in the right direction for each metric', () => {
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: runs({ n: 80, successRate: 0.5, latency: 620, cost: 0.004, rating: 4.5, keyPrefix: 'a' }) },
        { id: 'B', runs: runs({ n: 80, successRate: 0.95, latency: 500, cost: 0.002, rating: 3.5, keyPrefix: 'b' }) },
      ],
      primaryMetric: 'latency',
    });
    const latency = comparison(analysis, 'latency');
    assert.equal(latency.paired, false);
    assert.equal(latency.test, 'welch-t');
    assert.equal(latency.verdict, 'b-better');
    assert.equal(latency.betterVariant, 'B');
    assert.ok(Math.abs(latency.difference! + 120) < 1e-9);
    assert.match(latency.summary, /^B is faster by 120 ms \(95% CI \d+–\d+ ms, p < 0\.001, Holm-adjusted p < 0\.001, Welch's t-test\)\.$/);
    assert.ok(latency.bootstrapCi && latency.bootstrapCi.upper < 0);
    assert.equal(comparison(analysis, 'successRate').verdict, 'b-better');
    assert.match(comparison(analysis, 'successRate').summary, /^B has a higher success rate by \d+(\.\d+)? percentage points/);
    assert.equal(comparison(analysis, 'cost').verdict, 'b-better');
    assert.match(comparison(analysis, 'cost').summary, /^B is cheaper by \$0\.002/);
    assert.equal(comparison(analysis, 'rating').verdict, 'a-better');
    assert.match(comparison(analysis, 'rating').summary, /^A is rated higher by 1 point \(/);
    assert.equal(analysis.recommendation.winner, 'B');
    assert.match(analysis.recommendation.summary, /^B is the better variant on latency\./);
    const b = analysis.variants.find((v) => v.id === 'B')!;
    assert.equal(b.runs, 80);
    assert.ok(b.p50LatencyMs! <= b.p95LatencyMs!);
  });

  it(`gives 'insufficient-data' below ${MIN_SAMPLE_PER_VARIANT} runs per variant`, () => {
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: runs({ n: MIN_SAMPLE_PER_VARIANT - 1, successRate: 0, latency: 900, cost: 0.01, rating: 1 }) },
        { id: 'B', runs: runs({ n: 50, successRate: 1, latency: 100, cost: 0.001, rating: 5, keyPrefix: 'b' }) },
      ],
      primaryMetric: 'successRate',
    });
    for (const c of analysis.comparisons) {
      assert.equal(c.verdict, 'insufficient-data');
      assert.equal(c.pValue, null);
    }
    assert.match(comparison(analysis, 'latency').summary, /A has 9 runs and B has 50; at least 10 each are needed/);
    assert.equal(analysis.recommendation.winner, null);
    assert.match(analysis.recommendation.summary, /Not enough data on success rate/);
  });

  it('counts only rated runs for the rating metric', () => {
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: runs({ n: 30, successRate: 0.5, latency: 500, cost: 0.002, rating: null }) },
        { id: 'B', runs: runs({ n: 30, successRate: 0.5, latency: 500, cost: 0.002, rating: 4, keyPrefix: 'b' }) },
      ],
      primaryMetric: 'rating',
    });
    const rating = comparison(analysis, 'rating');
    assert.equal(rating.verdict, 'insufficient-data');
    assert.equal(rating.nA, 0);
    assert.match(rating.summary, /A has 0 rated runs/);
  });

  it('pairs automatically when both variants ran the same inputs, with McNemar and Wilcoxon', () => {
    const a = runs({ n: 30, successRate: 0.4, latency: 700, cost: 0.003, rating: 3 });
    const b = a.map((r, i) => ({ ...r, success: r.success || i % 3 === 0, latencyMs: r.latencyMs - 40 - (i % 5) }));
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: a },
        { id: 'B', runs: [...b].reverse() },
      ],
      primaryMetric: 'latency',
    });
    const latency = comparison(analysis, 'latency');
    assert.equal(latency.paired, true);
    assert.match(latency.test!, /^wilcoxon-signed-rank/);
    assert.equal(latency.verdict, 'b-better');
    assert.equal(latency.ciMethod, 'bootstrap-percentile');
    assert.ok(latency.ci!.upper < 0);
    assert.match(latency.summary, /paired by input/);
    const success = comparison(analysis, 'successRate');
    assert.equal(success.paired, true);
    assert.match(success.test!, /^mcnemar/);
    assert.equal(comparison(analysis, 'cost').verdict, 'no-significant-difference');
  });

  it('compares every pair of three variants and Holm-adjusts across metrics and pairs', () => {
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: runs({ n: 40, successRate: 0.6, latency: 800, cost: 0.002, keyPrefix: 'a' }) },
        { id: 'B', runs: runs({ n: 40, successRate: 0.6, latency: 805, cost: 0.002, keyPrefix: 'b' }) },
        { id: 'C', runs: runs({ n: 40, successRate: 0.6, latency: 500, cost: 0.002, keyPrefix: 'c' }) },
      ],
      primaryMetric: 'latency',
    });
    assert.equal(analysis.comparisons.length, 4 * 3);
    for (const c of analysis.comparisons) {
      if (c.pValue !== null) assert.ok(c.adjustedPValue! >= c.pValue - 1e-15);
    }
    assert.equal(comparison(analysis, 'latency', 'A', 'C').betterVariant, 'C');
    assert.equal(comparison(analysis, 'latency', 'B', 'C').betterVariant, 'C');
    assert.equal(comparison(analysis, 'latency', 'A', 'B').verdict, 'no-significant-difference');
    assert.equal(analysis.recommendation.winner, 'C');
  });

  it('is reproducible: the same input gives the same analysis, bootstrap included', () => {
    const input: AbTestInput = {
      variants: [
        { id: 'A', runs: runs({ n: 25, successRate: 0.5, latency: 600, cost: 0.003, rating: 3 }) },
        { id: 'B', runs: runs({ n: 25, successRate: 0.6, latency: 590, cost: 0.003, rating: 3.2, keyPrefix: 'b' }) },
      ],
      primaryMetric: 'cost',
      seed: 99,
    };
    assert.deepEqual(analyzeAbTest(input), analyzeAbTest(input));
  });

  it('reports invalid input as problems instead of throwing', () => {
    const one = analyzeAbTest({ variants: [{ id: 'A', runs: [] }], primaryMetric: 'latency' });
    assert.equal(one.problems[0]?.code, 'too-few-variants');
    assert.deepEqual(one.comparisons, []);
    const dup = analyzeAbTest({
      variants: [
        { id: 'A', runs: [] },
        { id: 'A', runs: [] },
      ],
      primaryMetric: 'latency',
      alpha: 2,
    });
    assert.deepEqual(dup.problems.map((p) => p.code).sort(), ['duplicate-variant-id', 'invalid-alpha']);
    assert.equal(dup.recommendation.winner, null);
  });

  it('leaves out non-finite values and says so', () => {
    const a = runs({ n: 20, successRate: 0.5, latency: 500, cost: 0.002 });
    a[0] = { ...a[0]!, latencyMs: Number.NaN };
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: a },
        { id: 'B', runs: runs({ n: 20, successRate: 0.5, latency: 500, cost: 0.002, keyPrefix: 'b' }) },
      ],
      primaryMetric: 'latency',
    });
    assert.equal(comparison(analysis, 'latency').nA, 19);
    assert.equal(analysis.problems[0]?.code, 'non-finite-value');
  });
});
