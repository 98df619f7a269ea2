/**
 * zod's issues as a caller reads them: where zod can only report the type it received
 * ("expected number, received string"), the message quotes the value that was sent.
 */
import type { core } from 'zod';

/** The value at `path` inside `input`, or undefined when the path leads nowhere. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** Longest value quoted in a message, so a huge input does not make a huge error. */
const QUOTE_LIMIT = 40;

/**
 * Rewrites the message of a number-typed issue whose input was a word (a query string like
 * `?page=abc`) to `expected a number, got 'abc'`; other issues pass through unchanged.
 */
export function describeIssues(issues: readonly core.$ZodIssue[], input: unknown): core.$ZodIssue[] {
  return issues.map((issue) => {
    if (issue.code !== 'invalid_type' || (issue.expected !== 'number' && issue.expected !== 'int')) return issue;
    const value = valueAt(input, issue.path);
    if (typeof value !== 'string') return issue;
    const shown = value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value;
    return { ...issue, message: `expected a number, got '${shown}'` };
  });
}
