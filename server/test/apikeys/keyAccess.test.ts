import assert from 'node:assert/strict';
import { TRPCError } from '@trpc/server';
import { pino } from 'pino';
import { z } from 'zod';
import { callerContext } from '../../src/context.ts';
import { loadEnv } from '../../src/env.ts';
import type { ApiKeyPrincipal } from '../../src/features/apikeys/apiKeyPrincipal.ts';
import { apiKeyCacheFor } from '../../src/features/apikeys/apiKeyCache.ts';
import { resolveApiKey } from '../../src/features/apikeys/apiKeyResolver.ts';
import { generateApiKeySecret } from '../../src/features/apikeys/apiKeySecret.ts';
import type { Session } from '../../src/features/auth/sessionResolver.ts';
import { byApiKeyOrWorkspaceId, createCallerFactory, locateBy, router, workspaceOrKeyProcedure, workspaceProcedure } from '../../src/trpc.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const byProject = locateBy('projectId', async (ctx, id) => {
  const row = await ctx.prisma.project.findUnique({ where: { id }, select: { workspaceId: true } });
  return row && { workspaceId: row.workspaceId, projectId: id };
});

// A router built only for this test: the access middleware is what is under test.
const testRouter = router({
  readWorkspace: workspaceOrKeyProcedure('prompts:read')
    .input(z.object({ workspaceId: z.string() }))
    .query(({ ctx }) => ctx.access),
  readProject: workspaceOrKeyProcedure('prompts:read', byProject)
    .input(z.object({ projectId: z.string() }))
    .query(({ ctx }) => ctx.access),
  moveLabel: workspaceOrKeyProcedure('labels:move', byProject)
    .input(z.object({ projectId: z.string() }))
    .mutation(({ ctx }) => ctx.access),
  logGeneration: workspaceOrKeyProcedure('generations:write', byApiKeyOrWorkspaceId)
    .input(z.object({ workspaceId: z.string().optional() }))
    .mutation(({ ctx }) => ctx.access),
  manageMembers: workspaceProcedure('members:manage')
    .input(z.object({ workspaceId: z.string() }))
    .mutation(() => 'ok'),
});

