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
/** One hour in milliseconds: the grain of the hourly generation rollup. */
export const HOUR_MS = 3_600_000;

/** A period cut into whole units (a rollup's days or hours) and the partial stretches around them. */
export interface SplitPeriod {
  /** Whole units `[from, to)`, both on a unit boundary; null when the period holds no whole unit. */
  whole: Period | null;
  /** Stretches before the first whole unit and after the last (or the whole period); each lies within one unit. */
  edges: Period[];
}

/** UTC midnight at or before `d`. */
export const floorDay = (d: Date) => new Date(Math.floor(d.getTime() / DAY_MS) * DAY_MS);
/** `2026-11-25` */
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** Cuts `period` into whole units of `unitMs` (UTC days by default) and edges; every edge lies within one unit. */
export function splitPeriod(period: Period, unitMs: number = DAY_MS): SplitPeriod {
  const first = new Date(Math.ceil(period.from.getTime() / unitMs) * unitMs);
  const end = new Date(Math.floor(period.to.getTime() / unitMs) * unitMs);
  const edges: Period[] = [];
  if (!(first < end)) {
    // No whole unit: the period lies within one, or straddles one boundary.
    if (first > period.from && first < period.to)
      return {
        whole: null,
        edges: [
          { from: period.from, to: first },
          { from: first, to: period.to },
        ],
      };
    return { whole: null, edges: [period] };
  }
  if (period.from < first) edges.push({ from: period.from, to: first });
  if (end < period.to) edges.push({ from: end, to: period.to });
  return { whole: { from: first, to: end }, edges };
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

/** Conditions on TestRun (aliased `r`) for the filters and one edge stretch. */
function edgeConditions(input: AnalyticsFilterInput, edge: Period): Prisma.Sql {
  return Prisma.sql`${runConditions(input, null)} AND r."createdAt" >= ${edge.from.toISOString()}::timestamp AND r."createdAt" < ${edge.to.toISOString()}::timestamp`;
}

/**
 * The UNION ALL branches of run figures for the filters and period, aggregated by the caller with SUM:
 * one row per rollup row and one per (edge, key[, bucket]) group of edge runs. Columns: day (timestamp), "projectId", "promptId", "versionId", model, runs, successes,
 * errors, "costUsd" (numeric), "costRuns", "inputTokens", "outputTokens", "outputTokenRuns",
 * "latencyMsSum", "latencyRuns", bucket, "bucketRuns", "judgeCostUsd" (numeric), label (null for runs). With `latencyBuckets`, the rollup's
 * histogram rows join in (figures zero; bucket and its run count set) and edge runs are grouped
 * by bucket too, so one GROUP BY over the relation yields both the figures and the histograms
 * from a single read of the edge runs. Sums are exact.
 */
export function runFactParts(input: AnalyticsFilterInput, period: Period, options: { latencyBuckets?: boolean } = {}): Prisma.Sql[] {
  const { whole: days, edges } = splitPeriod(period);
  const parts: Prisma.Sql[] = [];
  if (days) {
    parts.push(Prisma.sql`
      SELECT ro.day::timestamp AS day, ro."projectId", ro."promptId", ro."versionId", ro.model,
             ro.runs, ro.successes, ro.errors, ro."costUsd", ro."costRuns", ro."inputTokens", ro."outputTokens",
             ro."outputTokenRuns", ro."latencyMsSum", ro."latencyRuns", NULL::int AS bucket, 0 AS "bucketRuns",
             ro."judgeCostUsd", NULL::text AS label
        FROM "RunDailyRollup" ro
       WHERE ${rollupConditions(input, days)}`);
    if (options.latencyBuckets) {
      parts.push(Prisma.sql`
      SELECT ro.day::timestamp, ro."projectId", ro."promptId", ro."versionId", ro.model,
             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, h.bucket, h.runs, 0, NULL::text
        FROM "RunDailyRollup" ro
        JOIN "RunLatencyHistogram" h ON h."rollupId" = ro.id
       WHERE ${rollupConditions(input, days)}`);
    }
  }
  // One branch per edge: an edge lies within one day, so the day is a constant and the runs
  // group by hash on the key (and bucket) alone, a few hundred groups at most.
  const bucket = options.latencyBuckets ? Prisma.sql`promptstack_latency_bucket(r."latencyMs")` : Prisma.sql`NULL::int`;
  for (const edge of edges) {
    parts.push(Prisma.sql`
      SELECT ${floorDay(edge.from).toISOString()}::timestamp AS day, r."projectId", r."promptId", r."versionId", r.model,
             count(*)::int AS runs, (count(*) FILTER (WHERE r.status = 'SUCCESS'))::int AS successes,
             (count(*) FILTER (WHERE r.status = 'ERROR'))::int AS errors,
             COALESCE(sum(r."costUsd"), 0) AS "costUsd", count(r."costUsd")::int AS "costRuns",
             COALESCE(sum(r."inputTokens"), 0)::bigint AS "inputTokens", COALESCE(sum(r."outputTokens"), 0)::bigint AS "outputTokens",
             count(r."outputTokens")::int AS "outputTokenRuns",
             COALESCE(sum(r."latencyMs"), 0)::bigint AS "latencyMsSum", count(r."latencyMs")::int AS "latencyRuns",
             ${bucket} AS bucket, count(r."latencyMs")::int AS "bucketRuns",
             COALESCE(sum(r."judgeCostUsd"), 0) AS "judgeCostUsd", NULL::text AS label
        FROM "TestRun" r
       WHERE ${edgeConditions(input, edge)}
    GROUP BY 2, 3, 4, 5, 16`);
  }
  return parts;
}
