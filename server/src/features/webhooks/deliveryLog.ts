/**
 * A webhook's delivery log (newest first, paged, each delivery with its attempts) and the resend
 * of one delivery: one more attempt of the same message (same `webhook-id` and body, signed afresh),
 * as the Standard Webhooks specification describes a manual retry.
 */
import { TRPCError } from '@trpc/server';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { pageOf, pageWindow, type PageRequest } from '../../http/paging.ts';
import { DELIVERY_CHANNEL } from './publishEvent.ts';
import type { WebhookEventType } from './webhookEvents.ts';
import type { DeliveryOutput } from './webhookSchemas.ts';

const deliverySelect = {
  id: true,
  status: true,
  attemptCount: true,
  nextAttemptAt: true,
  createdAt: true,
  event: { select: { id: true, type: true, payload: true } },
  attempts: {
    select: { number: true, statusCode: true, error: true, durationMs: true, nextAttemptAt: true, manual: true, createdAt: true },
    orderBy: { number: 'asc' },
  },
} as const;

type DeliveryRow = {
  id: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  attemptCount: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  event: { id: string; type: string; payload: string };
  attempts: Array<{
    number: number;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    nextAttemptAt: Date | null;
    manual: boolean;
    createdAt: Date;
  }>;
};

function toDelivery(row: DeliveryRow): DeliveryOutput {
  return {
    id: row.id,
    messageId: row.event.id,
    type: row.event.type as WebhookEventType,
    status: row.status,
    attemptCount: row.attemptCount,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    payload: JSON.parse(row.event.payload) as Record<string, unknown>,
    createdAt: row.createdAt.toISOString(),
    attempts: row.attempts.map((a) => ({ ...a, nextAttemptAt: a.nextAttemptAt?.toISOString() ?? null, createdAt: a.createdAt.toISOString() })),
  };
}

/** A page of a webhook's deliveries, newest first. */
export async function listDeliveries(prisma: PrismaClient, webhookId: string, page: PageRequest) {
  const where = { webhookId };
  const [rows, total] = await Promise.all([
    prisma.webhookDelivery.findMany({ where, select: deliverySelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...pageWindow(page) }),
    prisma.webhookDelivery.count({ where }),
  ]);
  return pageOf(rows.map(toDelivery), total, page);
}

/**
 * Queues one more attempt of a settled delivery, due now; 409 while it is still being attempted.
 * The job is sent by the dispatcher when this commits.
 */
export async function resendDelivery(prisma: PrismaClient, webhookId: string, deliveryId: string): Promise<DeliveryOutput> {
  return prisma.$transaction(async (tx) => {
    const delivery = await tx.webhookDelivery.findFirst({
      where: { id: deliveryId, webhookId },
      select: { status: true, attemptCount: true, webhook: { select: { active: true } } },
    });
    if (!delivery) throw new TRPCError({ code: 'NOT_FOUND', message: `No delivery '${deliveryId}' of this webhook` });
    if (!delivery.webhook.active) throw new TRPCError({ code: 'CONFLICT', message: 'This webhook is disabled; enable it before resending' });
    const updated = await tx.webhookDelivery.updateMany({
      where: { id: deliveryId, status: { not: 'PENDING' }, attemptCount: delivery.attemptCount },
      data: { status: 'PENDING', finalAttempt: delivery.attemptCount + 1, nextAttemptAt: new Date(), jobSentAt: null },
    });
    if (updated.count === 0)
      throw new TRPCError({ code: 'CONFLICT', message: 'This delivery is still being attempted; resend it once it has succeeded or failed' });
    await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
    return toDelivery(await tx.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, select: deliverySelect }));
  });
}
