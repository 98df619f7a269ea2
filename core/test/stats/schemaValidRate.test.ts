import { strict as assert } from 'node:assert';
import { analyzeAbTest } from '../../src/stats/analyzeAbTest.ts';
import type { RunObservation } from '../../src/stats/types.ts';

/** `n` runs on inputs `input-0..`, the first `valid` of them with an answer that met the schema. */
function jsonRuns(n: number, valid: number): RunObservation[] {
  return Array.from({ length: n }, (_, i) => ({
    inputKey: `input-${i}`,
    // An invalid answer is a failed run, as the runner records it.
    success: i < valid,
    latencyMs: 400 + (i % 7),
    costUsd: 0.001,
    schemaValid: i < valid,
  }));
}

describe('stats: schema-valid rate', () => {
  it('compares the share of answers that met output.schema as a proportion, paired by input', () => {
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: jsonRuns(60, 30) },
        { id: 'B', runs: jsonRuns(60, 57) },
      ],
      primaryMetric: 'schemaValidRate',
    });
    const c = analysis.comparisons.find((x) => x.metric === 'schemaValidRate');
    assert.ok(c);
    assert.equal(c.paired, true);
    assert.equal(c.test?.startsWith('mcnemar'), true);
    assert.equal(c.estimateA, 0.5);
    assert.equal(c.estimateB, 0.95);
    assert.ok(Math.abs(c.difference! - 0.45) < 1e-12);
    assert.equal(c.verdict, 'b-better');
    assert.match(c.summary, /higher schema-valid rate by 45 percentage points/);
    assert.equal(analysis.recommendation.winner, 'B');
    assert.deepEqual(
      analysis.variants.map((v) => [v.schemaCheckedRuns, v.schemaValidRate]),
      [
        [60, 0.5],
        [60, 0.95],
      ],
    );
  });

  it('counts only runs with a schema verdict, unpaired when the variants checked different inputs', () => {
    const a = jsonRuns(40, 20).map((r, i) => (i % 2 === 0 ? { ...r, schemaValid: null } : r));
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: a },
        { id: 'B', runs: jsonRuns(40, 20) },
      ],
      primaryMetric: 'successRate',
    });
    const c = analysis.comparisons.find((x) => x.metric === 'schemaValidRate')!;
    assert.equal(c.paired, false);
    assert.equal(c.nA, 20);
    assert.equal(c.nB, 40);
    assert.equal(analysis.variants[0]!.schemaCheckedRuns, 20);
  });

  it('is not compared when no run declares JSON output', () => {
    const plain = jsonRuns(30, 20).map((r) => ({ ...r, schemaValid: undefined }));
    const analysis = analyzeAbTest({
      variants: [
        { id: 'A', runs: plain },
        { id: 'B', runs: plain },
      ],
      primaryMetric: 'successRate',
    });
    assert.equal(
      analysis.comparisons.some((x) => x.metric === 'schemaValidRate'),
      false,
    );
    assert.equal(analysis.variants[0]!.schemaValidRate, null);
  });
});
