/** Assertion helpers for comparing computed statistics with published figures. */
import { strict as assert } from 'node:assert';
import type { StatsResult } from '../../src/stats/types.ts';

/** Asserts |actual − expected| <= tolerance (pick the tolerance from the digits the source prints). */
export function assertClose(actual: number | null | undefined, expected: number, tolerance: number, what = 'value'): void {
  assert.ok(typeof actual === 'number' && Number.isFinite(actual), `${what}: expected a finite number, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} is not within ${tolerance} of ${expected}`);
}

/** Unwraps an ok StatsResult, failing the test with the error message otherwise. */
export function ok<T>(result: StatsResult<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
