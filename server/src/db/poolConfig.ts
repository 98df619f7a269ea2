/** Turns a Postgres URL, including Prisma's pooled form, into a `pg` pool configuration. */
import type pg from 'pg';

/** Prisma-specific query parameters that `pg` does not understand; we translate and strip them. */
const PRISMA_ONLY_PARAMS = ['pgbouncer', 'connection_limit', 'pool_timeout', 'schema', 'statement_cache_size', 'socket_timeout', 'connect_timeout'];

/** A pool configuration plus the URL with Prisma's parameters removed (for pg-boss and logs). */
export interface PostgresPoolSettings {
  config: pg.PoolConfig;
  connectionString: string;
}

/**
 * Maps `connection_limit` to the pool's `max` and `pool_timeout` (seconds) to
 * `connectionTimeoutMillis`, the closest `pg` equivalents, so the seed's
 * `?pgbouncer=true&connection_limit=1&pool_timeout=20` behaves as Prisma users expect.
 */
export function postgresPoolSettings(databaseUrl: string): PostgresPoolSettings {
  const url = new URL(databaseUrl);
  const config: pg.PoolConfig = {};
  const limit = Number(url.searchParams.get('connection_limit'));
  if (Number.isInteger(limit) && limit > 0) config.max = limit;
  const poolTimeout = Number(url.searchParams.get('pool_timeout'));
  if (Number.isFinite(poolTimeout) && poolTimeout > 0) config.connectionTimeoutMillis = poolTimeout * 1000;
  const connectTimeout = Number(url.searchParams.get('connect_timeout'));
  if (config.connectionTimeoutMillis === undefined && Number.isFinite(connectTimeout) && connectTimeout > 0) {
    config.connectionTimeoutMillis = connectTimeout * 1000;
  }
  for (const name of PRISMA_ONLY_PARAMS) url.searchParams.delete(name);
  config.connectionString = url.toString();
  return { config, connectionString: url.toString() };
}
