-- CreateTable
CREATE TABLE "GenerationHourlyRollup" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "projectId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "calls" INTEGER NOT NULL,
    "successes" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "costUsd" DECIMAL(20,8) NOT NULL,
    "costCalls" INTEGER NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "latencyMsSum" BIGINT NOT NULL,

    CONSTRAINT "GenerationHourlyRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationHourlyLatencyHistogram" (
    "rollupId" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "GenerationHourlyLatencyHistogram_pkey" PRIMARY KEY ("rollupId","bucket")
);

-- CreateIndex
CREATE UNIQUE INDEX "GenerationHourlyRollup_workspaceId_hour_projectId_promptId__key" ON "GenerationHourlyRollup"("workspaceId", "hour", "projectId", "promptId", "versionId", "label", "model");

-- AddForeignKey
ALTER TABLE "GenerationHourlyLatencyHistogram" ADD CONSTRAINT "GenerationHourlyLatencyHistogram_rollupId_fkey" FOREIGN KEY ("rollupId") REFERENCES "GenerationHourlyRollup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The rollup trigger now keeps both GenerationDailyRollup (by UTC day) and GenerationHourlyRollup (by
-- UTC hour), each with its latency histogram, from the same transition tables: statement-level, one
-- upsert per (period, key) group, groups upserted in key order so concurrent batches do not deadlock.
CREATE OR REPLACE FUNCTION promptstack_rollup_generations() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
  changed text;
  touched text[];
  grain record;
BEGIN
  changed := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_generations'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_generations'
    ELSE 'SELECT -1 AS sign, * FROM old_generations UNION ALL SELECT 1 AS sign, * FROM new_generations'
  END;

  FOR grain IN
    SELECT * FROM (VALUES
      ('GenerationDailyRollup', 'GenerationLatencyHistogram', 'day', '("startedAt")::date'),
      ('GenerationHourlyRollup', 'GenerationHourlyLatencyHistogram', 'hour', 'date_trunc(''hour'', "startedAt")')
    ) AS g(rollup, histogram, period, expr)
  LOOP
    EXECUTE format($q$
      WITH changed AS (%1$s),
      grouped AS (
        SELECT "workspaceId", %5$s AS %4$I, "projectId", "promptId", "versionId", COALESCE(label, '') AS label, model,
               sum(sign)::int AS calls,
               sum(CASE WHEN status = 'success' THEN sign ELSE 0 END)::int AS successes,
               sum(CASE WHEN status = 'error' THEN sign ELSE 0 END)::int AS errors,
               COALESCE(sum(sign * "costUsd"), 0) AS "costUsd",
               sum(CASE WHEN "costUsd" IS NOT NULL THEN sign ELSE 0 END)::int AS "costCalls",
               sum(sign * "inputTokens"::bigint)::bigint AS "inputTokens",
               sum(sign * "outputTokens"::bigint)::bigint AS "outputTokens",
               sum(sign * "latencyMs"::bigint)::bigint AS "latencyMsSum"
          FROM changed
      GROUP BY 1, 2, 3, 4, 5, 6, 7
      ),
      up AS (
        INSERT INTO %2$I AS ro
               (id, "workspaceId", %4$I, "projectId", "promptId", "versionId", label, model, calls, successes, errors,
                "costUsd", "costCalls", "inputTokens", "outputTokens", "latencyMsSum")
        SELECT gen_random_uuid()::text, "workspaceId", %4$I, "projectId", "promptId", "versionId", label, model, calls, successes, errors,
               "costUsd", "costCalls", "inputTokens", "outputTokens", "latencyMsSum"
          FROM grouped
         WHERE calls <> 0 OR successes <> 0 OR errors <> 0 OR "costUsd" <> 0 OR "costCalls" <> 0 OR "inputTokens" <> 0
            OR "outputTokens" <> 0 OR "latencyMsSum" <> 0
      ORDER BY "workspaceId", %4$I, "projectId", "promptId", "versionId", label, model
        ON CONFLICT ("workspaceId", %4$I, "projectId", "promptId", "versionId", label, model) DO UPDATE SET
               calls = ro.calls + EXCLUDED.calls,
               successes = ro.successes + EXCLUDED.successes,
               errors = ro.errors + EXCLUDED.errors,
               "costUsd" = ro."costUsd" + EXCLUDED."costUsd",
               "costCalls" = ro."costCalls" + EXCLUDED."costCalls",
               "inputTokens" = ro."inputTokens" + EXCLUDED."inputTokens",
               "outputTokens" = ro."outputTokens" + EXCLUDED."outputTokens",
               "latencyMsSum" = ro."latencyMsSum" + EXCLUDED."latencyMsSum"
        RETURNING ro.id
      )
      SELECT array_agg(id) FROM up
    $q$, changed, grain.rollup, grain.histogram, grain.period, grain.expr) INTO touched;

    CONTINUE WHEN touched IS NULL;

    EXECUTE format($q$
      WITH changed AS (%1$s)
      INSERT INTO %3$I AS h ("rollupId", bucket, calls)
      SELECT ro.id, d.bucket, d.calls
        FROM (SELECT "workspaceId", %5$s AS %4$I, "projectId", "promptId", "versionId", COALESCE(label, '') AS label, model,
                     promptstack_latency_bucket("latencyMs") AS bucket, sum(sign)::int AS calls
                FROM changed
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
              HAVING sum(sign) <> 0) d
        JOIN %2$I ro USING ("workspaceId", %4$I, "projectId", "promptId", "versionId", label, model)
    ORDER BY ro.id, d.bucket
          ON CONFLICT ("rollupId", bucket) DO UPDATE SET calls = h.calls + EXCLUDED.calls
    $q$, changed, grain.rollup, grain.histogram, grain.period, grain.expr);

    IF TG_OP <> 'INSERT' THEN
      EXECUTE format('DELETE FROM %I WHERE "rollupId" = ANY ($1) AND calls <= 0', grain.histogram) USING touched;
      EXECUTE format('DELETE FROM %I WHERE id = ANY ($1) AND calls <= 0', grain.rollup) USING touched;
    END IF;
  END LOOP;
  RETURN NULL;
END
$fn$;

-- Generations stored before this migration, rolled up by hour.
INSERT INTO "GenerationHourlyRollup"
       (id, "workspaceId", hour, "projectId", "promptId", "versionId", label, model, calls, successes, errors,
        "costUsd", "costCalls", "inputTokens", "outputTokens", "latencyMsSum")
SELECT gen_random_uuid()::text, "workspaceId", date_trunc('hour', "startedAt"), "projectId", "promptId", "versionId", COALESCE(label, ''), model,
       count(*)::int, (count(*) FILTER (WHERE status = 'success'))::int, (count(*) FILTER (WHERE status = 'error'))::int,
       COALESCE(sum("costUsd"), 0), count("costUsd")::int, sum("inputTokens"::bigint), sum("outputTokens"::bigint), sum("latencyMs"::bigint)
  FROM "Generation"
 GROUP BY 2, 3, 4, 5, 6, 7, 8;

INSERT INTO "GenerationHourlyLatencyHistogram" ("rollupId", bucket, calls)
SELECT ro.id, d.bucket, d.calls
  FROM (SELECT "workspaceId", date_trunc('hour', "startedAt") AS hour, "projectId", "promptId", "versionId", COALESCE(label, '') AS label, model,
               promptstack_latency_bucket("latencyMs") AS bucket, count(*)::int AS calls
          FROM "Generation"
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) d
  JOIN "GenerationHourlyRollup" ro USING ("workspaceId", hour, "projectId", "promptId", "versionId", label, model);
