/**
 * `GET /api/analytics/costs`: spend by day, model, project and prompt in ONE scan (GROUPING SETS),
 * the previous equal-length period for the trend, and the month-end projection.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, runConditions, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, CostsOutput } from './analyticsSchemas.ts';

const DAY_MS = 86_400_000;

interface GroupedCost {
  /** Which grouping set the row belongs to: 'day', 'model', 'project', 'prompt' or 'total'. */
  grouping: string;
  day: Date | null;
  model: string | null;
  projectId: string | null;
  promptId: string | null;
  projectName: string | null;
  promptName: string | null;
  runs: number;
  costUsd: number;
}

/** Spend and run count over `conditions`, one row per day/model/project/prompt plus the total. */
async function groupedCosts(prisma: PrismaClient, conditions: Prisma.Sql): Promise<GroupedCost[]> {
  return prisma.$queryRaw<GroupedCost[]>`
    WITH g AS (
      SELECT CASE
               WHEN GROUPING(date_trunc('day', r."createdAt")) = 0 THEN 'day'
               WHEN GROUPING(r.model) = 0 THEN 'model'
               WHEN GROUPING(r."projectId") = 0 THEN 'project'
               WHEN GROUPING(r."promptId") = 0 THEN 'prompt'
               ELSE 'total'
             END AS grouping,
             date_trunc('day', r."createdAt") AS day, r.model, r."projectId", r."promptId",
             count(*)::int AS runs, COALESCE(sum(r."costUsd"), 0)::float8 AS "costUsd"
        FROM "TestRun" r
       WHERE ${conditions}
    GROUP BY GROUPING SETS ((date_trunc('day', r."createdAt")), (r.model), (r."projectId"), (r."promptId"), ())
    )
    SELECT g.*, pj.name AS "projectName", pr.name AS "promptName"
      FROM g
 LEFT JOIN "Project" pj ON g.grouping = 'project' AND pj.id = g."projectId"
 LEFT JOIN "Prompt" pr ON g.grouping = 'prompt' AND pr.id = g."promptId"`;
}

async function totalCost(prisma: PrismaClient, conditions: Prisma.Sql): Promise<number> {
  const rows = await prisma.$queryRaw<Array<{ cost: number }>>`SELECT COALESCE(sum(r."costUsd"), 0)::float8 AS cost FROM "TestRun" r WHERE ${conditions}`;
  return rows[0]?.cost ?? 0;
}

const byCostDesc = (a: { costUsd: number }, b: { costUsd: number }) => b.costUsd - a.costUsd;

/** Cost figures for the filters and period. */
export async function costs(prisma: PrismaClient, input: AnalyticsFilterInput, now = new Date()): Promise<CostsOutput> {
  const period = periodOf(input, now);
  const length = period.to.getTime() - period.from.getTime();
  const previous: Period = { from: new Date(period.from.getTime() - length), to: period.from };
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const [rows, previousUsd, monthToDateUsd] = await Promise.all([
    groupedCosts(prisma, runConditions(input, period)),
    totalCost(prisma, runConditions(input, previous)),
    totalCost(prisma, runConditions(input, { from: monthStart, to: nextMonth })),
  ]);
  const of = (grouping: string) => rows.filter((r) => r.grouping === grouping);
  const currentUsd = of('total')[0]?.costUsd ?? 0;
  const daysInMonth = Math.round((nextMonth.getTime() - monthStart.getTime()) / DAY_MS);
  // At least an hour elapsed, so a projection made just after midnight on the 1st is not absurd.
  const daysElapsed = Math.max((now.getTime() - monthStart.getTime()) / DAY_MS, 1 / 24);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    totalUsd: currentUsd,
    byDay: of('day').map((r) => ({ day: r.day!.toISOString().slice(0, 10), runs: r.runs, costUsd: r.costUsd })).sort((a, b) => a.day.localeCompare(b.day)),
    byModel: of('model').map((r) => ({ model: r.model!, runs: r.runs, costUsd: r.costUsd })).sort(byCostDesc),
    byProject: of('project').map((r) => ({ projectId: r.projectId!, name: r.projectName, runs: r.runs, costUsd: r.costUsd })).sort(byCostDesc),
    byPrompt: of('prompt').map((r) => ({ promptId: r.promptId!, name: r.promptName, runs: r.runs, costUsd: r.costUsd })).sort(byCostDesc),
    trend: {
      previousFrom: previous.from.toISOString(),
      previousUsd,
      currentUsd,
      changePct: previousUsd > 0 ? ((currentUsd - previousUsd) / previousUsd) * 100 : null,
    },
    projection: {
      month: monthStart.toISOString().slice(0, 7),
      monthToDateUsd,
      daysElapsed,
      daysInMonth,
      projectedUsd: (monthToDateUsd / Math.min(daysElapsed, daysInMonth)) * daysInMonth,
    },
  };
}
