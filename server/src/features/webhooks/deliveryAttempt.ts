/**
 * One attempt of a delivery, as its job runs it: sign and POST the stored body, then record the
 * attempt and what follows (delivered, given up, or the next attempt's time on an exponential
 * backoff) in one transaction. A 410 Gone disables the webhook in that transaction and fails its
 * other pending deliveries with the reason; any other failure keeps the retry policy. The attempt is recorded only if the delivery still waits for that
 * attempt number, so a job delivered twice (pg-boss is at-least-once) records it once; the
 * receiver deduplicates a repeated request by its `webhook-id`, as the specification expects.
 */
import type { Prisma, PrismaClient } from '../../generated/prisma/client.ts';
import type { Env } from '../../env.ts';
import { GONE, isDelivered, postWebhook, signedHeaders, type AttemptResult } from './webhookRequest.ts';
import { signingSecretsAt } from './webhookSecret.ts';

/** What a delivery job carries: which delivery, and which attempt of it this job makes. */
export interface DeliveryJob {
  deliveryId: string;
  attempt: number;
}

/** Longest wait between two attempts. */
const MAX_DELAY_SECONDS = 12 * 60 * 60;
/** Each retry waits this many times longer than the one before. */
const BACKOFF_FACTOR = 3;

/**
 * Seconds to wait after failed attempt `attempt` (1-based): base, 3x base, 9x base... capped at
 * 12 h, with up to 10% random jitter so receivers coming back are not hit by every retry at once.
 */
export function retryDelaySeconds(attempt: number, baseSeconds: number, random: () => number = Math.random): number {
  const delay = Math.min(baseSeconds * BACKOFF_FACTOR ** (attempt - 1), MAX_DELAY_SECONDS);
  return delay * (1 + 0.1 * random());
}

const deliverySelect = {
  id: true,
  status: true,
  attemptCount: true,
  finalAttempt: true,
  event: { select: { id: true, payload: true } },
  webhook: {
    select: {
      id: true,
      workspaceId: true,
      url: true,
      active: true,
      disabledReason: true,
      encryptedSecret: true,
      secretIv: true,
      secretTag: true,
      previousEncryptedSecret: true,
      previousSecretIv: true,
      previousSecretTag: true,
      previousSecretExpiresAt: true,
    },
  },
} as const;

/** Why a webhook whose receiver answered 410 is disabled, shown on the webhook and its failed deliveries. */
export const GONE_REASON = 'The receiver answered 410 Gone: the endpoint no longer exists';

/** Why no request is made at all; such an attempt is final. */
function refusal(reason: string): AttemptResult & { final: true } {
  return { statusCode: null, error: reason, durationMs: 0, final: true };
}

/**
 * Makes attempt `job.attempt` of its delivery unless that attempt was made already or the delivery
 * is settled. Returns true when another attempt was scheduled (its job still has to be sent).
 */
export async function runDeliveryAttempt(prisma: PrismaClient, env: Env, job: DeliveryJob, now: () => Date = () => new Date()): Promise<boolean> {
  const delivery = await prisma.webhookDelivery.findUnique({ where: { id: job.deliveryId }, select: deliverySelect });
  if (!delivery || delivery.status !== 'PENDING' || delivery.attemptCount !== job.attempt - 1) return false;
  const { webhook, event } = delivery;
  let result: AttemptResult & { final?: true };
  if (!webhook.active) {
    result = refusal(webhook.disabledReason ? `The webhook is disabled: ${webhook.disabledReason}` : 'The webhook is disabled');
  } else {
    const signedAt = now();
    const secrets = signingSecretsAt(env.credentialsSecret, webhook, signedAt);
    result = secrets
      ? await postWebhook(webhook.url, signedHeaders(secrets, event.id, event.payload, signedAt), event.payload, {
          allowPrivate: env.webhooks.allowPrivateUrls,
        })
      : refusal('The signing secret cannot be read (the server secret changed): rotate it');
    if (result.statusCode === GONE) result = { ...result, error: GONE_REASON, final: true };
  }
  const delivered = isDelivered(result.statusCode);
  const lastAllowed = delivery.finalAttempt ?? env.webhooks.maxAttempts;
  const final = delivered || result.final === true || job.attempt >= lastAllowed;
  // The backoff runs from the end of this attempt, which is also when it is recorded as made.
  const finishedAt = now();
  const nextAttemptAt = final ? null : new Date(finishedAt.getTime() + retryDelaySeconds(job.attempt, env.webhooks.retryBaseSeconds) * 1000);
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: 'PENDING', attemptCount: job.attempt - 1 },
      data: { attemptCount: job.attempt, status: delivered ? 'SUCCEEDED' : final ? 'FAILED' : 'PENDING', nextAttemptAt, jobSentAt: null },
    });
    if (claimed.count === 0) return false;
    await tx.webhookAttempt.create({
      data: {
        deliveryId: delivery.id,
        number: job.attempt,
        statusCode: result.statusCode,
        error: result.error,
        durationMs: result.durationMs,
        nextAttemptAt,
        manual: delivery.finalAttempt !== null,
        createdAt: finishedAt,
      },
      select: { id: true },
    });
    if (result.statusCode === GONE) await disableGoneWebhook(tx, webhook.id, finishedAt);
    return !final;
  });
}

/**
 * Disables a webhook whose receiver answered 410 (active=false with the reason and time) and fails
 * each of its other pending deliveries with one recorded attempt naming the reason, so none is
 * retried; jobs already queued for them find nothing left to do. Re-enabling the webhook delivers
 * new events again; a failed delivery goes out again by a resend.
 */
async function disableGoneWebhook(tx: Prisma.TransactionClient, webhookId: string, at: Date): Promise<void> {
  await tx.webhook.updateMany({ where: { id: webhookId, active: true }, data: { active: false, disabledReason: GONE_REASON, disabledAt: at } });
  const pending = await tx.webhookDelivery.findMany({ where: { webhookId, status: 'PENDING' }, select: { id: true, attemptCount: true } });
  const error = `The webhook is disabled: ${GONE_REASON}`;
  for (const delivery of pending) {
    const number = delivery.attemptCount + 1;
    const failed = await tx.webhookDelivery.updateMany({
      where: { id: delivery.id, status: 'PENDING', attemptCount: delivery.attemptCount },
      data: { status: 'FAILED', attemptCount: number, nextAttemptAt: null, jobSentAt: null },
    });
    if (failed.count === 0) continue;
    await tx.webhookAttempt.create({
      data: { deliveryId: delivery.id, number, statusCode: null, error, durationMs: 0, nextAttemptAt: null, createdAt: at },
      select: { id: true },
    });
  }
}
