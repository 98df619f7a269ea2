/**
 * Our server started in the bench's own process (`startServer`, NODE_ENV=production, logs off,
 * throttles off) on a throwaway Postgres database made for the run and dropped again by `stop()`,
 * with a JSON caller for seeding through the REST API.
 */
import { pino } from 'pino';
import { startServer } from '../../server/src/boot.ts';
import { openDatabase } from '../../server/src/db/client.ts';
import { loadEnv } from '../../server/src/env.ts';
import { createThrowawayDatabase } from './throwawayDatabase.ts';

/** A request to the server: `json` is sent as the body, `token` as a Bearer. */
export interface CallInit {
  method?: string;
  json?: unknown;
  token?: string;
}

export interface InProcessServer {
  /** The server's address. */
  url: string;
  /** The throwaway database's URL (for the bench's own bare statements). */
  databaseUrl: string;
  /** Calls the REST API and answers its JSON; a 4xx or 5xx throws with the answer. */
  call(path: string, init?: CallInit): Promise<any>;
  stop(): Promise<void>;
}

/** Creates the database on `adminUrl`'s server and starts ours on it. */
export async function startInProcessServer(adminUrl: string): Promise<InProcessServer> {
  const database = await createThrowawayDatabase(adminUrl);
  const databaseUrl = database.url;
  const env = loadEnv({
    NODE_ENV: 'production',
    PORT: '0',
    LOG_LEVEL: 'silent',
    NEXTAUTH_SECRET: 'bench-secret-0123456789-0123456789',
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_WRITES_PER_MINUTE: '0',
    RATE_LIMIT_LOGIN: '1000',
  });
  const db = await openDatabase({ databaseUrl });
  const running = await startServer(env, pino({ level: 'silent' }), db);
  return {
    url: running.url,
    databaseUrl,
    async call(path, init = {}) {
      const res = await fetch(`${running.url}${path}`, {
        method: init.method ?? 'GET',
        headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
        ...(init.json ? { body: JSON.stringify(init.json) } : {}),
      });
      const body: unknown = await res.json();
      if (res.status >= 400) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
      return body;
    },
    async stop() {
      await running.close(1000);
      await database.drop();
    },
  };
}
