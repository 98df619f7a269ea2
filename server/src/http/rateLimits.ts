/**
 * Throttles: sign-ins (per client and account, and per IP; see signInThrottle.ts), password
 * changes and sign-ups per IP, writes per IP, and calls per API key (keyed by the hash of the
 * presented key, so the secret is not kept and an unknown key is throttled too). Each answers 429 with Retry-After and our error
 * body, and counts before the request runs, so parallel requests cannot slip past it. A tRPC batch
 * costs one write per call. Limits come from Env (0 disables one).
 */
import type { Request, RequestHandler } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { apiKeyThrottleKey } from '../features/apikeys/index.ts';
import { signInThrottle } from './signInThrottle.ts';
import { clientIp, tooManyRequests } from './throttleAnswers.ts';
import { trpcCalls } from './trpcBatches.ts';

const FIFTEEN_MINUTES_S = 15 * 60;

/** The limits a running app applies. */
export interface RateLimitSettings {
  /** Sign-in attempts one client may fail on one account before delays start (RATE_LIMIT_LOGIN). */
  login: number;
  /** Write calls (non-GET requests; each call of a tRPC batch) per IP per minute. */
  writesPerMinute: number;
  /** Calls per API key per minute (RATE_LIMIT_API_KEY_PER_MINUTE). */
  apiKeyPerMinute: number;
}

/** The REST path, lower-cased and without a trailing slash (routing ignores both). */
function restPath(req: Request): string {
  return req.path.toLowerCase().replace(/\/+$/, '');
}

/** True when the request is `procedure` on either door (REST `restRoute`, or /trpc). */
function calls(req: Request, restRoute: string, procedure: string): boolean {
  return restPath(req) === restRoute || (trpcCalls(req)?.includes(procedure) ?? false);
}

const isSignIn = (req: Request) => calls(req, '/api/auth/signin', 'auth.signin');
const isSignUp = (req: Request) => calls(req, '/api/auth/signup', 'auth.signup');
const isPasswordChange = (req: Request) => calls(req, '/api/auth/password', 'auth.changepassword');
const isWrite = (req: Request) => !['GET', 'HEAD', 'OPTIONS'].includes(req.method) && /^\/(api|trpc)\//.test(restPath(req));

const isApiCall = (req: Request) => /^\/(api|trpc)\//.test(restPath(req));

/** How many calls a request makes: one, or each call of a tRPC batch. */
const callCount = (req: Request) => trpcCalls(req)?.length ?? 1;

/** A throttle that spends `cost(req)` points per matching request from one IP. */
function perIpThrottle(limiter: RateLimiterMemory, applies: (req: Request) => boolean, cost: (req: Request) => number = () => 1): RequestHandler {
  return throttle(limiter, (req) => (applies(req) ? clientIp(req) : undefined), cost);
}

/** A throttle that spends `cost(req)` points per API call made with one API key. */
function perApiKeyThrottle(limiter: RateLimiterMemory): RequestHandler {
  return throttle(limiter, (req) => (isApiCall(req) ? apiKeyThrottleKey(req.headers.authorization) : undefined), callCount);
}

/** A throttle counting under `keyOf(req)`; a request without a key passes uncounted. */
function throttle(limiter: RateLimiterMemory, keyOf: (req: Request) => string | undefined, cost: (req: Request) => number = () => 1): RequestHandler {
  return async (req, res, next) => {
    const key = keyOf(req);
    if (key === undefined) return next();
    try {
      await limiter.consume(key, cost(req));
      next();
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return tooManyRequests(res, rejection.msBeforeNext);
      next(rejection);
    }
  };
}

/** The throttles, in the order they run; each applies only to its requests. Mount after trpcBatchGuard. */
export function rateLimiters(settings: RateLimitSettings): RequestHandler[] {
  const handlers: RequestHandler[] = [];
  if (settings.login > 0) {
    const perIp = (keyPrefix: string) => new RateLimiterMemory({ keyPrefix, points: settings.login * 5, duration: FIFTEEN_MINUTES_S });
    handlers.push(
      signInThrottle(settings.login, isSignIn),
      // Every password-change attempt counts: the caller holds a session, but maybe not the password.
      perIpThrottle(perIp('password'), isPasswordChange),
      perIpThrottle(perIp('signup'), isSignUp),
    );
  }
  if (settings.writesPerMinute > 0) {
    const writes = new RateLimiterMemory({ keyPrefix: 'write', points: settings.writesPerMinute, duration: 60 });
    handlers.push(perIpThrottle(writes, isWrite, callCount));
  }
  if (settings.apiKeyPerMinute > 0) {
    handlers.push(perApiKeyThrottle(new RateLimiterMemory({ keyPrefix: 'apikey', points: settings.apiKeyPerMinute, duration: 60 })));
  }
  return handlers;
}
