/**
 * The REST door: answers every procedure that has `meta.openapi` at its method and path by calling
 * the procedure (its whole middleware chain: access rules, input and output checks), so the rules
 * and writes are those of /trpc. It answers successes with the documented status (or the one the
 * procedure set in `ctx.http.status`) and every failure in the API's error shape
 * `{ error: { code, message, issues? } }`, the shape the OpenAPI document (apiDocs.ts) declares for
 * every error status. A GET whose procedure set an `ETag` the request's `If-None-Match` names is
 * answered 304 with no body.
 *
 * The per-request work is kept to what the answer needs: the route table is indexed once, and the
 * procedure is called directly (a tRPC caller would build a proxy and look the procedure up again
 * on every request).
 */
import { TRPCError, type AnyRouter } from '@trpc/server';
import type { Request, RequestHandler, Response } from 'express';
import fresh from 'fresh';
import type { Logger } from 'pino';
import type { Context } from '../context.ts';
import { INTERNAL_MESSAGE } from '../trpc.ts';
import { errorBody, trpcErrorAnswer } from './errors.ts';
import { matchRoute, queryInput, restRoutesOf, routeTable, type RestRoute } from './restRoutes.ts';

/** What the adapter is built from. */
export interface RestAdapterOptions {
  router: AnyRouter;
  createContext(opts: { req: Request; res: Response }): Promise<Context>;
  logger: Logger;
}

/** How a procedure is invoked (the options a tRPC caller passes it). */
type ProcedureCall = (opts: {
  ctx: Context;
  path: string;
  type: string;
  getRawInput: () => Promise<unknown>;
  signal: undefined;
  batchIndex: number;
}) => Promise<unknown>;

/** Methods whose input comes from a JSON body (GET and DELETE read the query string). */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function sendJson(res: Response, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

function decodeParams(params: Record<string, string>): Record<string, string> {
  const decoded: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) {
    try {
      decoded[name] = decodeURIComponent(value);
    } catch {
      // A malformed escape stays as sent; the procedure's own lookup finds nothing under it.
      decoded[name] = value;
    }
  }
  return decoded;
}

/** The procedure's input from the body or query string plus the path parameters. */
function inputOf(req: Request, route: RestRoute, params: Record<string, string>): unknown {
  if (!route.takesInput) return undefined;
  if (!BODY_METHODS.has(req.method)) return { ...queryInput(route, req.query as Record<string, unknown>), ...decodeParams(params) };
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  // A bodyless POST (`curl -X POST .../signout`) is an empty object, whatever its content type.
  if (!hasBody) return decodeParams(params);
  const type = req.headers['content-type'];
  if (!type?.toLowerCase().startsWith('application/json')) {
    throw new TRPCError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: type ? `Unsupported content-type "${type}"; send application/json` : 'Missing content-type header; send application/json',
    });
  }
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: `Request body must be a JSON object, got ${Array.isArray(body) ? 'an array' : 'nothing'}` });
  }
  return { ...body, ...decodeParams(params) };
}

/**
 * True when a GET's `If-None-Match` names the answer's ETag (weak comparison, `*`, lists), as the
 * origin server evaluates it. Only that header is passed to `fresh`: a request's
 * `Cache-Control: no-cache` speaks to caches, and fetch() adds it to every conditional request.
 */
function notModified(req: Request, res: Response): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  const etag = res.getHeader('etag');
  return req.method === 'GET' && ifNoneMatch !== undefined && typeof etag === 'string' && fresh({ 'if-none-match': ifNoneMatch }, { etag });
}

/** Answers a success: 304 when the request already holds the answer's ETag, else the JSON. */
function sendSuccess(req: Request, res: Response, status: number, data: unknown): void {
  res.statusCode = status;
  if (status === 200 && notModified(req, res)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  sendJson(res, status, data);
}

/** Express middleware for the REST door; anything that is no operation falls through to `next`. */
export function restAdapter({ router, createContext, logger }: RestAdapterOptions): RequestHandler {
  const table = routeTable(restRoutesOf(router));
  return (req, res, next) => {
    const found = matchRoute(table, req.method, req.path);
    if (!found) return next();
    const { route, params } = found;
    let input: unknown;
    void (async () => {
      try {
        input = inputOf(req, route, params);
        const ctx = await createContext({ req, res });
        const call = route.procedure as unknown as ProcedureCall;
        const data = await call({
          ctx,
          path: route.procedurePath,
          type: route.procedure._def.type,
          getRawInput: () => Promise.resolve(input),
          signal: undefined,
          batchIndex: 0,
        });
        sendSuccess(req, res, ctx.http.status ?? route.successStatuses[0]!, data);
      } catch (caught) {
        const error = caught instanceof TRPCError ? caught : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: caught });
        const answer = trpcErrorAnswer(error, input);
        if (answer.status >= 500) logger.error({ err: error.cause ?? error, path: route.procedurePath }, 'procedure failed');
        if (res.headersSent) return void res.end();
        // A validator set before the failure describes no answer the client will get.
        res.removeHeader('ETag');
        sendJson(res, answer.status, answer.body);
      }
    })().catch((error: unknown) => {
      logger.error({ err: error }, 'REST answer failed');
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL_SERVER_ERROR', INTERNAL_MESSAGE));
    });
  };
}
