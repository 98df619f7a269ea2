/** Shared fixtures for runner tests: a fake clock that records waits instead of waiting. */
import type { Clock } from '../../src/runner/clock.ts';

/** A clock whose sleeps return at once and advance time by the requested amount. */
export function fakeClock(start = Date.parse('2025-06-01T12:00:00Z')): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    async sleep(ms) {
      sleeps.push(ms);
      now += ms;
    },
  };
}
