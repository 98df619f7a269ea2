/**
 * The only code that moves or removes labels, and so the only code that writes the label audit log:
 * every move locks the prompt row, reads where the label pointed, moves it and records a LabelEvent
 * (who or which key, from, to, how, why) in one transaction, so the log never misses or invents a
 * move and two concurrent moves are recorded in the order they happened.
 *
 * Access rules (protected labels, label requests) are the callers' business: routes check them
 * before calling; experiments and guardrails move labels on the system's behalf.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Actor } from '../../trpc.ts';
import { publishEvent } from '../webhooks/index.ts';
import { WRITE_TRANSACTION_OPTIONS } from './promptService.ts';
import type { LabelOutput } from './promptSchemas.ts';
import { labelSelect, toLabel } from './promptSelects.ts';

type Tx = Prisma.TransactionClient;

/** Where a label points, as the audit log and label requests record it. */
export type LabelTarget = { versionNumber: number };

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

/** The prompt's workspace after locking its row; NOT_FOUND for a missing or deleted prompt. */
async function lockPrompt(tx: Tx, promptId: string): Promise<{ workspaceId: string }> {
  const rows = await tx.$queryRaw<Array<{ workspaceId: string }>>`
    SELECT "workspaceId" FROM "Prompt" WHERE id = ${promptId} AND "deletedAt" IS NULL FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${promptId}'` });
  return row;
}

/** Where label `name` of the prompt points now, or null when there is no such label. */
export async function currentLabelTarget(db: Tx | PrismaClient, promptId: string, name: string): Promise<LabelTarget | null> {
  const label = await db.promptLabel.findUnique({
    where: { promptId_name: { promptId, name } },
    select: { version: { select: { number: true } } },
  });
  return label ? { versionNumber: label.version.number } : null;
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

/** Points label `name` of a live prompt at its version `versionNumber` (creating the label if needed), in `tx`. */
export async function setLabelIn(tx: Tx, input: { id: string; name: string; versionNumber: number }, move: LabelMove): Promise<LabelOutput> {
  const { workspaceId } = await lockPrompt(tx, input.id);
  const version = await tx.promptVersion.findFirst({ where: { promptId: input.id, number: input.versionNumber }, select: { id: true } });
  if (!version) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${input.id}' has no version ${input.versionNumber}` });
  const from = await currentLabelTarget(tx, input.id, input.name);
  const updatedById = move.actor.kind === 'user' ? move.actor.userId : null;
  const label = await tx.promptLabel.upsert({
    where: { promptId_name: { promptId: input.id, name: input.name } },
    create: { promptId: input.id, name: input.name, versionId: version.id, updatedById },
    update: { versionId: version.id, updatedById },
    select: labelSelect,
  });
  await recordMove(tx, { workspaceId, promptId: input.id, label: input.name, from, to: { versionNumber: input.versionNumber } }, move);
  return toLabel(label);
}

/** Points label `name` of a live prompt at its version `versionNumber`, creating the label if needed. */
export function setLabel(prisma: PrismaClient, input: { id: string; name: string; versionNumber: number }, move: LabelMove): Promise<LabelOutput> {
  return prisma.$transaction((tx) => setLabelIn(tx, input, move), WRITE_TRANSACTION_OPTIONS);
}

/** Removes label `name` from a live prompt; NOT_FOUND when there is no such label. */
export function deleteLabel(prisma: PrismaClient, input: { id: string; name: string }, move: LabelMove): Promise<void> {
  return prisma.$transaction(async (tx) => {
    const { workspaceId } = await lockPrompt(tx, input.id);
    const from = await currentLabelTarget(tx, input.id, input.name);
    if (!from) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${input.id}' has no label '${input.name}'` });
    await tx.promptLabel.delete({ where: { promptId_name: { promptId: input.id, name: input.name } } });
    await recordMove(tx, { workspaceId, promptId: input.id, label: input.name, from, to: null }, move);
  }, WRITE_TRANSACTION_OPTIONS);
}
