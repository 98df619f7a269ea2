/**
 * The one place that builds pg-boss for the open database: on PGlite through pg-boss's own
 * `fromPglite` adapter (same instance as Prisma, no socket), on Postgres from the connection string.
 */
import { fromPglite, PgBoss } from 'pg-boss';
import type { RawDb } from '../db/rawDb.ts';

/** pg-boss's tables live in their own schema, beside (never inside) Prisma's `public`. */
export const JOBS_SCHEMA = 'pgboss';

/** How often any server looks for jobs whose worker stopped sending heartbeats. */
export const SUPERVISE_INTERVAL_SECONDS = 5;

/** A pg-boss instance for `raw`; not started. */
export function createBoss(raw: RawDb): PgBoss {
  const common = {
    schema: JOBS_SCHEMA,
    // No spans or metrics are exported; skip the bookkeeping.
    openTelemetry: { enabled: false },
    // One maintenance pass a minute is plenty for our job volume.
    maintenanceIntervalSeconds: 60,
    // The supervisor's pass is what fails jobs whose heartbeat stopped (a killed worker's jobs) so
    // they are retried; every few seconds keeps a crash's runs from waiting for their expiry.
    superviseIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
    monitorIntervalSeconds: SUPERVISE_INTERVAL_SECONDS,
  } as const;
  if (raw.kind === 'pglite') return new PgBoss({ ...common, db: fromPglite(raw.pglite), backend: 'pglite' });
  // A small pool of its own: pg-boss holds connections while polling, the app pool stays free.
  return new PgBoss({ ...common, connectionString: raw.connectionString, max: 4 });
}
