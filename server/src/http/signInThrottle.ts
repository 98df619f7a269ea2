/**
 * The sign-in throttle, after OWASP's authentication guidance: it slows the source of the guesses,
 * never the account. Attempts are counted per (client IP, account) before the password is checked,
 * so parallel or batched guesses cannot outrun it; once a client spends its allowance on one
 * account, that pair alone is locked for a delay that doubles with each lockout, and after the
 * first lockout each attempt spends the whole allowance (one guess per delay). A successful
 * sign-in clears the pair. The owner signing in from elsewhere is a different pair and gets in.
 * A looser per-IP count of every attempt slows credential stuffing across many accounts.
 */
import type { Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { clientIp, tooManyRequests } from './throttleAnswers.ts';

const FIFTEEN_MINUTES_S = 15 * 60;
const ONE_DAY_S = 24 * 60 * 60;
/** The first lockout of a pair, in seconds; each further lockout doubles it. */
export const FIRST_LOCKOUT_S = 60;
/** The longest lockout, so a forgotten password never locks a client out for good. */
export const MAX_LOCKOUT_S = 60 * 60;
/** Every sign-in attempt from one IP, over all accounts, in 15 minutes: this many times the pair allowance. */
export const PER_IP_FACTOR = 10;

/** How long a pair stays locked after its `lockouts`-th lockout (1-based): 1, 2, 4 ... 60 minutes. */
export function lockoutSeconds(lockouts: number): number {
  return Math.min(FIRST_LOCKOUT_S * 2 ** Math.max(0, lockouts - 1), MAX_LOCKOUT_S);
}

/** The email a sign-in names, from a REST or tRPC body, or a one-call tRPC batch (`{ "0": input }`). */
function signInEmail(req: Request): string {
  const body = req.body as Record<string, unknown> | undefined;
  const candidate = body?.email ?? (body?.['0'] as Record<string, unknown> | undefined)?.email;
  return typeof candidate === 'string' ? candidate.trim().toLowerCase() : '';
}

/**
 * The throttle for requests `isSignIn` picks out. `allowance` is the attempts a client may fail
 * on one account before it is locked out (RATE_LIMIT_LOGIN).
 */
export function signInThrottle(allowance: number, isSignIn: (req: Request) => boolean): RequestHandler {
  const perIp = new RateLimiterMemory({ keyPrefix: 'signin-ip', points: allowance * PER_IP_FACTOR, duration: FIFTEEN_MINUTES_S });
  const perPair = new RateLimiterMemory({ keyPrefix: 'signin-pair', points: allowance, duration: FIFTEEN_MINUTES_S });
  // How often each pair was locked out in the last day; only ever increased with penalty().
  const lockouts = new RateLimiterMemory({ keyPrefix: 'signin-lockouts', points: 1, duration: ONE_DAY_S });

  async function settle(res: Response, pairKey: string, remaining: number): Promise<void> {
    if (res.statusCode === 200) {
      await Promise.all([perPair.delete(pairKey), lockouts.delete(pairKey)]);
      return;
    }
    // Any other answer (a 401, a malformed attempt) keeps its point; the last allowed one locks the pair.
    if (remaining > 0) return;
    const { consumedPoints } = await lockouts.penalty(pairKey, 1);
    await perPair.block(pairKey, lockoutSeconds(consumedPoints));
  }

  return async (req, res, next) => {
    if (!isSignIn(req)) return next();
    const ip = clientIp(req);
    const pairKey = `${ip}|${signInEmail(req)}`;
    try {
      await perIp.consume(ip, 1);
      const lockedBefore = ((await lockouts.get(pairKey))?.consumedPoints ?? 0) > 0;
      const taken = await perPair.consume(pairKey, lockedBefore ? allowance : 1);
      // Counted once the answer is known; in-memory counters do not fail, so nothing is lost here.
      res.on('finish', () => void settle(res, pairKey, taken.remainingPoints));
      next();
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return tooManyRequests(res, rejection.msBeforeNext);
      next(rejection);
    }
  };
}
