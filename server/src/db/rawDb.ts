/** The two database back ends PromptStack runs on, as raw handles beside the Prisma client. */
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';

/**
 * The raw handle of the open database: the PGlite instance (embedded mode) or the `pg` pool and
 * its cleaned connection string (Postgres mode). pg-boss takes `fromPglite(raw.pglite)` or
 * `raw.connectionString`; raw SQL aggregates can use `query`.
 */
export type RawDb = { kind: 'pglite'; pglite: PGlite } | { kind: 'postgres'; pool: pg.Pool; connectionString: string };

/** Runs one parameterised query on either back end and returns its rows. */
export async function rawQuery<T extends Record<string, unknown>>(raw: RawDb, sql: string, params: unknown[] = []): Promise<T[]> {
  if (raw.kind === 'pglite') return (await raw.pglite.query<T>(sql, params)).rows;
  return (await raw.pool.query(sql, params)).rows as T[];
}
