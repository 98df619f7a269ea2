/**
 * `GET /api/analytics/costs`: spend by day, model, project and prompt in ONE pass over the run
 * facts (GROUPING SETS), the previous equal-length period for the trend, and the month-end
 * projection. Every figure is an exact sum (rollup days plus raw edges).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, CostsOutput } from './analyticsSchemas.ts';
import { factsSql } from './facts.ts';

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
  judgeCostUsd: number;
}

/** The periods a costs answer covers: the asked one, the one before it, and this UTC month. */
function costPeriods(input: AnalyticsFilterInput, now: Date): { period: Period; previous: Period; month: Period } {
  const period = periodOf(input, now);
  const length = period.to.getTime() - period.from.getTime();
  return {
    period,
    previous: { from: new Date(period.from.getTime() - length), to: period.from },
    month: { from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) },
  };
}

/** The costs endpoint's SQL (also sent bare by the benchmark): grouped spend, previous total, month total. */
export function costsSql(input: AnalyticsFilterInput, now = new Date()): { grouped: Prisma.Sql; previous: Prisma.Sql; month: Prisma.Sql } {
  const { period, previous, month } = costPeriods(input, now);
  const total = (p: Period) => Prisma.sql`SELECT COALESCE(sum(f."costUsd"), 0)::float8 AS cost FROM ${factsSql(input, p)} f`;
  return {
    grouped: Prisma.sql`
      WITH g AS (
        SELECT CASE
                 WHEN GROUPING(f.day) = 0 THEN 'day'
                 WHEN GROUPING(f.model) = 0 THEN 'model'
                 WHEN GROUPING(f."projectId") = 0 THEN 'project'
                 WHEN GROUPING(f."promptId") = 0 THEN 'prompt'
                 ELSE 'total'
               END AS grouping,
               f.day, f.model, f."projectId", f."promptId",
               COALESCE(sum(f.runs), 0)::int AS runs, COALESCE(sum(f."costUsd"), 0)::float8 AS "costUsd",
               COALESCE(sum(f."judgeCostUsd"), 0)::float8 AS "judgeCostUsd"
          FROM ${factsSql(input, period)} f
      GROUP BY GROUPING SETS ((f.day), (f.model), (f."projectId"), (f."promptId"), ())
      )
      SELECT g.*, pj.name AS "projectName", pr.name AS "promptName"
        FROM g
   LEFT JOIN "Project" pj ON g.grouping = 'project' AND pj.id = g."projectId"
   LEFT JOIN "Prompt" pr ON g.grouping = 'prompt' AND pr.id = g."promptId"`,
    previous: total(previous),
    month: total(month),
  };
}

const byCostDesc = (a: { costUsd: number }, b: { costUsd: number }) => b.costUsd - a.costUsd;
/** The figures every cost row has. */
const figures = (r: GroupedCost) => ({ runs: r.runs, costUsd: r.costUsd, judgeCostUsd: r.judgeCostUsd });

/** Cost figures for the filters and period. */
export async function costs(prisma: PrismaClient, input: AnalyticsFilterInput, now = new Date()): Promise<CostsOutput> {
  const { period, previous, month } = costPeriods(input, now);
  const sql = costsSql(input, now);
  const [rows, previousRows, monthRows] = await Promise.all([
    prisma.$queryRaw<GroupedCost[]>(sql.grouped),
    prisma.$queryRaw<Array<{ cost: number }>>(sql.previous),
    prisma.$queryRaw<Array<{ cost: number }>>(sql.month),
  ]);
  const previousUsd = previousRows[0]?.cost ?? 0;
  const monthToDateUsd = monthRows[0]?.cost ?? 0;
  const monthStart = month.from;
  const nextMonth = month.to;
  const of = (grouping: string) => rows.filter((r) => r.grouping === grouping);
  const total = of('total')[0];
  const currentUsd = total?.costUsd ?? 0;
  const daysInMonth = Math.round((nextMonth.getTime() - monthStart.getTime()) / DAY_MS);
  // At least an hour elapsed, so a projection made just after midnight on the 1st is not absurd.
  const daysElapsed = Math.max((now.getTime() - monthStart.getTime()) / DAY_MS, 1 / 24);
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    totalUsd: currentUsd,
    judgeTotalUsd: total?.judgeCostUsd ?? 0,
    byDay: of('day')
      .map((r) => ({ day: r.day!.toISOString().slice(0, 10), ...figures(r) }))
      .sort((a, b) => a.day.localeCompare(b.day)),
    byModel: of('model')
      .map((r) => ({ model: r.model!, ...figures(r) }))
      .sort(byCostDesc),
    byProject: of('project')
      .map((r) => ({ projectId: r.projectId!, name: r.projectName, ...figures(r) }))
      .sort(byCostDesc),
    byPrompt: of('prompt')
      .map((r) => ({ promptId: r.promptId!, name: r.promptName, ...figures(r) }))
      .sort(byCostDesc),
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
