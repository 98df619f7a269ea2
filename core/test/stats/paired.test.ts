import { strict as assert } from 'node:assert';
import { mcnemarTest, wilcoxonSignedRankTest } from '../../src/stats/paired.ts';
import { assertClose, ok } from './close.ts';

describe('stats: paired tests', () => {
  describe("McNemar's test", () => {
    it("gives chi-square 21.35 for Wikipedia's example table (101, 121, 59, 33) without continuity correction", () => {
      // Wikipedia, "McNemar's test", Examples: b = 121, c = 59, χ² = (121 − 59)² / (121 + 59) = 21.35, p < 0.001.
      const r = ok(mcnemarTest({ bothSucceeded: 101, onlyA: 121, onlyB: 59, neither: 33 }, { continuityCorrection: false }));
      assert.equal(r.test, 'mcnemar-chi-square');
      assertClose(r.statistic, 21.35, 0.01, 'chi-square'); // 3844 / 180 = 21.356, printed truncated as 21.35
      assert.ok(r.pValue < 0.001);
    });

    it("matches R's documented mcnemar.test on Agresti's presidential approval data: 16.818, p = 4.115e-05", () => {
      // R documentation, ?mcnemar.test (Agresti 1990, p. 350): matrix(c(794, 86, 150, 570), 2);
      // McNemar's chi-squared = 16.818, df = 1, p-value = 4.115e-05 (with continuity correction).
      const r = ok(mcnemarTest({ bothSucceeded: 794, onlyA: 150, onlyB: 86, neither: 570 }));
      assert.equal(r.test, 'mcnemar-chi-square');
      assertClose(r.statistic, 16.818, 5e-4, 'chi-square');
      assertClose(r.pValue, 4.115e-5, 5e-9, 'p');
      assert.equal(r.df, 1);
    });

    it('uses the exact binomial form for few discordant pairs: p = 0.070 for b = 1, c = 7', () => {
      // Fagerland, Lydersen & Laake (2013), BMC Med Res Methodol 13:91, Table 1 (Bentur et al., airway
      // hyper-responsiveness before/after): McNemar exact conditional p = 0.070 (= 2 · 9/256 = 0.0703).
      const r = ok(mcnemarTest({ bothSucceeded: 1, onlyA: 1, onlyB: 7, neither: 12 }));
      assert.equal(r.test, 'mcnemar-exact');
      assertClose(r.pValue, 0.0703125, 1e-9, 'p');
      assertClose(r.difference, 6 / 21, 1e-12, 'difference B − A');
    });

    it('has p = 1 when no pair is discordant', () => {
      const r = ok(mcnemarTest({ bothSucceeded: 10, onlyA: 0, onlyB: 0, neither: 5 }));
      assert.equal(r.pValue, 1);
      assert.equal(r.difference, 0);
    });
  });

  describe('Wilcoxon signed-rank test', () => {
    it("gives W = 9 on Wikipedia's 10-pair example, and R's p = 0.6353 (normal approximation, ties and a zero)", () => {
      // Wikipedia, "Wilcoxon signed-rank test", historical example (x1, x2), N = 10, one zero difference
      // dropped (Nr = 9), W = 9, not significant. R: wilcox.test(x2, x1, paired = TRUE): V = 27, p = 0.6353.
      const x1 = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
      const x2 = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];
      const r = ok(wilcoxonSignedRankTest(x2, x1)); // differences x1 − x2, as in the article
      assert.equal(r.nonZero, 9);
      assert.equal(r.signedRankSum, 9);
      assert.equal(r.statistic, 27);
      assert.equal(r.test, 'wilcoxon-signed-rank-normal');
      assertClose(r.pValue, 0.6353, 5e-5, 'p');
    });

    it("uses the exact distribution without ties: V = 40, p = 0.03906 on Hollander & Wolfe's depression data", () => {
      // Hollander & Wolfe (1973), p. 29, Table 3.1 (Hamilton depression scale), the ?wilcox.test example in R:
      // V = 40, one-sided p = 0.01953, so two-sided p = 0.03906.
      const first = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
      const second = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
      const r = ok(wilcoxonSignedRankTest(second, first)); // B − A = first − second
      assert.equal(r.test, 'wilcoxon-signed-rank-exact');
      assert.equal(r.statistic, 40);
      assertClose(r.pValue, 0.03906, 5e-6, 'p');
    });

    it('has p = 1 when every pair is equal, and errors on unequal lengths', () => {
      assert.equal(ok(wilcoxonSignedRankTest([1, 2, 3], [1, 2, 3])).pValue, 1);
      const r = wilcoxonSignedRankTest([1, 2], [1]);
      assert.equal(!r.ok && r.error.code, 'invalid-input');
    });
  });
});
