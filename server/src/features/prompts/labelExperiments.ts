/**
 * The experiment side of label moves, run inside labelService's transaction: starting a split
 * starts an Experiment (its arms and control), and any move of a label with a running experiment
 * ends that experiment. Only labelService calls these, so a split never exists without its
 * audit entry.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { LabelMove } from './labelService.ts';
import type { SplitTarget } from './labelTarget.ts';

type Tx = Prisma.TransactionClient;

/** How a running experiment ends when its label moves. */
export interface ExperimentEnding {
  status: 'STOPPED' | 'PROMOTED';
  /** `replaced` (the label was moved or split anew), `label-removed`, `promoted`, `stopped`, `guardrail:...`. */
  endReason: string;
  /** The promoted arm's version id. */
  winnerVersionId?: string | undefined;
}

/** Ends experiment `experimentId` if it still runs; answers whether it did. */
export async function endExperimentIn(tx: Tx, experimentId: string, ending: ExperimentEnding): Promise<boolean> {
  const ended = await tx.experiment.updateMany({
    where: { id: experimentId, status: 'RUNNING' },
    data: { status: ending.status, endReason: ending.endReason, endedAt: new Date(), winnerVersionId: ending.winnerVersionId ?? null },
  });
  return ended.count > 0;
}

/**
 * Starts an experiment splitting label `name` across `target`'s arms; answers its id and control
 * version id (the version the label pointed at when it is an arm, else the first arm). NOT_FOUND
 * for a version the prompt does not have.
 */
export async function startExperimentIn(
  tx: Tx,
  at: { workspaceId: string; promptId: string; name: string; currentVersionId: string | null },
  target: SplitTarget,
  move: LabelMove,
): Promise<{ experimentId: string; controlVersionId: string }> {
  const numbers = target.split.map((arm) => arm.version);
  const versions = await tx.promptVersion.findMany({ where: { promptId: at.promptId, number: { in: numbers } }, select: { id: true, number: true } });
  const idOf = new Map(versions.map((v) => [v.number, v.id]));
  const missing = numbers.filter((n) => !idOf.has(n));
  if (missing.length) {
    throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${at.promptId}' has no version ${missing.join(', ')}` });
  }
  const armIds = numbers.map((n) => idOf.get(n)!);
  const controlVersionId = at.currentVersionId !== null && armIds.includes(at.currentVersionId) ? at.currentVersionId : armIds[0]!;
  const experiment = await tx.experiment.create({
    data: {
      workspaceId: at.workspaceId,
      promptId: at.promptId,
      labelName: at.name,
      stickyBy: target.stickyBy,
      controlVersionId,
      startedById: move.actor.kind === 'user' ? move.actor.userId : null,
      startedByKeyId: move.actor.kind === 'apiKey' ? move.actor.key.id : null,
      arms: {
        create: target.split.map((arm, i) => ({ versionId: armIds[i]!, weight: arm.weight, isControl: armIds[i] === controlVersionId })),
      },
    },
    select: { id: true },
  });
  return { experimentId: experiment.id, controlVersionId };
}
