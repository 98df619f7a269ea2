/**
 * One fresh, migrated database per caller: an in-memory PGlite (restored from a migrated template
 * made once per process), or, with DB_KIND=postgres, a new `promptstack_test_<random>` database
 * on TEST_DATABASE_URL's server, dropped again by `drop()`.
 */
import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { applyMigrations } from '../../src/db/migrate.ts';

/** Which database this mocha run uses (set by scripts/run-tests.mjs). */
export const DB_KIND: 'pglite' | 'postgres' = process.env.DB_KIND === 'postgres' ? 'postgres' : 'pglite';

/** A database for one test file (or test); `drop()` closes and removes it. */
export interface TestDatabase {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** The Postgres URL of this database (postgres runs only). */
  url?: string;
  drop(): Promise<void>;
}

let template: Promise<File | Blob> | undefined;

/** A migrated PGlite data folder, dumped once and restored for every test database. */
function migratedTemplate(): Promise<File | Blob> {
  template ??= (async () => {
    const pglite = await PGlite.create();
    await applyMigrations({ kind: 'pglite', pglite });
    const dump = await pglite.dumpDataDir('none');
    await pglite.close();
    return dump;
  })();
  return template;
}

/** The server URL tests create databases on. */
function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('DB_KIND=postgres needs TEST_DATABASE_URL');
  return url;
}

/** Creates an empty (unmigrated) Postgres database and returns its URL and a dropper. */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `promptstack_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl() });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** A fresh database with every migration applied (pass `migrate: false` for an empty one). */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  if (DB_KIND === 'postgres') {
    const created = await createEmptyPostgresDatabase();
    const db = await openDatabase({ databaseUrl: created.url });
    if (migrate) await applyMigrations(db.raw);
    let dropped = false;
    return {
      db,
      kind: 'postgres',
      url: created.url,
      async drop() {
        if (dropped) return;
        dropped = true;
        await db.close().catch(() => undefined);
        await created.drop();
      },
    };
  }
  const pglite = migrate ? await PGlite.create({ loadDataDir: await migratedTemplate() }) : await PGlite.create();
  const db = await openDatabase({ pglite });
  return {
    db,
    kind: 'pglite',
    async drop() {
      await db.close().catch(() => undefined);
      if (!pglite.closed) await pglite.close();
    },
  };
}
