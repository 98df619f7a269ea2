/**
 * One error shape for every provider failure, so a failed call becomes a recorded run with a
 * kind the UI and the retry policy understand, never an exception escaping the runner.
 */
import * as AnthropicErrors from '@anthropic-ai/sdk/core/error';
import * as OpenAIErrors from 'openai/core/error';

/** Why a run failed. */
export type RunErrorKind =
  | 'rate_limit'
  | 'auth'
  | 'timeout'
  | 'cancelled'
  | 'provider'
  | 'network'
  | 'invalid_input'
  /** The answer is not JSON or breaks `output.schema` (see `violations`). */
  | 'invalid_output'
  /** The model kept calling tools past `maxToolTurns`. */
  | 'tool_turns';

/** One way an answer breaks its schema: where (`/items/0/name`, or `(root)`) and what. */
export interface SchemaViolation {
  path: string;
  message: string;
}

/** A run's error, as recorded and shown. */
export interface RunError {
  kind: RunErrorKind;
  message: string;
  /** HTTP status when the provider answered with one. */
  status?: number;
  /** `invalid_output` only: each schema violation (the message lists them too). */
  violations?: SchemaViolation[];
}

/** A classified provider failure, with what the retry policy needs. */
export interface ClassifiedError extends RunError {
  retryable: boolean;
  /** From the `Retry-After` header (seconds or HTTP date), in milliseconds. */
  retryAfterMs?: number;
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function headerOf(headers: unknown, name: string): string | null {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  return null;
}

/** The provider's own message from an error body (`{ error: { message } }` in both APIs). */
function providerMessage(error: { message: string; error?: unknown }): string {
  const body = error.error as { error?: { message?: unknown }; message?: unknown } | undefined;
  const message = body?.error?.message ?? body?.message;
  return typeof message === 'string' && message ? message : error.message;
}

function isUserAbort(error: unknown): boolean {
  return (
    error instanceof OpenAIErrors.APIUserAbortError ||
    error instanceof AnthropicErrors.APIUserAbortError ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

function isTimeout(error: unknown): boolean {
  return error instanceof OpenAIErrors.APIConnectionTimeoutError || error instanceof AnthropicErrors.APIConnectionTimeoutError;
}

function isConnection(error: unknown): boolean {
  return error instanceof OpenAIErrors.APIConnectionError || error instanceof AnthropicErrors.APIConnectionError;
}

/**
 * Node's codes for a connection that broke or could not be made. The SDKs wrap failures before an
 * answer as connection errors, but an answer cut off after its head (the body or the stream
 * stops: `aborted`, ECONNRESET) reaches us as Node's own error.
 */
const NETWORK_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
]);

function networkErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code) ? code : undefined;
}

function isApiError(error: unknown): error is { status: number; headers?: unknown; message: string; error?: unknown } {
  return (error instanceof OpenAIErrors.APIError || error instanceof AnthropicErrors.APIError) && typeof (error as { status?: unknown }).status === 'number';
}

/** Classifies an SDK (or fetch) error: kind, status, whether to retry and after how long. */
export function classifyProviderError(error: unknown, now: number = Date.now()): ClassifiedError {
  if (isUserAbort(error)) return { kind: 'cancelled', message: 'The run was cancelled', retryable: false };
  if (isTimeout(error)) return { kind: 'timeout', message: 'The provider did not answer in time', retryable: true };
  if (isApiError(error)) {
    const status = error.status;
    const message = providerMessage(error);
    const retryAfterMs = parseRetryAfter(headerOf(error.headers, 'retry-after'), now);
    if (status === 429) return { kind: 'rate_limit', message, status, retryable: true, retryAfterMs };
    if (status === 401 || status === 403) return { kind: 'auth', message, status, retryable: false };
    if (status === 408) return { kind: 'timeout', message, status, retryable: true, retryAfterMs };
    // 529 is Anthropic's "overloaded"; every 5xx is worth another try.
    if (status >= 500) return { kind: 'provider', message, status, retryable: true, retryAfterMs };
    return { kind: 'provider', message, status, retryable: false };
  }
  if (isConnection(error)) {
    const cause = (error as Error).cause;
    const detail = cause instanceof Error ? `: ${cause.message}` : '';
    return { kind: 'network', message: `Cannot reach the provider${detail}`, retryable: true };
  }
  const code = networkErrorCode(error);
  if (code) return { kind: 'network', message: `The connection to the provider broke before the answer was complete (${code})`, retryable: true };
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'provider', message, retryable: false };
}
