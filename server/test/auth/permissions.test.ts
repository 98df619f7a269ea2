import assert from 'node:assert/strict';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { z } from 'zod';
import { callerContext } from '../../src/context.ts';
import { loadEnv } from '../../src/env.ts';
import { PERMISSIONS, roleCan } from '../../src/features/auth/permissions.ts';
import type { Session } from '../../src/features/auth/sessionResolver.ts';
import { createCallerFactory, locateBy, router, workspaceProcedure } from '../../src/trpc.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

// A router built only for this test: the middleware is what is under test.
const testRouter = router({
  read: workspaceProcedure('prompts:read')
    .input(z.object({ workspaceId: z.string() }))
    .query(({ ctx }) => ctx.membership.role),
  write: workspaceProcedure('prompts:write')
    .input(z.object({ workspaceId: z.string() }))
    .mutation(({ ctx }) => ctx.membership.role),
  manage: workspaceProcedure('members:manage')
    .input(z.object({ workspaceId: z.string() }))
    .mutation(() => 'ok'),
  byProject: workspaceProcedure(
    'projects:read',
    locateBy('projectId', async (ctx, id) => (await ctx.prisma.project.findUnique({ where: { id }, select: { workspaceId: true } }))?.workspaceId),
  )
    .input(z.object({ projectId: z.string() }))
    .query(() => 'ok'),
});

describe('workspace permissions', () => {
  let database: TestDatabase;
  let workspaceId: string;
  let projectId: string;
  const sessions: Record<string, Session> = {};
  const call = (who: string) => {
    const env = loadEnv({ NODE_ENV: 'test', NEXTAUTH_SECRET: 's', LOG_LEVEL: 'silent' });
    return createCallerFactory(testRouter)(callerContext({ env, db: database.db, logger: pino({ level: 'silent' }) }, sessions[who] ?? null));
  };
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
    );

  before(async () => {
    database = await createTestDatabase();
    const prisma = database.db.prisma;
    const ws = await prisma.workspace.create({ data: { name: 'Team' }, select: { id: true } });
    workspaceId = ws.id;
    projectId = (await prisma.project.create({ data: { workspaceId, name: 'P' }, select: { id: true } })).id;
    for (const role of ['ADMIN', 'MEMBER', 'VIEWER', 'OUTSIDER'] as const) {
      const user = await prisma.user.create({
        data: { email: `${role.toLowerCase()}@example.com` },
        select: { id: true, email: true, name: true, image: true },
      });
      if (role !== 'OUTSIDER') await prisma.membership.create({ data: { userId: user.id, workspaceId, role } });
      sessions[role] = { user, token: 't', claims: { sub: user.id, jti: role, iat: 0, exp: 0 } };
    }
  });
  after(async () => {
    await database.drop();
  });

  it('gives each role exactly its scopes from the one table', () => {
    assert.ok(PERMISSIONS.every((p) => roleCan('ADMIN', p)));
    assert.ok(roleCan('MEMBER', 'prompts:write') && roleCan('MEMBER', 'runs:create') && roleCan('MEMBER', 'labels:move'));
    assert.ok(!roleCan('MEMBER', 'members:manage') && !roleCan('MEMBER', 'workspace:settings'));
    assert.ok(PERMISSIONS.filter((p) => roleCan('VIEWER', p)).every((p) => p.endsWith(':read')));
  });

  it('lets members read, and answers 401 without a session', async () => {
    for (const role of ['ADMIN', 'MEMBER', 'VIEWER']) assert.equal(await call(role).read({ workspaceId }), role);
    assert.equal(await code(call('NONE').read({ workspaceId })), 'UNAUTHORIZED');
  });

  it('answers 404 to outsiders and for unknown workspaces, 403 to members without the right', async () => {
    assert.equal(await code(call('OUTSIDER').read({ workspaceId })), 'NOT_FOUND');
    assert.equal(await code(call('ADMIN').read({ workspaceId: 'no-such-workspace' })), 'NOT_FOUND');
    assert.equal(await code(call('VIEWER').write({ workspaceId })), 'FORBIDDEN');
    assert.equal(await code(call('MEMBER').manage({ workspaceId })), 'FORBIDDEN');
    assert.equal(await call('MEMBER').write({ workspaceId }), 'MEMBER');
    assert.equal(await call('ADMIN').manage({ workspaceId }), 'ok');
  });

  it('locates the workspace through another id (a project) with the same answers', async () => {
    assert.equal(await call('VIEWER').byProject({ projectId }), 'ok');
    assert.equal(await code(call('OUTSIDER').byProject({ projectId })), 'NOT_FOUND');
    assert.equal(await code(call('ADMIN').byProject({ projectId: 'missing' })), 'NOT_FOUND');
  });
});
