import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import * as authJsJwt from '@auth/core/jwt';
import { base64url, EncryptJWT } from 'jose';
import { authJsV5Key, decodeSessionToken, encodeSessionToken, nextAuthV4Key } from '../../src/features/auth/sessionToken.ts';

/**
 * next-auth v4's own JWT helpers, loaded without their type declarations: those pull in Next.js's
 * global ones, which would change `process.env`'s type for the whole server program.
 */
const nextAuthJwt = createRequire(import.meta.url)('next-auth/jwt') as {
  encode(params: { token: Record<string, unknown>; secret: string; maxAge?: number }): Promise<string>;
  decode(params: { token: string; secret: string }): Promise<Record<string, unknown> | null>;
};

const SECRET = 'unit-test-secret';
const now = () => Math.floor(Date.now() / 1000);

/** A token made by next-auth v4 itself (`next-auth/jwt`'s encode), as a Next.js app with next-auth@4 issues it. */
async function mintNextAuthV4(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  return nextAuthJwt.encode({ token: claims, secret, maxAge: 3600 });
}

/** A token made by Auth.js v5 itself (`@auth/core/jwt`'s encode), salted with the cookie name. */
async function mintAuthJsV5(claims: Record<string, unknown>, salt: string): Promise<string> {
  return authJsJwt.encode({ token: claims, secret: SECRET, salt, maxAge: 3600 });
}

function flipOneBit(token: string, part: number): string {
  const parts = token.split('.');
  const bytes = base64url.decode(parts[part]!);
  bytes[0] = bytes[0]! ^ 1;
  parts[part] = base64url.encode(bytes);
  return parts.join('.');
}

describe('session tokens', () => {
  it('round-trips a token we issue, with NextAuth v4 header and claims', async () => {
    const { token, claims } = await encodeSessionToken(SECRET, { sub: 'u1', name: 'Ann', email: 'a@x.io', picture: null });
    assert.deepEqual(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()), { alg: 'dir', enc: 'A256GCM' });
    assert.equal(token.split('.').length, 5);
    const decoded = await decodeSessionToken(SECRET, token);
    assert.equal(decoded?.sub, 'u1');
    assert.equal(decoded?.jti, claims.jti);
    assert.equal(decoded?.email, 'a@x.io');
  });

  it('decodes a token made by next-auth v4, and next-auth v4 decodes ours', async () => {
    const theirs = await mintNextAuthV4({ sub: 'u2', name: 'Bo', email: 'b@x.io', picture: null });
    assert.equal((await decodeSessionToken(SECRET, theirs))?.sub, 'u2');
    const { token, claims } = await encodeSessionToken(SECRET, { sub: 'u3', name: 'Cy', email: 'c@x.io', picture: null });
    const decoded = await nextAuthJwt.decode({ token, secret: SECRET });
    assert.equal(decoded?.sub, 'u3');
    assert.equal(decoded?.email, 'c@x.io');
    assert.equal(decoded?.jti, claims.jti);
    // A secret that differs by one character decodes nothing on either side.
    assert.equal(await decodeSessionToken(`${SECRET}x`, theirs), null);
    await assert.rejects(nextAuthJwt.decode({ token, secret: `${SECRET}x` }));
  });

  it('decodes Auth.js v5 tokens from either cookie salt', async () => {
    for (const salt of ['authjs.session-token', '__Secure-authjs.session-token']) {
      const token = await mintAuthJsV5({ sub: `v5-${salt}` }, salt);
      assert.equal((await decodeSessionToken(SECRET, token))?.sub, `v5-${salt}`);
      assert.equal((await decodeSessionToken(SECRET, token, salt))?.sub, `v5-${salt}`);
    }
    assert.equal(authJsV5Key(SECRET, 'authjs.session-token').length, 64);
    // Under the other cookie's salt the key differs, as Auth.js's own decode agrees.
    const token = await mintAuthJsV5({ sub: 'salted' }, 'authjs.session-token');
    assert.equal(await decodeSessionToken(SECRET, token, '__Secure-authjs.session-token'), null);
    await assert.rejects(authJsJwt.decode({ token, secret: SECRET, salt: '__Secure-authjs.session-token' }));
  });

  const rejected: Array<[string, () => Promise<string>]> = [
    ['a token encrypted with another secret (forged)', () => mintNextAuthV4({ sub: 'u' }, 'other-secret')],
    ['a token with one ciphertext bit flipped', async () => flipOneBit((await encodeSessionToken(SECRET, { sub: 'u' })).token, 3)],
    ['a token with one auth-tag bit flipped', async () => flipOneBit((await encodeSessionToken(SECRET, { sub: 'u' })).token, 4)],
    [
      'an unsigned alg:none token',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return `${enc({ alg: 'none', typ: 'JWT' })}.${enc({ sub: 'u', exp: now() + 3600, iat: now(), jti: 'x' })}.`;
      },
    ],
    [
      'an HS256 JWS signed with the secret',
      async () => {
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc({ sub: 'u', exp: now() + 3600, iat: now(), jti: 'x' })}`;
        return `${head}.${createHmac('sha256', SECRET).update(head).digest('base64url')}`;
      },
    ],
    [
      'a token with the raw secret as key (not HKDF-derived)',
      async () => {
        const raw = new Uint8Array(32);
        raw.set(Buffer.from(SECRET).subarray(0, 32));
        return new EncryptJWT({ sub: 'u' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setExpirationTime('1h').setJti('j').encrypt(raw);
      },
    ],
    [
      'a token that expired 60 seconds ago',
      () =>
        mintNextAuthV4({ sub: 'u', exp: now() - 60 }).then(async () => {
          const key = nextAuthV4Key(SECRET);
          return new EncryptJWT({ sub: 'u' })
            .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
            .setIssuedAt(now() - 120)
            .setExpirationTime(now() - 60)
            .setJti('j')
            .encrypt(key);
        }),
    ],
    [
      'a token without exp',
      () => new EncryptJWT({ sub: 'u' }).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).setIssuedAt().setJti('j').encrypt(nextAuthV4Key(SECRET)),
    ],
    [
      'a token without sub',
      () =>
        new EncryptJWT({ name: 'x' })
          .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
          .setIssuedAt()
          .setExpirationTime('1h')
          .setJti('j')
          .encrypt(nextAuthV4Key(SECRET)),
    ],
    [
      'a token older than 30 days even if exp is later',
      () =>
        new EncryptJWT({ sub: 'u' })
          .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
          .setIssuedAt(now() - 31 * 86400)
          .setExpirationTime(now() + 86400)
          .setJti('j')
          .encrypt(nextAuthV4Key(SECRET)),
    ],
    ['garbage', async () => 'not.a.token'],
  ];
  for (const [name, make] of rejected) {
    it(`rejects ${name}`, async () => {
      assert.equal(await decodeSessionToken(SECRET, await make()), null);
    });
  }
});
