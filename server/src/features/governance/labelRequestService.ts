/**
 * Label requests: a Member or an API key asks for a move of a (usually protected) label, and an
 * Admin other than the requester approves it (the label moves in the same transaction, via
 * `approval`) or rejects it. The only code that writes label requests.
 */
import { TRPCError } from '@trpc/server';
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { LabelRequestStatus } from '../../generated/prisma/enums.ts';
import type { Actor } from '../../trpc.ts';
import { isSplit, setLabelIn, versionIdsOf, WRITE_TRANSACTION_OPTIONS, type LabelTarget } from '../prompts/index.ts';
import { publishEvent } from '../webhooks/index.ts';
import { actorDescriber } from './auditActors.ts';
import { labelTargetOutput, type LabelRequestOutput } from './governanceSchemas.ts';
import { decodeTimeIdCursor, encodeTimeIdCursor } from './pageCursors.ts';

type Db = PrismaClient | Prisma.TransactionClient;

const requestSelect = {
  id: true,
  workspaceId: true,
  promptId: true,
  label: true,
  target: true,
  reason: true,
  status: true,
  requestedById: true,
  requestedByKeyId: true,
  decidedById: true,
  decidedAt: true,
  decisionNote: true,
  createdAt: true,
} as const;

type RequestRow = Prisma.LabelRequestGetPayload<{ select: typeof requestSelect }>;

/** Maps request rows to the API shape, reading requesters and deciders once. */
async function toRequests(db: Db, rows: RequestRow[]): Promise<LabelRequestOutput[]> {
  const describe = await actorDescriber(db, [
    ...rows.map((r) => ({ userId: r.requestedById, keyId: r.requestedByKeyId })),
    ...rows.map((r) => ({ userId: r.decidedById, keyId: null })),
  ]);
  return rows.map((r) => ({
    id: r.id,
    promptId: r.promptId,
    label: r.label,
    target: labelTargetOutput.parse(r.target),
    reason: r.reason,
    status: r.status.toLowerCase() as LabelRequestOutput['status'],
    requestedBy: describe({ userId: r.requestedById, keyId: r.requestedByKeyId }),
    decidedBy: r.decidedById ? describe({ userId: r.decidedById, keyId: null }) : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    createdAt: r.createdAt.toISOString(),
  }));
}

/**
 * Records a request to point label `label` of a live prompt at `target` (one version or a split),
 * pending. NOT_FOUND for a missing prompt or version. Returns the stored request.
 */
export async function createLabelRequest(
  prisma: PrismaClient,
  input: { promptId: string; label: string; target: LabelTarget; reason?: string | undefined },
  actor: Actor,
): Promise<LabelRequestOutput> {
  return prisma.$transaction(async (tx) => {
    const prompt = await tx.prompt.findFirst({ where: { id: input.promptId, deletedAt: null }, select: { workspaceId: true } });
    if (!prompt) throw new TRPCError({ code: 'NOT_FOUND', message: `No prompt '${input.promptId}'` });
    await versionIdsOf(tx, input.promptId, isSplit(input.target) ? input.target.split.map((arm) => arm.version) : [input.target.versionNumber]);
    const row = await tx.labelRequest.create({
      data: {
        workspaceId: prompt.workspaceId,
        promptId: input.promptId,
        label: input.label,
        target: input.target,
        reason: input.reason ?? null,
        requestedById: actor.kind === 'user' ? actor.userId : null,
        requestedByKeyId: actor.kind === 'apiKey' ? actor.key.id : null,
      },
      select: requestSelect,
    });
    const [request] = await toRequests(tx, [row]);
    // The Admins who decide hear of it through the workspace's webhooks, only if the request is stored.
    await publishEvent(tx, { workspaceId: prompt.workspaceId, type: 'label.requested', data: request! });
    return request!;
  }, WRITE_TRANSACTION_OPTIONS);
}

