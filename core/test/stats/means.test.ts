import { strict as assert } from 'node:assert';
import { welchTTest } from '../../src/stats/means.ts';
import { assertClose, ok } from './close.ts';

// Student's sleep data (Cushny & Peebles 1905), extra hours of sleep under two drugs.
const SLEEP_DRUG_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const SLEEP_DRUG_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe("stats: Welch's t-test", () => {
  it("matches R's documented t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p = 0.07939", () => {
    // R documentation, ?t.test example; output: t = -1.8608, df = 17.776, p-value = 0.07939,
    // 95 percent confidence interval -3.3654832 0.2054832 (for group 1 − group 2).
    const r = ok(welchTTest(SLEEP_DRUG_2, SLEEP_DRUG_1)); // A = drug 2, B = drug 1, so B − A = group 1 − group 2
    assertClose(r.t, -1.8608, 5e-5, 't');
    assertClose(r.df, 17.776, 5e-4, 'df');
    assertClose(r.pValue, 0.07939, 5e-6, 'p');
    assertClose(r.ci.lower, -3.3654832, 5e-7, 'CI lower');
    assertClose(r.ci.upper, 0.2054832, 5e-7, 'CI upper');
  });

  // Wikipedia, "Welch's t-test", Examples: three pairs of samples with Welch's t, ν and p (printed to 2–3
  // digits). The same data are Rosetta Code's "Welch's t-test" task, whose expected two-tailed p-values
  // (0.021378, 0.148842, 0.035972) give the sixth-decimal check.
  const wikipedia = [
    {
      name: 'example 1 (equal sizes, similar variances): t = -2.46, ν = 25.0, p = 0.021',
      a1: [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
      a2: [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
      t: -2.46,
      df: 25.0,
      p: 0.021,
      p6: 0.021378,
    },
    {
      name: 'example 2 (unequal sizes and variances): t = -1.57, ν = 9.9, p = 0.149',
      a1: [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
      a2: [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8, 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8],
      t: -1.57,
      df: 9.9,
      p: 0.149,
      p6: 0.148842,
    },
    {
      name: 'example 3 (unequal sizes, larger variance in the larger sample): t = -2.22, ν = 24.5, p = 0.036',
      a1: [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0],
      a2: [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7, 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 24.0, 13.2],
      t: -2.22,
      df: 24.5,
      p: 0.036,
      p6: 0.035972,
    },
  ];
  for (const ex of wikipedia) {
    it(`matches Wikipedia ${ex.name}`, () => {
      const r = ok(welchTTest(ex.a2, ex.a1)); // B − A = A1 − A2, the article's orientation
      assertClose(r.t, ex.t, 0.005, 't');
      assertClose(r.df, ex.df, 0.05, 'df');
      assertClose(r.pValue, ex.p, 0.0005, 'p');
      assertClose(r.pValue, ex.p6, 5e-7, 'p (Rosetta Code)');
    });
  }

  it('gives p = 1 for two identical constant samples and p = 0 for two different constants', () => {
    assert.equal(ok(welchTTest([5, 5, 5], [5, 5, 5])).pValue, 1);
    const r = ok(welchTTest([5, 5, 5], [7, 7, 7]));
    assert.equal(r.pValue, 0);
    assert.equal(r.difference, 2);
  });

  it('returns typed errors for too few or non-finite values instead of throwing', () => {
    const few = welchTTest([1], [1, 2]);
    assert.equal(!few.ok && few.error.code, 'too-few-observations');
    const bad = welchTTest([1, Number.NaN], [1, 2]);
    assert.equal(!bad.ok && bad.error.code, 'invalid-input');
  });
});
