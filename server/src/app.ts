/**
 * Builds the Express app from its dependencies (no listening, no globals), so tests and main.ts
 * start the very same thing: security headers, request logs, body limit, throttles, /healthz,
 * tRPC at /trpc, REST + OpenAPI at /api, the web app at /.
 */
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import express, { type Express } from 'express';
import { contextFactory, type AppDeps } from './context.ts';
import { dummyPasswordHash } from './features/auth/passwords.ts';
import { openApiDocument, renderApiDocsHtml } from './http/apiDocs.ts';
import { errorHandler, notFound } from './http/errors.ts';
import { trpcQueryDepth, verifyJsonDepth } from './http/jsonDepth.ts';
import { restAdapter } from './http/restAdapter.ts';
import { GENERATIONS_BODY_LIMIT } from './features/generations/index.ts';
import { promptSourceRoutes } from './features/prompts/promptSourceRoutes.ts';
import { runStreamRoutes } from './features/runs/runStreamRoute.ts';
import { healthRoute } from './http/health.ts';
import { requestLog } from './http/requestLog.ts';
import { endUnreadBodies } from './http/unreadBodies.ts';
import { securityHeaders } from './http/securityHeaders.ts';
import { rateLimiters } from './http/rateLimits.ts';
import { MAX_TRPC_BATCH, trpcBatchGuard } from './http/trpcBatches.ts';
import { findWebDist, webApp } from './http/webApp.ts';
import { appRouter } from './router.ts';

/** Largest JSON body accepted; bigger answers 413. */
export const BODY_LIMIT = '1mb';

/** Creates the app. `deps.env.rateLimits` sets the throttles. */
export function createApp(deps: AppDeps): Express {
  const { env, logger } = deps;
  // Computed now so the first unknown-email sign-in costs what every later one does.
  void dummyPasswordHash();
  const app = express();
  app.disable('x-powered-by');
  // helmet's headers, recorded once at start-up (they are constants).
  app.use(securityHeaders());
  // One line per request (method, url, status, time; no headers, so no tokens or cookies).
  app.use(requestLog(logger));
  // A GET or HEAD body is never read: let it end now, so Node need not dump it after the answer.
  app.use(endUnreadBodies);
  // Oversized batches and batched sign-ins are refused before anything parses, counts or runs them.
  app.use(trpcBatchGuard);
  // The depth check runs on the raw bytes before parsing: deep nesting is a 400, not a stack overflow.
  // A batch of generations carries up to 1,000 inputs and outputs, so that one route reads up to
  // its own limit; the general parser then finds the body read and leaves it.
  app.post('/api/v1/generations', express.json({ limit: GENERATIONS_BODY_LIMIT, verify: verifyJsonDepth }));
  app.use(express.json({ limit: BODY_LIMIT, verify: verifyJsonDepth }));
  const throttles = rateLimiters(env.rateLimits);
  if (throttles.length) app.use(...throttles);

  app.get('/healthz', healthRoute(deps.db));

  const createContext = contextFactory(deps);
  const onError = ({ error, path }: { error: { code: string; cause?: unknown }; path?: string | undefined }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error.cause ?? error, path }, 'procedure failed');
  };
  app.use(
    '/trpc',
    trpcQueryDepth,
    createExpressMiddleware({ router: appRouter, createContext, onError, maxBodySize: 1024 * 1024, maxBatchSize: MAX_TRPC_BATCH }),
  );

  const doc = openApiDocument(appRouter, `${env.nextAuthUrl.replace(/\/$/, '')}/api`);
  const docsHtml = renderApiDocsHtml(doc);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(doc);
  });
  app.get('/api/docs', (_req, res) => {
    res.type('html').send(docsHtml);
  });
  // Every REST operation with a JSON body: the procedures with `meta.openapi`, called through a
  // tRPC caller (first: it answers nearly every API request, and passes the others on).
  app.use('/api', restAdapter({ router: appRouter, createContext, logger }));
  // `.prompt` files as text/plain, which the REST adapter (JSON only) does not answer.
  app.use('/api', promptSourceRoutes(deps));
  // Server-sent events for a streaming run, which the REST adapter does not answer either.
  app.use('/api', runStreamRoutes(deps));
  // The web app at `/` (after the API, so no API address is ever answered with a page).
  app.use(webApp(findWebDist()));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
