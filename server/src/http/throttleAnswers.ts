/** What every throttle shares: how it names the client, and its 429 answer. */
import type { Request, Response } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import { errorBody } from './errors.ts';

/** The client's address as a throttle key (an IPv6 client is keyed by its /56, as one host can hold many). */
export function clientIp(req: Request): string {
  return ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');
}

/** Answers 429 with Retry-After (whole seconds, at least 1) and our error body. */
export function tooManyRequests(res: Response, msBeforeNext: number): void {
  res.setHeader('Retry-After', String(Math.max(1, Math.ceil(msBeforeNext / 1000))));
  res.status(429).json(errorBody('TOO_MANY_REQUESTS', 'Too many requests; try again later'));
}
