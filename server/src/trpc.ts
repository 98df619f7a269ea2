/**
 * tRPC, created once. Exports the router builder and the kinds of procedure:
 * `publicProcedure`, `protectedProcedure` (ctx.user is set), `workspaceProcedure(permission)`
 * (ctx.membership is set after checking the role table in features/auth/permissions.ts), and
 * `workspaceOrKeyProcedure(permission)`, which also admits an API key holding the scope the table
 * in features/apikeys/apiKeyScopes.ts maps that permission to (ctx.access is set). Every other
 * procedure refuses API keys with 403.
 */
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { isApiKeyBearer, type Context } from './context.ts';
import type { ApiKeyPrincipal } from './features/apikeys/apiKeyPrincipal.ts';
import { scopeFor, type KeyPermission } from './features/apikeys/apiKeyScopes.ts';
import { findUnstorableText } from './db/storableText.ts';
import { ErrorDetails } from './http/errorDetails.ts';
import { describeIssues } from './http/inputIssues.ts';
import type { RestMeta } from './http/restRoutes.ts';
import { roleCan, type Permission } from './features/auth/permissions.ts';
import type { Role } from './generated/prisma/enums.ts';

/** The message every internal error is replaced by, so nothing internal reaches a caller. */
export const INTERNAL_MESSAGE = 'Internal server error';

const t = initTRPC
  .context<Context>()
  .meta<RestMeta>()
  .create({
    // Never return stacks or internal messages; input errors carry zod's issues.
    errorFormatter({ shape, error, input }) {
      const issues = error.cause instanceof ZodError ? describeIssues(error.cause.issues, input) : undefined;
      const details = error.cause instanceof ErrorDetails && error.code !== 'INTERNAL_SERVER_ERROR' ? error.cause.details : undefined;
      const message = error.code === 'INTERNAL_SERVER_ERROR' ? INTERNAL_MESSAGE : issues ? 'Input validation failed' : shape.message;
      return {
        message,
        code: shape.code,
        data: {
          code: shape.data.code,
          httpStatus: shape.data.httpStatus,
          path: shape.data.path,
          ...(issues ? { issues } : {}),
          ...(details ? { details } : {}),
        },
      };
    },
  });

/**
 * Refuses, with a 400 naming the field, any input string holding a NUL or an unpaired surrogate
 * (Postgres text and jsonb cannot hold them), except in the fields `meta.rawTextFields` names.
 */
function refuseUnstorable(meta: RestMeta | undefined, rawInput: unknown): void {
  const field = findUnstorableText(rawInput, meta?.rawTextFields);
  if (field) throw new TRPCError({ code: 'BAD_REQUEST', message: `${field} must not contain a NUL character (\\u0000) or an unpaired surrogate` });
}

const storableInput = t.middleware(async ({ meta, getRawInput, next }) => {
  refuseUnstorable(meta, await getRawInput());
  return next();
});

/** Builds a router from procedures and sub-routers. */
export const router = t.router;
/** Makes a server-side caller: `createCallerFactory(appRouter)(ctx)`. */
export const createCallerFactory = t.createCallerFactory;
/** Anyone, signed in or not; `ctx.session` may be null. */
export const publicProcedure = t.procedure.use(storableInput);

/*
 * The procedures below check the input's text in their own access middleware rather than
 * building on `publicProcedure`: each middleware in a chain costs tRPC a copy of the call's
 * options, and these run on every authenticated request.
 */

/** The 401 for a request with neither a session nor a valid API key. */
function unauthorized(ctx: Context): TRPCError {
  if (isApiKeyBearer(ctx.token)) return new TRPCError({ code: 'UNAUTHORIZED', message: 'Unknown or revoked API key' });
  return new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in required' });
}

/**
 * Signed-in users only (401 otherwise; 403 for a valid API key, which acts only on the routes its
 * scopes open); narrows `ctx.session` and adds `ctx.user`.
 */
export const protectedProcedure = t.procedure.use(async ({ ctx, meta, getRawInput, next }) => {
  refuseUnstorable(meta, await getRawInput());
  if (ctx.apiKey) throw new TRPCError({ code: 'FORBIDDEN', message: 'API keys cannot be used here: sign in as a user' });
  if (!ctx.session) throw unauthorized(ctx);
  return next({ ctx: { session: ctx.session, user: ctx.session.user } });
});

