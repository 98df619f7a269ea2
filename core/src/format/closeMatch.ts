/** The "did you mean" of a misspelt name: the nearest candidate, when it is near enough to be the one meant. */
import { closest, distance } from 'fastest-levenshtein';

/**
 * The candidate nearest to `written` by edit distance, or undefined when none is close. Short names
 * match almost anything within two edits, so the tolerance grows with the length (1 to 3 edits).
 */
export function closeMatch(written: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const suggestion = closest(written, candidates as string[]);
  return distance(written, suggestion) <= Math.max(1, Math.min(3, Math.floor(written.length / 2))) ? suggestion : undefined;
}
