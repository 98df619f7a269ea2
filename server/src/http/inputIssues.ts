/**
 * zod's issues as a caller reads them: where zod can only report the type it received
 * ("expected number, received string") or that a union matched nothing, the message quotes the
 * value that was sent.
 */
import { closeMatch } from '@promptstack/core/format/closeMatch';
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

const quoted = (value: string) => `'${value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value}'`;

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
    // A discriminated union's issue carries `discriminator` and `options` (zod's types leave them out).
    const union = issue as { discriminator?: unknown; options?: unknown };
    if (issue.code === 'invalid_union' && union.discriminator !== undefined && Array.isArray(union.options)) {
      const options = union.options.map(String);
      const suggestion = typeof value === 'string' ? closeMatch(value, options) : undefined;
      const shown = typeof value === 'string' ? quoted(value) : 'none';
      const hint = suggestion ? `: did you mean '${suggestion}'?` : '';
      return { ...issue, message: `unknown ${String(union.discriminator)} ${shown}${hint} (one of ${options.join(', ')})` };
    }
    return issue;
  });
}
