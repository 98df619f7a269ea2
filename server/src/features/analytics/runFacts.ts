/**
 * Where analytics read runs from: whole UTC days come from the rollup (RunDailyRollup and its
 * RunLatencyHistogram, kept exact by triggers on TestRun), and the partial days at either end of
 * the period (at most two, e.g. today so far) from TestRun itself through its
 * (workspaceId, createdAt) index. Both sources are shaped alike and combined with UNION ALL, so
 * each endpoint aggregates one relation and never scans more than two days of runs.
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
 * A relation of run figures for the filters and period, aggregated by the caller with SUM:
 * one row per rollup row and one per edge run (not grouped here, so the caller groups once, by
 * hash). Columns: day (timestamp), "projectId", "promptId", "versionId", model, runs, successes,
 * errors, "costUsd" (numeric), "costRuns", "inputTokens", "outputTokens", "outputTokenRuns",
 * "latencyMsSum", "latencyRuns", bucket, "bucketRuns". With `latencyBuckets`, the rollup's
 * histogram rows join in (figures zero; bucket and its run count set) and each edge run carries
 * its own bucket, so one GROUP BY over the relation yields both the figures and the histograms
 * from a single read of the edge runs. Sums are exact.
 */
export function runFactsSql(input: AnalyticsFilterInput, period: Period, options: { latencyBuckets?: boolean } = {}): Prisma.Sql {
  const { days, edges } = splitPeriod(period);
  const parts: Prisma.Sql[] = [];
  if (days) {
    parts.push(Prisma.sql`
      SELECT ro.day::timestamp AS day, ro."projectId", ro."promptId", ro."versionId", ro.model,
             ro.runs, ro.successes, ro.errors, ro."costUsd", ro."costRuns", ro."inputTokens", ro."outputTokens",
             ro."outputTokenRuns", ro."latencyMsSum", ro."latencyRuns", NULL::int AS bucket, 0 AS "bucketRuns"
        FROM "RunDailyRollup" ro
       WHERE ${rollupConditions(input, days)}`);
    if (options.latencyBuckets) {
      parts.push(Prisma.sql`
      SELECT ro.day::timestamp, ro."projectId", ro."promptId", ro."versionId", ro.model,
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, h.bucket, h.runs
        FROM "RunDailyRollup" ro
        JOIN "RunLatencyHistogram" h ON h."rollupId" = ro.id
       WHERE ${rollupConditions(input, days)}`);
    }
  }
  if (edges.length) {
    parts.push(Prisma.sql`
      SELECT date_trunc('day', r."createdAt"), r."projectId", r."promptId", r."versionId", r.model,
             1, (r.status = 'SUCCESS')::int, (r.status = 'ERROR')::int,
             COALESCE(r."costUsd", 0), (r."costUsd" IS NOT NULL)::int,
             COALESCE(r."inputTokens", 0)::bigint, COALESCE(r."outputTokens", 0)::bigint, (r."outputTokens" IS NOT NULL)::int,
             COALESCE(r."latencyMs", 0)::bigint, (r."latencyMs" IS NOT NULL)::int,
             ${options.latencyBuckets ? Prisma.sql`promptstack_latency_bucket(r."latencyMs")` : Prisma.sql`NULL::int`}, (r."latencyMs" IS NOT NULL)::int
        FROM "TestRun" r
       WHERE ${edgeConditions(input, edges)}`);
  }
  return Prisma.sql`(${Prisma.join(parts, ' UNION ALL ')})`;
}
