/**
 * One attempt of a delivery, as its job runs it: sign and POST the stored body, then record the
 * attempt and what follows (delivered, given up, or the next attempt's time on an exponential
 * backoff) in one transaction. The attempt is recorded only if the delivery still waits for that
 * attempt number, so a job delivered twice (pg-boss is at-least-once) records it once; the
 * receiver deduplicates a repeated request by its `webhook-id`, as the specification expects.
 */
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { Env } from '../../env.ts';
import { isDelivered, postWebhook, signedHeaders, type AttemptResult } from './webhookRequest.ts';
import { openSigningSecret } from './webhookSecret.ts';

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
  webhook: { select: { id: true, workspaceId: true, url: true, active: true, encryptedSecret: true, secretIv: true, secretTag: true } },
} as const;

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
    result = refusal('The webhook is disabled');
  } else {
    const secret = openSigningSecret(env.credentialsSecret, webhook);
    result = secret
      ? await postWebhook(webhook.url, signedHeaders(secret, event.id, event.payload, now()), event.payload, { allowPrivate: env.webhooks.allowPrivateUrls })
      : refusal('The signing secret cannot be read (the server secret changed): rotate it');
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
    return !final;
  });
}
