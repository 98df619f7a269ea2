import assert from 'node:assert/strict';
import { EncryptJWT } from 'jose';
import { TRPCClientError } from '@trpc/client';
import { nextAuthV4Key } from '../../src/features/auth/sessionToken.ts';
import { startTestServer, TEST_SECRET, type TestServer } from '../helpers/server.ts';
import { createUser, uniqueEmail } from '../helpers/users.ts';

const sessionOf = async (server: TestServer, init: { token?: string; cookie?: string }) => {
  const res = await server.api('/api/auth/session', { ...(init.token ? { token: init.token } : {}), headers: init.cookie ? { cookie: init.cookie } : {} });
  return (await res.json()) as { user?: { email: string }; expires?: string };
};

describe('auth over HTTP', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(async () => {
    await server.close();
  });

  it('signs up with 201, returns the user without the hash, and creates a personal workspace with the user as admin', async () => {
    const email = uniqueEmail('signup');
    const res = await server.api('/api/auth/signup', { method: 'POST', json: { name: 'Sam', email, password: 'long enough pw' } });
    assert.equal(res.status, 201);
    const user = (await res.json()) as Record<string, unknown>;
    assert.deepEqual(Object.keys(user).sort(), ['createdAt', 'email', 'id', 'image', 'name']);
    const memberships = await server.database.db.prisma.membership.findMany({
      where: { userId: String(user.id) },
      select: { role: true, workspace: { select: { personal: true } } },
    });
    assert.deepEqual(memberships, [{ role: 'ADMIN', workspace: { personal: true } }]);
    const stored = await server.database.db.prisma.user.findUnique({ where: { email }, select: { passwordHash: true } });
    assert.match(stored?.passwordHash ?? '', /^\$2b\$12\$/);
  });

  it('answers a duplicate email with 409, whatever its case', async () => {
    const user = await createUser(server);
    const res = await server.api('/api/auth/signup', { method: 'POST', json: { name: 'X', email: user.email.toUpperCase(), password: 'long enough pw' } });
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'CONFLICT');
  });

  it('signs in with the token, expiry and an httpOnly SameSite=Lax session cookie', async () => {
    const user = await createUser(server);
    const res = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { token: string; expires: string; user: { email: string } };
    assert.equal(body.user.email, user.email);
    assert.ok(Date.parse(body.expires) > Date.now() + 29 * 86400_000);
    const cookie = res.headers.get('set-cookie') ?? '';
    assert.match(cookie, /^next-auth\.session-token=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/);
  });

  it('reports the session from the bearer header and from the cookie, uncached, and {} when signed out', async () => {
    const user = await createUser(server);
    const byBearer = await server.api('/api/auth/session', { token: user.token });
    assert.equal(byBearer.headers.get('cache-control'), 'private, no-cache, no-store');
    const body = (await byBearer.json()) as { user: object; expires: string };
    assert.deepEqual(body.user, { name: user.name, email: user.email, image: null });
    assert.ok(body.expires);
    assert.equal((await sessionOf(server, { cookie: user.cookie })).user?.email, user.email);
    assert.deepEqual(await sessionOf(server, {}), {});
  });

  it('accepts the __Secure- cookie and a token split into .0/.1 chunks', async () => {
    const user = await createUser(server);
    assert.equal((await sessionOf(server, { cookie: `__Secure-next-auth.session-token=${user.token}` })).user?.email, user.email);
    const half = Math.floor(user.token.length / 2);
    const chunked = `next-auth.session-token.0=${user.token.slice(0, half)}; next-auth.session-token.1=${user.token.slice(half)}`;
    assert.equal((await sessionOf(server, { cookie: chunked })).user?.email, user.email);
  });

  it('signs out with POST: clears the cookie and ends the token', async () => {
    const user = await createUser(server);
    const res = await server.api('/api/auth/signout', { method: 'POST', token: user.token, headers: { cookie: user.cookie } });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('set-cookie') ?? '', /next-auth\.session-token=; Max-Age=0/);
    assert.deepEqual(await sessionOf(server, { token: user.token }), {});
    assert.deepEqual(await sessionOf(server, { cookie: user.cookie }), {});
  });

  it('signs out with GET too', async () => {
    const user = await createUser(server);
    const res = await server.api('/api/auth/signout', { headers: { cookie: user.cookie } });
    assert.equal(res.status, 200);
    assert.deepEqual(await sessionOf(server, { cookie: user.cookie }), {});
  });

  it('ends every session of the user with signout-everywhere', async () => {
    const user = await createUser(server);
    const second = (await (await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } })).json()) as {
      token: string;
    };
    const other = await createUser(server);
    const res = await server.api('/api/auth/signout-everywhere', { method: 'POST', token: user.token });
    assert.equal(res.status, 200);
    assert.deepEqual(await sessionOf(server, { token: user.token }), {});
    assert.deepEqual(await sessionOf(server, { token: second.token }), {});
    assert.equal((await sessionOf(server, { token: other.token })).user?.email, other.email, 'another user keeps their session');
  });

  it('changes the password: old tokens end, the new token and new password work, the old password does not', async () => {
    const user = await createUser(server);
    const wrong = await server.api('/api/auth/password', {
      method: 'POST',
      token: user.token,
      json: { currentPassword: 'not it at all', newPassword: 'brand new password' },
    });
    assert.equal(wrong.status, 401);
    const res = await server.api('/api/auth/password', {
      method: 'POST',
      token: user.token,
      json: { currentPassword: user.password, newPassword: 'brand new password' },
    });
    assert.equal(res.status, 200);
    const { token } = (await res.json()) as { token: string };
    assert.deepEqual(await sessionOf(server, { token: user.token }), {});
    assert.equal((await sessionOf(server, { token })).user?.email, user.email);
    const oldPw = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    assert.equal(oldPw.status, 401);
    const newPw = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: 'brand new password' } });
    assert.equal(newPw.status, 200);
  });

  it('refuses a weak new password (400) and changes nothing: the session and the old password still work', async () => {
    const user = await createUser(server);
    const res = await server.api('/api/auth/password', {
      method: 'POST',
      token: user.token,
      json: { currentPassword: user.password, newPassword: 'short1' },
    });
    assert.equal(res.status, 400);
    assert.match(JSON.stringify(await res.json()), /at least 8 characters/);
    assert.equal((await sessionOf(server, { token: user.token })).user?.email, user.email);
    const oldPw = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    assert.equal(oldPw.status, 200);
  });

  it('requires a session for signout-everywhere and password change (401)', async () => {
    for (const path of ['/api/auth/signout-everywhere', '/api/auth/password']) {
      const res = await server.api(path, { method: 'POST', json: { currentPassword: 'aaaaaaaa', newPassword: 'bbbbbbbb' } });
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'UNAUTHORIZED');
    }
  });

  it('refuses passwords over 72 bytes (400), counting bytes not characters', async () => {
    const email = uniqueEmail();
    const emoji = '🔒'.repeat(19); // 19 characters, 76 bytes
    for (const [path, body] of [
      ['/api/auth/signup', { name: 'L', email, password: emoji }],
      ['/api/auth/signin', { email, password: 'a'.repeat(73) }],
    ] as const) {
      const res = await server.api(path, { method: 'POST', json: body });
      assert.equal(res.status, 400, path);
      assert.match(JSON.stringify(await res.json()), /at most 72 bytes/);
    }
  });

  it('answers an unknown email and a wrong password with the same status and body', async () => {
    const user = await createUser(server);
    const unknown = await server.api('/api/auth/signin', { method: 'POST', json: { email: uniqueEmail('nobody'), password: 'whatever pw' } });
    const wrong = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: 'whatever pw' } });
    assert.equal(unknown.status, 401);
    assert.equal(wrong.status, 401);
    assert.deepEqual(await unknown.json(), await wrong.json());
    assert.equal(unknown.headers.get('set-cookie'), null);
  });

  describe('hostile tokens get no session', () => {
    // Each token names a real user (except the one about a missing user), so only the check the
    // case is about can turn it away: with sub 'x' the user lookup alone would answer 401.
    const cases: Array<[string, (userId: string) => Promise<string>]> = [
      [
        'a forged token (other secret)',
        (sub) =>
          new EncryptJWT({ sub })
            .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
            .setIssuedAt()
            .setExpirationTime('1h')
            .setJti('j')
            .encrypt(nextAuthV4Key('another secret')),
      ],
      ['alg:none', async (sub) => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub })).toString('base64url')}.`],
      [
        'a token for a user that does not exist',
        () =>
          new EncryptJWT({ sub: 'no-such-user' })
            .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
            .setIssuedAt()
            .setExpirationTime('1h')
            .setJti('j')
            .encrypt(nextAuthV4Key(TEST_SECRET)),
      ],
      [
        'an expired token',
        (sub) =>
          new EncryptJWT({ sub })
            .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
            .setIssuedAt(Math.floor(Date.now() / 1000) - 120)
            .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
            .setJti('j')
            .encrypt(nextAuthV4Key(TEST_SECRET)),
      ],
    ];
    for (const [name, make] of cases) {
      it(`${name}: session {} and protected routes 401`, async () => {
        const token = await make((await createUser(server)).id);
        assert.deepEqual(await sessionOf(server, { token }), {});
        const res = await server.api('/api/auth/signout-everywhere', { method: 'POST', token });
        assert.equal(res.status, 401);
      });
    }

    it('a tampered copy of a real token', async () => {
      const user = await createUser(server);
      const parts = user.token.split('.');
      const bytes = Buffer.from(parts[3]!, 'base64url');
      bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
      parts[3] = bytes.toString('base64url');
      assert.deepEqual(await sessionOf(server, { token: parts.join('.') }), {});
    });
  });

  it('accepts a token minted the NextAuth way with the same secret (a Next.js app shares sessions)', async () => {
    const user = await createUser(server);
    const token = await new EncryptJWT({ name: user.name, email: user.email, picture: null, sub: user.id })
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
      .setIssuedAt()
      .setExpirationTime('30d')
      .setJti(crypto.randomUUID())
      .encrypt(nextAuthV4Key(TEST_SECRET));
    assert.equal((await sessionOf(server, { cookie: `next-auth.session-token=${token}` })).user?.email, user.email);
  });

  it('serves the same procedures on the tRPC door', async () => {
    const user = await createUser(server);
    const session = await server.trpc(user.token).auth.session.query();
    assert.equal('user' in session ? session.user.email : undefined, user.email);
    const signedIn = await server.trpc().auth.signin.mutate({ email: user.email, password: user.password });
    assert.ok(signedIn.token);
    await assert.rejects(server.trpc().auth.signoutEverywhere.mutate(), (e: unknown) => e instanceof TRPCClientError && e.data?.code === 'UNAUTHORIZED');
    await assert.rejects(
      server.trpc().auth.signin.mutate({ email: user.email, password: 'wrong password' }),
      (e: unknown) => e instanceof TRPCClientError && e.data?.httpStatus === 401,
    );
  });
});

describe('sign-in throttling', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_LOGIN: '3' } });
  });
  after(async () => {
    await server.close();
  });

  it('throttles failed sign-ins per client and account with 429 and Retry-After, on either door', async () => {
    const user = await createUser(server);
    for (let i = 0; i < 3; i++) {
      const res = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: 'wrong password' } });
      assert.equal(res.status, 401);
    }
    const blocked = await server.api('/api/auth/signin', { method: 'POST', json: { email: user.email, password: user.password } });
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.deepEqual(await blocked.json(), { error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests; try again later' } });
    const viaTrpc = await server.api('/trpc/auth.signin', { method: 'POST', json: { email: user.email.toUpperCase(), password: 'x' } });
    assert.equal(viaTrpc.status, 429);
  });
});
