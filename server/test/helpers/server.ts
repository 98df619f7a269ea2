/**
 * Starts the real server (startServer from src/boot.ts) on an ephemeral port over its own test
 * database, and gives tests fetch helpers and a typed tRPC client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink } from '@trpc/client';
import { pino, type Logger } from 'pino';
import { startServer } from '../../src/boot.ts';
import { loadEnv, type Env } from '../../src/env.ts';
import type { AppRouter } from '../../src/router.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** A running server for tests. */
export interface TestServer {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  env: Env;
  database: TestDatabase;
  /** fetch against the server: `api('/api/auth/session', { token })`; `json` sets the body and content type. */
  api(path: string, init?: ApiInit): Promise<Response>;
  /** A tRPC client for /trpc, signed in when `token` is given. */
  trpc(token?: string): ReturnType<typeof createTRPCClient<AppRouter>>;
  close(): Promise<void>;
}

/** Anything tests can call over HTTP: a TestServer, or a server in a child process. */
export type HttpTarget = Pick<TestServer, 'api'>;

/** fetch options plus `json` (a body to send as JSON) and `token` (sent as Bearer). */
export interface ApiInit extends RequestInit {
  json?: unknown;
  token?: string;
}

/** Test secret: fixed, so tests can mint tokens the way NextAuth would. */
export const TEST_SECRET = 'test-secret-for-promptstack-only-0123456789';

/** Starts a server; `env` entries override the test defaults (e.g. RATE_LIMIT_LOGIN); `logger` replaces the silent one. */
export async function startTestServer(options: { env?: Record<string, string>; logger?: Logger } = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'promptstack-test-'));
  const env = loadEnv({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    NEXTAUTH_SECRET: TEST_SECRET,
    PROMPTSTACK_DATA_DIR: dataDir,
    RATE_LIMIT_LOGIN: '1000',
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    ...options.env,
  });
  const database = await createTestDatabase();
  const running = await startServer(env, options.logger ?? pino({ level: env.logLevel }), database.db);
  const api = (path: string, init: ApiInit = {}) => {
    const { json, token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (json !== undefined) h.set('content-type', 'application/json');
    if (token) h.set('authorization', `Bearer ${token}`);
    return fetch(`${running.url}${path}`, { ...rest, headers: h, ...(json !== undefined ? { body: JSON.stringify(json) } : {}) });
  };
  return {
    url: running.url,
    env,
    database,
    api,
    trpc: (token?: string) =>
      createTRPCClient<AppRouter>({
        links: [httpLink({ url: `${running.url}/trpc`, headers: () => (token ? { authorization: `Bearer ${token}` } : {}) })],
      }),
    async close() {
      await running.close(1000);
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
