/**
 * One HTTP call to the PromptStack server: bearer auth, a bounded timeout, and the answer
 * classified as delivered, retryable (network, timeout, 429, 5xx) or refused (other 4xx).
 */
import { describeError } from './errors.ts';

/** The `fetch` the SDK calls (the global one unless the caller passes another). */
export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** What a call came to. `retryAfterMs` is the server's `Retry-After` when it sent one. */
export type HttpOutcome =
  | { kind: 'ok'; status: number; response: Response }
  | { kind: 'retryable'; status?: number; message: string; retryAfterMs?: number; timedOut?: boolean }
  | { kind: 'refused'; status: number; message: string };

/** Where and how to reach the server. */
export interface HttpClient {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  fetch: FetchLike;
}

/** Parses `Retry-After` (seconds or an HTTP date) into milliseconds from now. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The server's error message (`{ error: { message } }` or `{ message }`) or the status line. */
async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { message?: unknown; error?: { message?: unknown } | string };
    const message = typeof body.error === 'object' ? body.error?.message : (body.error ?? body.message);
    if (typeof message === 'string' && message) return `${response.status} ${message}`;
  } catch {
    // Not JSON: fall back to the status.
  }
  return `${response.status} ${response.statusText || 'error'}`.trim();
}

/** Sends one request; never throws. A 304 counts as `ok` (the caller reads the status). */
export async function request(
  client: HttpClient,
  method: 'GET' | 'POST',
  path: string,
  options: { body?: unknown; json?: string; headers?: Record<string, string> } = {},
): Promise<HttpOutcome> {
  const headers: Record<string, string> = { authorization: `Bearer ${client.apiKey}`, accept: 'application/json', ...options.headers };
  const init: RequestInit = { method, headers, signal: AbortSignal.timeout(client.timeoutMs) };
  const json = options.json ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (json !== undefined) {
    headers['content-type'] = 'application/json';
    init.body = json;
  }
  let response: Response;
  try {
    response = await client.fetch(`${client.baseUrl}${path}`, init);
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const message = timedOut
      ? `no answer within ${client.timeoutMs} ms`
      : `cannot reach ${client.baseUrl}: ${describeError((error as { cause?: unknown }).cause ?? error)}`;
    return timedOut ? { kind: 'retryable', message, timedOut } : { kind: 'retryable', message };
  }
  if (response.ok || response.status === 304) return { kind: 'ok', status: response.status, response };
  const message = await errorMessage(response);
  if (response.status === 429 || response.status >= 500) {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    return retryAfterMs === undefined
      ? { kind: 'retryable', status: response.status, message }
      : { kind: 'retryable', status: response.status, message, retryAfterMs };
  }
  return { kind: 'refused', status: response.status, message };
}
