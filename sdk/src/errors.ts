/** The one error type the SDK throws or hands to `onError`, with the HTTP status when the server answered. */
export class PromptStackError extends Error {
  override readonly name = 'PromptStackError';
  /** The server's HTTP status, absent when it never answered (network failure, timeout). */
  readonly status: number | undefined;
  constructor(message: string, options: { status?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.status = options.status;
  }
}

/** A message for any thrown value. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
