/**
 * A fast door for the hottest read, `GET /api/prompts/{id}` without a query string: it calls
 * `prompts.get` through a tRPC caller and writes the answer exactly as trpc-to-openapi does
 * (status 200, `Content-Type: application/json`, `JSON.stringify` of the output), skipping that
 * adapter's per-request URL parsing, route search, schema coercion, abort signal and error-body
 * rewriting. Access rules, validation and output are the procedure's own.
 *
 * Anything else (a query string, another method, an encoded or odd path) and every failure falls
 * through to the REST middleware, which answers it as before; a failed read is then made twice,
 * which is harmless for a read and keeps every error answer (status, body, headers) the adapter's.
 *
 * Mount before the REST middleware: `app.use('/api', promptReadRoute(deps))`.
 */
import type { RequestHandler } from 'express';
import { contextFactory, type AppDeps } from '../../context.ts';
import { createCallerFactory } from '../../trpc.ts';
import { promptsRouter } from './promptsRouter.ts';

const createCaller = createCallerFactory(promptsRouter);
/**
 * The paths trpc-to-openapi matches to `prompts.get` (case-insensitive, one trailing slash),
 * narrowed to ids that need no decoding or dot-segment handling, so both doors see the same id.
 */
const PLAIN_PROMPT_PATH = /^\/prompts\/([A-Za-z0-9_-]+)\/?$/i;

/** Express middleware answering a plain `GET /prompts/{id}` (under the `/api` mount). */
export function promptReadRoute(deps: AppDeps): RequestHandler {
  const createContext = contextFactory(deps);
  return (req, res, next) => {
    const match = req.method === 'GET' ? PLAIN_PROMPT_PATH.exec(req.url) : null;
    if (!match) return next();
    const id = match[1] as string;
    createContext({ req, res })
      .then((ctx) => createCaller(ctx).get({ id }))
      .then((prompt) => {
        res.statusCode = 200;
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(prompt));
      }, () => {
        // The REST middleware makes the same call again and answers the error in the API's shape.
        if (!res.headersSent) next();
      })
      .catch(next);
  };
}
