/**
 * Where analytics read runs from: whole UTC days come from the rollup (RunDailyRollup and its
 * RunLatencyHistogram, kept exact by triggers on TestRun), and the partial days at either end of
 * the period (at most two, e.g. today so far) from TestRun itself through its
 * (workspaceId, createdAt) index. Both sources are shaped alike and combined with UNION ALL, so
 * the queries above aggregate one relation and never scan a long period of runs.
 */
import { Prisma } from '../../generated/prisma/client.ts';
import { runConditions, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput } from './analyticsSchemas.ts';

const DAY_MS = 86_400_000;

/** A period cut into whole UTC days (rollup) and the partial-day stretches around them (raw runs). */
export interface SplitPeriod {
  /** Whole days `[from, to)`, both at UTC midnight; null when the period holds no whole day. */
  days: Period | null;
  /** Stretches read from TestRun: before the first whole day and after the last (or the whole period). */
  edges: Period[];
}

const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
const ceilDay = (d: Date) => new Date(Math.ceil(d.getTime() / DAY_MS) * DAY_MS);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Cuts `period` into whole days and edges. */
export function splitPeriod(period: Period): SplitPeriod {
  const first = ceilDay(period.from);
  const end = floorDay(period.to);
  if (!(first < end)) return { days: null, edges: [period] };
  const edges: Period[] = [];
  if (period.from < first) edges.push({ from: period.from, to: first });
  if (end < period.to) edges.push({ from: end, to: period.to });
  return { days: { from: first, to: end }, edges };
}

/** Conditions on RunDailyRollup (aliased `ro`) for the filters and whole `days`. */
function rollupConditions(input: AnalyticsFilterInput, days: Period): Prisma.Sql {
  const parts: Prisma.Sql[] = [
    Prisma.sql`ro."workspaceId" = ${input.workspaceId}`,
    Prisma.sql`ro.day >= ${isoDay(days.from)}::date`,
    Prisma.sql`ro.day < ${isoDay(days.to)}::date`,
  ];
  if (input.projectId) parts.push(Prisma.sql`ro."projectId" = ${input.projectId}`);
  if (input.promptId) parts.push(Prisma.sql`ro."promptId" = ${input.promptId}`);
  if (input.model) parts.push(Prisma.sql`ro."model" = ${input.model}`);
  return Prisma.join(parts, ' AND ');
}

/** Conditions on TestRun (aliased `r`) for the filters and the edge stretches. */
function edgeConditions(input: AnalyticsFilterInput, edges: Period[]): Prisma.Sql {
  const ranges = edges.map((e) => Prisma.sql`(r."createdAt" >= ${e.from.toISOString()}::timestamp AND r."createdAt" < ${e.to.toISOString()}::timestamp)`);
  return Prisma.sql`${runConditions(input, null)} AND (${Prisma.join(ranges, ' OR ')})`;
}

/**
 * A relation of run figures for the filters and period, one row per (day, project, prompt,
 * version, model): day (timestamp), "projectId", "promptId", "versionId", model, runs, successes,
 * errors, "costUsd" (numeric sum), "costRuns", "inputTokens", "outputTokens", "outputTokenRuns",
 * "latencyMsSum", "latencyRuns". Sums are exact; aggregate it again with SUM.
 */
export function runFactsSql(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  const { days, edges } = splitPeriod(period);
  const parts: Prisma.Sql[] = [];
  if (days) {
    parts.push(Prisma.sql`
      SELECT ro.day::timestamp AS day, ro."projectId", ro."promptId", ro."versionId", ro.model,
             ro.runs, ro.successes, ro.errors, ro."costUsd", ro."costRuns", ro."inputTokens", ro."outputTokens",
             ro."outputTokenRuns", ro."latencyMsSum", ro."latencyRuns"
        FROM "RunDailyRollup" ro
       WHERE ${rollupConditions(input, days)}`);
  }
  if (edges.length) {
    parts.push(Prisma.sql`
      SELECT date_trunc('day', r."createdAt") AS day, r."projectId", r."promptId", r."versionId", r.model,
             count(*)::int, (count(*) FILTER (WHERE r.status = 'SUCCESS'))::int, (count(*) FILTER (WHERE r.status = 'ERROR'))::int,
             COALESCE(sum(r."costUsd"), 0), count(r."costUsd")::int,
             COALESCE(sum(r."inputTokens"), 0)::bigint, COALESCE(sum(r."outputTokens"), 0)::bigint, count(r."outputTokens")::int,
             COALESCE(sum(r."latencyMs"), 0)::bigint, count(r."latencyMs")::int
        FROM "TestRun" r
       WHERE ${edgeConditions(input, edges)}
    GROUP BY 1, 2, 3, 4, 5`);
  }
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')})`;
}

/**
 * A relation of latency-histogram counts for the filters and period: model, "versionId", bucket,
 * runs (several rows may share a bucket; aggregate with SUM). Edge runs are bucketed on the fly by
 * the same SQL function the triggers use.
 */
export function latencyHistogramSql(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  const { days, edges } = splitPeriod(period);
  const parts: Prisma.Sql[] = [];
  if (days) {
    parts.push(Prisma.sql`
      SELECT ro.model, ro."versionId", h.bucket, h.runs
        FROM "RunDailyRollup" ro
        JOIN "RunLatencyHistogram" h ON h."rollupId" = ro.id
       WHERE ${rollupConditions(input, days)}`);
  }
  if (edges.length) {
    parts.push(Prisma.sql`
      SELECT r.model, r."versionId", promptstack_latency_bucket(r."latencyMs") AS bucket, count(*)::int AS runs
        FROM "TestRun" r
       WHERE ${edgeConditions(input, edges)} AND r."latencyMs" IS NOT NULL
    GROUP BY 1, 2, 3`);
  }
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')})`;
}
