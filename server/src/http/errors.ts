/**
 * One error shape for every HTTP answer outside /trpc: `{ error: { code, message, issues? } }`,
 * with the right status and never a stack or an internal message.
 */
import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { z, ZodError } from 'zod';
import { INTERNAL_MESSAGE } from '../trpc.ts';
import { ErrorDetails } from './errorDetails.ts';
import { describeIssues } from './inputIssues.ts';
import { MAX_JSON_DEPTH } from './jsonDepth.ts';

/**
 * The JSON body of every error answer outside /trpc; the OpenAPI document declares this very
 * schema for every error status (apiDocs.ts). Extra fields (`latest` on a version conflict) ride
 * beside `code` and `message`.
 */
export const errorBodySchema = z.object({
  error: z
    .object({
      code: z.string().meta({ description: "tRPC's error code: BAD_REQUEST, UNAUTHORIZED, NOT_FOUND, PARSE_ERROR, …" }),
      message: z.string(),
      issues: z.array(z.unknown()).optional().meta({ description: 'What zod found wrong with the input (400 only)' }),
    })
    .catchall(z.unknown()),
});

/** The JSON body of an error answer. */
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Builds an error body. */
export function errorBody(code: string, message: string, issues?: unknown[]): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/**
 * The status and body of a failed procedure on the REST door (and the `.prompt` and SSE routes):
 * zod's issues (numbers described with the value sent), `ErrorDetails` fields on 4xx answers,
 * and nothing of an internal error but its code.
 */
export function trpcErrorAnswer(error: TRPCError, input?: unknown): { status: number; body: ErrorBody } {
  const status = getHTTPStatusCodeFromError(error);
  if (status >= 500) return { status, body: errorBody(error.code, INTERNAL_MESSAGE) };
  if (error.cause instanceof ZodError) return { status, body: errorBody(error.code, 'Input validation failed', describeIssues(error.cause.issues, input)) };
  const shaped = errorBody(error.code, error.message);
  return { status, body: error.cause instanceof ErrorDetails ? { error: { ...error.cause.details, ...shaped.error } } : shaped };
}

/** 404 for anything no route answered. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', 'Not found'));
};

/** Status and code for the errors express's body parser raises. */
const PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', 'Request body too large'],
  'entity.too.deep': [400, 'PARSE_ERROR', `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`],
  'entity.parse.failed': [400, 'PARSE_ERROR', 'Request body is not valid JSON'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported charset'],
  'request.aborted': [400, 'BAD_REQUEST', 'Request body ended early'],
  'request.size.invalid': [400, 'BAD_REQUEST', 'Request body does not match its Content-Length'],
};

/**
 * What a body that parses as JSON yet was refused is (body-parser's strict mode takes only
 * objects and arrays), or undefined when it is not JSON at all.
 */
function strictViolation(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const value: unknown = JSON.parse(body);
    return value === null ? 'null' : typeof value === 'string' ? 'a string' : `a ${typeof value}`;
  } catch {
    return undefined;
  }
}

/** The status, code and message of a body-parser error, or undefined for any other error. */
function parserError(err: unknown, req: Request): [number, string, string] | undefined {
  const { type, status, body, errno } = (err ?? {}) as { type?: unknown; status?: unknown; body?: unknown; errno?: unknown };
  const known = typeof type === 'string' ? PARSER_ERRORS[type] : undefined;
  if (known && type === 'entity.parse.failed') {
    const got = strictViolation(body);
    if (got) return [400, 'PARSE_ERROR', `Request body must be a JSON object, got ${got}`];
  }
  if (known) return known;
  // zlib's errors (a body that is not the gzip/deflate/br it claims), passed on with status 400.
  const encoding = req.headers['content-encoding'];
  if (status === 400 && typeof errno === 'number' && encoding) return [400, 'BAD_REQUEST', `Request body is not valid ${encoding} data`];
  return undefined;
}

/** The last handler: maps body-parser's errors to 4xx answers, logs and hides everything else. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const known = parserError(err, req);
    if (known) {
      res.status(known[0]).json(errorBody(known[1], known[2]));
      return;
    }
    logger.error({ err }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL_SERVER_ERROR', INTERNAL_MESSAGE));
  };
}