/** A page of a prompt's label requests, newest first, optionally of one status and one label. */
export async function listLabelRequests(
  db: Db,
  input: { promptId: string; status?: 'pending' | 'approved' | 'rejected' | undefined; label?: string | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: LabelRequestOutput[]; nextCursor: string | null }> {
  const after = input.cursor === undefined ? undefined : decodeTimeIdCursor(input.cursor);
  const rows = await db.labelRequest.findMany({
    where: {
      promptId: input.promptId,
      ...(input.status ? { status: input.status.toUpperCase() as LabelRequestStatus } : {}),
      ...(input.label ? { label: input.label } : {}),
      ...(after ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: input.limit + 1,
    select: requestSelect,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return { items: await toRequests(db, page), nextCursor: rows.length > input.limit && last ? encodeTimeIdCursor(last) : null };
}

/**
 * Locks a request of the prompt for a decision by `deciderId`: NOT_FOUND when the prompt has no such
 * request, FORBIDDEN when the decider asked for it, CONFLICT when it is already decided.
 */
async function lockPendingRequest(tx: Prisma.TransactionClient, promptId: string, requestId: string, deciderId: string): Promise<RequestRow> {
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "LabelRequest" WHERE id = ${requestId} AND "promptId" = ${promptId} FOR UPDATE`;
  if (!locked[0]) throw new TRPCError({ code: 'NOT_FOUND', message: `Prompt '${promptId}' has no label request '${requestId}'` });
  const row = await tx.labelRequest.findUniqueOrThrow({ where: { id: requestId }, select: requestSelect });
  if (row.requestedById === deciderId) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'You asked for this move: another Admin must approve or reject it' });
  }
  if (row.status !== 'PENDING') {
    throw new TRPCError({ code: 'CONFLICT', message: `This label request is already ${row.status.toLowerCase()}` });
  }
  return row;
}

/** Who decides a request: an Admin, by the procedure's permission. */
export interface Decider {
  userId: string;
  actor: Actor;
}

/**
 * Approves a pending request: moves its label to its target (via `approval`, with the request's
 * reason and id in the audit entry; a split starts its experiment) and marks it approved, in one
 * transaction. A split whose versions are gone or that no longer checks out fails the whole approval.
 */
export async function approveLabelRequest(
  prisma: PrismaClient,
  input: { promptId: string; requestId: string; note?: string | undefined },
  decider: Decider,
): Promise<LabelRequestOutput> {
  return prisma.$transaction(async (tx) => {
    const row = await lockPendingRequest(tx, input.promptId, input.requestId, decider.userId);
    // A split starts its live experiment here, exactly as an Admin's PUT .../labels/{name} would.
    await setLabelIn(
      tx,
      { id: row.promptId, name: row.label, ...labelTargetOutput.parse(row.target) },
      {
        actor: decider.actor,
        via: 'approval',
        reason: row.reason ?? undefined,
        requestId: row.id,
      },
    );
    const decided = await tx.labelRequest.update({
      where: { id: row.id },
      data: { status: 'APPROVED', decidedById: decider.userId, decidedAt: new Date(), decisionNote: input.note ?? null },
      select: requestSelect,
    });
    const [request] = await toRequests(tx, [decided]);
    return request!;
  }, WRITE_TRANSACTION_OPTIONS);
}

/** Rejects a pending request, with an optional note; the label does not move. */
export async function rejectLabelRequest(
  prisma: PrismaClient,
  input: { promptId: string; requestId: string; note?: string | undefined },
  decider: Decider,
): Promise<LabelRequestOutput> {
  return prisma.$transaction(async (tx) => {
    const row = await lockPendingRequest(tx, input.promptId, input.requestId, decider.userId);
    const decided = await tx.labelRequest.update({
      where: { id: row.id },
      data: { status: 'REJECTED', decidedById: decider.userId, decidedAt: new Date(), decisionNote: input.note ?? null },
      select: requestSelect,
    });
    const [request] = await toRequests(tx, [decided]);
    return request!;
  }, WRITE_TRANSACTION_OPTIONS);
}
