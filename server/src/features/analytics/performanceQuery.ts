/**
 * `GET /api/analytics/performance`: success and error rates, mean cost and output tokens, overall,
 * by model, by version and by label (production generations), and the latency histogram of each
 * of those groups, in ONE statement over the facts of the source (GROUPING SETS); latency
 * p50/p95/p99 exact over the runs and generations for small scopes, else from the histograms
 * (within LATENCY_RELATIVE_ERROR); the mean scores of the generations; and the model comparison.
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client.ts';
import { periodOf, rate, type Period } from './analyticsFilters.ts';
import type { AnalyticsFilterInput, PerformanceOutput } from './analyticsSchemas.ts';
import type { PercentileOptions } from './dashboardQuery.ts';
import { EXACT_PERCENTILE_MAX_RUNS, histogramPercentile, type LatencyHistogram } from './latencyHistogram.ts';
import { factsSql, latenciesSql, sourcesOf } from './facts.ts';
import { generationConditions } from './generationFacts.ts';

type Grouping = 'model' | 'version' | 'label' | 'total';

/** `grouping` label of a GROUPING SETS ((model), (versionId), (label), ()) row over alias `a`. */
const groupingOf = (a: string) =>
  Prisma.raw(
    `CASE WHEN GROUPING(${a}.model) = 0 THEN 'model' WHEN GROUPING(${a}."versionId") = 0 THEN 'version' WHEN GROUPING(${a}.label) = 0 THEN 'label' ELSE 'total' END`,
  );

interface PerfRow {
  grouping: Grouping;
  /** Set on histogram rows: the row counts `bucketRuns` latencies in this bucket for its group. */
  bucket: number | null;
  isBucket: boolean;
  bucketRuns: number;
  model: string | null;
  versionId: string | null;
  label: string | null;
  promptId: string | null;
  promptName: string | null;
  versionNumber: number | null;
  runs: number;
  successes: number;
  errors: number;
  avgCost: number | null;
  avgOutputTokens: number | null;
}

/** p50/p95/p99 of one group. */
interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** Percentiles per group, keyed `grouping:model-versionId-or-label` ('total:' for the whole scope). */
type PercentileMap = Map<string, Percentiles>;

/** The group a row belongs to. */
interface GroupKey {
  grouping: Grouping;
  model: string | null;
  versionId: string | null;
  label: string | null;
}

const keyOf = ({ grouping, model, versionId, label }: GroupKey) =>
  `${grouping}:${grouping === 'model' ? model : grouping === 'version' ? versionId : grouping === 'label' ? label : ''}`;

type Figures = PerformanceOutput['overall'];

