/**
 * zod's issues as a caller reads them: where zod can only report the type it received
 * ("expected number, received string") or that a union matched nothing, the message quotes the
 * value that was sent.
 */
import { quoted, unknownDiscriminatorMessage } from '@promptstack/core/format/closeMatch';
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

/**
 * Rewrites two messages zod can only word generically: a number-typed issue whose input was a
 * word (a query string like `?page=abc`) becomes `expected a number, got 'abc'`, and an unknown
 * discriminator (an assertion's `type`) names the value, the one it most likely misspells and the
 * ones there are. Other issues pass through unchanged.
 */
export function describeIssues(issues: readonly core.$ZodIssue[], input: unknown): core.$ZodIssue[] {
  return issues.map((issue) => {
    const value = valueAt(input, issue.path);
    if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int') && typeof value === 'string') {
      return { ...issue, message: `expected a number, got ${quoted(value)}` };
    }
    const unknown = unknownDiscriminatorMessage(issue, value);
    if (unknown) return { ...issue, message: unknown };
    return issue;
  });
}
