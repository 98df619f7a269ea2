import assert from 'node:assert/strict';
import { openDatabase } from '../../src/db/client.ts';
import { postgresPoolSettings } from '../../src/db/poolConfig.ts';
import { rawQuery } from '../../src/db/rawDb.ts';
import { createEmptyPostgresDatabase, DB_KIND } from '../helpers/database.ts';

describe('Postgres URL handling', () => {
  it("maps Prisma's pooled form to pool max and connection timeout and strips the Prisma-only parameters", () => {
    const { config, connectionString } = postgresPoolSettings(
      'postgresql://u:p@db.example:6543/app?pgbouncer=true&connection_limit=1&pool_timeout=20&sslmode=require',
    );
    assert.equal(config.max, 1);
    assert.equal(config.connectionTimeoutMillis, 20_000);
    assert.equal(connectionString, 'postgresql://u:p@db.example:6543/app?sslmode=require');
  });

  it('leaves a plain URL alone', () => {
    const { config, connectionString } = postgresPoolSettings('postgres://localhost/app');
    assert.equal(config.max, undefined);
    assert.equal(connectionString, 'postgres://localhost/app');
  });

  (DB_KIND === 'postgres' ? it : it.skip)('connects with the pooled form against a real Postgres', async () => {
    const created = await createEmptyPostgresDatabase();
    const db = await openDatabase({ databaseUrl: `${created.url}?pgbouncer=true&connection_limit=1&pool_timeout=20` });
    try {
      const rows = await rawQuery<{ one: number }>(db.raw, 'SELECT 1 AS one');
      assert.equal(rows[0]?.one, 1);
      assert.equal(await db.prisma.$queryRaw<Array<{ n: number }>>`SELECT 2::int AS n`.then((r) => r[0]?.n), 2);
    } finally {
      await db.close();
      await created.drop();
    }
  });
});