function figures(row: PerfRow | undefined, percentiles: PercentileMap): Figures {
  if (!row) return { runs: 0, successRate: null, errorRate: null, p50Ms: null, p95Ms: null, p99Ms: null, avgCostUsd: null, avgOutputTokens: null };
  const p = percentiles.get(keyOf(row));
  return {
    runs: row.runs,
    successRate: rate(row.successes, row.runs),
    errorRate: rate(row.errors, row.runs),
    p50Ms: p?.p50 ?? null,
    p95Ms: p?.p95 ?? null,
    p99Ms: p?.p99 ?? null,
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

/** The performance endpoint's statement (also sent bare by the benchmark): figures and histogram rows per group. */
export function performanceSql(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  return Prisma.sql`
    WITH g AS (
      SELECT ${groupingOf('f')} AS grouping, GROUPING(f.bucket) = 0 AS "isBucket", f.model, f."versionId", f.label, f.bucket,
             COALESCE(sum(f.runs), 0)::int AS runs,
             COALESCE(sum(f.successes), 0)::int AS successes,
             COALESCE(sum(f.errors), 0)::int AS errors,
             (sum(f."costUsd") / NULLIF(sum(f."costRuns"), 0))::float8 AS "avgCost",
             (sum(f."outputTokens")::numeric / NULLIF(sum(f."outputTokenRuns"), 0))::float8 AS "avgOutputTokens",
             COALESCE(sum(f."bucketRuns"), 0)::int AS "bucketRuns"
        FROM ${factsSql(input, period, { latencyBuckets: true })} f
    GROUP BY GROUPING SETS ((f.model), (f."versionId"), (f.label), (), (f.model, f.bucket), (f."versionId", f.bucket), (f.label, f.bucket), (f.bucket))
    )
    SELECT g.*, v."promptId", v.number AS "versionNumber", p.name AS "promptName"
      FROM g
 LEFT JOIN "PromptVersion" v ON g.grouping = 'version' AND NOT g."isBucket" AND v.id = g."versionId"
 LEFT JOIN "Prompt" p ON p.id = v."promptId"`;
}

/** Histogram percentiles per group from the statement's bucket rows. */
function histogramPercentiles(rows: PerfRow[]): PercentileMap {
  const histograms = new Map<string, LatencyHistogram>();
  for (const r of rows.filter((x) => x.isBucket && x.bucket !== null && x.bucketRuns > 0).sort((a, b) => a.bucket! - b.bucket!)) {
    const key = keyOf(r);
    const h = histograms.get(key) ?? { buckets: [], counts: [] };
    h.buckets.push(r.bucket!);
    h.counts.push(r.bucketRuns);
    histograms.set(key, h);
  }
  return new Map(
    [...histograms].map(([key, h]) => [key, { p50: histogramPercentile(h, 0.5), p95: histogramPercentile(h, 0.95), p99: histogramPercentile(h, 0.99) }]),
  );
}

/** Exact percentiles per group over the runs and generations themselves (small scopes only). */
async function exactPercentiles(prisma: PrismaClient, input: AnalyticsFilterInput, period: Period): Promise<PercentileMap> {
  const rows = await prisma.$queryRaw<Array<Percentiles & GroupKey>>`
    SELECT ${groupingOf('l')} AS grouping, l.model, l."versionId", l.label,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY l."latencyMs")::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY l."latencyMs")::float8 AS p95,
           percentile_cont(0.99) WITHIN GROUP (ORDER BY l."latencyMs")::float8 AS p99
      FROM ${latenciesSql(input, period)} l
  GROUP BY GROUPING SETS ((l.model), (l."versionId"), (l.label), ())`;
  return new Map(rows.map((r) => [keyOf(r), r]));
}

/** Mean score per name over the generations of the filters and period (runs have none). */
export function scoresSql(input: AnalyticsFilterInput, period: Period): Prisma.Sql {
  return Prisma.sql`
    SELECT s.name, count(*)::int AS count, avg(s.value)::float8 AS mean
      FROM "Score" s
      JOIN "Generation" g ON g."workspaceId" = s."workspaceId" AND g.id = s."generationId"
     WHERE s."workspaceId" = ${input.workspaceId} AND ${generationConditions(input, period)}
  GROUP BY s.name
  ORDER BY s.name`;
}

/** Performance figures for the filters and period. */
export async function performance(prisma: PrismaClient, input: AnalyticsFilterInput, options: PercentileOptions = {}): Promise<PerformanceOutput> {
  const period = periodOf(input);
  const [all, scores] = await Promise.all([
    prisma.$queryRaw<PerfRow[]>(performanceSql(input, period)),
    sourcesOf(input).generations ? prisma.$queryRaw<PerformanceOutput['scores']>(scoresSql(input, period)) : Promise.resolve([]),
  ]);
  const rows = all.filter((r) => !r.isBucket);
  const total = rows.find((r) => r.grouping === 'total');
  const exact = (total?.runs ?? 0) <= (options.exactPercentileMaxRuns ?? EXACT_PERCENTILE_MAX_RUNS);
  const percentiles = exact ? await exactPercentiles(prisma, input, period) : histogramPercentiles(all);
  const byModel = rows
    .filter((r) => r.grouping === 'model')
    .map((r) => ({ model: r.model!, ...figures(r, percentiles) }))
    .sort((a, b) => b.runs - a.runs || a.model.localeCompare(b.model));
  const byVersion = rows
    .filter((r) => r.grouping === 'version')
    .map((r) => ({ versionId: r.versionId!, promptId: r.promptId ?? '', promptName: r.promptName, versionNumber: r.versionNumber, ...figures(r, percentiles) }))
    .sort((a, b) => b.runs - a.runs || a.versionId.localeCompare(b.versionId));
  // Runs carry no label: their group (label null) is not a label.
  const byLabel = rows
    .filter((r) => r.grouping === 'label' && r.label !== null)
    .map((r) => ({ label: r.label!, ...figures(r, percentiles) }))
    .sort((a, b) => b.runs - a.runs || a.label.localeCompare(b.label));
  return {
    period: { from: period.from.toISOString(), to: period.to.toISOString() },
    percentileMethod: exact ? 'exact' : 'histogram',
    overall: figures(total, percentiles),
    byModel,
    byVersion,
    byLabel,
    scores,
    modelComparison: comparison(byModel),
  };
}
