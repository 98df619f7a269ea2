import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { applyMigrations, findMigrationsDir } from '../../src/db/migrate.ts';
import type { PrismaClient } from '../../src/generated/prisma/client.ts';
import { bucketEstimateMs, LATENCY_RELATIVE_ERROR } from '../../src/features/analytics/latencyHistogram.ts';
import { createSourcePrompt, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';

/** The rollup recomputed from TestRun: one row per key, and one per (key, bucket). */
const EXPECTED_ROLLUP = `
  SELECT "workspaceId", ("createdAt")::date AS day, "projectId", "promptId", "versionId", model,
         count(*)::int AS runs, (count(*) FILTER (WHERE status = 'SUCCESS'))::int AS successes,
         (count(*) FILTER (WHERE status = 'ERROR'))::int AS errors,
         COALESCE(sum("costUsd"), 0)::numeric AS "costUsd", count("costUsd")::int AS "costRuns",
         COALESCE(sum("judgeCostUsd"), 0)::numeric AS "judgeCostUsd",
         COALESCE(sum("inputTokens"), 0)::bigint AS "inputTokens", COALESCE(sum("outputTokens"), 0)::bigint AS "outputTokens",
         count("outputTokens")::int AS "outputTokenRuns", COALESCE(sum("latencyMs"), 0)::bigint AS "latencyMsSum", count("latencyMs")::int AS "latencyRuns"
    FROM "TestRun" GROUP BY 1, 2, 3, 4, 5, 6`;
const ACTUAL_ROLLUP = `
  SELECT "workspaceId", day, "projectId", "promptId", "versionId", model, runs, successes, errors, "costUsd"::numeric,
         "costRuns", "judgeCostUsd"::numeric, "inputTokens", "outputTokens", "outputTokenRuns", "latencyMsSum", "latencyRuns"
    FROM "RunDailyRollup"`;
const EXPECTED_HISTOGRAM = `
  SELECT "workspaceId", ("createdAt")::date AS day, "projectId", "promptId", "versionId", model,
         promptstack_latency_bucket("latencyMs") AS bucket, count(*)::int AS runs
    FROM "TestRun" WHERE "latencyMs" IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7`;
const ACTUAL_HISTOGRAM = `
  SELECT ro."workspaceId", ro.day, ro."projectId", ro."promptId", ro."versionId", ro.model, h.bucket, h.runs
    FROM "RunLatencyHistogram" h JOIN "RunDailyRollup" ro ON ro.id = h."rollupId"`;

/** Rows on which the rollup and the runs disagree, both ways (empty when consistent). */
function mismatchSql(expected: string, actual: string): string {
  return `SELECT 'missing' AS side, * FROM ((${expected}) EXCEPT (${actual})) a
          UNION ALL SELECT 'extra', * FROM ((${actual}) EXCEPT (${expected})) b`;
}

async function mismatches(prisma: PrismaClient): Promise<unknown[]> {
  const rollup = await prisma.$queryRawUnsafe<unknown[]>(mismatchSql(EXPECTED_ROLLUP, ACTUAL_ROLLUP));
  const histogram = await prisma.$queryRawUnsafe<unknown[]>(mismatchSql(EXPECTED_HISTOGRAM, ACTUAL_HISTOGRAM));
  return [...rollup, ...histogram];
}

describe('analytics rollup (RunDailyRollup + RunLatencyHistogram, kept by TestRun triggers)', () => {
  let world: RunWorld;
  let prisma: PrismaClient;
  let prompt: { id: string; versionId: string };

  before(async () => {
    world = await startRunWorld();
    prisma = world.server.database.db.prisma;
    prompt = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId);
  });
  after(async () => {
    await world?.close();
  });

  const run = (json: unknown) => rest(world.server, 'POST', `/prompts/${prompt.id}/test`, { token: world.team.member.token, json });
  /** The prompt's rollup rows with their histogram run counts (raw SQL: the rollup has no API of its own). */
  const rollupOf = (promptId: string) => prisma.$queryRaw<
    Array<{ model: string; runs: number; successes: number; errors: number; latencyRuns: number; histogramRuns: number }>
  >`
    SELECT ro.model, ro.runs, ro.successes, ro.errors, ro."latencyRuns",
           (SELECT COALESCE(sum(h.runs), 0)::int FROM "RunLatencyHistogram" h WHERE h."rollupId" = ro.id) AS "histogramRuns"
      FROM "RunDailyRollup" ro WHERE ro."promptId" = ${promptId} ORDER BY ro.day, ro.model`;

  it('counts runs recorded by the run service, failures included, and a rating changes nothing', async () => {
    for (const name of ['Ada', 'Bo']) expectStatus(await run({ input: { name } }), 200);
    world.provider.setScript({ '*': { failFirst: 100, failWith: { status: 500, message: 'down' } } });
    const failed = await run({ input: { name: 'Cy' } });
    world.provider.setScript({});
    assert.equal(failed.body.status, 'error');
    assert.deepEqual(await mismatches(prisma), []);
    const before = await rollupOf(prompt.id);
    assert.deepEqual(before, [{ model: 'openai/gpt-4o-mini', runs: 3, successes: 2, errors: 1, latencyRuns: 3, histogramRuns: 3 }]);

    const rated = await rest(world.server, 'PUT', `/prompts/${prompt.id}/test/${failed.body.id}`, {
      token: world.team.member.token,
      json: { rating: 2, feedback: 'meh' },
    });
    expectStatus(rated, 200);
    assert.deepEqual(await rollupOf(prompt.id), before);
  });

  it('stays equal to the runs through bulk inserts, updates of analytics columns and deletes', async () => {
    const base = { workspaceId: world.team.workspaceId, projectId: world.team.projectId, promptId: prompt.id, versionId: prompt.versionId, provider: 'openai' };
    const day0 = Date.UTC(2026, 3, 1);
    await prisma.testRun.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        ...base,
        model: i % 2 ? 'openai/gpt-4o-mini' : 'openai/gpt-4.1-mini',
        status: i % 7 === 0 ? ('ERROR' as const) : ('SUCCESS' as const),
        latencyMs: i % 11 === 0 ? null : (i * 53) % 3000,
        costUsd: i % 13 === 0 ? null : 0.00001 * (i % 17),
        judgeCostUsd: i % 4 === 0 ? 0.00002 * (i % 5) : 0,
        inputTokens: i % 5 === 0 ? null : i,
        outputTokens: 3 + (i % 9),
        createdAt: new Date(day0 + i * 3_600_000 * 5),
      })),
    });
    assert.deepEqual(await mismatches(prisma), []);

    // Status, latency (to another bucket), cost and day changes move figures between rows.
    await prisma.testRun.updateMany({
      where: { promptId: prompt.id, model: 'openai/gpt-4o-mini', latencyMs: { lt: 1000 } },
      data: { status: 'CANCELLED', latencyMs: 4321, costUsd: 0.5 },
    });
    // A judge cost alone changing (a re-judged run) moves only that figure.
    await prisma.testRun.updateMany({ where: { promptId: prompt.id, status: 'ERROR' }, data: { judgeCostUsd: 0.25 } });
    await prisma.testRun.updateMany({
      where: { promptId: prompt.id, outputTokens: 5 },
      data: { createdAt: new Date(day0 - 86_400_000), model: 'anthropic/claude-3-5-haiku' },
    });
    assert.deepEqual(await mismatches(prisma), []);

    await prisma.testRun.deleteMany({ where: { promptId: prompt.id, model: 'openai/gpt-4.1-mini' } });
    assert.deepEqual(await mismatches(prisma), []);
    assert.deepEqual(
      (await rollupOf(prompt.id)).filter((r) => r.model === 'openai/gpt-4.1-mini'),
      [],
    );

    // Deleting the prompt cascades to its runs, and their rollup rows and histograms go too.
    await prisma.prompt.delete({ where: { id: prompt.id } });
    assert.deepEqual(await mismatches(prisma), []);
    assert.deepEqual(await rollupOf(prompt.id), []);
  });

  it('puts every latency in a bucket whose estimate is within 2% of it (SQL buckets, TypeScript estimates)', async () => {
    const rows = await prisma.$queryRawUnsafe<Array<{ ms: number; bucket: number }>>(
      `SELECT ms, promptstack_latency_bucket(ms) AS bucket
         FROM (SELECT generate_series(0, 5000) AS ms UNION ALL SELECT generate_series(5001, 2000000000, 999983)
               UNION ALL SELECT 2147483647) v`,
    );
    for (const { ms, bucket } of rows) {
      const estimate = bucketEstimateMs(bucket);
      // The bound is reached at a bucket's low end (1 ms -> 0.98); allow for float rounding there.
      assert.ok(Math.abs(estimate - ms) <= LATENCY_RELATIVE_ERROR * ms * (1 + 1e-12), `${ms} ms -> bucket ${bucket} -> ${estimate}`);
    }
  });
});

