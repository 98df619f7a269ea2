import assert from 'node:assert/strict';
import { authService } from '../../src/features/auth/authService.ts';
import { sessionCacheFor } from '../../src/features/auth/sessionCache.ts';
import { resolveSession } from '../../src/features/auth/sessionResolver.ts';
import { decodeSessionToken } from '../../src/features/auth/sessionToken.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../helpers/server.ts';
import { createUser } from '../helpers/users.ts';

describe('session cache', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_LOGIN: '0' } });
  });
  after(async () => {
    await server.close();
  });

  const session = (token: string) => server.api('/api/auth/session', { token }).then((res) => res.json() as Promise<{ user?: unknown }>);

  it('ends a signed-out token on the very next request, though the token was just cached', async () => {
    const user = await createUser(server);
    assert.ok((await session(user.token)).user, 'cached while valid');
    assert.ok((await session(user.token)).user);
    assert.equal((await server.api('/api/auth/signout', { method: 'POST', token: user.token })).status, 200);
    assert.deepEqual(await session(user.token), {});
  });

  it('ends every cached session of a user on sign-out-everywhere and a password change', async () => {
    const user = await createUser(server);
    const second = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    const { token: other } = (await second.json()) as { token: string };
    for (const token of [user.token, other]) assert.ok((await session(token)).user);
    await server.api('/api/auth/signout-everywhere', { method: 'POST', token: user.token });
    for (const token of [user.token, other]) assert.deepEqual(await session(token), {});

    const fresh = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    const { token: third } = (await fresh.json()) as { token: string };
    assert.ok((await session(third)).user);
    const changed = await server.api('/api/auth/password', {
      method: 'POST',
      token: third,
      json: { currentPassword: user.password, newPassword: 'a new long passphrase' },
    });
    assert.equal(changed.status, 200);
    assert.deepEqual(await session(third), {});
  });

  it('ends every cached session of everyone when all sessions are cleared', async () => {
    const user = await createUser(server);
    assert.ok((await session(user.token)).user);
    await authService(server.database.db.prisma, TEST_SECRET).endAllSessions();
    assert.deepEqual(await session(user.token), {});
  });

  it('does not keep, nor share, a lookup that was under way while its session was ended', async () => {
    const user = await createUser(server);
    const prisma = server.database.db.prisma;
    const cache = sessionCacheFor(prisma);
    const claims = await decodeSessionToken(TEST_SECRET, user.token);
    assert.ok(claims);
    const key = `unit-test ${user.token}`;
    // A lookup reads the session as valid, then the token is revoked before the lookup finishes.
    let finish!: () => void;
    const readBeforeRevoke = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const stale = { user: { id: user.id, email: user.email, name: user.name, image: null }, claims, token: user.token };
    const underWay = cache.lookup(key, async () => {
      await readBeforeRevoke;
      return stale;
    });
    await authService(prisma, TEST_SECRET).revoke(claims);
    const afterRevoke = cache.lookup(key, async () => null);
    finish();
    assert.equal(await underWay, stale);
    assert.equal(await afterRevoke, null, 'a lookup started after the revocation does not join the older one');
    assert.equal(cache.get(key), undefined);
    assert.equal(await resolveSession(prisma, TEST_SECRET, { token: user.token }), null);
  });

  it('lets requests that miss together share one lookup', async () => {
    const user = await createUser(server);
    const cache = sessionCacheFor(server.database.db.prisma);
    let loads = 0;
    const load = async () => {
      loads++;
      return resolveSession(server.database.db.prisma, TEST_SECRET, { token: user.token });
    };
    const key = `shared ${user.token}`;
    const answers = await Promise.all([cache.lookup(key, load), cache.lookup(key, load), cache.lookup(key, load)]);
    assert.equal(loads, 1);
    assert.ok(answers.every((answer) => answer?.user.id === user.id));
  });

  it('keeps each database its own cache', () => {
    assert.equal(sessionCacheFor(server.database.db.prisma), sessionCacheFor(server.database.db.prisma));
    assert.notEqual(sessionCacheFor(server.database.db.prisma), sessionCacheFor({}));
  });
});
