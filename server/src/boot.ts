/**
 * Starting and stopping the server: open the database, apply pending migrations, build the app,
 * listen. main.ts and the test harness both use `startServer`, so tests boot what users run.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { createApp } from './app.ts';
import { openDatabase, type Database } from './db/client.ts';
import { applyMigrations } from './db/migrate.ts';
import type { Env } from './env.ts';
import { startJobQueue, type JobFeature } from './jobs/jobQueue.ts';
import { abTestJobs } from './features/abtests/abTestJobs.ts';
import { experimentGuardrailJobs } from './features/experiments/index.ts';
import { webhookJobs } from './features/webhooks/index.ts';
import { queueOf } from './jobs/queueRegistry.ts';

/** Every feature with durable jobs, started with the server. */
export const JOB_FEATURES: readonly JobFeature[] = [abTestJobs, webhookJobs, experimentGuardrailJobs];

/** A listening server. */
export interface RunningServer {
  server: Server;
  db: Database;
  /** e.g. http://127.0.0.1:3000 */
  url: string;
  /** Stops accepting, finishes in-flight requests (up to `graceMs`), closes the database. */
  close(graceMs?: number): Promise<void>;
}

/** Where the embedded database lives inside the data folder. */
export function pgliteDirFor(env: Env): string {
  return join(env.dataDir, 'pglite');
}

/** Opens the database `env` names (or uses `db`), migrates it and listens on `env.port` (0 = any). */
export async function startServer(env: Env, logger: Logger, db?: Database): Promise<RunningServer> {
  const database = db ?? (await openDatabase(env.databaseUrl ? { databaseUrl: env.databaseUrl } : { pgliteDir: pgliteDirFor(env) }));
  const migrations = await applyMigrations(database.raw);
  if (migrations.applied.length) logger.info({ applied: migrations.applied }, 'applied database migrations');
  // Durable jobs (A/B runs) start with the server; a restart resumes the unfinished ones.
  const jobs = await startJobQueue({ env, db: database, logger }, JOB_FEATURES);
  const app = createApp({ env, db: database, logger });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(env.port, '0.0.0.0', (error?: Error) => (error ? reject(error) : resolve(s)));
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    server,
    db: database,
    url: `http://127.0.0.1:${port}`,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const forced = setTimeout(() => server.closeAllConnections(), graceMs);
        server.closeIdleConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        clearTimeout(forced);
        // Jobs in hand finish (or are released for retry) before the database closes under them.
        await Promise.all([jobs.stop(graceMs), queueOf(database)?.stop(graceMs)]);
        await database.close();
      })();
      return closing;
    },
  };
}
