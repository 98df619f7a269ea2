-- AlterTable
ALTER TABLE "RunDailyRollup" ADD COLUMN     "judgeCostUsd" DECIMAL(20,8) NOT NULL DEFAULT 0;

-- The rollup keeps the runs' llm-judge costs too: the same trigger function as in
-- 20261125213621_run_rollup, with "judgeCostUsd" summed beside "costUsd".
CREATE OR REPLACE FUNCTION promptstack_rollup_runs() RETURNS trigger
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
             COALESCE(sum(sign * "judgeCostUsd"), 0) AS "judgeCostUsd",
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
              "costUsd", "costRuns", "judgeCostUsd", "inputTokens", "outputTokens", "outputTokenRuns", "latencyMsSum", "latencyRuns")
      SELECT gen_random_uuid()::text, "workspaceId", day, "projectId", "promptId", "versionId", model, runs, successes, errors,
             "costUsd", "costRuns", "judgeCostUsd", "inputTokens", "outputTokens", "outputTokenRuns", "latencyMsSum", "latencyRuns"
        FROM grouped
       WHERE runs <> 0 OR successes <> 0 OR errors <> 0 OR "costUsd" <> 0 OR "costRuns" <> 0 OR "judgeCostUsd" <> 0 OR "inputTokens" <> 0
          OR "outputTokens" <> 0 OR "outputTokenRuns" <> 0 OR "latencyMsSum" <> 0 OR "latencyRuns" <> 0
    ORDER BY "workspaceId", day, "projectId", "promptId", "versionId", model
      ON CONFLICT ("workspaceId", day, "projectId", "promptId", "versionId", model) DO UPDATE SET
             runs = ro.runs + EXCLUDED.runs,
             successes = ro.successes + EXCLUDED.successes,
             errors = ro.errors + EXCLUDED.errors,
             "costUsd" = ro."costUsd" + EXCLUDED."costUsd",
             "costRuns" = ro."costRuns" + EXCLUDED."costRuns",
             "judgeCostUsd" = ro."judgeCostUsd" + EXCLUDED."judgeCostUsd",
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

-- Backfill from the runs already recorded (rows exist for every (day, key) group with runs).
UPDATE "RunDailyRollup" ro
   SET "judgeCostUsd" = s.judge
  FROM (SELECT "workspaceId", ("createdAt")::date AS day, "projectId", "promptId", "versionId", model, sum("judgeCostUsd") AS judge
          FROM "TestRun"
         WHERE "judgeCostUsd" <> 0
      GROUP BY 1, 2, 3, 4, 5, 6) s
 WHERE ro."workspaceId" = s."workspaceId" AND ro.day = s.day AND ro."projectId" = s."projectId"
   AND ro."promptId" = s."promptId" AND ro."versionId" = s."versionId" AND ro.model = s.model;