describe('API key access rule', () => {
  let database: TestDatabase;
  let workspaceId: string;
  let otherWorkspaceId: string;
  let projectId: string;
  let otherProjectId: string;
  let foreignProjectId: string;
  let viewer: Session;
  const keys: Record<string, string> = {};

  const env = loadEnv({ NODE_ENV: 'test', NEXTAUTH_SECRET: 's', LOG_LEVEL: 'silent' });
  const logger = pino({ level: 'silent' });
  const deps = () => ({ env, db: database.db, logger });
  /** A caller authenticated as the named key (resolved as a request would be), or as a session. */
  const asKey = async (name: string) => {
    const key = await resolveApiKey(database.db.prisma, keys[name]!);
    assert.ok(key, `key ${name} resolves`);
    return createCallerFactory(testRouter)(callerContext(deps(), null, key));
  };
  const code = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (e: unknown) => (e instanceof TRPCError ? e.code : String(e)),
    );

  async function makeKey(name: string, data: { workspaceId: string; projectId?: string; scopes: string[] }) {
    const secret = generateApiKeySecret();
    await database.db.prisma.apiKey.create({ data: { ...data, name, prefix: secret.prefix, hash: secret.hash } });
    keys[name] = secret.key;
  }

  before(async function () {
    this.timeout(300_000);
    database = await createTestDatabase();
    const prisma = database.db.prisma;
    workspaceId = (await prisma.workspace.create({ data: { name: 'Team' } })).id;
    otherWorkspaceId = (await prisma.workspace.create({ data: { name: 'Other' } })).id;
    projectId = (await prisma.project.create({ data: { workspaceId, name: 'P' } })).id;
    otherProjectId = (await prisma.project.create({ data: { workspaceId, name: 'Q' } })).id;
    foreignProjectId = (await prisma.project.create({ data: { workspaceId: otherWorkspaceId, name: 'F' } })).id;
    const user = await prisma.user.create({ data: { email: 'viewer@example.com' }, select: { id: true, email: true, name: true, image: true } });
    await prisma.membership.create({ data: { userId: user.id, workspaceId, role: 'VIEWER' } });
    viewer = { user, token: 't', claims: { sub: user.id, jti: 'v', iat: 0, exp: 0 } };
    await makeKey('reader', { workspaceId, scopes: ['prompts:read'] });
    await makeKey('writer', { workspaceId, scopes: ['prompts:read', 'prompts:write'] });
    await makeKey('ingest', { workspaceId, scopes: ['generations:write'] });
    await makeKey('projectReader', { workspaceId, projectId, scopes: ['prompts:read', 'generations:write'] });
  });
  after(() => database.drop());

  it('lets a key act in its workspace with the scope its permission maps to', async () => {
    const access = await (await asKey('reader')).readWorkspace({ workspaceId });
    assert.equal(access.workspaceId, workspaceId);
    assert.equal(access.userId, null);
    assert.equal(access.actor.kind, 'apiKey');
    assert.equal(await code((await asKey('writer')).moveLabel({ projectId })), 'OK');
  });

  it('refuses a key without the scope with 403, before looking at what the input names', async () => {
    assert.equal(await code((await asKey('reader')).moveLabel({ projectId })), 'FORBIDDEN');
    assert.equal(await code((await asKey('reader')).moveLabel({ projectId: 'nothing-there' })), 'FORBIDDEN');
    assert.equal(await code((await asKey('ingest')).readWorkspace({ workspaceId })), 'FORBIDDEN');
  });

  it("answers 404 for another workspace's data, as for a non-member", async () => {
    assert.equal(await code((await asKey('reader')).readWorkspace({ workspaceId: otherWorkspaceId })), 'NOT_FOUND');
    assert.equal(await code((await asKey('reader')).readProject({ projectId: foreignProjectId })), 'NOT_FOUND');
  });

  it('keeps a key limited to one project in it: 404 for another project, 403 for a workspace-wide route', async () => {
    const caller = await asKey('projectReader');
    assert.equal((await caller.readProject({ projectId })).workspaceId, workspaceId);
    assert.equal(await code(caller.readProject({ projectId: otherProjectId })), 'NOT_FOUND');
    assert.equal(await code(caller.readWorkspace({ workspaceId })), 'FORBIDDEN');
  });

  it("places a key's writes in its own workspace (and project) when the route takes them from the key", async () => {
    assert.equal((await (await asKey('ingest')).logGeneration({})).workspaceId, workspaceId);
    const limited = await (await asKey('projectReader')).logGeneration({ workspaceId: otherWorkspaceId });
    assert.equal(limited.workspaceId, workspaceId);
    assert.equal(limited.limitedToProjectId, projectId);
    assert.equal((await (await asKey('ingest')).logGeneration({})).limitedToProjectId, null);
  });

  it('refuses every key on routes not open to keys with 403, whatever its scopes', async () => {
    for (const name of ['reader', 'writer', 'ingest']) {
      assert.equal(await code((await asKey(name)).manageMembers({ workspaceId })), 'FORBIDDEN');
    }
  });

  it('still applies the role table to signed-in users, and 401 to nobody', async () => {
    const asViewer = createCallerFactory(testRouter)(callerContext(deps(), viewer));
    const access = await asViewer.readProject({ projectId });
    assert.deepEqual(access.actor, { kind: 'user', userId: viewer.user.id, role: 'VIEWER' });
    assert.equal(await code(asViewer.moveLabel({ projectId })), 'FORBIDDEN');
    assert.equal(await code(asViewer.readWorkspace({ workspaceId: otherWorkspaceId })), 'NOT_FOUND');
    const nobody = createCallerFactory(testRouter)(callerContext(deps()));
    assert.equal(await code(nobody.readWorkspace({ workspaceId })), 'UNAUTHORIZED');
  });

  it('resolves only a known, unrevoked key, and a revocation in this process at once', async () => {
    const prisma = database.db.prisma;
    assert.equal(await resolveApiKey(prisma, `psk_${'A'.repeat(43)}`), null);
    assert.equal(await resolveApiKey(prisma, 'psk_short'), null);
    await makeKey('doomed', { workspaceId, scopes: ['prompts:read'] });
    const key = (await resolveApiKey(prisma, keys.doomed!)) as ApiKeyPrincipal;
    assert.equal(key.workspaceId, workspaceId);
    assert.deepEqual(key.scopes, ['prompts:read']);
    await prisma.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
    apiKeyCacheFor(prisma).forget(key.id);
    assert.equal(await resolveApiKey(prisma, keys.doomed!), null);
  });

  it('refuses a key limited to a project that was deleted', async () => {
    const prisma = database.db.prisma;
    const doomedProject = (await prisma.project.create({ data: { workspaceId, name: 'Gone' } })).id;
    await makeKey('orphan', { workspaceId, projectId: doomedProject, scopes: ['prompts:read'] });
    await prisma.project.update({ where: { id: doomedProject }, data: { deletedAt: new Date() } });
    assert.equal(await resolveApiKey(prisma, keys.orphan!), null);
  });
});
