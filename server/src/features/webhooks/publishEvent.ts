/**
 * The outbox: an event is written with one delivery per active webhook subscribed to it, in the
 * caller's transaction, so it exists exactly when the change it reports committed (a rolled-back
 * change publishes nothing). A NOTIFY in the same transaction, which Postgres hands out only on
 * commit, wakes the dispatcher (webhookDispatch.ts) to send the delivery jobs; its sweep sends
 * whatever a missed notification or a crash left unsent.
 */
import { randomUUID } from 'node:crypto';
import type { Prisma } from '../../generated/prisma/client.ts';
import type { WebhookEventType, WebhookPayload } from './webhookEvents.ts';

/** The channel a committed event is announced on. */
export const DELIVERY_CHANNEL = 'promptstack_webhook_deliveries';

/** An event to publish. `data` must be plain JSON. */
export interface PublishedEvent {
  workspaceId: string;
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/**
 * Records `event` for every active webhook of its workspace subscribed to its type, in `tx`.
 * Returns the message id, or null when no webhook listens (nothing is written then).
 */
export async function publishEvent(tx: Prisma.TransactionClient, event: PublishedEvent): Promise<string | null> {
  const webhooks = await tx.webhook.findMany({
    where: { workspaceId: event.workspaceId, active: true, events: { has: event.type } },
    select: { id: true },
  });
  if (webhooks.length === 0) return null;
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = new Date();
  const payload: WebhookPayload = { type: event.type, timestamp: timestamp.toISOString(), data: event.data };
  await tx.webhookEvent.create({
    data: { id, workspaceId: event.workspaceId, type: event.type, payload: JSON.stringify(payload), createdAt: timestamp },
    select: { id: true },
  });
  await tx.webhookDelivery.createMany({ data: webhooks.map((webhook) => ({ webhookId: webhook.id, eventId: id, nextAttemptAt: timestamp })) });
  await tx.$executeRaw`SELECT pg_notify(${DELIVERY_CHANNEL}, '')`;
  return id;
}
