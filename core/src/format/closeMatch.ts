/** The "did you mean" of a misspelt name: the nearest candidate, when it is near enough to be the one meant. */
import { closest, distance } from 'fastest-levenshtein';
import type { core } from 'zod';

/**
 * The candidate nearest to `written` by edit distance, or undefined when none is close. Short names
 * match almost anything within two edits, so the tolerance grows with the length (1 to 3 edits).
 */
export function closeMatch(written: string, candidates: readonly string[]): string | undefined {
  if (candidates.length === 0) return undefined;
  const suggestion = closest(written, candidates as string[]);
  return distance(written, suggestion) <= Math.max(1, Math.min(3, Math.floor(written.length / 2))) ? suggestion : undefined;
}

/** Longest value quoted in a message, so a huge input does not make a huge error. */
const QUOTE_LIMIT = 40;

/** `value` in single quotes for a message, cut at QUOTE_LIMIT characters. */
export function quoted(value: string): string {
  return `'${value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value}'`;
}

/**
 * zod's issue for a value that matches no member of a discriminated union (an assertion's `type`)
 * in words: the value `written`, the member it most likely misspells and the ones there are
 * (`unknown type 'contians': did you mean 'contains'? (one of contains, ...)`); undefined for any
 * other issue, whose own message stands.
 */
export function unknownDiscriminatorMessage(issue: core.$ZodIssue, written: unknown): string | undefined {
  // The issue carries `discriminator` and `options`, which zod's types leave out.
  const union = issue as { discriminator?: unknown; options?: unknown };
  if (issue.code !== 'invalid_union' || union.discriminator === undefined || !Array.isArray(union.options)) return undefined;
  const options = union.options.map(String);
  const suggestion = typeof written === 'string' ? closeMatch(written, options) : undefined;
  const shown = written === undefined ? 'none' : quoted(String(written));
  return `unknown ${String(union.discriminator)} ${shown}${suggestion ? `: did you mean '${suggestion}'?` : ''} (one of ${options.join(', ')})`;
}

/**
 * zod's issue for a value outside an enum (`invalid_value`, zod's own wording `Invalid option:
 * expected one of "a"|"b"`) in words: the value `written`, the option it most likely misspells and
 * the options (`unknown value 'debg': did you mean 'debug'? (one of fatal, error, ...)`);
 * undefined for any other issue or a message the schema wrote itself.
 */
export function unknownOptionMessage(issue: core.$ZodIssue, written: unknown): string | undefined {
  if (issue.code !== 'invalid_value' || !issue.message.startsWith('Invalid option')) return undefined;
  const options = issue.values.map(String);
  const suggestion = typeof written === 'string' ? closeMatch(written, options) : undefined;
  const shown = written === undefined ? 'none' : quoted(String(written));
  return `unknown value ${shown}${suggestion ? `: did you mean '${suggestion}'?` : ''} (one of ${options.join(', ')})`;
}
