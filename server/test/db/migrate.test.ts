import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyMigrations, findMigrationsDir, readMigrations } from '../../src/db/migrate.ts';
import { rawQuery } from '../../src/db/rawDb.ts';
import { createTestDatabase, DB_KIND, type TestDatabase } from '../helpers/database.ts';

describe(`migrations applier (${DB_KIND})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterEach(async () => {
    await database.drop();
  });

  it('applies every migration once and records it in _prisma_migrations with a sha256 checksum', async () => {
    const first = await applyMigrations(database.db.raw);
    const files = readMigrations(findMigrationsDir());
    assert.deepEqual(
      first.applied,
      files.map((f) => f.name),
    );
    const rows = await rawQuery<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      database.db.raw,
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const initFile = join(findMigrationsDir(), files[0]!.name, 'migration.sql');
    assert.equal(rows[0]?.checksum, createHash('sha256').update(readFileSync(initFile)).digest('hex'));
    assert.ok(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1));
    assert.equal(rows.length, files.length);
  });

  it('is a no-op the second time', async () => {
    await applyMigrations(database.db.raw);
    const second = await applyMigrations(database.db.raw);
    assert.deepEqual(second.applied, []);
    assert.equal(second.alreadyApplied.length, readMigrations(findMigrationsDir()).length);
    const [count] = await rawQuery<{ n: number }>(database.db.raw, 'SELECT count(*)::int AS n FROM "_prisma_migrations"');
    assert.equal(count?.n, second.alreadyApplied.length);
  });

  it('rolls back a failing migration and does not record it as applied', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-migrations-'));
    try {
      mkdirSync(join(dir, '20240101000000_good'));
      writeFileSync(join(dir, '20240101000000_good', 'migration.sql'), 'CREATE TABLE good (id int);');
      mkdirSync(join(dir, '20240102000000_bad'));
      writeFileSync(join(dir, '20240102000000_bad', 'migration.sql'), 'CREATE TABLE half (id int);\nSELECT * FROM no_such_table;');
      await assert.rejects(applyMigrations(database.db.raw, dir), /20240102000000_bad failed and was rolled back/);
      const names = await rawQuery<{ migration_name: string }>(database.db.raw, 'SELECT migration_name FROM "_prisma_migrations"');
      assert.deepEqual(
        names.map((r) => r.migration_name),
        ['20240101000000_good'],
      );
      const half = await rawQuery<{ t: string | null }>(database.db.raw, "SELECT to_regclass('public.half')::text AS t");
      assert.equal(half[0]?.t, null);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
