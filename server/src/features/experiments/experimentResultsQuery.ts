/**
 * What the results of a live experiment are computed from, aggregated in SQL: per arm, the
 * sufficient statistics (count, sum, sum of squares) of errors, latency, cost and each score name,
 * over the generations the experiment served. Nothing row-by-row leaves the database.
 */
import type { SufficientStatistics } from '@promptstack/core/stats/index';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';

type Db = Prisma.TransactionClient | PrismaClient;

/** The metrics compared for every arm; scores add `score:<name>`. */
export type ExperimentMetric = 'errorRate' | 'latencyMs' | 'costUsd' | `score:${string}`;

/** One arm's sufficient statistics per metric (only metrics with observations appear). */
export interface ArmAggregates {
  versionId: string;
  generations: number;
  metrics: Map<ExperimentMetric, SufficientStatistics>;
}

/** The prefix of a score metric's key. */
export const SCORE_METRIC_PREFIX = 'score:';

interface GenerationRow {
  versionId: string;
  n: number;
  errors: number;
  latencySum: number;
  latencySumSq: number;
  costN: number;
  costSum: number;
  costSumSq: number;
}

interface ScoreRow {
  versionId: string;
  name: string;
  n: number;
  sum: number;
  sumSq: number;
}

/** Sufficient statistics per arm of `experimentId`, for the versions in `versionIds` (its arms). */
export async function loadArmAggregates(db: Db, experimentId: string, versionIds: readonly string[]): Promise<ArmAggregates[]> {
  // float8 sums: latencies (int ms) and costs (decimal) squared would overflow int and slow numeric.
  const generations = await db.$queryRaw<GenerationRow[]>`
    SELECT g."versionId",
           count(*)::int AS n,
           count(*) FILTER (WHERE g.status = 'error')::int AS errors,
           coalesce(sum(g."latencyMs"::float8), 0) AS "latencySum",
           coalesce(sum(g."latencyMs"::float8 * g."latencyMs"::float8), 0) AS "latencySumSq",
           count(g."costUsd")::int AS "costN",
           coalesce(sum(g."costUsd"::float8), 0) AS "costSum",
           coalesce(sum(g."costUsd"::float8 * g."costUsd"::float8), 0) AS "costSumSq"
      FROM "Generation" g
     WHERE g."experimentId" = ${experimentId}
     GROUP BY g."versionId"`;
  const scores = await db.$queryRaw<ScoreRow[]>`
    SELECT g."versionId", s.name,
           count(*)::int AS n,
           sum(s.value) AS sum,
           sum(s.value * s.value) AS "sumSq"
      FROM "Generation" g
      JOIN "Score" s ON s."workspaceId" = g."workspaceId" AND s."generationId" = g.id
     WHERE g."experimentId" = ${experimentId}
     GROUP BY g."versionId", s.name`;
  return versionIds.map((versionId) => {
    const metrics = new Map<ExperimentMetric, SufficientStatistics>();
    const row = generations.find((g) => g.versionId === versionId);
    if (row && row.n > 0) {
      metrics.set('errorRate', { n: row.n, sum: row.errors, sumOfSquares: row.errors });
      metrics.set('latencyMs', { n: row.n, sum: Number(row.latencySum), sumOfSquares: Number(row.latencySumSq) });
      if (row.costN > 0) metrics.set('costUsd', { n: row.costN, sum: Number(row.costSum), sumOfSquares: Number(row.costSumSq) });
    }
    for (const score of scores.filter((s) => s.versionId === versionId)) {
      metrics.set(`${SCORE_METRIC_PREFIX}${score.name}`, { n: score.n, sum: Number(score.sum), sumOfSquares: Number(score.sumSq) });
    }
    return { versionId, generations: row?.n ?? 0, metrics };
  });
}
