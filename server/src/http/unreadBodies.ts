/**
 * Lets the body of a GET or HEAD request, which no route reads, flow out at once. Left unread, Node
 * dumps it after the answer and then listens for its end: work every answered request pays for.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';

/** Express middleware: resumes (discards) a GET or HEAD request's body before the routes run. */
export const endUnreadBodies: RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') (req as IncomingMessage).resume();
  next();
};
