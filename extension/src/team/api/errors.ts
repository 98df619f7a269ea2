/**
 * Turns whatever a backend call threw into one `ApiError` with a sentence a user can act on.
 * tRPC errors carry the HTTP status and the server's message; network failures carry neither.
 */
import { TRPCClientError } from '@trpc/client';

/** A failed backend call, with the status (0 for network failures) and a message for people. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** HTTP status; 0 when the backend could not be reached. */
    readonly status: number,
    /** tRPC error code (`CONFLICT`, `FORBIDDEN`...) or `NETWORK`. */
    readonly code: string,
    /** The server's own message, when it sent one. */
    readonly serverMessage: string | undefined,
    /** Extra fields of the error body (a 409 carries `latest`). */
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** HTTP statuses of tRPC's error codes, for errors whose body did not say. */
const STATUS_OF_CODE: Record<string, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  TOO_MANY_REQUESTS: 429,
  INTERNAL_SERVER_ERROR: 500,
};

/**
 * Maps `error` to an ApiError. `what` names the thing acted on ("this prompt", "the project")
 * so a 403/404 reads "You don't have access to this prompt (403)".
 */
export function toApiError(error: unknown, what = 'this prompt', backendUrl?: string): ApiError {
  if (error instanceof ApiError) return error;
  if (!(error instanceof TRPCClientError)) {
    const message = error instanceof Error ? error.message : String(error);
    return new ApiError(`PromptStack failed: ${message}`, 0, 'UNKNOWN', message, undefined);
  }
  const data = (error.data ?? undefined) as { code?: string; httpStatus?: number; details?: Record<string, unknown> } | undefined;
  const code = data?.code ?? (error.shape as { code?: string } | undefined)?.code;
  if (!data && !code) {
    // No error body: the request never reached tRPC (connection refused, DNS, proxy page).
    const where = backendUrl ? ` at ${backendUrl}` : '';
    return new ApiError(
      `Could not reach the PromptStack backend${where} (${error.message}). Check the promptstack.backendUrl setting.`,
      0,
      'NETWORK',
      error.message,
      undefined,
    );
  }
  const codeName = typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR';
  const status = data?.httpStatus ?? STATUS_OF_CODE[codeName] ?? 500;
  const server = error.message;
  return new ApiError(sentenceFor(status, codeName, server, what), status, codeName, server, data?.details);
}

/** The sentence shown for a status; the server's message is added where it says more. */
function sentenceFor(status: number, code: string, server: string, what: string): string {
  switch (status) {
    case 400:
      return `The backend refused the request (400): ${server}`;
    case 401:
      return server === 'Invalid email or password'
        ? 'Invalid email or password (401)'
        : 'You are not signed in to PromptStack, or your session has ended (401). Sign in again.';
    case 403:
      return `You don't have access to ${what} (403): ${server}`;
    case 404:
      return `${capitalize(what)} was not found on the backend, or you are not a member of its workspace (404)`;
    case 409:
      return `Conflict (409): ${server}`;
    case 413:
      return `The file is too large for the backend (413)`;
    case 429:
      return `Too many attempts; wait a little and try again (429)`;
    default:
      return status >= 500 ? `The PromptStack backend failed (${status}); its log has the details` : `${code} (${status}): ${server}`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
