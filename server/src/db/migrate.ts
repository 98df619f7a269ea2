/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in its own transaction, and
 * records them in Prisma's own `_prisma_migrations` table (sha256 checksum of the file), so that
 * `prisma migrate status|deploy` on a machine with the native engine agree with what we applied.
 * A failing migration rolls back and is not recorded; a second run is a no-op.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawDb } from './rawDb.ts';

/** Prisma's own DDL for its history table, so the native engine accepts it as its own. */
const HISTORY_TABLE_SQL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Arbitrary constant key for the advisory lock that keeps two starting servers from racing. */
const MIGRATION_LOCK_KEY = 72707369;

/** One migration folder's name, SQL text and checksum. */
export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

/** What a run did: names applied now and names that were already there. */
export interface MigrationReport {
  applied: string[];
  alreadyApplied: string[];
}

/** Finds `prisma/migrations` by walking up from this file (works from src/ and from dist/). */
export function findMigrationsDir(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = resolve(start);
  for (;;) {
    const candidate = join(dir, 'prisma', 'migrations');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No prisma/migrations folder above ${start}`);
    dir = parent;
  }
}

/** Reads the migration folders in name order (Prisma's timestamps make that chronological). */
export function readMigrations(migrationsDir: string): MigrationFile[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** A minimal transaction surface both back ends provide. */
interface Tx {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
}

/** Applies every pending migration; throws (naming the migration) if one fails. */
export async function applyMigrations(raw: RawDb, migrationsDir = findMigrationsDir()): Promise<MigrationReport> {
  const migrations = readMigrations(migrationsDir);
  return withLockedSession(raw, async (runInTransaction, query) => {
    await query(HISTORY_TABLE_SQL);
    const rows = await query('SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL');
    const done = new Set(rows.map((row) => String(row.migration_name)));
    const report: MigrationReport = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      if (done.has(migration.name)) {
        report.alreadyApplied.push(migration.name);
        continue;
      }
      try {
        await runInTransaction(async (tx) => {
          const startedAt = new Date();
          await tx.exec(migration.sql);
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, $4, now(), 1)`,
            [randomUUID(), migration.checksum, migration.name, startedAt],
          );
        });
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`, { cause: error });
      }
      report.applied.push(migration.name);
    }
    return report;
  });
}

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;
type RunInTransaction = (work: (tx: Tx) => Promise<void>) => Promise<void>;

/** Gives `work` one session: PGlite is single-session already; on Postgres, one pooled client under an advisory lock. */
async function withLockedSession<T>(raw: RawDb, work: (runInTransaction: RunInTransaction, query: Query) => Promise<T>): Promise<T> {
  if (raw.kind === 'pglite') {
    const db = raw.pglite;
    // PGlite's own exec/transaction: the Prisma adapter's executeScript does not await failures.
    return work(
      (fn) =>
        db.transaction(async (t) =>
          fn({
            exec: async (sql) => {
              await t.exec(sql);
            },
            query: async (sql, params) => (await t.query<Record<string, unknown>>(sql, params)).rows,
          }),
        ),
      async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows,
    );
  }
  const client = await raw.pool.connect();
  const query: Query = async (sql, params) => (await client.query(sql, params)).rows;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    return await work(async (fn) => {
      await client.query('BEGIN');
      try {
        await fn({
          exec: async (sql) => {
            await client.query(sql);
          },
          query,
        });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }, query);
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
