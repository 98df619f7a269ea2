/**
 * Auth procedures, served at /trpc/auth.* and as the NextAuth-style REST endpoints under
 * /api/auth/* (signup, signin, signout, session, signout-everywhere, password).
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { Context } from '../../context.ts';
import { withSuccess } from '../../http/restMeta.ts';
import { protectedProcedure, publicProcedure, router } from '../../trpc.ts';
import { authService, type IssuedSession } from './authService.ts';
import { newPasswordInput, passwordInput } from './passwords.ts';
import { clearSessionCookies, sessionCookie } from './sessionCookie.ts';

const email = z.email().max(254);
const userOutput = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  image: z.string().nullable(),
  createdAt: z.date(),
});
const issuedOutput = z.object({ user: userOutput, token: z.string(), expires: z.string() });
const okOutput = z.object({ ok: z.literal(true) });
/** NextAuth's session answer: the profile and expiry, or `{}` when signed out. */
const sessionOutput = z.union([
  z.object({ user: z.object({ name: z.string().nullable(), email: z.string().nullable(), image: z.string().nullable() }), expires: z.string() }),
  z.object({}).strict(),
]);

const service = (ctx: Context) => authService(ctx.prisma, ctx.env.nextAuthSecret);

/** Sets the session cookie and returns the JSON body of a new session. */
function deliver(ctx: Context, issued: IssuedSession) {
  ctx.http.appendHeader('Set-Cookie', sessionCookie(issued.token, issued.expires, ctx.env.secureCookies));
  return { user: issued.user, token: issued.token, expires: issued.expires.toISOString() };
}

/** Revokes the presented token (if valid) and clears every session cookie. */
async function signOut(ctx: Context) {
  if (ctx.session) await service(ctx).revoke(ctx.session.claims);
  ctx.http.appendHeader('Set-Cookie', clearSessionCookies({ headers: ctx.headers }, ctx.env.secureCookies));
  return { ok: true as const };
}

const tags = ['auth'];

/** The auth feature's router. */
export const authRouter = router({
  signup: publicProcedure
    .meta(
      withSuccess([201], {
        openapi: {
          method: 'POST',
          path: '/auth/signup',
          tags,
          protect: false,
          summary: 'Create an account and its personal workspace',
          errorResponses: [400, 409, 429],
        },
      }),
    )
    .input(z.object({ name: z.string().trim().min(1).max(100), email, password: newPasswordInput }))
    .output(userOutput)
    .mutation(async ({ ctx, input }) => {
      const user = await service(ctx).signUp(input);
      return user;
    }),

  signin: publicProcedure
    .meta({
      openapi: { method: 'POST', path: '/auth/signin', tags, protect: false, summary: 'Sign in with email and password', errorResponses: [400, 401, 429] },
    })
    .input(z.object({ email: z.string().max(254), password: passwordInput }))
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => {
      const issued = await service(ctx).signIn(input);
      // One message for unknown email and wrong password, so neither is revealed.
      if (!issued) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Invalid email or password' });
      return deliver(ctx, issued);
    }),

  signout: publicProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/signout', tags, protect: false, summary: 'Sign out: end this session and clear its cookie' } })
    .input(z.void())
    .output(okOutput)
    .mutation(({ ctx }) => signOut(ctx)),

  signoutGet: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/signout', tags, protect: false, summary: 'Sign out (GET form, as the seed documents)' } })
    .input(z.void())
    .output(okOutput)
    .query(({ ctx }) => signOut(ctx)),

  session: publicProcedure
    .meta({ openapi: { method: 'GET', path: '/auth/session', tags, protect: false, summary: 'The current session, or {} when signed out' } })
    .input(z.void())
    .output(sessionOutput)
    .query(({ ctx }): z.infer<typeof sessionOutput> => {
      ctx.http.setHeader('Cache-Control', 'private, no-cache, no-store');
      if (!ctx.session) return {};
      const { user, claims } = ctx.session;
      return { user: { name: user.name, email: user.email, image: user.image }, expires: new Date(claims.exp * 1000).toISOString() };
    }),

  signoutEverywhere: protectedProcedure
    .meta({ openapi: { method: 'POST', path: '/auth/signout-everywhere', tags, protect: true, summary: 'End every session of this user' } })
    .input(z.void())
    .output(okOutput)
    .mutation(async ({ ctx }) => {
      await service(ctx).endUserSessions(ctx.user.id);
      ctx.http.appendHeader('Set-Cookie', clearSessionCookies({ headers: ctx.headers }, ctx.env.secureCookies));
      return { ok: true as const };
    }),

  changePassword: protectedProcedure
    .meta({
      openapi: {
        method: 'POST',
        path: '/auth/password',
        tags,
        protect: true,
        summary: 'Change password; ends every other session',
        errorResponses: [400, 401, 429],
      },
    })
    .input(z.object({ currentPassword: passwordInput, newPassword: newPasswordInput }))
    .output(issuedOutput)
    .mutation(async ({ ctx, input }) => deliver(ctx, await service(ctx).changePassword(ctx.user, input.currentPassword, input.newPassword))),
});
