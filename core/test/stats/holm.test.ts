import { strict as assert } from 'node:assert';
import { holmAdjust } from '../../src/stats/holm.ts';
import { assertClose } from './close.ts';

describe('stats: Holm–Bonferroni correction', () => {
  it("rejects H1 and H4 but not H2 and H3 in Wikipedia's example (p = 0.01, 0.04, 0.03, 0.005; α = 0.05)", () => {
    // Wikipedia, "Holm–Bonferroni method", Example: H4 (0.005 < 0.05/4) and H1 (0.01 < 0.05/3) are rejected,
    // then H3 (0.03 > 0.05/2) is not, which stops the procedure. Adjusted p = max over the step-down of (m − k + 1)·p(k).
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const expected = [0.03, 0.06, 0.06, 0.02];
    expected.forEach((e, i) => assertClose(adjusted[i], e, 1e-12, `adjusted p of H${i + 1}`));
    assert.deepEqual(
      adjusted.map((p) => p < 0.05),
      [true, false, false, true],
    );
  });

  it('treats a missing p-value as 1 and returns an empty list for no tests', () => {
    assert.deepEqual(holmAdjust([]), []);
    const adjusted = holmAdjust([Number.NaN, 0.01]);
    assertClose(adjusted[1], 0.02, 1e-12);
    assert.equal(adjusted[0], 1);
  });
});
