/**
 * Hot reads as named prepared statements. On Postgres each pooled connection parses and plans a
 * named statement once, and later requests send only the parameters (less CPU here and in
 * Postgres). Behind a transaction-pooling PgBouncer (`?pgbouncer=true`), where a statement prepared
 * on one server connection is missing on the next, the first such error switches this process to
 * unnamed queries. PGlite runs the statement as an ordinary parameterised query.
 */
import { rawQuery, type RawDb } from './rawDb.ts';

let preparedStatements = true;
/** Postgres errors of a prepared statement that the pooler or a schema change invalidated. */
const PREPARED_STATEMENT_ERRORS = new Set(['26000', '42P05', '0A000']);

/** Runs `sql` as the prepared statement `name` (one name per SQL text) and returns its rows. */
export async function preparedQuery<T extends Record<string, unknown>>(raw: RawDb, name: string, sql: string, params: unknown[]): Promise<T[]> {
  if (raw.kind === 'postgres' && preparedStatements) {
    try {
      return (await raw.pool.query<T>({ name, text: sql, values: params })).rows;
    } catch (error) {
      if (!PREPARED_STATEMENT_ERRORS.has(String((error as { code?: unknown }).code))) throw error;
      preparedStatements = false;
    }
  }
  return rawQuery<T>(raw, sql, params);
}
