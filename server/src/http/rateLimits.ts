/**
 * Throttles: failed sign-ins per account and per IP, sign-ups per IP, and writes per IP. Each
 * answers 429 with Retry-After and our error body. Limits come from Env (0 disables one).
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Options, type RateLimitInfo } from 'express-rate-limit';
import { errorBody } from './errors.ts';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

/** The limits a running app applies. */
export interface RateLimitSettings {
  /** Failed sign-ins per account and per IP in 15 minutes. */
  login: number;
  /** Non-GET requests per IP per minute. */
  writesPerMinute: number;
}

/** The request path, lower-cased and without a trailing slash (routing ignores both). */
function normalisedPath(req: Request): string {
  return req.path.toLowerCase().replace(/\/+$/, '');
}

/** True for sign-in on either door (a /trpc batch path lists procedures with commas). */
const isSignIn = (req: Request) => /^\/api\/auth\/signin$|^\/trpc\/.*auth\.signin/.test(normalisedPath(req));
const isSignUp = (req: Request) => /^\/api\/auth\/signup$|^\/trpc\/.*auth\.signup/.test(normalisedPath(req));
const isPasswordChange = (req: Request) => /^\/api\/auth\/password$|^\/trpc\/.*auth\.changepassword/.test(normalisedPath(req));
const isWrite = (req: Request) => !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && /^\/(api|trpc)\//.test(normalisedPath(req));

/** The email a sign-in names, from a REST body, a tRPC body or a tRPC batch body. */
function signInEmail(req: Request): string | undefined {
  const body = req.body as Record<string, unknown> | undefined;
  const candidate = body?.email ?? (body?.['0'] as Record<string, unknown> | undefined)?.email;
  return typeof candidate === 'string' ? candidate.trim().toLowerCase() : undefined;
}

const clientIp = (req: Request) => ipKeyGenerator(req.ip ?? req.socket.remoteAddress ?? 'unknown');

function limiter(options: Partial<Options>): RequestHandler {
  return rateLimit({
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    handler: (req, res) => {
      const reset = (req as Request & { rateLimit?: RateLimitInfo }).rateLimit?.resetTime?.getTime() ?? Date.now() + 60_000;
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil((reset - Date.now()) / 1000))));
      res.status(429).json(errorBody('TOO_MANY_REQUESTS', 'Too many requests; try again later'));
    },
    ...options,
  });
}

/** The throttles, in the order they run; each applies only to its requests. */
export function rateLimiters(settings: RateLimitSettings): RequestHandler[] {
  const handlers: RequestHandler[] = [];
  if (settings.login > 0) {
    handlers.push(
      // Per account: only failures count, so a user who types correctly is never throttled.
      limiter({
        windowMs: FIFTEEN_MINUTES,
        limit: settings.login,
        skipSuccessfulRequests: true,
        skip: (req) => !isSignIn(req) || !signInEmail(req),
        keyGenerator: (req) => `account:${signInEmail(req)}`,
      }),
      // Per IP: failures across many accounts (credential stuffing) and password guesses.
      limiter({
        windowMs: FIFTEEN_MINUTES,
        limit: settings.login * 5,
        skipSuccessfulRequests: true,
        skip: (req) => !isSignIn(req) && !isPasswordChange(req),
        keyGenerator: (req) => `ip:${clientIp(req)}`,
      }),
      limiter({ windowMs: FIFTEEN_MINUTES, limit: settings.login * 5, skip: (req) => !isSignUp(req), keyGenerator: (req) => `signup:${clientIp(req)}` }),
    );
  }
  if (settings.writesPerMinute > 0) {
    handlers.push(
      limiter({ windowMs: 60_000, limit: settings.writesPerMinute, skip: (req) => !isWrite(req), keyGenerator: (req) => `write:${clientIp(req)}` }),
    );
  }
  return handlers;
}
