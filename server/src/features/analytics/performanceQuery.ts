/**
 * `GET /api/analytics/performance`: latency p50/p95/p99 (percentile_cont), success and error
 * rates, overall, by model and by version in ONE scan (GROUPING SETS), and the model comparison.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, rate, runConditions } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, PerformanceOutput } from './analyticsSchemas.ts';

interface PerfRow {
  grouping: 'model' | 'version' | 'total';
  model: string | null;
  versionId: string | null;
  promptId: string | null;
  promptName: string | null;
  versionNumber: number | null;
  runs: number;
  successes: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  avgCost: number | null;
  avgOutputTokens: number | null;
}

type Figures = PerformanceOutput['overall'];

function figures(row: PerfRow | undefined): Figures {
  if (!row) return { runs: 0, successRate: null, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null, avgCostUsd: null, avgOutputTokens: null };
  return {
    runs: row.runs,
    successRate: rate(row.successes, row.runs),
    errorRate: rate(row.errors, row.runs),
    p50Ms: row.p50,
    p95Ms: row.p95,
    p99Ms: row.p99,
    avgCostUsd: row.avgCost,
    avgOutputTokens: row.avgOutputTokens,
  };
}

/** The model with the smallest (or largest) value of `pick`, ignoring nulls. */
function best(models: PerformanceOutput['byModel'], pick: (m: Figures) => number | null, lowest: boolean): { model: string | null; value: number | null } {
  let out: { model: string | null; value: number | null } = { model: null, value: null };
  for (const m of models) {
    const v = pick(m);
    if (v === null) continue;
    if (out.value === null || (lowest ? v < out.value : v > out.value)) out = { model: m.model, value: v };
  }
  return out;
}

function comparison(byModel: PerformanceOutput['byModel']): PerformanceOutput['modelComparison'] {
  const fastest = best(byModel, (m) => m.p50Ms, true);
  const cheapest = best(byModel, (m) => m.avgCostUsd, true);
  const reliable = best(byModel, (m) => m.successRate, false);
  return {
    fastestModel: fastest.model,
    cheapestModel: cheapest.model,
    mostReliableModel: reliable.model,
    models: byModel.map((m) => ({
      model: m.model,
      p50Ratio: m.p50Ms !== null && fastest.value ? m.p50Ms / fastest.value : null,
      costRatio: m.avgCostUsd !== null && cheapest.value ? m.avgCostUsd / cheapest.value : null,
      successRateGap: m.successRate !== null && reliable.value !== null ? reliable.value - m.successRate : null,
    })),
  };
}

/** Performance figures for the filters and period. */
export async function performance(prisma: PrismaClient, input: AnalyticsFilterInput): Promise<PerformanceOutput> {
  const period = periodOf(input);
  const rows = await prisma.$queryRaw<PerfRow[]>`
    WITH g AS (
      SELECT CASE WHEN GROUPING(r.model) = 0 THEN 'model' WHEN GROUPING(r."versionId") = 0 THEN 'version' ELSE 'total' END AS grouping,
             r.model, r."versionId",
             count(*)::int AS runs,
             (count(*) FILTER (WHERE r.status = 'SUCCESS'))::int AS successes,
             (count(*) FILTER (WHERE r.status = 'ERROR'))::int AS errors,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p50,
             percentile_cont(0.95) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p95,
             percentile_cont(0.99) WITHIN GROUP (ORDER BY r."latencyMs")::float8 AS p99,
             avg(r."costUsd")::float8 AS "avgCost",
             avg(r."outputTokens")::float8 AS "avgOutputTokens"
        FROM "TestRun" r
       WHERE ${runConditions(input, period)}
    GROUP BY GROUPING SETS ((r.model), (r."versionId"), ())
    )
    SELECT g.*, v."promptId", v.number AS "versionNumber", p.name AS "promptName"
      FROM g
 LEFT JOIN "PromptVersion" v ON g.grouping = 'version' AND v.id = g."versionId"
 LEFT JOIN "Prompt" p ON p.id = v."promptId"`;
  const byModel = rows.filter((r) => r.grouping === 'model').map((r) => ({ model: r.model!, ...figures(r) })).sort((a, b) => b.runs - a.runs || a.model.localeCompare(b.model));
  const byVersion = rows
    .filter((r) => r.grouping === 'version')
    .map((r) => ({ versionId: r.versionId!, promptId: r.promptId ?? '', promptName: r.promptName, versionNumber: r.versionNumber, ...figures(r) }))
    .sort((a, b) => b.runs - a.runs || a.versionId.localeCompare(b.versionId));
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    overall: figures(rows.find((r) => r.grouping === 'total')),
    byModel,
    byVersion,
    modelComparison: comparison(byModel),
  };
}
