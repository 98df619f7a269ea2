/**
 * Opens PromptStack's database: embedded PGlite in a data folder when no DATABASE_URL is set,
 * otherwise Postgres through `@prisma/adapter-pg`. Returns the Prisma client and the raw handle.
 * A data folder is locked for this process while open (see dataFolderLock.ts).
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { postgresPoolSettings } from './poolConfig.ts';
import { lockDataFolder } from './dataFolderLock.ts';
import type { RawDb } from './rawDb.ts';

/** The open database: the Prisma client every service uses, plus the raw handle for pg-boss and aggregates. */
export interface Database {
  prisma: PrismaClient;
  raw: RawDb;
  /** Closes the client and the pool or PGlite instance. */
  close(): Promise<void>;
}

/** Where to connect: a Postgres URL, a PGlite folder, or an already-open PGlite (tests use in-memory). */
export type DatabaseTarget = { databaseUrl: string } | { pgliteDir: string } | { pglite: PGlite };

/** Opens the database described by `target`; does not apply migrations (see migrate.ts). */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('databaseUrl' in target) {
    const settings = postgresPoolSettings(target.databaseUrl);
    const pool = new pg.Pool(settings.config);
    // An idle client losing its server must not crash the process; the next query reports it.
    pool.on('error', () => undefined);
    const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
    return {
      prisma,
      raw: { kind: 'postgres', pool, connectionString: settings.connectionString },
      close: once(async () => {
        await prisma.$disconnect();
        await pool.end();
      }),
    };
  }
  let pglite: PGlite;
  let ownsPglite = false;
  let releaseFolder: (() => Promise<void>) | undefined;
  if ('pglite' in target) {
    pglite = target.pglite;
  } else {
    const dir = resolve(target.pgliteDir);
    mkdirSync(dirname(dir), { recursive: true });
    releaseFolder = await lockDataFolder(dir, (error) => {
      // Another process took the folder while we hold it open: stop before two writers corrupt it.
      console.error(`The data folder lock of ${dir} was lost (${error.message}); stopping.`);
      process.exit(1);
    });
    try {
      pglite = await PGlite.create(dir);
    } catch (error) {
      await releaseFolder();
      throw error;
    }
    ownsPglite = true;
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
  return {
    prisma,
    raw: { kind: 'pglite', pglite },
    close: once(async () => {
      await prisma.$disconnect();
      if (ownsPglite && !pglite.closed) await pglite.close();
      await releaseFolder?.();
    }),
  };
}

/** Makes `close` safe to call twice (shutdown paths and tests may both close). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined;
  return () => (done ??= fn());
}
