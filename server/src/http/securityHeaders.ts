/**
 * helmet's security headers at the cost of a few `setHeader` calls. With our options every helmet
 * header is a constant (no CSP nonces), so helmet runs once at start-up against a recorder and
 * each request gets the recorded headers, in helmet's order, instead of ten chained middlewares.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** Express middleware setting exactly the headers `helmet()` sets. */
export function securityHeaders(): RequestHandler {
  const headers: Array<[string, string | number | readonly string[]]> = [];
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers.push([name, value]);
    },
    // helmet removes X-Powered-By; the app disables it too, and the middleware below repeats it.
    removeHeader: () => undefined,
  };
  let failed: unknown;
  helmet()({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw new Error('helmet could not be recorded', { cause: failed });
  return (_req, res, next) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    res.removeHeader('X-Powered-By');
    next();
  };
}
