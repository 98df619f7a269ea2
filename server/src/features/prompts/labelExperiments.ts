/**
 * The experiment side of label moves, run inside labelService's transaction: starting a split
 * starts an Experiment (its arms and control), and any move of a label with a running experiment
 * ends that experiment. Only labelService calls the starting, so a split never exists without its
 * audit entry. Also here: the `experiment.stopped` notification, which a stop (experiments
 * feature), a prompt's deletion and every label move that ends an experiment without promoting it
 * (a new target, a removal, a rollback) publish.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { publishEvent } from '../webhooks/index.ts';
import type { LabelMove } from './labelService.ts';
import type { SplitTarget } from './labelTarget.ts';

type Tx = Prisma.TransactionClient;
type Db = Tx | PrismaClient;

/** How a running experiment ends when its label moves. */
export interface ExperimentEnding {
  status: 'STOPPED' | 'PROMOTED';
  /** `replaced` (the label was moved or split anew), `label-removed`, `rolled-back`, `prompt-deleted`, `promoted`, `stopped`, `guardrail:...`. */
  endReason: string;
  /** The promoted arm's version id. */
  winnerVersionId?: string | undefined;
}

/** Ends experiment `experimentId` if it still runs; answers when it ended, or null when it was not running. */
export async function endExperimentIn(tx: Tx, experimentId: string, ending: ExperimentEnding): Promise<Date | null> {
  const endedAt = new Date();
  const ended = await tx.experiment.updateMany({
    where: { id: experimentId, status: 'RUNNING' },
    data: { status: ending.status, endReason: ending.endReason, endedAt, winnerVersionId: ending.winnerVersionId ?? null },
  });
  return ended.count > 0 ? endedAt : null;
}

/** The ids of versions `numbers` of a prompt, in that order; NOT_FOUND naming every number the prompt does not have. */
export async function versionIdsOf(db: Db, promptId: string, numbers: number[]): Promise<string[]> {
  const versions = await db.promptVersion.findMany({ where: { promptId, number: { in: numbers } }, select: { id: true, number: true } });
  const idOf = new Map(versions.map((v) => [v.number, v.id]));
  const missing = numbers.filter((n) => !idOf.has(n));
  if (missing.length) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${promptId}' has no version ${missing.join(', ')}` });
  return numbers.map((n) => idOf.get(n)!);
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
  const armIds = await versionIdsOf(
    tx,
    at.promptId,
    target.split.map((arm) => arm.version),
  );
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

/** A stopped experiment, as `experiment.stopped` reports it. */
export interface ExperimentStopped {
  id: string;
  status: 'STOPPED';
  endReason: string;
  endedAt: Date;
  workspaceId: string;
  promptId: string;
  labelName: string;
  /** Its label now points at the control alone (false when the label no longer carried it, or the prompt is gone). */
  labelReverted: boolean;
}

/** Tells the workspace's webhooks, in `tx`, that an experiment stopped, with the stop's reason text. */
export async function publishExperimentStopped(tx: Tx, stopped: ExperimentStopped, reason: string | null): Promise<void> {
  await publishEvent(tx, {
    workspaceId: stopped.workspaceId,
    type: 'experiment.stopped',
    data: { ...stopped, endedAt: stopped.endedAt.toISOString(), reason },
  });
}

/**
 * Stops every RUNNING experiment of a prompt in `tx` with `endReason`, publishing
 * `experiment.stopped` for each; labels are left as they are (a deleted prompt serves nothing).
 */
export async function stopPromptExperimentsIn(tx: Tx, promptId: string, endReason: string, reason: string): Promise<void> {
  const running = await tx.experiment.findMany({
    where: { promptId, status: 'RUNNING' },
    select: { id: true, workspaceId: true, labelName: true },
    orderBy: { startedAt: 'asc' },
  });
  for (const experiment of running) {
    const endedAt = await endExperimentIn(tx, experiment.id, { status: 'STOPPED', endReason });
    if (!endedAt) continue;
    await publishExperimentStopped(tx, { ...experiment, promptId, status: 'STOPPED', endReason, endedAt, labelReverted: false }, reason);
  }
}
