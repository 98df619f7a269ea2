/**
 * Stopping a live experiment, by hand or by a guardrail: in one transaction the experiment becomes
 * STOPPED with its end reason, and its label, if it still carries the split, points at the control
 * alone again (moved through the label service, so the audit log records who or what moved it and
 * why), and the workspace's webhooks get `experiment.stopped`.
 *
 * Lock order, the same as every label move: the prompt row first, then the experiment row, so a stop
 * racing a label move or a promotion of the same prompt waits instead of deadlocking.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { publishExperimentStopped, setLabelIn, WRITE_TRANSACTION_OPTIONS, type ExperimentStopped, type LabelMove } from '../prompts/index.ts';

type Tx = Prisma.TransactionClient;

/** How a stop is made: why (`stopped`, `guardrail:error-rate`, `guardrail:latency`) and the label move's actor, via and reason. */
export interface ExperimentStopRequest {
  endReason: string;
  move: LabelMove;
}

/** What a stop did. */
export type ExperimentStopOutcome = ExperimentStopped;

interface LockedExperiment {
  id: string;
  workspaceId: string;
  promptId: string;
  labelName: string;
  status: string;
  controlVersionId: string;
}

/** Locks the experiment's prompt, then the experiment; NOT_FOUND when there is no such experiment. */
async function lockExperiment(tx: Tx, experimentId: string): Promise<LockedExperiment> {
  await tx.$queryRaw`SELECT p.id FROM "Prompt" p WHERE p.id = (SELECT "promptId" FROM "Experiment" WHERE id = ${experimentId}) FOR UPDATE`;
  const rows = await tx.$queryRaw<LockedExperiment[]>`
    SELECT id, "workspaceId", "promptId", "labelName", status::text AS status, "controlVersionId"
      FROM "Experiment" WHERE id = ${experimentId} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No experiment '${experimentId}'` });
  return row;
}

/**
 * Stops a RUNNING experiment in `tx`: CONFLICT when it has already ended. The label goes back to the
 * control through the label service, which ends the experiment with `endReason`, clears the split
 * and records the split as the audit entry's `from`; a label that no longer carries the experiment
 * is left alone and the experiment alone is marked STOPPED.
 */
export async function stopExperimentIn(tx: Tx, experimentId: string, stop: ExperimentStopRequest): Promise<ExperimentStopOutcome> {
  const experiment = await lockExperiment(tx, experimentId);
  if (experiment.status !== 'RUNNING') {
    throw new TRPCError({ code: 'CONFLICT', message: `Experiment '${experimentId}' is not running (it is ${experiment.status.toLowerCase()})` });
  }
  const label = await tx.promptLabel.findUnique({ where: { experimentId }, select: { name: true } });
  const ending = { experimentId, status: 'STOPPED' as const, endReason: stop.endReason };
  if (label) {
    const control = await tx.promptVersion.findUnique({ where: { id: experiment.controlVersionId }, select: { number: true } });
    if (!control) throw new TRPCError({ code: 'NOT_FOUND', message: `Experiment '${experimentId}' has no control version` });
    // The label service ends the experiment with this reason and clears the split in the move's transaction.
    await setLabelIn(tx, { id: experiment.promptId, name: label.name, versionNumber: control.number }, stop.move, ending);
  } else {
    await tx.experiment.update({
      where: { id: experimentId },
      data: { status: 'STOPPED', endedAt: new Date(), endReason: stop.endReason },
      select: { id: true },
    });
  }
  const ended = await tx.experiment.findUniqueOrThrow({ where: { id: experimentId }, select: { endedAt: true } });
  const outcome: ExperimentStopOutcome = {
    id: experimentId,
    status: 'STOPPED',
    endReason: stop.endReason,
    endedAt: ended.endedAt ?? new Date(),
    workspaceId: experiment.workspaceId,
    promptId: experiment.promptId,
    labelName: experiment.labelName,
    labelReverted: Boolean(label),
  };
  await publishExperimentStopped(tx, outcome, stop.move.reason ?? null);
  return outcome;
}

/** Stops a RUNNING experiment in its own transaction (see stopExperimentIn). */
export function stopExperiment(prisma: PrismaClient, experimentId: string, stop: ExperimentStopRequest): Promise<ExperimentStopOutcome> {
  return prisma.$transaction((tx) => stopExperimentIn(tx, experimentId, stop), WRITE_TRANSACTION_OPTIONS);
}
