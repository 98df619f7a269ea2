/**
 * The label audit log as the API shows it (newest first, with who made each move), and rollback:
 * one call that moves a label back to where it pointed before its latest move.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import { lockLivePrompt, setLabelIn, WRITE_TRANSACTION_OPTIONS, type LabelMove } from '../prompts/index.ts';
import { actorDescriber } from './auditActors.ts';
import { labelTargetOutput, type LabelHistoryItemOutput, type StoredLabelTarget } from './governanceSchemas.ts';
import { decodeSeqCursor, encodeSeqCursor } from './pageCursors.ts';

type Db = PrismaClient | Prisma.TransactionClient;

const eventSelect = {
  id: true,
  label: true,
  from: true,
  to: true,
  actorUserId: true,
  actorKeyId: true,
  via: true,
  reason: true,
  requestId: true,
  createdAt: true,
  seq: true,
} as const;

type EventRow = Prisma.LabelEventGetPayload<{ select: typeof eventSelect }>;

/** A stored target (JSON) in its API shape; null for none. */
function storedTarget(value: Prisma.JsonValue | null): StoredLabelTarget | null {
  if (value === null) return null;
  return labelTargetOutput.parse(value);
}

/** Maps audit rows to API entries, reading their actors once. */
async function toHistoryItems(db: Db, rows: EventRow[]): Promise<LabelHistoryItemOutput[]> {
  const describe = await actorDescriber(
    db,
    rows.map((r) => ({ userId: r.actorUserId, keyId: r.actorKeyId })),
  );
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    from: storedTarget(r.from),
    to: storedTarget(r.to),
    actor: describe({ userId: r.actorUserId, keyId: r.actorKeyId }),
    via: r.via,
    reason: r.reason,
    requestId: r.requestId,
    at: r.createdAt.toISOString(),
  }));
}

/** A page of a prompt's label moves (of one label, with `label`), newest first. */
export async function listLabelHistory(
  db: Db,
  input: { promptId: string; label?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: LabelHistoryItemOutput[]; nextCursor: string | null }> {
  const before = input.cursor === undefined ? undefined : decodeSeqCursor(input.cursor);
  const rows = await db.labelEvent.findMany({
    where: { promptId: input.promptId, ...(input.label ? { label: input.label } : {}), ...(before !== undefined ? { seq: { lt: before } } : {}) },
    orderBy: { seq: 'desc' },
    take: input.limit + 1,
    select: eventSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: await toHistoryItems(db, page), nextCursor: rows.length > input.limit && last ? encodeSeqCursor(last.seq) : null };
}

/** How a rollback ends the label's running experiment. */
const ROLLED_BACK = { status: 'STOPPED', endReason: 'rolled-back' } as const;

function nothingToRollBackTo(label: string, why: string): TRPCError {
  return new TRPCError({ code: 'CONFLICT', message: `Nothing to roll back to: label '${label}' ${why}` });
}

/**
 * Moves label `label` back to the target before its latest move (via `rollback`), in one
 * transaction with its audit entry, and returns that entry. A split target starts a new experiment
 * with that split; a running experiment on the label ends as STOPPED, `rolled-back`. CONFLICT when
 * the label never moved or did not exist before its latest move. Access rules (protected labels)
 * are the caller's business.
 */
export async function rollbackLabel(
  prisma: PrismaClient,
  input: { promptId: string; label: string },
  move: Omit<LabelMove, 'via' | 'requestId'>,
): Promise<LabelHistoryItemOutput> {
  return prisma.$transaction(async (tx) => {
    await lockLivePrompt(tx, input.promptId);
    const latest = await tx.labelEvent.findFirst({ where: { promptId: input.promptId, label: input.label }, orderBy: { seq: 'desc' }, select: eventSelect });
    if (!latest) throw nothingToRollBackTo(input.label, 'has never moved');
    const previous = storedTarget(latest.from);
    if (!previous) throw nothingToRollBackTo(input.label, 'did not exist before its latest move (remove it instead)');
    await setLabelIn(tx, { id: input.promptId, name: input.label, ...previous }, { ...move, via: 'rollback' }, ROLLED_BACK);
    const written = await tx.labelEvent.findFirstOrThrow({
      where: { promptId: input.promptId, label: input.label },
      orderBy: { seq: 'desc' },
      select: eventSelect,
    });
    const [item] = await toHistoryItems(tx, [written]);
    return item!;
  }, WRITE_TRANSACTION_OPTIONS);
}
