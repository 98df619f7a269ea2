import assert from 'node:assert/strict';
import { backoffDelay } from '../src/backoff.ts';
import { parseRetryAfter } from '../src/http.ts';

describe('retry waits', () => {
  const policy = { baseMs: 500, maxMs: 30_000 };

  it('doubles the ceiling per failure, up to maxMs, with jitter in its upper half', () => {
    const cases: [attempt: number, random: number, expected: number][] = [
      [1, 0, 250],
      [1, 1, 500],
      [2, 0.5, 750],
      [3, 1, 2_000],
      [7, 1, 30_000],
      [20, 0, 15_000],
    ];
    for (const [attempt, random, expected] of cases)
      assert.equal(
        backoffDelay(policy, attempt, undefined, () => random),
        expected,
        `attempt ${attempt}, random ${random}`,
      );
  });

  it('never waits less than the server asked with Retry-After', () => {
    assert.equal(
      backoffDelay(policy, 1, 5_000, () => 0),
      5_000,
    );
    assert.equal(
      backoffDelay(policy, 10, 1_000, () => 1),
      30_000,
    );
  });

  it('reads Retry-After in seconds or as an HTTP date, and ignores garbage', () => {
    const now = Date.parse('2026-12-07T01:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3_000);
    assert.equal(parseRetryAfter('Mon, 07 Dec 2026 01:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('Mon, 07 Dec 2026 00:59:00 GMT', now), 0);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(null, now), undefined);
  });
});
