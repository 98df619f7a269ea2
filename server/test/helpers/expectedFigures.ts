/**
 * The oracle of the analytics tests: figures computed in plain TypeScript from the rows a test
 * wrote, and assertions comparing the server's SQL answers with them.
 */
import assert from 'node:assert/strict';
import { LATENCY_RELATIVE_ERROR } from '../../src/features/analytics/latencyHistogram.ts';

/** percentile_cont: linear interpolation between the closest ranks. */
export function percentileCont(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const pos = p * (xs.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return xs[lo]! + (xs[hi]! - xs[lo]!) * (pos - lo);
}

export const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);

/** Equal up to floating-point noise (null only when `expected` is null). */
export function close(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(actual !== null && Math.abs(actual - expected) < 1e-6 * Math.max(1, Math.abs(expected)), `${what}: ${actual} != ${expected}`);
}

/** A histogram percentile: within the documented relative error of the exact one. */
export function within(actual: number | null, expected: number | null, what: string): void {
  if (expected === null) return assert.equal(actual, null, what);
  assert.ok(
    actual !== null && Math.abs(actual - expected) <= LATENCY_RELATIVE_ERROR * expected * (1 + 1e-9),
    `${what}: ${actual} not within 2% of ${expected}`,
  );
}
