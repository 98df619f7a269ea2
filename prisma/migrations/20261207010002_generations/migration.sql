-- CreateTable
CREATE TABLE "Generation" (
    "workspaceId" TEXT NOT NULL,
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "label" TEXT,
    "model" TEXT NOT NULL,
    "provider" TEXT,
    "input" JSONB NOT NULL,
    "output" TEXT NOT NULL,
    "inputTokens" INTEGER NOT NULL,
    "outputTokens" INTEGER NOT NULL,
    "costUsd" DECIMAL(14,8),
    "latencyMs" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "error" TEXT,
    "userId" TEXT,
    "sessionId" TEXT,
    "metadata" JSONB,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Generation_pkey" PRIMARY KEY ("workspaceId","id")
);

-- CreateTable
CREATE TABLE "Score" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "generationId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationDailyRollup" (
    "id" TEXT NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "day" DATE NOT NULL,
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

    CONSTRAINT "GenerationDailyRollup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GenerationLatencyHistogram" (
    "rollupId" TEXT NOT NULL,
    "bucket" INTEGER NOT NULL,
    "calls" INTEGER NOT NULL,

    CONSTRAINT "GenerationLatencyHistogram_pkey" PRIMARY KEY ("rollupId","bucket")
);

-- CreateIndex
CREATE INDEX "Generation_workspaceId_startedAt_idx" ON "Generation"("workspaceId", "startedAt");

-- CreateIndex
CREATE INDEX "Score_workspaceId_generationId_idx" ON "Score"("workspaceId", "generationId");

-- CreateIndex
CREATE UNIQUE INDEX "GenerationDailyRollup_workspaceId_day_projectId_promptId_ve_key" ON "GenerationDailyRollup"("workspaceId", "day", "projectId", "promptId", "versionId", "label", "model");

-- AddForeignKey
ALTER TABLE "Generation" ADD CONSTRAINT "Generation_workspaceId_fkey" FOREIGN KEY ("workspaceId") REFERENCES "Workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_workspaceId_generationId_fkey" FOREIGN KEY ("workspaceId", "generationId") REFERENCES "Generation"("workspaceId", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GenerationLatencyHistogram" ADD CONSTRAINT "GenerationLatencyHistogram_rollupId_fkey" FOREIGN KEY ("rollupId") REFERENCES "GenerationDailyRollup"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keeps GenerationDailyRollup and GenerationLatencyHistogram equal to the aggregates of Generation,
-- as promptstack_rollup_runs does for TestRun: statement-level with transition tables, so a batch
-- of 1,000 generations costs one upsert per (day, key) group, not one per row; groups are upserted
-- in key order so concurrent batches do not deadlock. The day is the UTC day of "startedAt"; a
-- generation without a label counts under label ''.
CREATE FUNCTION promptstack_rollup_generations() RETURNS trigger
LANGUAGE plpgsql
AS $fn$
DECLARE
  changed text;
  touched text[];
BEGIN
  changed := CASE TG_OP
    WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_generations'
    WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_generations'
    ELSE 'SELECT -1 AS sign, * FROM old_generations UNION ALL SELECT 1 AS sign, * FROM new_generations'
  END;

  EXECUTE format($q$
    WITH changed AS (%s),
    grouped AS (
      SELECT "workspaceId", ("startedAt")::date AS day, "projectId", "promptId", "versionId", COALESCE(label, '') AS label, model,
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
      INSERT INTO "GenerationDailyRollup" AS ro
             (id, "workspaceId", day, "projectId", "promptId", "versionId", label, model, calls, successes, errors,
              "costUsd", "costCalls", "inputTokens", "outputTokens", "latencyMsSum")
      SELECT gen_random_uuid()::text, "workspaceId", day, "projectId", "promptId", "versionId", label, model, calls, successes, errors,
             "costUsd", "costCalls", "inputTokens", "outputTokens", "latencyMsSum"
        FROM grouped
       WHERE calls <> 0 OR successes <> 0 OR errors <> 0 OR "costUsd" <> 0 OR "costCalls" <> 0 OR "inputTokens" <> 0
          OR "outputTokens" <> 0 OR "latencyMsSum" <> 0
    ORDER BY "workspaceId", day, "projectId", "promptId", "versionId", label, model
      ON CONFLICT ("workspaceId", day, "projectId", "promptId", "versionId", label, model) DO UPDATE SET
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
  $q$, changed) INTO touched;

  IF touched IS NULL THEN
    RETURN NULL;
  END IF;

  EXECUTE format($q$
    WITH changed AS (%s)
    INSERT INTO "GenerationLatencyHistogram" AS h ("rollupId", bucket, calls)
    SELECT ro.id, d.bucket, d.calls
      FROM (SELECT "workspaceId", ("startedAt")::date AS day, "projectId", "promptId", "versionId", COALESCE(label, '') AS label, model,
                   promptstack_latency_bucket("latencyMs") AS bucket, sum(sign)::int AS calls
              FROM changed
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
            HAVING sum(sign) <> 0) d
      JOIN "GenerationDailyRollup" ro USING ("workspaceId", day, "projectId", "promptId", "versionId", label, model)
  ORDER BY ro.id, d.bucket
        ON CONFLICT ("rollupId", bucket) DO UPDATE SET calls = h.calls + EXCLUDED.calls
  $q$, changed);

  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "GenerationLatencyHistogram" WHERE "rollupId" = ANY (touched) AND calls <= 0;
    DELETE FROM "GenerationDailyRollup" WHERE id = ANY (touched) AND calls <= 0;
  END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "Generation_rollup_insert" AFTER INSERT ON "Generation"
  REFERENCING NEW TABLE AS new_generations FOR EACH STATEMENT EXECUTE FUNCTION promptstack_rollup_generations();
CREATE TRIGGER "Generation_rollup_update" AFTER UPDATE ON "Generation"
  REFERENCING OLD TABLE AS old_generations NEW TABLE AS new_generations FOR EACH STATEMENT EXECUTE FUNCTION promptstack_rollup_generations();
CREATE TRIGGER "Generation_rollup_delete" AFTER DELETE ON "Generation"
  REFERENCING OLD TABLE AS old_generations FOR EACH STATEMENT EXECUTE FUNCTION promptstack_rollup_generations();
