/**
 * Where analytics read production generations from, in the same shape as the run facts
 * (runFacts.ts) so both sources combine with UNION ALL: whole UTC days of `startedAt` from
 * GenerationDailyRollup, the whole hours of the partial days at either end from
 * GenerationHourlyRollup (each with its latency histogram, all kept exact by triggers on
 * Generation), and only the partial hours left at the very ends from Generation itself through its
 * (workspaceId, startedAt) index, so a period never reads more than two hours of raw generations.
 * A generation counts as a run that succeeded (`success`) or failed (`error`); it always has
 * tokens and a latency, and never a judge cost.
 */
import { Prisma } from '../../generated/prisma/client.ts';
import type { Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput } from './analyticsSchemas.ts';
import { floorDay, HOUR_MS, isoDay, splitPeriod } from './runFacts.ts';

/** A rollup grain: its table, histogram table, period column and how a bound is written. */
interface Grain {
  rollup: Prisma.Sql;
  histogram: Prisma.Sql;
  column: Prisma.Sql;
  bound: (d: Date) => Prisma.Sql;
}

const DAILY: Grain = {
  rollup: Prisma.raw('"GenerationDailyRollup"'),
  histogram: Prisma.raw('"GenerationLatencyHistogram"'),
  column: Prisma.raw('gr.day'),
  bound: (d) => Prisma.sql`${isoDay(d)}::date`,
};

const HOURLY: Grain = {
  rollup: Prisma.raw('"GenerationHourlyRollup"'),
  histogram: Prisma.raw('"GenerationHourlyLatencyHistogram"'),
  column: Prisma.raw('gr.hour'),
  bound: (d) => Prisma.sql`${d.toISOString()}::timestamp`,
};

/** Conditions on a rollup (aliased `gr`) for the filters and the whole units of `period`. */
function rollupConditions(input: AnalyticsFilterInput, grain: Grain, period: Period): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`gr."workspaceId" = ${input.workspaceId}`,
    Prisma.sql`${grain.column} >= ${grain.bound(period.from)}`,
    Prisma.sql`${grain.column} < ${grain.bound(period.to)}`,
  ];
  if (input.projectId) parts.push(Prisma.sql`gr."projectId" = ${input.projectId}`);
  if (input.promptId) parts.push(Prisma.sql`gr."promptId" = ${input.promptId}`);
  if (input.model) parts.push(Prisma.sql`gr."model" = ${input.model}`);
  return Prisma.join(parts, ' AND ');
}

/**
 * The branches reading `grain`'s rollup over `period` (whole units), dated `day` (the day column
 * itself, or the one UTC day an hourly stretch lies in), with the histogram branch when asked.
 */
function rollupParts(input: AnalyticsFilterInput, grain: Grain, period: Period, day: Prisma.Sql, latencyBuckets: boolean): Prisma.Sql[] {
  const where = rollupConditions(input, grain, period);
  const parts = [
    Prisma.sql`
      SELECT ${day} AS day, gr."projectId", gr."promptId", gr."versionId", gr.model,
             gr.calls AS runs, gr.successes, gr.errors, gr."costUsd", gr."costCalls" AS "costRuns",
             gr."inputTokens", gr."outputTokens", gr.calls AS "outputTokenRuns", gr."latencyMsSum", gr.calls AS "latencyRuns",
             NULL::int AS bucket, 0 AS "bucketRuns", 0::numeric AS "judgeCostUsd", NULLIF(gr.label, '') AS label
        FROM ${grain.rollup} gr
       WHERE ${where}`,
  ];
  if (latencyBuckets) {
    parts.push(Prisma.sql`
      SELECT ${day} AS day, gr."projectId", gr."promptId", gr."versionId", gr.model,
             0 AS runs, 0 AS successes, 0 AS errors, 0::numeric AS "costUsd", 0 AS "costRuns", 0::bigint AS "inputTokens",
             0::bigint AS "outputTokens", 0 AS "outputTokenRuns", 0::bigint AS "latencyMsSum", 0 AS "latencyRuns",
             h.bucket, h.calls AS "bucketRuns", 0::numeric AS "judgeCostUsd", NULLIF(gr.label, '') AS label
        FROM ${grain.rollup} gr
        JOIN ${grain.histogram} h ON h."rollupId" = gr.id
       WHERE ${where}`);
  }
  return parts;
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
  const latencyBuckets = options.latencyBuckets ?? false;
  const { whole: days, edges } = splitPeriod(period);
  const parts: Prisma.Sql[] = days ? rollupParts(input, DAILY, days, Prisma.sql`gr.day::timestamp`, latencyBuckets) : [];
  const bucket = latencyBuckets ? Prisma.sql`promptstack_latency_bucket(g."latencyMs")` : Prisma.sql`NULL::int`;
  for (const edge of edges) {
    const day = Prisma.sql`${floorDay(edge.from).toISOString()}::timestamp`;
    const { whole: hours, edges: rawStretches } = splitPeriod(edge, HOUR_MS);
    if (hours) parts.push(...rollupParts(input, HOURLY, hours, day, latencyBuckets));
    for (const stretch of rawStretches) {
      parts.push(Prisma.sql`
      SELECT ${day} AS day, g."projectId", g."promptId", g."versionId", g.model,
             count(*)::int AS runs, (count(*) FILTER (WHERE g.status = 'success'))::int AS successes,
             (count(*) FILTER (WHERE g.status = 'error'))::int AS errors,
             COALESCE(sum(g."costUsd"), 0) AS "costUsd", count(g."costUsd")::int AS "costRuns",
             COALESCE(sum(g."inputTokens"), 0)::bigint AS "inputTokens", COALESCE(sum(g."outputTokens"), 0)::bigint AS "outputTokens",
             count(*)::int AS "outputTokenRuns", COALESCE(sum(g."latencyMs"), 0)::bigint AS "latencyMsSum", count(*)::int AS "latencyRuns",
             ${bucket} AS bucket, count(*)::int AS "bucketRuns", 0::numeric AS "judgeCostUsd", g.label
        FROM "Generation" g
       WHERE ${generationConditions(input, stretch)}
    GROUP BY 2, 3, 4, 5, 16, 19`);
    }
  }
  return parts;
}