/** The caller's place in the workspace a procedure acts on. */
export interface WorkspaceMembership {
  workspaceId: string;
  userId: string;
  role: Role;
}

/**
 * Where a call acts: a workspace id, or the workspace id with what the locator could read in the
 * same query: the signed-in caller's role there (`null` for not a member), and the project the
 * thing belongs to (which a key limited to one project is checked against).
 */
export type Located = string | { workspaceId: string; role?: Role | null; projectId?: string };

/**
 * Finds the workspace a call acts on from its raw input (before zod parsing): null when the
 * thing named does not exist (404), undefined when the input does not name one (400).
 */
export type WorkspaceLocator = ((ctx: Context, rawInput: unknown) => Promise<Located | null | undefined>) & {
  /** The input field that names the thing, for the 400 when it is missing. */
  field: string;
};

/** Tags a locator with the input field it reads. */
function locator(field: string, locate: (ctx: Context, rawInput: unknown) => Promise<Located | null | undefined>): WorkspaceLocator {
  return Object.assign(locate, { field });
}

/** The default locator: `input.workspaceId`. */
export const byWorkspaceId: WorkspaceLocator = locator('workspaceId', async (_ctx, raw) => {
  const id = (raw as { workspaceId?: unknown } | undefined)?.workspaceId;
  return typeof id === 'string' && id ? id : undefined;
});

/** A locator reading `input[field]` and mapping it to a workspace id (or a fuller location) with `lookup`. */
export function locateBy(field: string, lookup: (ctx: Context, id: string) => Promise<Located | null | undefined>): WorkspaceLocator {
  return locator(field, async (ctx, raw) => {
    const id = (raw as Record<string, unknown> | undefined)?.[field];
    if (typeof id !== 'string' || !id) return undefined;
    return (await lookup(ctx, id)) ?? null;
  });
}

/**
 * A locator reading `input[field]` and mapping it, with the signed-in caller's id, to a workspace
 * id or to the workspace id and the caller's role in one query (which saves the membership read
 * on hot paths). The lookup must answer `role: null` when the caller is not a member; `userId` is
 * null when the caller is an API key (no role to read).
 */
export function locateWithRoleBy(
  field: string,
  lookup: (ctx: Context, id: string, userId: string | null) => Promise<Located | null | undefined>,
): WorkspaceLocator {
  return locator(field, async (ctx, raw) => {
    const id = (raw as Record<string, unknown> | undefined)?.[field];
    if (typeof id !== 'string' || !id) return undefined;
    return (await lookup(ctx, id, ctx.session?.user.id ?? null)) ?? null;
  });
}

/**
 * For routes where an API key names the place (e.g. logging generations): a key's workspace (and
 * its project, for a key limited to one); a signed-in caller's `input.workspaceId`.
 */
export const byApiKeyOrWorkspaceId: WorkspaceLocator = locator('workspaceId', async (ctx, raw) => {
  if (ctx.apiKey) return { workspaceId: ctx.apiKey.workspaceId, ...(ctx.apiKey.projectId ? { projectId: ctx.apiKey.projectId } : {}) };
  return byWorkspaceId(ctx, raw);
});

/** The caller's role in the located workspace: read with the location, or looked up now. */
async function roleIn(ctx: Context, located: Located, userId: string): Promise<{ workspaceId: string; role: Role | null }> {
  if (typeof located !== 'string' && located.role !== undefined) return { workspaceId: located.workspaceId, role: located.role };
  const workspaceId = typeof located === 'string' ? located : located.workspaceId;
  const membership = await ctx.prisma.membership.findUnique({
    where: { userId_workspaceId: { userId, workspaceId } },
    select: { role: true },
  });
  return { workspaceId, role: membership?.role ?? null };
}

/**
 * Signed-in members of the located workspace holding `permission`. Outsiders get 404 (the
 * workspace's existence is not revealed), members without the right 403. Adds `ctx.membership`.
 */
