-- CreateTable
CREATE TABLE "RunDailyRollup" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "projectId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "runs" INTEGER NOT NULL,
    "successes" INTEGER NOT NULL,
    "errors" INTEGER NOT NULL,
    "costUsd" DECIMAL(20,8) NOT NULL,
    "costRuns" INTEGER NOT NULL,
    "inputTokens" BIGINT NOT NULL,
    "outputTokens" BIGINT NOT NULL,
    "outputTokenRuns" INTEGER NOT NULL,
    "latencyMsSum" BIGINT NOT NULL,
    "latencyRuns" INTEGER NOT NULL,

    CONSTRAINT "RunDailyRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunLatencyHistogram" (
    "rollupId" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "runs" INTEGER NOT NULL,

    CONSTRAINT "RunLatencyHistogram_pkey" PRIMARY KEY ("rollupId","bucket")
);

-- CreateIndex
CREATE UNIQUE INDEX "RunDailyRollup_workspaceId_day_projectId_promptId_versionId_key" ON "RunDailyRollup"("workspaceId", "day", "projectId", "promptId", "versionId", "model");

-- AddForeignKey
ALTER TABLE "RunLatencyHistogram" ADD CONSTRAINT "RunLatencyHistogram_rollupId_fkey" FOREIGN KEY ("rollupId") REFERENCES "RunDailyRollup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Latency bucket of a run: 0 for 0 ms, else 1 + ceil(log_g(ms)) with g = 1.02/0.98, so bucket b >= 1
-- holds (g^(b-2), g^(b-1)] ms and its estimate 2g^(b-1)/(g+1) is within 2% of every value in it.
-- server/src/features/analytics/latencyHistogram.ts holds the same constant and reads the buckets.
CREATE FUNCTION promptstack_latency_bucket(ms integer) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT CASE WHEN ms <= 0 THEN 0 ELSE 1 + ceil(ln(ms::float8) / ln(1.02::float8 / 0.98::float8))::integer END $$;

-- Keeps RunDailyRollup and RunLatencyHistogram equal to the aggregates of TestRun. Statement-level
-- with transition tables, so a bulk insert costs one upsert per (day, key) group, not one per run;
-- an update that changes no analytics column (a rating) nets to zero and writes nothing. The source
-- rows are chosen by TG_OP and the shared body runs as dynamic SQL (transition tables are visible
-- to EXECUTE). Groups are upserted in key order so concurrent bulk writers do not deadlock.
CREATE FUNCTION promptstack_rollup_runs() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
  changed text;
  touched text[];
