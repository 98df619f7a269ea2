/**
 * zod's issues as a caller reads them: where zod can only report the type it received
 * ("expected number, received string") or that a union matched nothing, the message quotes the
 * value that was sent.
 */
import { quoted, unknownDiscriminatorMessage, unknownOptionMessage } from '@promptstack/core/format/closeMatch';
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
 * Rewrites the messages zod can only word generically: a number-typed issue whose input was a
 * word (a query string like `?page=abc`) becomes `expected a number, got 'abc'`; a missing field
 * `required`; zod's own wording of a size limit (`Too small: expected string to have >=1
 * characters`) plain words (`must not be empty`); and an unknown discriminator (an assertion's
 * `type`) or enum value (a role) names the value, the one it most likely misspells and the ones
 * there are. A message a schema wrote itself and other issues pass through unchanged.
 */
export function describeIssues(issues: readonly core.$ZodIssue[], input: unknown): core.$ZodIssue[] {
  return issues.map((issue) => {
    const value = valueAt(input, issue.path);
    if (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int') && typeof value === 'string') {
      return { ...issue, message: `expected a number, got ${quoted(value)}` };
    }
    if (issue.code === 'invalid_type' && value === undefined && issue.path.length > 0 && issue.message.startsWith('Invalid input: expected')) {
      return { ...issue, message: 'required' };
    }
    const limit = sizeMessage(issue);
    if (limit) return { ...issue, message: limit };
    const unknown = unknownDiscriminatorMessage(issue, value) ?? unknownOptionMessage(issue, value);
    if (unknown) return { ...issue, message: unknown };
    return issue;
  });
}

/** What counts toward a size limit, by zod's `origin`. */
const UNITS: Partial<Record<string, [one: string, many: string]>> = {
  string: ['character', 'characters'],
  array: ['item', 'items'],
  set: ['item', 'items'],
  file: ['byte', 'bytes'],
};

/** A size or range limit in plain words, for zod's default wording only (`Too small: ...` / `Too big: ...`). */
function sizeMessage(issue: core.$ZodIssue): string | undefined {
  if (issue.code !== 'too_small' && issue.code !== 'too_big') return undefined;
  if (!/^Too (small|big): /.test(issue.message)) return undefined;
  const small = issue.code === 'too_small';
  const limit = Number(small ? issue.minimum : issue.maximum);
  const inclusive = issue.inclusive !== false;
  const unit = UNITS[issue.origin];
  if (unit) {
    if (small && limit === 1 && inclusive) return 'must not be empty';
    // A size is whole: "more than 3" is "at least 4".
    const n = inclusive ? limit : small ? limit + 1 : limit - 1;
    const counted = `${n.toLocaleString('en-US')} ${n === 1 ? unit[0] : unit[1]}`;
    if (issue.exact) return `must be exactly ${counted}`;
    return small ? `must have at least ${counted}` : `must have at most ${counted}`;
  }
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') {
    if (small) return inclusive ? `must be ${limit} or more` : `must be more than ${limit}`;
    return inclusive ? `must be ${limit} or less` : `must be less than ${limit}`;
  }
  return undefined;
}
