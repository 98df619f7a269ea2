/**
 * Turns a token from a request into the signed-in user, in one query: the user, whether the token
 * was signed out (revoked `jti`), and the per-user and global "sessions valid after" times. The
 * answer is kept briefly in the database's SessionCache (see sessionCache.ts for its invalidation).
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { sessionCacheFor } from './sessionCache.ts';
import type { FoundToken } from './sessionCookie.ts';
import { decodeSessionToken, type SessionClaims } from './sessionToken.ts';

/** Key of the GlobalSetting row written by `npm run clear-sessions`: `{ at: epoch ms }`. */
export const GLOBAL_SESSIONS_VALID_AFTER = 'sessionsValidAfter';

/** The signed-in user as every procedure sees it. */
export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  image: string | null;
}

/** A valid session: the user, the token's claims and the raw token. */
export interface Session {
  user: SessionUser;
  claims: SessionClaims;
  token: string;
}

interface SessionRow extends SessionUser {
  userValidAfterMs: number | null;
  globalValidAfterMs: number | null;
  revoked: boolean;
}

/** True when a token issued at `iatSeconds` predates a "valid after" instant in ms. */
export function issuedBefore(iatSeconds: number, validAfterMs: number | null): boolean {
  // Rounded: a fractional iat times 1000 is not always an exact integer in floating point.
  return validAfterMs !== null && Math.round(iatSeconds * 1000) < Math.round(validAfterMs);
}

/** Resolves `found` to a session, or null when the token is invalid, ended, or its user is gone. */
export async function resolveSession(prisma: PrismaClient, secret: string, found: FoundToken | null): Promise<Session | null> {
  if (!found) return null;
  const cache = sessionCacheFor(prisma);
  const key = `${found.cookieName ?? ''} ${found.token}`;
  return cache.get(key) ?? cache.lookup(key, () => lookupSession(prisma, secret, found));
}

/** Decrypts the token and checks it against the database (revocations, "valid after" times, the user). */
async function lookupSession(prisma: PrismaClient, secret: string, found: FoundToken): Promise<Session | null> {
  const claims = await decodeSessionToken(secret, found.token, found.cookieName);
  if (!claims) return null;
  const rows = await prisma.$queryRaw<SessionRow[]>`
    SELECT u.id, u.email, u.name, u.image,
      (EXTRACT(EPOCH FROM u."sessionsValidAfter") * 1000)::float8 AS "userValidAfterMs",
      (SELECT (g.value->>'at')::float8 FROM "GlobalSetting" g WHERE g.key = ${GLOBAL_SESSIONS_VALID_AFTER}) AS "globalValidAfterMs",
      EXISTS (SELECT 1 FROM "RevokedSession" r WHERE r.jti = ${claims.jti}) AS revoked
    FROM "User" u WHERE u.id = ${claims.sub}`;
  const row = rows[0];
  if (!row || row.revoked) return null;
  if (issuedBefore(claims.iat, row.userValidAfterMs) || issuedBefore(claims.iat, row.globalValidAfterMs)) return null;
  return { user: { id: row.id, email: row.email, name: row.name, image: row.image }, claims, token: found.token };
}
