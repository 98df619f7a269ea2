import assert from 'node:assert/strict';
import { FIRST_LOCKOUT_S, lockoutSeconds, MAX_LOCKOUT_S, PER_IP_FACTOR } from '../../src/http/signInThrottle.ts';
import { requestFrom } from '../helpers/fromAddress.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createUser, uniqueEmail } from '../helpers/users.ts';

const ALLOWANCE = 3;

describe('sign-in throttle per client and account', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMIT_LOGIN: String(ALLOWANCE) } });
  });
  after(async () => {
    await server.close();
  });

  /** Signs in from `address` on the REST door. */
  const signIn = (address: string, email: string, password: string) => requestFrom(server, address, '/api/auth/signin', { json: { email, password } });

  it('lets the owner sign in from another address while one address keeps failing on the account', async () => {
    const owner = await createUser(server);
    const statuses: number[] = [];
    for (let i = 0; i < ALLOWANCE + 3; i++) statuses.push((await signIn('127.0.0.2', owner.email, `guess ${i} wrong`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 429, 429, 429]);
    const fromHome = await server.api('/api/auth/signin', { method: 'POST', json: { email: owner.email, password: owner.password } });
    assert.equal(fromHome.status, 200);
  });

  it('refuses even the right password from the locked-out address, for the first lockout delay', async () => {
    const owner = await createUser(server);
    for (let i = 0; i < ALLOWANCE; i++) assert.equal((await signIn('127.0.0.3', owner.email, 'wrong password')).status, 401);
    const right = await signIn('127.0.0.3', owner.email, owner.password);
    assert.equal(right.status, 429);
    assert.deepEqual(right.body, { error: { code: 'TOO_MANY_REQUESTS', message: 'Too many requests; try again later' } });
    const retryAfter = Number(right.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= FIRST_LOCKOUT_S, `Retry-After ${retryAfter}`);
  });

  it('counts guesses sent at once before checking them: only the allowance reaches the password check', async () => {
    const owner = await createUser(server);
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => signIn('127.0.0.4', owner.email, `parallel guess ${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [...Array(ALLOWANCE).fill(401), ...Array(12 - ALLOWANCE).fill(429)]);
  });

  it('counts a one-call tRPC batch (what the extension sends) as one attempt on the same pair', async () => {
    const owner = await createUser(server);
    const viaBatch = () =>
      requestFrom(server, '127.0.0.5', '/trpc/auth.signin?batch=1', { json: { 0: { email: owner.email.toUpperCase(), password: 'wrong password' } } });
    for (let i = 0; i < ALLOWANCE; i++) assert.equal((await viaBatch()).status, 401);
    assert.equal((await signIn('127.0.0.5', owner.email, owner.password)).status, 429);
    assert.equal((await viaBatch()).status, 429);
  });

  it('clears the count of a pair when its sign-in succeeds', async () => {
    const owner = await createUser(server);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < ALLOWANCE - 1; i++) assert.equal((await signIn('127.0.0.6', owner.email, 'typo typo')).status, 401);
      assert.equal((await signIn('127.0.0.6', owner.email, owner.password)).status, 200);
    }
  });

  it('limits every attempt from one address across accounts, malformed ones included (credential stuffing)', async () => {
    const perIp = ALLOWANCE * PER_IP_FACTOR;
    // Attempts with an empty password are refused (400) before any hash is checked, yet still count;
    // they keep this test from waiting on dozens of bcrypt compares.
    const statuses: number[] = [];
    for (let i = 0; i < perIp - 1; i++) statuses.push((await signIn('127.0.0.7', uniqueEmail('spray'), '')).status);
    assert.deepEqual(statuses, Array(perIp - 1).fill(400));
    assert.equal((await signIn('127.0.0.7', uniqueEmail('spray'), 'spray guess')).status, 401);
    const refused = await signIn('127.0.0.7', uniqueEmail('spray'), 'spray guess');
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.headers['retry-after']) > 0);
  });
});

describe('lockout delays', () => {
  const table: Array<[number, number]> = [
    [1, 60],
    [2, 120],
    [3, 240],
    [6, 1920],
    [7, MAX_LOCKOUT_S],
    [30, MAX_LOCKOUT_S],
  ];
  for (const [lockouts, seconds] of table) {
    it(`locks a pair for ${seconds} s after lockout ${lockouts}`, () => {
      assert.equal(lockoutSeconds(lockouts), seconds);
    });
  }
});
