import { strict as assert } from 'node:assert';
import {
  compareProportions,
  fisherExactTest,
  needsExactTest,
  newcombeDifferenceInterval,
  twoProportionZTest,
  waldDifferenceInterval,
} from '../../src/stats/proportions.ts';
import { assertClose, ok } from './close.ts';

describe('stats: two independent proportions', () => {
  describe("Fisher's exact test (two-sided)", () => {
    it("gives p = 0.4857 for Fisher's lady tasting tea, [[3,1],[1,3]]", () => {
      // Fisher, The Design of Experiments (1935), ch. 2; R: fisher.test(TeaTasting) two-sided p-value = 0.4857.
      assertClose(
        ok(
          fisherExactTest([
            [3, 1],
            [1, 3],
          ]),
        ).pValue,
        0.4857,
        5e-5,
        'p',
      );
    });

    it("gives p = 0.002759 for Wikipedia's dieting example, [[1,9],[11,3]]", () => {
      // Wikipedia, "Fisher's exact test", Example (men/women, dieting): two-tailed p ≈ 0.002759.
      assertClose(
        ok(
          fisherExactTest([
            [1, 9],
            [11, 3],
          ]),
        ).pValue,
        0.002759,
        5e-7,
        'p',
      );
    });

    it('stays finite and exact for a large, lopsided table', () => {
      // 999/1000 vs 1000/1000: only two tables fit the margins and they are equally likely, so p = 1.
      const p = ok(
        fisherExactTest([
          [999, 1],
          [1000, 0],
        ]),
      ).pValue;
      assertClose(p, 1, 1e-9, 'p');
    });

    it('returns an invalid-input error for negative or fractional cells', () => {
      const r = fisherExactTest([
        [1.5, 2],
        [3, -1],
      ]);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'invalid-input');
    });
  });

  describe('two-proportion z-test (pooled SE)', () => {
    it('gives Z = 8.99 for the Penn State STAT 414 cigarette-tax poll (351/605 vs 41/195)', () => {
      // Penn State STAT 414, "Comparing Two Proportions" (onlinecourses.science.psu.edu/stat414/node/268):
      // Time magazine poll, non-smokers 351 of 605 vs smokers 41 of 195 favour the tax; Z = 8.99.
      const r = ok(twoProportionZTest(41, 195, 351, 605));
      assertClose(r.statistic, 8.99, 0.005, 'z');
      assert.ok(r.pValue < 1e-15);
    });

    it('has p = 1 when both groups have identical rates of 0 or 1', () => {
      assert.equal(ok(twoProportionZTest(50, 50, 80, 80)).pValue, 1);
      assert.equal(ok(twoProportionZTest(0, 50, 0, 80)).pValue, 1);
    });
  });

  describe('confidence interval for the difference', () => {
    // Newcombe RG (1998), "Interval estimation for the difference between independent proportions:
    // comparison of eleven methods", Stat Med 17:873–890, Table II, method 10 (score, no CC) and method 1 (Wald).
    it('matches Newcombe (1998) example (a), 56/70 − 48/80: score 0.0524 to 0.3339, Wald 0.0575 to 0.3425', () => {
      const score = ok(newcombeDifferenceInterval(48, 80, 56, 70));
      assertClose(score.lower, 0.0524, 5e-5, 'lower');
      assertClose(score.upper, 0.3339, 5e-5, 'upper');
      const wald = ok(waldDifferenceInterval(48, 80, 56, 70));
      assertClose(wald.lower, 0.0575, 5e-5, 'Wald lower');
      assertClose(wald.upper, 0.3425, 5e-5, 'Wald upper');
    });

    it('matches Newcombe (1998) example (b), 9/10 − 3/10: 0.1705 to 0.8090', () => {
      const ci = ok(newcombeDifferenceInterval(3, 10, 9, 10));
      assertClose(ci.lower, 0.1705, 5e-5, 'lower');
      assertClose(ci.upper, 0.809, 5e-5, 'upper');
    });

    it('matches Newcombe (1998) example (d), 5/56 − 0/29: −0.0381 to 0.1926', () => {
      const ci = ok(newcombeDifferenceInterval(0, 29, 5, 56));
      assertClose(ci.lower, -0.0381, 5e-5, 'lower');
      assertClose(ci.upper, 0.1926, 5e-5, 'upper');
    });
  });

  describe('choosing the test', () => {
    it("uses Fisher's exact test when an expected count is below 5 or the total below 40", () => {
      assert.equal(needsExactTest(3, 10, 9, 10), true);
      assert.equal(needsExactTest(98, 100, 100, 100), true); // 2 failures in 200: expected failures 1
      assert.equal(needsExactTest(41, 195, 351, 605), false);
      assert.equal(ok(compareProportions(3, 10, 9, 10)).test, 'fisher-exact');
      assert.equal(ok(compareProportions(41, 195, 351, 605)).test, 'two-proportion-z');
    });

    it('orients the difference and its CI as B − A', () => {
      const r = ok(compareProportions(48, 80, 56, 70));
      assertClose(r.difference, 0.2, 1e-12, 'difference');
      assert.ok(r.ci.lower > 0 && r.ci.upper > r.difference);
    });
  });
});
