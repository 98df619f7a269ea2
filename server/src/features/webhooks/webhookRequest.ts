/**
 * One webhook request: the body signed as the Standard Webhooks specification says (the
 * `standardwebhooks` library: `webhook-id`, `webhook-timestamp`, `webhook-signature` =
 * `v1,<base64 HMAC-SHA256 of id.timestamp.body>`) and POSTed. Unless private targets are allowed,
 * the connection goes through request-filtering-agent, which refuses a private, loopback or
 * link-local address after DNS resolution. Redirects are not followed: a 3xx is a failed attempt.
 */
import http from 'node:http';
import https from 'node:https';
import { useAgent } from 'request-filtering-agent';
import { Webhook } from 'standardwebhooks';

/** How long an attempt may take, from connecting to the answer's status line. */
export const REQUEST_TIMEOUT_MS = 15_000;
/** Longest error text kept in the delivery log. */
const MAX_ERROR_LENGTH = 500;

/** What one attempt gave. */
export interface AttemptResult {
  /** The receiver's HTTP status; null when no answer came. */
  statusCode: number | null;
  /** Why it failed; null for a 2xx. */
  error: string | null;
  durationMs: number;
}

/**
 * The headers of a signed request, signed at `now` (each attempt signs afresh, so its timestamp is
 * current). With several secrets (a rotation's overlap), `webhook-signature` carries one
 * space-separated `v1,<sig>` per secret, as the specification allows, and a receiver verifies with
 * any of them.
 */
export function signedHeaders(secrets: string | readonly string[], messageId: string, body: string, now: Date = new Date()): Record<string, string> {
  const signatures = (typeof secrets === 'string' ? [secrets] : secrets).map((secret) => new Webhook(secret).sign(messageId, now, body));
  return {
    'content-type': 'application/json',
    'user-agent': 'PromptStack-Webhooks/1',
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/** The status by which a receiver says its endpoint is gone for good: the webhook is disabled. */
export const GONE = 410;

/** True for an answer that counts as delivered. */
export function isDelivered(statusCode: number | null): boolean {
  return statusCode !== null && statusCode >= 200 && statusCode < 300;
}

/** POSTs `body` to `url`; never throws (a failure is an AttemptResult with its error). */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<AttemptResult> {
  const started = performance.now();
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  return new Promise((resolve) => {
    let request: http.ClientRequest | undefined;
    const timer = setTimeout(() => request?.destroy(new Error(`No answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const finish = (statusCode: number | null, error: string | null) => {
      clearTimeout(timer);
      resolve({ statusCode, error: error && error.slice(0, MAX_ERROR_LENGTH), durationMs: Math.round(performance.now() - started) });
    };
    try {
      const target = new URL(url);
      const client = target.protocol === 'https:' ? https : http;
      const agent = options.allowPrivate ? undefined : useAgent(url);
      request = client.request(target, { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent }, (response) => {
        const status = response.statusCode ?? null;
        // Only the status matters; the answer's body is not read (nor can a large one tie the worker up).
        response.destroy();
        finish(status, isDelivered(status) ? null : `The receiver answered HTTP ${status}`);
      });
    } catch (error) {
      finish(null, (error as Error).message);
      return;
    }
    request.on('error', (error) => finish(null, error.message));
    request.end(body);
  });
}
