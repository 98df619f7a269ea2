/**
 * The only code that moves or removes labels, and so the only code that writes the label audit log:
 * every move locks the prompt row, reads where the label pointed, moves it and records a LabelEvent
 * (who or which key, from, to, how, why) in one transaction, so the log never misses or invents a
 * move and two concurrent moves are recorded in the order they happened.
 *
 * A split target starts a live experiment on the label (labelExperiments.ts) in the same
 * transaction, and any move of a label with a running experiment ends it, so the audit log and
 * the experiments always agree.
 *
 * Access rules (protected labels, label requests) are the callers' business: routes check them
 * before calling; experiments and guardrails move labels on the system's behalf.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Actor } from '../../trpc.ts';
import { publishEvent } from '../webhooks/index.ts';
import { endExperimentIn, publishExperimentStopped, startExperimentIn, versionIdsOf, type ExperimentEnding } from './labelExperiments.ts';
import { isSplit, splitProblem, type LabelTarget } from './labelTarget.ts';
import { lockLivePrompt, WRITE_TRANSACTION_OPTIONS } from './promptService.ts';
import type { LabelOutput } from './promptSchemas.ts';
import { labelSelect, targetOfLabel, toLabel } from './promptSelects.ts';

type Tx = Prisma.TransactionClient;

export type { LabelTarget } from './labelTarget.ts';

/** How a move was made, recorded with it. */
export type LabelMoveVia = 'editor' | 'web' | 'cli' | 'api' | 'approval' | 'experiment' | 'guardrail' | 'rollback';

/** Who moves a label and how: a caller (user or API key), or the system (an experiment's guardrail). */
export interface LabelMove {
  actor: Actor | { kind: 'system' };
  via: LabelMoveVia;
  reason?: string | undefined;
  /** The label request this move carries out. */
  requestId?: string | undefined;
}

/**
 * A move that ends the label's running experiment in a given way (a promotion, a guardrail stop, a
 * rollback); with `experimentId`, refused with CONFLICT unless that experiment still runs on the
 * label when the row is locked.
 */
export interface ExperimentEndingMove extends ExperimentEnding {
  experimentId?: string | undefined;
}

/** What setLabelIn takes: the prompt, the label name and where it should point. */
export type SetLabelTarget = { id: string; name: string } & LabelTarget;

/** A plain move or a new split ends the running experiment this way. */
const REPLACED: ExperimentEnding = { status: 'STOPPED', endReason: 'replaced' };

/** The label as it stands, with its version id and running experiment; null when there is no such label. */
async function readLabel(db: Tx | PrismaClient, promptId: string, name: string) {
  return db.promptLabel.findUnique({
    where: { promptId_name: { promptId, name } },
    select: { ...labelSelect, versionId: true, experimentId: true },
  });
}

/** Where label `name` of the prompt points now (a split while an experiment runs on it), or null when there is no such label. */
export async function currentLabelTarget(db: Tx | PrismaClient, promptId: string, name: string): Promise<LabelTarget | null> {
  const label = await readLabel(db, promptId, name);
  return label ? targetOfLabel(label) : null;
}

/** Appends one entry to the label audit log. */
async function recordMove(
  tx: Tx,
  entry: { workspaceId: string; promptId: string; label: string; from: LabelTarget | null; to: LabelTarget | null },
  move: LabelMove,
): Promise<void> {
  await tx.labelEvent.create({
    data: {
      workspaceId: entry.workspaceId,
      promptId: entry.promptId,
      label: entry.label,
      from: entry.from ?? undefined,
      to: entry.to ?? undefined,
      actorUserId: move.actor.kind === 'user' ? move.actor.userId : null,
      actorKeyId: move.actor.kind === 'apiKey' ? move.actor.key.id : null,
      via: move.via,
      reason: move.reason ?? null,
      requestId: move.requestId ?? null,
    },
  });
  const prompt = await tx.prompt.findUniqueOrThrow({ where: { id: entry.promptId }, select: { name: true } });
  await publishEvent(tx, {
    workspaceId: entry.workspaceId,
    type: 'label.moved',
    data: {
      prompt: { id: entry.promptId, name: prompt.name },
      label: entry.label,
      from: entry.from,
      to: entry.to,
      via: move.via,
      reason: move.reason ?? null,
      actor: webhookActor(move.actor),
    },
  });
}

/** Who moved a label, as webhook receivers see it: ids only. */
function webhookActor(actor: LabelMove['actor']): Record<string, string> {
  if (actor.kind === 'user') return { kind: 'user', userId: actor.userId };
  if (actor.kind === 'apiKey') return { kind: 'apiKey', keyId: actor.key.id };
  return { kind: 'system' };
}

/**
 * Tells the webhooks that a label move stopped the experiment running on the label (`replaced`,
 * `label-removed`, `rolled-back`): the label now points elsewhere, not back at the control.
 */
