/** Accounts and sessions: the only code that writes users, revocations and session cut-offs. */
import { TRPCError } from '@trpc/server';
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { sessionCacheFor } from './sessionCache.ts';
import { GLOBAL_SESSIONS_VALID_AFTER, type SessionUser } from './sessionResolver.ts';
import { encodeSessionToken, type SessionClaims } from './sessionToken.ts';

/** Columns of a user that may leave the server. */
export const publicUserSelect = { id: true, email: true, name: true, image: true, createdAt: true } as const;

/** A user as the API returns it (never the hash). */
export type PublicUser = Prisma.UserGetPayload<{ select: typeof publicUserSelect }>;

/** A freshly issued session. */
export interface IssuedSession {
  user: PublicUser;
  token: string;
  expires: Date;
}

/** Emails compare case-insensitively; we store them lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Auth operations bound to one database and secret. */
export function authService(prisma: PrismaClient, secret: string) {
  // Each write below that ends sessions drops them from the cache once it has committed.
  const sessions = sessionCacheFor(prisma);
  async function issue(user: PublicUser, issuedAtMs?: number): Promise<IssuedSession> {
    const { token, claims } = await encodeSessionToken(
      secret,
      { sub: user.id, name: user.name, email: user.email, picture: user.image },
      issuedAtMs === undefined ? {} : { issuedAtMs },
    );
    return { user, token, expires: new Date(claims.exp * 1000) };
  }

  return {
    /** Creates the account and its personal workspace (the user as Admin); 409 if the email is taken. */
    async signUp(input: { name: string; email: string; password: string }): Promise<PublicUser> {
      const passwordHash = await hashPassword(input.password);
      try {
        return await prisma.$transaction(async (tx) => {
          const user = await tx.user.create({
            data: { name: input.name, email: normaliseEmail(input.email), passwordHash },
            select: publicUserSelect,
          });
          await tx.workspace.create({
            data: {
              name: `${input.name}'s workspace`,
              personal: true,
              memberships: { create: { userId: user.id, role: 'ADMIN' } },
            },
            select: { id: true },
          });
          return user;
        });
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
          throw new TRPCError({ code: 'CONFLICT', message: 'An account with this email already exists' });
        }
        throw error;
      }
    },

    /** Checks the password (same cost for unknown emails) and issues a session, or null. */
    async signIn(input: { email: string; password: string }): Promise<IssuedSession | null> {
      const found = await prisma.user.findUnique({
        where: { email: normaliseEmail(input.email) },
        select: { ...publicUserSelect, passwordHash: true },
      });
      const ok = await verifyPassword(input.password, found?.passwordHash);
      if (!found || !ok) return null;
      const { passwordHash: _omit, ...user } = found;
      return issue(user);
    },

    /** Ends one token by its jti until it would have expired; prunes expired revocations. */
    async revoke(claims: SessionClaims): Promise<void> {
      const expiresAt = new Date(claims.exp * 1000);
      await prisma.revokedSession.upsert({
        where: { jti: claims.jti },
        create: { jti: claims.jti, userId: claims.sub, expiresAt },
        update: {},
      });
      sessions.forget((session) => session.claims.jti === claims.jti);
      await prisma.revokedSession.deleteMany({ where: { expiresAt: { lt: new Date() } } });
    },

    /** Ends every session of one user issued before now. */
    async endUserSessions(userId: string): Promise<Date> {
      const at = new Date();
      await prisma.user.update({ where: { id: userId }, data: { sessionsValidAfter: at }, select: { id: true } });
      sessions.forget((session) => session.user.id === userId);
      return at;
    },

    /** Ends every session of every user (`npm run clear-sessions`). */
    async endAllSessions(): Promise<Date> {
      const at = new Date();
      const value = { at: at.getTime() };
      await prisma.globalSetting.upsert({
        where: { key: GLOBAL_SESSIONS_VALID_AFTER },
        create: { key: GLOBAL_SESSIONS_VALID_AFTER, value },
        update: { value },
      });
      sessions.forget(() => true);
      return at;
    },

    /** Changes the password after checking the current one, ends old sessions, issues a new one. */
    async changePassword(user: SessionUser, currentPassword: string, newPassword: string): Promise<IssuedSession> {
      const row = await prisma.user.findUnique({ where: { id: user.id }, select: { passwordHash: true } });
      if (!(await verifyPassword(currentPassword, row?.passwordHash))) {
        throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Current password is wrong' });
      }
      const passwordHash = await hashPassword(newPassword);
      const at = new Date();
      const updated = await prisma.user.update({
        where: { id: user.id },
        data: { passwordHash, sessionsValidAfter: at },
        select: publicUserSelect,
      });
      sessions.forget((session) => session.user.id === user.id);
      // Issued at the cut-off instant itself, so the new token is not ended with the old ones.
      return issue(updated, at.getTime());
    },
  };
}

/** The service's type, for contexts and tests. */
export type AuthService = ReturnType<typeof authService>;
