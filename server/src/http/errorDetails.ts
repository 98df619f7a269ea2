/**
 * An error cause carrying extra fields for the error body: `throw new TRPCError({ code, message,
 * cause: new ErrorDetails(message, { latest }) })` answers `{ error: { code, message, latest } }`
 * on REST and `data.details.latest` on tRPC (the formatter in trpc.ts copies `details`).
 * Only for 4xx answers: details of a 500 never reach the caller.
 */
export class ErrorDetails extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ErrorDetails';
  }
}