BEGIN
  changed := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_runs'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_runs'
    ELSE 'SELECT -1 AS sign, * FROM old_runs UNION ALL SELECT 1 AS sign, * FROM new_runs'
  END;

  EXECUTE format($q$
    WITH changed AS (%s),
    grouped AS (
      SELECT "workspaceId", ("createdAt")::date AS day, "projectId", "promptId", "versionId", model,
             sum(sign)::int AS runs,
             sum(CASE WHEN status = 'SUCCESS' THEN sign ELSE 0 END)::int AS successes,
             sum(CASE WHEN status = 'ERROR' THEN sign ELSE 0 END)::int AS errors,
             COALESCE(sum(sign * "costUsd"), 0) AS "costUsd",
             sum(CASE WHEN "costUsd" IS NOT NULL THEN sign ELSE 0 END)::int AS "costRuns",
             COALESCE(sum(sign * "inputTokens"::bigint), 0)::bigint AS "inputTokens",
             COALESCE(sum(sign * "outputTokens"::bigint), 0)::bigint AS "outputTokens",
             sum(CASE WHEN "outputTokens" IS NOT NULL THEN sign ELSE 0 END)::int AS "outputTokenRuns",
             COALESCE(sum(sign * "latencyMs"::bigint), 0)::bigint AS "latencyMsSum",
             sum(CASE WHEN "latencyMs" IS NOT NULL THEN sign ELSE 0 END)::int AS "latencyRuns"
        FROM changed
    GROUP BY 1, 2, 3, 4, 5, 6
    ),
    up AS (
      INSERT INTO "RunDailyRollup" AS ro
             (id, "workspaceId", day, "projectId", "promptId", "versionId", model, runs, successes, errors,
              "costUsd", "costRuns", "inputTokens", "outputTokens", "outputTokenRuns", "latencyMsSum", "latencyRuns")
      SELECT gen_random_uuid()::text, "workspaceId", day, "projectId", "promptId", "versionId", model, runs, successes, errors,
             "costUsd", "costRuns", "inputTokens", "outputTokens", "outputTokenRuns", "latencyMsSum", "latencyRuns"
        FROM grouped
       WHERE runs <> 0 OR successes <> 0 OR errors <> 0 OR "costUsd" <> 0 OR "costRuns" <> 0 OR "inputTokens" <> 0
          OR "outputTokens" <> 0 OR "outputTokenRuns" <> 0 OR "latencyMsSum" <> 0 OR "latencyRuns" <> 0
    ORDER BY "workspaceId", day, "projectId", "promptId", "versionId", model
      ON CONFLICT ("workspaceId", day, "projectId", "promptId", "versionId", model) DO UPDATE SET
             runs = ro.runs + EXCLUDED.runs,
             successes = ro.successes + EXCLUDED.successes,
             errors = ro.errors + EXCLUDED.errors,
             "costUsd" = ro."costUsd" + EXCLUDED."costUsd",
             "costRuns" = ro."costRuns" + EXCLUDED."costRuns",
             "inputTokens" = ro."inputTokens" + EXCLUDED."inputTokens",
             "outputTokens" = ro."outputTokens" + EXCLUDED."outputTokens",
             "outputTokenRuns" = ro."outputTokenRuns" + EXCLUDED."outputTokenRuns",
             "latencyMsSum" = ro."latencyMsSum" + EXCLUDED."latencyMsSum",
             "latencyRuns" = ro."latencyRuns" + EXCLUDED."latencyRuns"
      RETURNING ro.id
    )
    SELECT array_agg(id) FROM up
  $q$, changed) INTO touched;

  IF touched IS NULL THEN
    RETURN NULL;
  END IF;

  -- A latency moving between buckets also moves latencyMsSum, so its rollup row is in `touched`.
  EXECUTE format($q$
    WITH changed AS (%s)
    INSERT INTO "RunLatencyHistogram" AS h ("rollupId", bucket, runs)
    SELECT ro.id, d.bucket, d.runs
      FROM (SELECT "workspaceId", ("createdAt")::date AS day, "projectId", "promptId", "versionId", model,
                   promptstack_latency_bucket("latencyMs") AS bucket, sum(sign)::int AS runs
              FROM changed
             WHERE "latencyMs" IS NOT NULL
          GROUP BY 1, 2, 3, 4, 5, 6, 7
            HAVING sum(sign) <> 0) d
      JOIN "RunDailyRollup" ro USING ("workspaceId", day, "projectId", "promptId", "versionId", model)
  ORDER BY ro.id, d.bucket
        ON CONFLICT ("rollupId", bucket) DO UPDATE SET runs = h.runs + EXCLUDED.runs
  $q$, changed);

  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "RunLatencyHistogram" WHERE "rollupId" = ANY (touched) AND runs <= 0;
    DELETE FROM "RunDailyRollup" WHERE id = ANY (touched) AND runs <= 0;
  END IF;
  RETURN NULL;
END
$fn$;

-- Backfill from the runs already recorded.
INSERT INTO "RunDailyRollup"
       (id, "workspaceId", day, "projectId", "promptId", "versionId", model, runs, successes, errors,
        "costUsd", "costRuns", "inputTokens", "outputTokens", "outputTokenRuns", "latencyMsSum", "latencyRuns")
SELECT gen_random_uuid()::text, "workspaceId", ("createdAt")::date, "projectId", "promptId", "versionId", model,
       count(*)::int,
       (count(*) FILTER (WHERE status = 'SUCCESS'))::int,
       (count(*) FILTER (WHERE status = 'ERROR'))::int,
       COALESCE(sum("costUsd"), 0), count("costUsd")::int,
       COALESCE(sum("inputTokens"), 0)::bigint, COALESCE(sum("outputTokens"), 0)::bigint, count("outputTokens")::int,
       COALESCE(sum("latencyMs"), 0)::bigint, count("latencyMs")::int
  FROM "TestRun"
GROUP BY "workspaceId", ("createdAt")::date, "projectId", "promptId", "versionId", model;

INSERT INTO "RunLatencyHistogram" ("rollupId", bucket, runs)
SELECT ro.id, d.bucket, d.runs
  FROM (SELECT "workspaceId", ("createdAt")::date AS day, "projectId", "promptId", "versionId", model,
               promptstack_latency_bucket("latencyMs") AS bucket, count(*)::int AS runs
          FROM "TestRun"
         WHERE "latencyMs" IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5, 6, 7) d
  JOIN "RunDailyRollup" ro USING ("workspaceId", day, "projectId", "promptId", "versionId", model);

CREATE TRIGGER "TestRun_rollup_insert" AFTER INSERT ON "TestRun"
  REFERENCING NEW TABLE AS new_runs FOR EACH STATEMENT EXECUTE FUNCTION promptstack_rollup_runs();
CREATE TRIGGER "TestRun_rollup_update" AFTER UPDATE ON "TestRun"
  REFERENCING OLD TABLE AS old_runs NEW TABLE AS new_runs FOR EACH STATEMENT EXECUTE FUNCTION promptstack_rollup_runs();
CREATE TRIGGER "TestRun_rollup_delete" AFTER DELETE ON "TestRun"
  REFERENCING OLD TABLE AS old_runs FOR EACH STATEMENT EXECUTE FUNCTION promptstack_rollup_runs();
