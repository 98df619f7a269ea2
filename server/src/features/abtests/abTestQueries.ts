/**
 * Reading A/B tests: one test with per-variant figures aggregated in SQL (percentile_cont for
 * latency, never loading the runs), progress, winner and analysis; and a project's tests.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { readInputRows } from './abTestInputs.ts';
import { analyzeRecordedRuns } from './abTestProgress.ts';
import type { AbTestOutput, AbTestSummary } from './abTestSchemas.ts';

const summarySelect = {
  id: true,
  name: true,
  workspaceId: true,
  projectId: true,
  status: true,
  primaryMetric: true,
  runsPerInput: true,
  datasetId: true,
  totalRuns: true,
  completedRuns: true,
  failedRuns: true,
  winnerVariantId: true,
  error: true,
  createdAt: true,
  completedAt: true,
} as const;

type SummaryRow = {
  id: string;
  name: string;
  workspaceId: string;
  projectId: string;
  status: string;
  primaryMetric: string;
  runsPerInput: number;
  datasetId: string | null;
  totalRuns: number;
  completedRuns: number;
  failedRuns: number;
  winnerVariantId: string | null;
  error: string | null;
  createdAt: Date;
  completedAt: Date | null;
};

/** The API's status word for a stored status (a DRAFT row has not been sent yet: queued). */
export function apiStatus(status: string): AbTestSummary['status'] {
  return status === 'DRAFT' || status === 'QUEUED' ? 'queued' : (status.toLowerCase() as AbTestSummary['status']);
}

function toSummary(row: SummaryRow): AbTestSummary {
  const { totalRuns, completedRuns, failedRuns, createdAt, completedAt, status, ...rest } = row;
  return {
    ...rest,
    status: apiStatus(status),
    progress: { total: totalRuns, done: completedRuns, failed: failedRuns, percent: totalRuns ? Math.round((completedRuns / totalRuns) * 1000) / 10 : 0 },
    createdAt: createdAt.toISOString(),
    completedAt: completedAt?.toISOString() ?? null,
  };
}

/** An A/B test's workspace id, or null (for access checks). */
export async function abTestWorkspaceId(prisma: PrismaClient, id: string): Promise<string | null> {
  const row = await prisma.abTest.findUnique({ where: { id }, select: { workspaceId: true } });
  return row?.workspaceId ?? null;
}

interface VariantAggregate {
  variantId: string;
  runs: number;
  successes: number;
  ratedRuns: number;
  meanRating: number | null;
  schemaCheckedRuns: number;
  schemaValidRuns: number;
  p50: number | null;
  p95: number | null;
  meanCost: number | null;
  totalCost: number;
  inputTokens: number;
  outputTokens: number;
}

/** Per-variant figures over the runs recorded so far (cancelled runs left out). */
async function variantAggregates(prisma: PrismaClient, abTestId: string): Promise<Map<string, VariantAggregate>> {
  const rows = await prisma.$queryRaw<VariantAggregate[]>`
    SELECT "variantId",
           count(*)::int AS runs,
           (count(*) FILTER (WHERE status = 'SUCCESS'))::int AS successes,
           count(rating)::int AS "ratedRuns",
           avg(rating)::float8 AS "meanRating",
           count("schemaValid")::int AS "schemaCheckedRuns",
           (count(*) FILTER (WHERE "schemaValid"))::int AS "schemaValidRuns",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY "latencyMs")::float8 AS p50,
           percentile_cont(0.95) WITHIN GROUP (ORDER BY "latencyMs")::float8 AS p95,
           avg("costUsd")::float8 AS "meanCost",
           COALESCE(sum("costUsd"), 0)::float8 AS "totalCost",
           COALESCE(sum("inputTokens"), 0)::int AS "inputTokens",
           COALESCE(sum("outputTokens"), 0)::int AS "outputTokens"
      FROM "TestRun"
     WHERE "abTestId" = ${abTestId} AND status IN ('SUCCESS', 'ERROR')
  GROUP BY "variantId"`;
  return new Map(rows.map((r) => [r.variantId, r]));
}

/** One test with everything `GET /api/ab-tests/{id}` shows; NOT_FOUND when missing. */
export async function getAbTest(prisma: PrismaClient, id: string): Promise<AbTestOutput> {
  const row = await prisma.abTest.findUnique({
    where: { id },
    select: {
      ...summarySelect,
      inputs: true,
      analysis: true,
      winnerChosenById: true,
      winnerChosenAt: true,
      variants: {
        select: { id: true, name: true, promptId: true, versionId: true, model: true, config: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
    },
  });
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No A/B test '${id}'` });
  const { inputs, analysis: stored, winnerChosenById, winnerChosenAt, variants, ...summary } = row;
  const aggregates = await variantAggregates(prisma, id);
  // Before completion, the analysis of the runs so far (it says when there is not enough data yet).
  const analysis =
    (stored as Record<string, unknown> | null) ??
    (row.completedRuns > 0 ? (JSON.parse(JSON.stringify(await analyzeRecordedRuns(prisma, id, row.primaryMetric))) as Record<string, unknown>) : null);
  const winnerName = (analysis?.recommendation as { winner?: string | null } | undefined)?.winner ?? null;
  return {
    ...toSummary(summary),
    inputCount: readInputRows(inputs).length,
    variants: variants.map((v) => {
      const a = aggregates.get(v.id);
      return {
        ...v,
        config: (v.config ?? {}) as Record<string, unknown>,
        runs: a?.runs ?? 0,
        successes: a?.successes ?? 0,
        successRate: a && a.runs ? a.successes / a.runs : null,
        ratedRuns: a?.ratedRuns ?? 0,
        meanRating: a?.meanRating ?? null,
        schemaCheckedRuns: a?.schemaCheckedRuns ?? 0,
        schemaValidRate: a && a.schemaCheckedRuns ? a.schemaValidRuns / a.schemaCheckedRuns : null,
        latencyP50Ms: a?.p50 ?? null,
        latencyP95Ms: a?.p95 ?? null,
        meanCostUsd: a?.meanCost ?? null,
        totalCostUsd: a?.totalCost ?? 0,
        inputTokens: a?.inputTokens ?? 0,
        outputTokens: a?.outputTokens ?? 0,
      };
    }),
    analysis,
    recommendedVariantId: variants.find((v) => v.name === winnerName)?.id ?? null,
    winner: row.winnerVariantId ? { variantId: row.winnerVariantId, chosenById: winnerChosenById, chosenAt: winnerChosenAt?.toISOString() ?? null } : null,
  };
}

/** A project's tests, newest first (at most 200). */
export async function listAbTests(prisma: PrismaClient, projectId: string): Promise<AbTestSummary[]> {
  const rows = await prisma.abTest.findMany({ where: { projectId }, select: summarySelect, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }], take: 200 });
  return rows.map(toSummary);
}
