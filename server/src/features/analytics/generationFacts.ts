/**
 * Where analytics read production generations from, in the same shape as the run facts
 * (runFacts.ts) so both sources combine with UNION ALL: whole UTC days of `startedAt` from
 * GenerationDailyRollup and its GenerationLatencyHistogram (kept exact by triggers on
 * Generation), and the partial days at either end from Generation itself through its
 * (workspaceId, startedAt) index. A generation counts as a run that succeeded (`success`) or
 * failed (`error`); it always has tokens and a latency, and never a judge cost.
 */
import { Prisma } from '../../generated/prisma/client.ts';
import type { Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput } from './analyticsSchemas.ts';
import { floorDay, isoDay, splitPeriod } from './runFacts.ts';

/** Conditions on GenerationDailyRollup (aliased `gr`) for the filters and whole `days`. */
function rollupConditions(input: AnalyticsFilterInput, days: Period): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`gr."workspaceId" = ${input.workspaceId}`,
    Prisma.sql`gr.day >= ${isoDay(days.from)}::date`,
    Prisma.sql`gr.day < ${isoDay(days.to)}::date`,
  ];
  if (input.projectId) parts.push(Prisma.sql`gr."projectId" = ${input.projectId}`);
  if (input.promptId) parts.push(Prisma.sql`gr."promptId" = ${input.promptId}`);
  if (input.model) parts.push(Prisma.sql`gr."model" = ${input.model}`);
  return Prisma.join(parts, ' AND ');
}

/** Conditions on Generation (aliased `g`) for the filters and `period` (the month-to-date and exact-percentile reads pass their own). */
export function generationConditions(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`g."workspaceId" = ${input.workspaceId}`,
    Prisma.sql`g."startedAt" >= ${period.from.toISOString()}::timestamp`,
    Prisma.sql`g."startedAt" < ${period.to.toISOString()}::timestamp`,
  ];
  if (input.projectId) parts.push(Prisma.sql`g."projectId" = ${input.projectId}`);
  if (input.promptId) parts.push(Prisma.sql`g."promptId" = ${input.promptId}`);
  if (input.model) parts.push(Prisma.sql`g."model" = ${input.model}`);
  return Prisma.join(parts, ' AND ');
}

/**
 * The UNION ALL branches of generation facts, columns as runFactParts' (label last, null when
 * the generations named none). Every branch names its columns, since any may come first.
 */
export function generationFactParts(input: AnalyticsFilterInput, period: Period, options: { latencyBuckets?: boolean } = {}): Prisma.Sql[] {
  const { days, edges } = splitPeriod(period);
  const parts: Prisma.Sql[] = [];
  if (days) {
    parts.push(Prisma.sql`
      SELECT gr.day::timestamp AS day, gr."projectId", gr."promptId", gr."versionId", gr.model,
             gr.calls AS runs, gr.successes, gr.errors, gr."costUsd", gr."costCalls" AS "costRuns",
             gr."inputTokens", gr."outputTokens", gr.calls AS "outputTokenRuns", gr."latencyMsSum", gr.calls AS "latencyRuns",
             NULL::int AS bucket, 0 AS "bucketRuns", 0::numeric AS "judgeCostUsd", NULLIF(gr.label, '') AS label
        FROM "GenerationDailyRollup" gr
       WHERE ${rollupConditions(input, days)}`);
    if (options.latencyBuckets) {
      parts.push(Prisma.sql`
      SELECT gr.day::timestamp AS day, gr."projectId", gr."promptId", gr."versionId", gr.model,
             0 AS runs, 0 AS successes, 0 AS errors, 0::numeric AS "costUsd", 0 AS "costRuns", 0::bigint AS "inputTokens",
             0::bigint AS "outputTokens", 0 AS "outputTokenRuns", 0::bigint AS "latencyMsSum", 0 AS "latencyRuns",
             h.bucket, h.calls AS "bucketRuns", 0::numeric AS "judgeCostUsd", NULLIF(gr.label, '') AS label
        FROM "GenerationDailyRollup" gr
        JOIN "GenerationLatencyHistogram" h ON h."rollupId" = gr.id
       WHERE ${rollupConditions(input, days)}`);
    }
  }
  const bucket = options.latencyBuckets ? Prisma.sql`promptstack_latency_bucket(g."latencyMs")` : Prisma.sql`NULL::int`;
  for (const edge of edges) {
    parts.push(Prisma.sql`
      SELECT ${floorDay(edge.from).toISOString()}::timestamp AS day, g."projectId", g."promptId", g."versionId", g.model,
             count(*)::int AS runs, (count(*) FILTER (WHERE g.status = 'success'))::int AS successes,
             (count(*) FILTER (WHERE g.status = 'error'))::int AS errors,
             COALESCE(sum(g."costUsd"), 0) AS "costUsd", count(g."costUsd")::int AS "costRuns",
             COALESCE(sum(g."inputTokens"), 0)::bigint AS "inputTokens", COALESCE(sum(g."outputTokens"), 0)::bigint AS "outputTokens",
             count(*)::int AS "outputTokenRuns", COALESCE(sum(g."latencyMs"), 0)::bigint AS "latencyMsSum", count(*)::int AS "latencyRuns",
             ${bucket} AS bucket, count(*)::int AS "bucketRuns", 0::numeric AS "judgeCostUsd", g.label
        FROM "Generation" g
       WHERE ${generationConditions(input, edge)}
    GROUP BY 2, 3, 4, 5, 16, 19`);
  }
  return parts;
}
