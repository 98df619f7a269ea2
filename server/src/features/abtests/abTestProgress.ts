/**
 * Progress and completion of an A/B test. Counts are recomputed from the TestRun rows (never
 * incremented), so a job delivered twice cannot count twice; when every run is recorded the
 * analysis (core's analyzeAbTest) is computed and stored with the final status.
 */
import { analyzeAbTest, type AbMetric, type AbTestAnalysis, type RunObservation } from '@promptstack/core';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { inputIndexOfJobKey } from './abTestInputs.ts';

/** Statuses in which runs are still to be made. */
export const ACTIVE_STATUSES = ['QUEUED', 'RUNNING'] as const;

/** Recorded, failed and total runs of a test. */
export interface AbProgress {
  total: number;
  done: number;
  failed: number;
}

/**
 * Stores the current counts on the AbTest row and returns them. GREATEST keeps the stored counts
 * monotone when two workers refresh at once from different snapshots.
 */
export async function refreshProgress(prisma: PrismaClient, abTestId: string): Promise<AbProgress | null> {
  const rows = await prisma.$queryRaw<Array<{ total: number; done: number; failed: number }>>`
    UPDATE "AbTest" AS t
       SET "completedRuns" = GREATEST(t."completedRuns", c.done),
           "failedRuns" = GREATEST(t."failedRuns", c.failed)
      FROM (SELECT count(*)::int AS done, (count(*) FILTER (WHERE status <> 'SUCCESS'))::int AS failed
              FROM "TestRun" WHERE "abTestId" = ${abTestId}) AS c
     WHERE t.id = ${abTestId}
 RETURNING t."totalRuns" AS total, t."completedRuns" AS done, t."failedRuns" AS failed`;
  return rows[0] ?? null;
}

/** The analysis of the runs recorded so far; variants are named by their names in the sentences. */
export async function analyzeRecordedRuns(prisma: PrismaClient, abTestId: string, primaryMetric: string): Promise<AbTestAnalysis> {
  const [variants, runs] = await Promise.all([
    prisma.abTestVariant.findMany({ where: { abTestId }, select: { id: true, name: true }, orderBy: { createdAt: 'asc' } }),
    prisma.testRun.findMany({
      where: { abTestId, status: { in: ['SUCCESS', 'ERROR'] } },
      select: { variantId: true, jobKey: true, status: true, latencyMs: true, costUsd: true, rating: true, schemaValid: true },
    }),
  ]);
  const byVariant = new Map<string, RunObservation[]>(variants.map((v) => [v.id, []]));
  for (const run of runs) {
    const index = inputIndexOfJobKey(run.jobKey);
    byVariant.get(run.variantId ?? '')?.push({
      inputKey: index === null ? `run:${run.jobKey}` : String(index),
      success: run.status === 'SUCCESS',
      latencyMs: run.latencyMs ?? Number.NaN,
      costUsd: run.costUsd ? run.costUsd.toNumber() : 0,
      rating: run.rating,
      schemaValid: run.schemaValid,
    });
  }
  return analyzeAbTest({
    variants: variants.map((v) => ({ id: v.name, runs: byVariant.get(v.id) ?? [] })),
    primaryMetric: primaryMetric as AbMetric,
  });
}

/**
 * When every run of an active test is recorded, stores the analysis and the final status:
 * `FAILED` when no run succeeded (say, a wrong API key), otherwise `COMPLETED`. Safe to call
 * from several workers at once: the analysis is deterministic and only one update applies.
 */
export async function finalizeIfDone(prisma: PrismaClient, abTestId: string): Promise<boolean> {
  const progress = await refreshProgress(prisma, abTestId);
  if (!progress || progress.done < progress.total) return false;
  const test = await prisma.abTest.findUnique({ where: { id: abTestId }, select: { status: true, primaryMetric: true } });
  if (!test || !ACTIVE_STATUSES.includes(test.status as (typeof ACTIVE_STATUSES)[number])) return false;
  const analysis = await analyzeRecordedRuns(prisma, abTestId, test.primaryMetric);
  const allFailed = progress.total > 0 && progress.failed >= progress.total;
  let error: string | null = null;
  if (allFailed) {
    const first = await prisma.testRun.findFirst({ where: { abTestId, error: { not: null } }, select: { error: true }, orderBy: { createdAt: 'asc' } });
    error = `Every run failed${first?.error ? `; first error: ${first.error}` : ''}`;
  }
  const updated = await prisma.abTest.updateMany({
    where: { id: abTestId, status: { in: [...ACTIVE_STATUSES] } },
    data: {
      status: allFailed ? 'FAILED' : 'COMPLETED',
      error,
      // Round-trip: plain JSON for the column (NaN/undefined become null/absent).
      analysis: JSON.parse(JSON.stringify(analysis)) as object,
      completedAt: new Date(),
    },
  });
  return updated.count === 1;
}

/** Marks an active test failed with `reason` (a run's job exhausted its retries). */
export async function failTest(prisma: PrismaClient, abTestId: string, reason: string): Promise<void> {
  await prisma.abTest.updateMany({
    where: { id: abTestId, status: { in: [...ACTIVE_STATUSES] } },
    data: { status: 'FAILED', error: reason, completedAt: new Date() },
  });
}