describe('run_rollup migration', () => {
  it('backfills the rollup from runs recorded before it', async () => {
    const all = readdirSync(findMigrationsDir())
      .filter((n) => /^\d+_/.test(n))
      .sort();
    const index = all.findIndex((n) => n.endsWith('_run_rollup'));
    const dir = mkdtempSync(join(tmpdir(), 'promptstack-migrations-'));
    const pglite = new PGlite();
    try {
      for (const name of all.slice(0, index)) cpSync(join(findMigrationsDir(), name), join(dir, name), { recursive: true });
      await applyMigrations({ kind: 'pglite', pglite }, dir);
      await pglite.exec(`
        INSERT INTO "Workspace"(id, name, "updatedAt") VALUES ('w', 'W', now());
        INSERT INTO "Project"(id, "workspaceId", name, "updatedAt") VALUES ('j', 'w', 'J', now());
        INSERT INTO "Prompt"(id, "projectId", "workspaceId", name, "updatedAt") VALUES ('p', 'j', 'w', 'P', now());
        INSERT INTO "PromptVersion"(id, "promptId", number, source, "contentHash") VALUES ('v', 'p', 1, 'x', 'h');
        INSERT INTO "TestRun"(id, "workspaceId", "projectId", "promptId", "versionId", model, provider, status, "latencyMs", "costUsd", "outputTokens", "createdAt")
        SELECT 'r' || i, 'w', 'j', 'p', 'v', 'm' || (i % 2), 'x', (CASE WHEN i % 3 = 0 THEN 'ERROR' ELSE 'SUCCESS' END)::"RunStatus",
               (i * 97) % 5000, i * 0.001, i, timestamp '2026-05-01' + i * interval '7 hours'
          FROM generate_series(1, 50) AS i;`);
      for (const name of all.slice(index)) cpSync(join(findMigrationsDir(), name), join(dir, name), { recursive: true });
      await applyMigrations({ kind: 'pglite', pglite }, dir);
      for (const [expected, actual] of [
        [EXPECTED_ROLLUP, ACTUAL_ROLLUP],
        [EXPECTED_HISTOGRAM, ACTUAL_HISTOGRAM],
      ] as const) {
        assert.deepEqual((await pglite.query(mismatchSql(expected, actual))).rows, []);
      }
      const totals = await pglite.query<{ runs: number }>('SELECT sum(runs)::int AS runs FROM "RunDailyRollup"');
      assert.equal(totals.rows[0]!.runs, 50);
    } finally {
      await pglite.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
