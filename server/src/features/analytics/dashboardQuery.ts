/**
 * `GET /api/analytics`: the dashboard figures in ONE statement over the facts of the source
 * (test runs, production generations or both; rollup days plus raw edges): totals, runs per
 * prompt (for the active count), the latency histogram, and the live prompt count. Latency
 * p50/p95 are exact over the runs and generations for small scopes, else read from the histogram
 * (within LATENCY_RELATIVE_ERROR).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, rate, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, DashboardOutput } from './analyticsSchemas.ts';
import { EXACT_PERCENTILE_MAX_RUNS, histogramPercentile, type LatencyHistogram } from './latencyHistogram.ts';
import { factsSql, latenciesSql } from './facts.ts';

interface DashboardRow {
  /** 'total' (the scope), 'prompt' (one per prompt with facts) or 'bucket' (one per latency bucket). */
  grouping: 'total' | 'prompt' | 'bucket';
  bucket: number | null;
  runs: number;
  successes: number;
  errors: number;
  spend: number;
  judgeSpend: number;
  inputTokens: number;
  outputTokens: number;
  avg: number | null;
  bucketRuns: number;
  prompts: number;
}

/** Options for tests: the run count up to which percentiles are exact. */
export interface PercentileOptions {
  exactPercentileMaxRuns?: number;
}

/** The dashboard's statement (also sent bare by the benchmark). */
export function dashboardSql(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  const promptConditions: Prisma.Sql[] = [Prisma.sql`p."workspaceId" = ${input.workspaceId}`, Prisma.sql`p."deletedAt" IS NULL`];
  if (input.projectId) promptConditions.push(Prisma.sql`p."projectId" = ${input.projectId}`);
  if (input.promptId) promptConditions.push(Prisma.sql`p.id = ${input.promptId}`);
  return Prisma.sql`
    SELECT CASE WHEN GROUPING(f.bucket) = 0 THEN 'bucket' WHEN GROUPING(f."promptId") = 0 THEN 'prompt' ELSE 'total' END AS grouping,
           f.bucket,
           COALESCE(sum(f.runs), 0)::int AS runs,
           COALESCE(sum(f.successes), 0)::int AS successes,
           COALESCE(sum(f.errors), 0)::int AS errors,
           COALESCE(sum(f."costUsd"), 0)::float8 AS spend,
           COALESCE(sum(f."judgeCostUsd"), 0)::float8 AS "judgeSpend",
           COALESCE(sum(f."inputTokens"), 0)::float8 AS "inputTokens",
           COALESCE(sum(f."outputTokens"), 0)::float8 AS "outputTokens",
           (sum(f."latencyMsSum")::numeric / NULLIF(sum(f."latencyRuns"), 0))::float8 AS avg,
           COALESCE(sum(f."bucketRuns"), 0)::int AS "bucketRuns",
           (SELECT count(*) FROM "Prompt" p WHERE ${Prisma.join(promptConditions, ' AND ')})::int AS prompts
      FROM ${factsSql(input, period, { latencyBuckets: true })} f
  GROUP BY GROUPING SETS ((), (f."promptId"), (f.bucket))`;
}

/** Exact p50/p95 over the runs and generations themselves (small scopes only). */
async function exactLatency(prisma: PrismaClient, input: AnalyticsFilterInput, period: Period): Promise<{ p50: number | null; p95: number | null }> {
  const rows = await prisma.$queryRaw<Array<{ p50: number | null; p95: number | null }>>`
    SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l."latencyMs")::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY l."latencyMs")::float8 AS p95
      FROM ${latenciesSql(input, period)} l`;
  return rows[0] ?? { p50: null, p95: null };
}

/** Dashboard figures for the filters and period. */
export async function dashboard(prisma: PrismaClient, input: AnalyticsFilterInput, options: PercentileOptions = {}): Promise<DashboardOutput> {
  const period = periodOf(input);
  const rows = await prisma.$queryRaw<DashboardRow[]>(dashboardSql(input, period));
  const t = rows.find((r) => r.grouping === 'total')!;
  const exact = t.runs <= (options.exactPercentileMaxRuns ?? EXACT_PERCENTILE_MAX_RUNS);
  let p50: number | null;
  let p95: number | null;
  if (exact) {
    ({ p50, p95 } = await exactLatency(prisma, input, period));
  } else {
    const buckets = rows.filter((r) => r.grouping === 'bucket' && r.bucket !== null && r.bucketRuns > 0).sort((a, b) => a.bucket! - b.bucket!);
    const histogram: LatencyHistogram = { buckets: buckets.map((r) => r.bucket!), counts: buckets.map((r) => r.bucketRuns) };
    p50 = histogramPercentile(histogram, 0.5);
    p95 = histogramPercentile(histogram, 0.95);
  }
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    prompts: t.prompts,
    activePrompts: rows.filter((r) => r.grouping === 'prompt' && r.runs > 0).length,
    runs: t.runs,
    successes: t.successes,
    errors: t.errors,
    successRate: rate(t.successes, t.runs),
    errorRate: rate(t.errors, t.runs),
    spendUsd: t.spend,
    judgeSpendUsd: t.judgeSpend,
    inputTokens: t.inputTokens,
    outputTokens: t.outputTokens,
    latency: { avgMs: t.avg, p50Ms: p50, p95Ms: p95, percentileMethod: exact ? 'exact' : 'histogram' },
  };
}
