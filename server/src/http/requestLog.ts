/**
 * One structured log line per request, written when the answer has gone: method, url, status and
 * time, never headers or bodies (so no tokens, cookies or passwords). Replaces pino-http, which
 * built a child logger and serializers for every request even when the level dropped the line.
 */
import type { RequestHandler } from 'express';
import type { Level, Logger } from 'pino';

/** error for 5xx, warn for 4xx, info otherwise (as pino-http's customLogLevel gave before). */
function levelFor(status: number): Level {
  return status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
}

/** Express middleware logging each finished (or aborted) request once with `logger`. */
export function requestLog(logger: Logger): RequestHandler {
  let nextId = 0;
  return (req, res, next) => {
    const start = performance.now();
    const id = ++nextId;
    // 'close' follows 'finish' on every answer and also ends an aborted one: one listener does. A
    // response closes once, so a plain listener does (`once` would wrap it and remove it again).
    res.on('close', () => {
      const status = res.statusCode;
      const level = res.writableFinished ? levelFor(status) : 'warn';
      // The cheap check first: at LOG_LEVEL=warn a 200 costs one comparison and no allocation.
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id, method: req.method, url: req.originalUrl, remoteAddress: req.socket.remoteAddress },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - start),
        },
        res.writableFinished ? 'request completed' : 'request aborted',
      );
    });
    next();
  };
}
