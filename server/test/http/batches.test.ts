import assert from 'node:assert/strict';
import { MAX_TRPC_BATCH } from '../../src/http/trpcBatches.ts';
import { requestFrom } from '../helpers/fromAddress.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createUser, uniqueEmail, type TestUser } from '../helpers/users.ts';

/** The path and body of a tRPC batch calling `procedure` once per input. */
function batchOf(procedure: string, inputs: unknown[]): { path: string; json: Record<string, unknown> } {
  return { path: `/trpc/${inputs.map(() => procedure).join(',')}?batch=1`, json: Object.fromEntries(inputs.map((input, i) => [String(i), input])) };
}

const workspaceCount = (server: TestServer, user: TestUser) => server.database.db.prisma.membership.count({ where: { userId: user.id } });

describe('tRPC batches', () => {
  let server: TestServer;
  let user: TestUser;
  before(async () => {
    server = await startTestServer();
    user = await createUser(server);
  });
  after(async () => {
    await server.close();
  });

  it('refuses a batch that carries a sign-in beside another call (400), checking no password', async () => {
    const victim = await createUser(server);
    const path = '/trpc/auth.signin,auth.signin?batch=1';
    const json = { 0: { email: user.email, password: user.password }, 1: { email: victim.email, password: victim.password } };
    const answer = await requestFrom(server, '127.0.0.1', path, { json });
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { error: { code: 'BAD_REQUEST', message: 'auth.signin cannot be batched: call it alone' } });
  });

  it('refuses batched sign-ups and password changes too, and runs no call of the batch', async () => {
    const email = uniqueEmail('batched');
    const signup = await requestFrom(server, '127.0.0.1', '/trpc/auth.session,auth.signup?batch=1', {
      json: { 1: { name: 'B', email, password: 'long enough pw' } },
    });
    assert.equal(signup.status, 400);
    assert.match(signup.body.error.message, /auth\.signup cannot be batched/);
    assert.equal(await server.database.db.prisma.user.count({ where: { email } }), 0);
    const change = await requestFrom(server, '127.0.0.1', '/trpc/auth.changePassword,auth.changePassword?batch=1', {
      token: user.token,
      json: { 0: { currentPassword: 'x', newPassword: 'long enough pw' }, 1: { currentPassword: 'y', newPassword: 'long enough pw' } },
    });
    assert.equal(change.status, 400);
    assert.match(change.body.error.message, /auth\.changePassword cannot be batched/);
  });

  it(`refuses a batch of more than ${MAX_TRPC_BATCH} calls with 413 before any call runs, and serves ${MAX_TRPC_BATCH}`, async () => {
    const before = await workspaceCount(server, user);
    const tooMany = batchOf(
      'workspaces.create',
      Array.from({ length: MAX_TRPC_BATCH + 1 }, (_, i) => ({ name: `Over ${i}` })),
    );
    const refused = await requestFrom(server, '127.0.0.1', tooMany.path, { json: tooMany.json, token: user.token });
    assert.equal(refused.status, 413);
    assert.equal(refused.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.match(refused.body.error.message, new RegExp(`at most ${MAX_TRPC_BATCH} calls; this one holds ${MAX_TRPC_BATCH + 1}`));
    assert.equal(await workspaceCount(server, user), before);
    const most = batchOf(
      'workspaces.create',
      Array.from({ length: MAX_TRPC_BATCH }, (_, i) => ({ name: `Fits ${i}` })),
    );
    const served = await requestFrom(server, '127.0.0.1', most.path, { json: most.json, token: user.token });
    assert.equal(served.status, 200, JSON.stringify(served.body));
    assert.equal(await workspaceCount(server, user), before + MAX_TRPC_BATCH);
  });
});

describe('write throttle and batches', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '5' } });
  });
  after(async () => {
    await server.close();
  });

  it('counts each call of a batch as one write', async () => {
    // The user is made from 127.0.0.1; the writes come from another address with a budget of their own.
    const user = await createUser(server);
    const before = await workspaceCount(server, user);
    const three = batchOf('workspaces.create', [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
    assert.equal((await requestFrom(server, '127.0.0.8', three.path, { json: three.json, token: user.token })).status, 200);
    const again = await requestFrom(server, '127.0.0.8', three.path, { json: three.json, token: user.token });
    assert.equal(again.status, 429);
    assert.ok(Number(again.headers['retry-after']) > 0);
    assert.equal(await workspaceCount(server, user), before + 3);
  });
});
