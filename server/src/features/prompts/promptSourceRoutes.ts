/**
 * The `.prompt` file of a version as plain text, beside the JSON API (the REST adapter answers
 * JSON only). Both routes call the same tRPC procedures, so access rules, errors and writes are
 * exactly those of `prompts.versions.get` / `prompts.versions.upload`:
 *
 *   GET  /api/prompts/{id}/versions/{ref}/source   -> the file, text/plain, byte for byte
 *   POST /api/prompts/{id}/source?baseVersion=&message=   body: the file -> the upload's JSON answer
 *
 * Mount before the REST middleware: `app.use('/api', promptSourceRoutes(deps))`.
 */
import { TRPCError } from '@trpc/server';
import express, { type Request, type Response, type Router } from 'express';
import { contextFactory, type AppDeps } from '../../context.ts';
import type { Logger } from 'pino';
import { createCallerFactory } from '../../trpc.ts';
import { trpcErrorAnswer } from '../../http/errors.ts';
import { MAX_SOURCE_CHARS } from './promptSchemas.ts';
import { promptsRouter } from './promptsRouter.ts';

const createCaller = createCallerFactory(promptsRouter);
/** UTF-8 takes at most 4 bytes per UTF-16 unit pair; the character limit is checked after decoding. */
const MAX_SOURCE_BYTES = MAX_SOURCE_CHARS * 4;

/** Writes an error in the API's shape, with the status tRPC gives its code; logs every 500. */
function sendError(res: Response, error: unknown, logger: Logger, input?: unknown): void {
  const trpcError = error instanceof TRPCError ? error : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: error });
  const answer = trpcErrorAnswer(trpcError, input);
  if (answer.status >= 500) logger.error({ err: trpcError.cause ?? trpcError }, '.prompt source route failed');
  res.status(answer.status).json(answer.body);
}

/** Decodes a request body as UTF-8 exactly: a byte-order mark is kept, invalid bytes are refused. */
function decodeSource(body: unknown): string | null {
  if (!Buffer.isBuffer(body)) return '';
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return null;
  }
}

function optionalNumber(value: unknown): number | undefined | null {
  if (value === undefined) return undefined;
  return typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
}

/** Express routes for downloading and uploading `.prompt` files as text. */
export function promptSourceRoutes(deps: AppDeps): Router {
  const createContext = contextFactory(deps);
  const routes = express.Router();

  routes.get('/prompts/:id/versions/:ref/source', async (req: Request, res: Response) => {
    try {
      const caller = createCaller(await createContext({ req, res }));
      const version = await caller.versions.get({ id: String(req.params.id), ref: String(req.params.ref) });
      res.setHeader('ETag', `"${version.contentHash}"`);
      res.setHeader('X-Prompt-Version', String(version.number));
      res.type('text/plain; charset=utf-8').send(Buffer.from(version.source, 'utf8'));
    } catch (error) {
      sendError(res, error, deps.logger, req.query);
    }
  });

  routes.post('/prompts/:id/source', express.raw({ type: () => true, limit: MAX_SOURCE_BYTES }), async (req: Request, res: Response) => {
    try {
      const source = decodeSource(req.body);
      if (source === null) throw new TRPCError({ code: 'BAD_REQUEST', message: 'The .prompt file is not valid UTF-8' });
      const baseVersion = optionalNumber(req.query.baseVersion);
      if (baseVersion === null) throw new TRPCError({ code: 'BAD_REQUEST', message: 'baseVersion must be a version number' });
      const message = typeof req.query.message === 'string' ? req.query.message : undefined;
      const ctx = await createContext({ req, res });
      const result = await createCaller(ctx).versions.upload({ id: String(req.params.id), source, baseVersion, message });
      res.status(result.created ? 201 : 200).json(result);
    } catch (error) {
      sendError(res, error, deps.logger, req.query);
    }
  });
  return routes;
}
