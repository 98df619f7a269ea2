import { strict as assert } from 'node:assert';
import { bootstrapMeanDifferenceCi, bootstrapPairedMeanDifferenceCi, createSeededRandom } from '../../src/stats/bootstrap.ts';
import { welchTTest } from '../../src/stats/means.ts';
import { ok } from './close.ts';

describe('stats: seeded bootstrap', () => {
  it('gives the same interval for the same seed and a different one for another seed', () => {
    const a = [10, 12, 9, 14, 11, 13, 10, 12, 15, 9];
    const b = [14, 15, 13, 17, 16, 14, 18, 15, 13, 16];
    const first = ok(bootstrapMeanDifferenceCi(a, b, { seed: 7 }));
    assert.deepEqual(ok(bootstrapMeanDifferenceCi(a, b, { seed: 7 })), first);
    assert.notDeepEqual(ok(bootstrapMeanDifferenceCi(a, b, { seed: 8 })), first);
  });

  it("agrees with Welch's t interval on Student's sleep data to within a few tenths", () => {
    const drug1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    const drug2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    const boot = ok(bootstrapMeanDifferenceCi(drug2, drug1));
    const welch = ok(welchTTest(drug2, drug1)).ci;
    // Percentile intervals are narrower than t intervals at n = 10, but centred on the same −1.58.
    assert.ok(Math.abs(boot.lower - welch.lower) < 0.6 && Math.abs(boot.upper - welch.upper) < 0.6, JSON.stringify({ boot, welch }));
    assert.ok(boot.lower < -1.58 && boot.upper > -1.58);
  });

  it('resamples pairs for paired differences and brackets their mean', () => {
    const diffs = [-120, -95, -130, -110, -101, -140, -88, -125, -99, -117];
    const ci = ok(bootstrapPairedMeanDifferenceCi(diffs));
    assert.ok(ci.lower < -112.5 && ci.upper > -112.5 && ci.upper < -88, JSON.stringify(ci));
  });

  it('draws uniform numbers in [0, 1) reproducibly', () => {
    const r1 = createSeededRandom(42);
    const r2 = createSeededRandom(42);
    const xs = Array.from({ length: 1000 }, () => r1());
    assert.deepEqual(
      Array.from({ length: 1000 }, () => r2()),
      xs,
    );
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(Math.abs(m - 0.5) < 0.05);
  });

  it('returns errors for empty samples or a bad resample count', () => {
    assert.equal(bootstrapMeanDifferenceCi([], [1]).ok, false);
    assert.equal(bootstrapPairedMeanDifferenceCi([1, 2], { resamples: 3 }).ok, false);
  });
});
