/**
 * Which arm of a split a unit (a user, a session) gets: deterministic from the experiment id and
 * the unit key, so every process and every restart agrees without asking the server, and the
 * shares follow the weights. The algorithm is specified in the README so other languages can
 * reproduce it exactly:
 *
 * 1. `h` = SHA-256 of the UTF-8 text `${experimentId}:${unitKey}`;
 * 2. `x` = the first 8 bytes of `h` as an unsigned big-endian 64-bit integer;
 * 3. `bucket` = floor(x * W / 2^64), with W the sum of the weights (an integer in [0, W));
 * 4. the arm is the first, in the served order (by version number), whose running sum of
 *    weights exceeds `bucket`.
 */
import { createHash } from 'node:crypto';

const TWO_POW_64_BITS = 64n;

/** The bucket in [0, total) a unit falls in for an experiment (steps 1 to 3 above). */
export function unitBucket(experimentId: string, unitKey: string, total: number): number {
  const x = createHash('sha256').update(`${experimentId}:${unitKey}`, 'utf8').digest().readBigUInt64BE(0);
  return Number((x * BigInt(total)) >> TWO_POW_64_BITS);
}

/** The index of the arm whose cumulative weight first exceeds `bucket` (step 4). */
export function armAt(weights: readonly number[], bucket: number): number {
  let sum = 0;
  for (const [index, weight] of weights.entries()) {
    sum += weight;
    if (bucket < sum) return index;
  }
  return weights.length - 1;
}

/** The arm index for `unitKey`, or a fresh random draw by weight when there is no key (per-call assignment). */
export function assignArm(experimentId: string, weights: readonly number[], unitKey?: string): number {
  const total = weights.reduce((sum, w) => sum + w, 0);
  const bucket = unitKey === undefined ? Math.floor(Math.random() * total) : unitBucket(experimentId, unitKey, total);
  return armAt(weights, bucket);
}
