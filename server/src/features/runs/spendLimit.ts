/**
 * Workspace monthly spend limits: the sum of the workspace's recorded run costs (with their
 * llm-judge calls) since the start of the current UTC month, against `Workspace.monthlySpendLimitUsd`. Checked before a run (or a
 * batch) starts; runs already in flight finish and are recorded, so a burst can overshoot by at
 * most the runs that started before the limit was reached.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';

/** Start of the UTC calendar month containing `now`. */
export function monthStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** The workspace's spend this month and its limit (null: none). */
export async function monthlySpend(prisma: PrismaClient, workspaceId: string, now = new Date()): Promise<{ spentUsd: number; limitUsd: number | null }> {
  const [workspace, sum] = await Promise.all([
    prisma.workspace.findUnique({ where: { id: workspaceId }, select: { monthlySpendLimitUsd: true } }),
    prisma.testRun.aggregate({ where: { workspaceId, createdAt: { gte: monthStart(now) } }, _sum: { costUsd: true, judgeCostUsd: true } }),
  ]);
  return {
    spentUsd: (sum._sum.costUsd?.toNumber() ?? 0) + (sum._sum.judgeCostUsd?.toNumber() ?? 0),
    limitUsd: workspace?.monthlySpendLimitUsd?.toNumber() ?? null,
  };
}

/** `$0.0000081`: run costs are fractions of a cent, so keep 8 decimals and drop trailing zeros. */
function usd(value: number): string {
  return `$${value.toFixed(8).replace(/\.?0+$/, '')}`;
}

/** Throws 402 PAYMENT_REQUIRED, with both figures, when this month's spend has reached the limit. */
export async function enforceSpendLimit(prisma: PrismaClient, workspaceId: string, now = new Date()): Promise<void> {
  const { spentUsd, limitUsd } = await monthlySpend(prisma, workspaceId, now);
  if (limitUsd === null || spentUsd < limitUsd) return;
  const month = now.toISOString().slice(0, 7);
  throw new TRPCError({
    code: 'PAYMENT_REQUIRED',
    message: `Monthly spend limit reached: ${usd(spentUsd)} spent in ${month} of a ${usd(limitUsd)} limit; an admin can raise monthlySpendLimitUsd`,
  });
}
