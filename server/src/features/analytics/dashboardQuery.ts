/** `GET /api/analytics`: the dashboard figures, in two SQL aggregates (runs, prompts). */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, rate, runConditions } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, DashboardOutput } from './analyticsSchemas.ts';

interface RunTotals {
  runs: number;
  successes: number;
  errors: number;
  activePrompts: number;
  spend: number;
  inputTokens: number;
  outputTokens: number;
  avg: number | null;
  p50: number | null;
  p95: number | null;
}

/** The SELECT list of the run totals; shared with the benchmark's bare-SQL baseline. */
export const RUN_TOTALS_SELECT = Prisma.sql`
  count(*)::int AS runs,
  (count(*) FILTER (WHERE r.status = 'SUCCESS'))::int AS successes,
  (count(*) FILTER (WHERE r.status = 'ERROR'))::int AS errors,
  count(DISTINCT r."promptId")::int AS "activePrompts",
  COALESCE(sum(r."costUsd"), 0)::float8 AS spend,
  COALESCE(sum(r."inputTokens"), 0)::float8 AS "inputTokens",
  COALESCE(sum(r."outputTokens"), 0)::float8 AS "outputTokens",
  avg(r."latencyMs")::float8 AS avg,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p95`;

/** Dashboard figures for the filters and period. */
export async function dashboard(prisma: PrismaClient, input: AnalyticsFilterInput): Promise<DashboardOutput> {
  const period = periodOf(input);
  const promptConditions: Prisma.Sql[] = [Prisma.sql`p."workspaceId" = ${input.workspaceId}`, Prisma.sql`p."deletedAt" IS NULL`];
  if (input.projectId) promptConditions.push(Prisma.sql`p."projectId" = ${input.projectId}`);
  if (input.promptId) promptConditions.push(Prisma.sql`p.id = ${input.promptId}`);
  const [totals, prompts] = await Promise.all([
    prisma.$queryRaw<RunTotals[]>`SELECT ${RUN_TOTALS_SELECT} FROM "TestRun" r WHERE ${runConditions(input, period)}`,
    prisma.$queryRaw<Array<{ prompts: number }>>`SELECT count(*)::int AS prompts FROM "Prompt" p WHERE ${Prisma.join(promptConditions, ' AND ')}`,
  ]);
  const t = totals[0]!;
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
    latency: { avgMs: t.avg, p50Ms: t.p50, p95Ms: t.p95 },
  };
}
