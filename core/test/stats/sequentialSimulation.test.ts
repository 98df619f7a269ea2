/**
 * A seeded A/A simulation: both arms draw from the same distribution and the answer is read after
 * every batch, as a team watching a live experiment would. The always-valid p-value must keep the
 * chance of ever declaring a difference at or under alpha; the fixed-horizon test read the same way
 * must not (that is the peeking problem the sequential test exists for).
 */
import { strict as assert } from 'node:assert';
import { compareSequential, createSeededRandom, type SequentialMetricKind, type SequentialState, type SufficientStatistics } from '../../src/stats/index.ts';

const ALPHA = 0.05;
const EXPERIMENTS = 2000;
const BATCHES = 40;
const BATCH_PER_ARM = 25;
const MIN_SAMPLE_PER_ARM = 50;
/**
 * Monte Carlo tolerance: three binomial standard errors of a rate alpha over EXPERIMENTS runs
 * (3 * sqrt(0.05 * 0.95 / 2000) = 0.0146), so a correct test fails this check about 0.1% of the time
 * at most, and never with this fixed seed.
 */
const TOLERANCE = 3 * Math.sqrt((ALPHA * (1 - ALPHA)) / EXPERIMENTS);

interface Rates {
  sequential: number;
  fixedHorizon: number;
}

/** A standard normal draw by Box–Muller from the seeded uniform generator. */
function normalDraw(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function add(stats: SufficientStatistics, x: number): void {
  stats.n += 1;
  stats.sum += x;
  stats.sumOfSquares += x * x;
}

/** Runs EXPERIMENTS A/A experiments, peeking after every batch; the share that ever reported p < alpha. */
function simulate(kind: SequentialMetricKind, draw: (random: () => number) => number, seed: number): Rates {
  const random = createSeededRandom(seed);
  let sequentialRejections = 0;
  let fixedRejections = 0;
  for (let e = 0; e < EXPERIMENTS; e++) {
    const control: SufficientStatistics = { n: 0, sum: 0, sumOfSquares: 0 };
    const treatment: SufficientStatistics = { n: 0, sum: 0, sumOfSquares: 0 };
    let previous: SequentialState | null = null;
    let sequentialRejected = false;
    let fixedRejected = false;
    for (let b = 0; b < BATCHES; b++) {
      for (let i = 0; i < BATCH_PER_ARM; i++) {
        add(control, draw(random));
        add(treatment, draw(random));
      }
      const look = compareSequential(control, treatment, { kind, higherIsBetter: true, alpha: ALPHA, minSamplePerArm: MIN_SAMPLE_PER_ARM, previous });
      assert.ok(look.ok, 'every look computes');
      previous = look.value.state;
      if (look.value.pValue < ALPHA) sequentialRejected = true;
      if (control.n >= MIN_SAMPLE_PER_ARM && look.value.fixedHorizon && look.value.fixedHorizon.pValue < ALPHA) fixedRejected = true;
    }
    if (sequentialRejected) sequentialRejections++;
    if (fixedRejected) fixedRejections++;
  }
  return { sequential: sequentialRejections / EXPERIMENTS, fixedHorizon: fixedRejections / EXPERIMENTS };
}

describe('stats: peeking at an A/A experiment after every batch (seeded simulation)', function () {
  // The simulation makes 2 x 2000 x 1000 draws; slow shared machines need time, never an assertion on it.
  this.timeout(300_000);

  for (const [kind, name, draw, seed] of [
    ['mean', 'latency-like normal values', normalDraw, 20261207],
    ['proportion', 'a 10% error rate', (random: () => number) => (random() < 0.1 ? 1 : 0), 20261208],
  ] as const) {
    it(`keeps the always-valid false-positive rate at or under alpha, while repeated fixed-horizon tests exceed it (${name})`, () => {
      const rates = simulate(kind, draw, seed);
      assert.ok(
        rates.sequential <= ALPHA + TOLERANCE,
        `always-valid: ${rates.sequential} of A/A experiments declared a difference (alpha ${ALPHA}, tolerance ${TOLERANCE.toFixed(4)})`,
      );
      assert.ok(rates.fixedHorizon > ALPHA + TOLERANCE, `fixed-horizon peeking: only ${rates.fixedHorizon} declared a difference; expected well above alpha`);
      console.log(`      ${kind}: always-valid ${rates.sequential.toFixed(4)}, fixed-horizon peeking ${rates.fixedHorizon.toFixed(4)} (alpha ${ALPHA})`);
    });
  }
});
