/** Creating signed-in users over the real HTTP API. */
import { randomBytes } from 'node:crypto';
import type { HttpTarget } from './server.ts';

/** A user created through /api/auth/signup and signed in through /api/auth/signin. */
export interface TestUser {
  id: string;
  email: string;
  name: string;
  password: string;
  token: string;
  /** The `name=value` part of the session Set-Cookie, ready for a Cookie header. */
  cookie: string;
}

/** A unique email for this run. */
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}@example.com`;
}

/** Signs up and signs in a new user; throws if either step does not answer as documented. */
export async function createUser(server: HttpTarget, fields: { email?: string; name?: string; password?: string } = {}): Promise<TestUser> {
  const email = fields.email ?? uniqueEmail();
  const name = fields.name ?? 'Test User';
  const password = fields.password ?? 'correct horse battery';
  const signup = await server.api('/api/auth/signup', { method: 'POST', json: { name, email, password } });
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status}: ${await signup.text()}`);
  const signin = await server.api('/api/auth/signin', { method: 'POST', json: { email, password } });
  if (signin.status !== 200) throw new Error(`signin answered ${signin.status}: ${await signin.text()}`);
  const body = (await signin.json()) as { user: { id: string }; token: string };
  const cookie = (signin.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  return { id: body.user.id, email, name, password, token: body.token, cookie };
}
