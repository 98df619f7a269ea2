/**
 * `GET /api/analytics`: the dashboard figures from the run facts (rollup days plus raw edges),
 * the live prompt count, and latency p50/p95: exact over TestRun for small scopes, else from the
 * latency histogram (within LATENCY_RELATIVE_ERROR).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, rate, runConditions, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, DashboardOutput } from './analyticsSchemas.ts';
import { EXACT_PERCENTILE_MAX_RUNS, histogramPercentile, type LatencyHistogram } from './latencyHistogram.ts';
import { latencyHistogramSql, runFactsSql } from './runFacts.ts';

interface RunTotals {
  runs: number;
  successes: number;
  errors: number;
  activePrompts: number;
  spend: number;
  inputTokens: number;
  outputTokens: number;
  avg: number | null;
}

/** Options for tests: the run count up to which percentiles are exact. */
export interface PercentileOptions {
  exactPercentileMaxRuns?: number;
}

/** The dashboard's SQL (also sent bare by the benchmark): run totals, latency histogram, prompt count. */
export function dashboardSql(input: AnalyticsFilterInput, period: Period): { totals: Prisma.Sql; histogram: Prisma.Sql; prompts: Prisma.Sql } {
  const promptConditions: Prisma.Sql[] = [Prisma.sql`p."workspaceId" = ${input.workspaceId}`, Prisma.sql`p."deletedAt" IS NULL`];
  if (input.projectId) promptConditions.push(Prisma.sql`p."projectId" = ${input.projectId}`);
  if (input.promptId) promptConditions.push(Prisma.sql`p.id = ${input.promptId}`);
  return {
    totals: Prisma.sql`
      SELECT COALESCE(sum(f.runs), 0)::int AS runs,
             COALESCE(sum(f.successes), 0)::int AS successes,
             COALESCE(sum(f.errors), 0)::int AS errors,
             (count(DISTINCT f."promptId") FILTER (WHERE f.runs > 0))::int AS "activePrompts",
             COALESCE(sum(f."costUsd"), 0)::float8 AS spend,
             COALESCE(sum(f."inputTokens"), 0)::float8 AS "inputTokens",
             COALESCE(sum(f."outputTokens"), 0)::float8 AS "outputTokens",
             (sum(f."latencyMsSum")::numeric / NULLIF(sum(f."latencyRuns"), 0))::float8 AS avg
        FROM ${runFactsSql(input, period)} f`,
    histogram: Prisma.sql`
      SELECT h.bucket, sum(h.runs)::int AS runs
        FROM ${latencyHistogramSql(input, period)} h
    GROUP BY h.bucket HAVING sum(h.runs) > 0
    ORDER BY h.bucket`,
    prompts: Prisma.sql`SELECT count(*)::int AS prompts FROM "Prompt" p WHERE ${Prisma.join(promptConditions, ' AND ')}`,
  };
}

/** Exact p50/p95 over the runs themselves (small scopes only). */
async function exactLatency(prisma: PrismaClient, input: AnalyticsFilterInput, period: Period): Promise<{ p50: number | null; p95: number | null }> {
  const rows = await prisma.$queryRaw<Array<{ p50: number | null; p95: number | null }>>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p95
      FROM "TestRun" r WHERE ${runConditions(input, period)}`;
  return rows[0] ?? { p50: null, p95: null };
}

/** Dashboard figures for the filters and period. */
export async function dashboard(prisma: PrismaClient, input: AnalyticsFilterInput, options: PercentileOptions = {}): Promise<DashboardOutput> {
  const period = periodOf(input);
  const sql = dashboardSql(input, period);
  const [totals, histogramRows, prompts] = await Promise.all([
    prisma.$queryRaw<RunTotals[]>(sql.totals),
    prisma.$queryRaw<Array<{ bucket: number; runs: number }>>(sql.histogram),
    prisma.$queryRaw<Array<{ prompts: number }>>(sql.prompts),
  ]);
  const t = totals[0]!;
  const exact = t.runs <= (options.exactPercentileMaxRuns ?? EXACT_PERCENTILE_MAX_RUNS);
  let p50: number | null;
  let p95: number | null;
  if (exact) {
    ({ p50, p95 } = await exactLatency(prisma, input, period));
  } else {
    const histogram: LatencyHistogram = { buckets: histogramRows.map((r) => r.bucket), counts: histogramRows.map((r) => r.runs) };
    p50 = histogramPercentile(histogram, 0.5);
    p95 = histogramPercentile(histogram, 0.95);
  }
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    prompts: prompts[0]?.prompts ?? 0,
    activePrompts: t.activePrompts,
    runs: t.runs,
    successes: t.successes,
    errors: t.errors,
    successRate: rate(t.successes, t.runs),
    errorRate: rate(t.errors, t.runs),
    spendUsd: t.spend,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    latency: { avgMs: t.avg, p50Ms: p50, p95Ms: p95, percentileMethod: exact ? 'exact' : 'histogram' },
  };
}
