/** What `promptstack` exits with; documented in cli/README.md. */
export const EXIT = {
  /** Everything checked passed. */
  ok: 0,
  /** Something checked failed: an error-level diagnostic, a failing test case. */
  failures: 1,
  /** The command line or the configuration is wrong (unknown option, no files, missing credentials). */
  usage: 2,
  /** A push found that the backend moved on since the file's base version. */
  conflict: 3,
} as const;

/** A problem with how the command was called; printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
