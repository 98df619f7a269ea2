/**
 * One error shape for every HTTP answer outside /trpc: `{ error: { code, message, issues? } }`,
 * with the right status and never a stack or an internal message.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { INTERNAL_MESSAGE } from '../trpc.ts';

/** The JSON body of an error answer. */
export interface ErrorBody {
  error: { code: string; message: string; issues?: unknown[] };
}

/** Builds an error body. */
export function errorBody(code: string, message: string, issues?: unknown[]): ErrorBody {
  return { error: { code, message, ...(issues ? { issues } : {}) } };
}

/**
 * trpc-to-openapi writes its own error body (`{ message, code, data, issues }`) straight to the
 * response; this wraps `res.end` for the REST door so errors leave in our shape instead.
 */
export const reshapeRestErrors: RequestHandler = (_req, res, next) => {
  const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (res.statusCode >= 400 && typeof chunk === 'string' && String(res.getHeader('content-type') ?? '').startsWith('application/json')) {
      try {
        const raw = JSON.parse(chunk) as { code?: unknown; message?: unknown; issues?: unknown[]; data?: { details?: Record<string, unknown> } };
        const code = typeof raw.code === 'string' ? raw.code : 'INTERNAL_SERVER_ERROR';
        const message = res.statusCode >= 500 || typeof raw.message !== 'string' ? INTERNAL_MESSAGE : raw.message;
        const shaped = errorBody(code, message, Array.isArray(raw.issues) ? raw.issues : undefined);
        const details = res.statusCode < 500 ? raw.data?.details : undefined;
        const body = JSON.stringify(details ? { error: { ...details, ...shaped.error } } : shaped);
        res.setHeader('content-length', Buffer.byteLength(body));
        return end(body, ...rest);
      } catch {
        // Not JSON after all: pass it through untouched.
      }
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
  next();
};

/**
 * trpc-to-openapi refuses a POST without `Content-Type: application/json` even when the procedure
 * takes no input (`curl -X POST .../signout`); treat a bodyless request as an empty JSON one.
 */
export const bodylessAsJson: RequestHandler = (req, _res, next) => {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody && !req.headers['content-type'] && !['GET', 'HEAD'].includes(req.method)) {
    req.headers['content-type'] = 'application/json';
  }
  next();
};

/** 404 for anything no route answered. */
export const notFound: RequestHandler = (_req, res) => {
  res.status(404).json(errorBody('NOT_FOUND', 'Not found'));
};

/** Status and code for the errors express's body parser raises. */
const PARSER_ERRORS: Record<string, [number, string, string]> = {
  'entity.too.large': [413, 'PAYLOAD_TOO_LARGE', 'Request body too large'],
  'entity.parse.failed': [400, 'PARSE_ERROR', 'Request body is not valid JSON'],
  'encoding.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported content encoding'],
  'charset.unsupported': [415, 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported charset'],
};

/** The last handler: maps known errors, logs and hides everything else. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const type = (err as { type?: unknown } | null)?.type;
    const known = typeof type === 'string' ? PARSER_ERRORS[type] : undefined;
    if (known) {
      res.status(known[0]).json(errorBody(known[1], known[2]));
      return;
    }
    logger.error({ err }, 'unhandled error');
    res.status(500).json(errorBody('INTERNAL_SERVER_ERROR', INTERNAL_MESSAGE));
  };
}