async function publishMoveStop(
  tx: Tx,
  ended: { id: string; workspaceId: string; promptId: string; labelName: string; endReason: string; endedAt: Date },
  move: LabelMove,
): Promise<void> {
  await publishExperimentStopped(tx, { ...ended, status: 'STOPPED', labelReverted: false }, move.reason ?? null);
}

/** The audit form of a target (a split without its optional parts spelled out). */
function auditTarget(target: LabelTarget): LabelTarget {
  return isSplit(target)
    ? { split: target.split.map((a) => ({ version: a.version, weight: a.weight })), stickyBy: target.stickyBy ?? null }
    : { versionNumber: target.versionNumber };
}

/**
 * Points label `name` of a live prompt at one version or splits it across several (creating the
 * label if needed), in `tx`. A split starts an experiment whose control the label's `versionId`
 * names; a running experiment on the label ends (`replaced`, or as `ending` says).
 */
export async function setLabelIn(tx: Tx, input: SetLabelTarget, move: LabelMove, ending?: ExperimentEndingMove): Promise<LabelOutput> {
  const target = auditTarget(input);
  if (isSplit(target)) {
    const problem = splitProblem(target);
    if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
  }
  const { workspaceId } = await lockLivePrompt(tx, input.id);
  const current = await readLabel(tx, input.id, input.name);
  const running = current?.experiment?.status === 'RUNNING' ? current.experiment.id : null;
  if (ending?.experimentId !== undefined && ending.experimentId !== running) {
    throw new TRPCError({ code: 'CONFLICT', message: `Experiment '${ending.experimentId}' no longer runs on label '${input.name}'` });
  }
  if (running) {
    const endedBy = ending ?? REPLACED;
    const endedAt = await endExperimentIn(tx, running, endedBy);
    // A stop names its experiment and tells the webhooks itself; a promotion is a label move, not a stop.
    if (endedAt && ending?.experimentId === undefined && endedBy.status === 'STOPPED') {
      await publishMoveStop(tx, { id: running, workspaceId, promptId: input.id, labelName: input.name, endReason: endedBy.endReason, endedAt }, move);
    }
  }
  let versionId: string;
  let experimentId: string | null = null;
  if (isSplit(target)) {
    const started = await startExperimentIn(
      tx,
      { workspaceId, promptId: input.id, name: input.name, currentVersionId: current?.versionId ?? null },
      target,
      move,
    );
    versionId = started.controlVersionId;
    experimentId = started.experimentId;
  } else {
    versionId = (await versionIdsOf(tx, input.id, [target.versionNumber]))[0]!;
  }
  const updatedById = move.actor.kind === 'user' ? move.actor.userId : null;
  const label = await tx.promptLabel.upsert({
    where: { promptId_name: { promptId: input.id, name: input.name } },
    create: { promptId: input.id, name: input.name, versionId, experimentId, updatedById },
    update: { versionId, experimentId, updatedById },
    select: labelSelect,
  });
  const from = current ? targetOfLabel(current) : null;
  await recordMove(tx, { workspaceId, promptId: input.id, label: input.name, from, to: target }, move);
  return toLabel(label);
}

/** Points label `name` of a live prompt at a version or splits it (see setLabelIn), in a transaction of its own. */
export function setLabel(prisma: PrismaClient, input: SetLabelTarget, move: LabelMove, ending?: ExperimentEndingMove): Promise<LabelOutput> {
  return prisma.$transaction((tx) => setLabelIn(tx, input, move, ending), WRITE_TRANSACTION_OPTIONS);
}

/** Removes label `name` from a live prompt (ending its running experiment); NOT_FOUND when there is no such label. */
export function deleteLabel(prisma: PrismaClient, input: { id: string; name: string }, move: LabelMove): Promise<void> {
  return prisma.$transaction(async (tx) => {
    const { workspaceId } = await lockLivePrompt(tx, input.id);
    const current = await readLabel(tx, input.id, input.name);
    if (!current) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${input.id}' has no label '${input.name}'` });
    if (current.experiment?.status === 'RUNNING') {
      const ending = { id: current.experiment.id, workspaceId, promptId: input.id, labelName: input.name, endReason: 'label-removed' };
      const endedAt = await endExperimentIn(tx, ending.id, { status: 'STOPPED', endReason: ending.endReason });
      if (endedAt) await publishMoveStop(tx, { ...ending, endedAt }, move);
    }
    await tx.promptLabel.delete({ where: { promptId_name: { promptId: input.id, name: input.name } } });
    await recordMove(tx, { workspaceId, promptId: input.id, label: input.name, from: targetOfLabel(current), to: null }, move);
  }, WRITE_TRANSACTION_OPTIONS);
}