export function workspaceProcedure(permission: Permission, locate: WorkspaceLocator = byWorkspaceId) {
  return protectedProcedure.use(async ({ ctx, next, getRawInput }) => {
    const located = await locate(ctx, await getRawInput());
    if (located === undefined) throw new TRPCError({ code: 'BAD_REQUEST', message: `${locate.field} is required` });
    const { workspaceId, role } = located ? await roleIn(ctx, located, ctx.user.id) : { workspaceId: '', role: null };
    const granted = requireRole(workspaceId ? role : null, permission);
    return next({ ctx: { membership: { workspaceId, userId: ctx.user.id, role: granted } satisfies WorkspaceMembership } });
  });
}

/**
 * The access rule of every workspace procedure: no role (an outsider, or nothing there) throws 404,
 * so a workspace's existence is not revealed; a role without `permission` throws 403.
 */
export function requireRole(role: Role | null, permission: Permission): Role {
  if (!role) throw new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });
  if (!roleCan(role, permission)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `Your role (${role.toLowerCase()}) does not allow '${permission}'` });
  }
  return role;
}

/** Who acts in a procedure open to users and API keys. */
export type Actor = { kind: 'user'; userId: string; role: Role } | { kind: 'apiKey'; key: ApiKeyPrincipal };

/** The caller's access to the workspace a `workspaceOrKeyProcedure` acts on. */
export interface WorkspaceAccess {
  workspaceId: string;
  /** The signed-in user, or null for an API key (writes record no author then). */
  userId: string | null;
  /**
   * The one project the caller may act on: a project key's project (already checked against what
   * the locator found); null for users and workspace-wide keys. A route that takes a project from
   * its input after locating by workspace must refuse any other one (404).
   */
  limitedToProjectId: string | null;
  actor: Actor;
}

/**
 * The access rule for an API key: the scope the permission table maps `permission` to (403), its
 * own workspace only (404, as for non-members), and for a key limited to one project, that
 * project only (404), never a workspace-wide route (403).
 */
export function requireKeyAccess(key: ApiKeyPrincipal, located: Located | null, permission: KeyPermission): string {
  const scope = scopeFor(permission);
  if (!key.scopes.includes(scope)) throw new TRPCError({ code: 'FORBIDDEN', message: `This API key lacks the '${scope}' scope` });
  const workspaceId = located === null ? null : typeof located === 'string' ? located : located.workspaceId;
  if (workspaceId !== key.workspaceId) throw new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });
  if (key.projectId) {
    const projectId = typeof located === 'string' ? undefined : located?.projectId;
    if (projectId === undefined)
      throw new TRPCError({ code: 'FORBIDDEN', message: 'This API key is limited to one project and cannot act on the whole workspace' });
    if (projectId !== key.projectId) throw new TRPCError({ code: 'NOT_FOUND', message: 'Not found' });
  }
  return workspaceId;
}

/**
 * As `workspaceProcedure`, but an API key may call it too when it holds the scope mapped to
 * `permission` (only permissions some scope grants are accepted here, by type). Adds `ctx.access`;
 * `ctx.user` is not set, since a key has no user. No session and no valid key: 401.
 */
export function workspaceOrKeyProcedure(permission: KeyPermission, locate: WorkspaceLocator = byWorkspaceId) {
  return t.procedure.use(async ({ ctx, meta, next, getRawInput }) => {
    const rawInput = await getRawInput();
    refuseUnstorable(meta, rawInput);
    const key = ctx.apiKey;
    if (!key && !ctx.session) throw unauthorized(ctx);
    // A scope the key lacks is refused before any read, whatever the input names.
    if (key && !key.scopes.includes(scopeFor(permission))) requireKeyAccess(key, null, permission);
    const located = await locate(ctx, rawInput);
    if (located === undefined) throw new TRPCError({ code: 'BAD_REQUEST', message: `${locate.field} is required` });
    if (key) {
      const workspaceId = requireKeyAccess(key, located, permission);
      return next({
        ctx: { access: { workspaceId, userId: null, limitedToProjectId: key.projectId, actor: { kind: 'apiKey', key } } satisfies WorkspaceAccess },
      });
    }
    const userId = ctx.session!.user.id;
    const { workspaceId, role } = located ? await roleIn(ctx, located, userId) : { workspaceId: '', role: null };
    const granted = requireRole(workspaceId ? role : null, permission);
    return next({
      ctx: { access: { workspaceId, userId, limitedToProjectId: null, actor: { kind: 'user', userId, role: granted } } satisfies WorkspaceAccess },
    });
  });
}
