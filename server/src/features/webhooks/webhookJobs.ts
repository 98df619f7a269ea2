/**
 * Webhook deliveries as durable jobs: one pg-boss job per attempt, with an id derived from
 * (delivery, attempt number), so sending the same attempt twice (the sweep and a notification at
 * once, two servers) makes one job. A failed attempt schedules the next as a job that starts after
 * its backoff. A delivery whose next job was not yet handed to pg-boss has `jobSentAt` null; the
 * dispatcher (a NOTIFY on commit, a periodic sweep, a pass at start-up) sends those.
 */
import type { Job } from 'pg-boss';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { stableJobId } from '../../jobs/jobIds.ts';
import type { JobDeps, JobFeature, JobQueue } from '../../jobs/jobQueue.ts';
import { runDeliveryAttempt, type DeliveryJob } from './deliveryAttempt.ts';
import { startDispatcher } from './webhookDispatch.ts';

/** The queue of delivery attempts. */
export const WEBHOOK_QUEUE = 'webhook-delivery';
/**
 * The queue's policy. An HTTP failure is a recorded attempt, not a job failure; pg-boss's own
 * retries only cover a handler that could not reach the database, or a server that died mid-job
 * (its heartbeat stops and the supervisor fails the job so it is retried).
 */
const WEBHOOK_QUEUE_OPTIONS = { retryLimit: 5, retryDelay: 5, retryBackoff: true, expireInSeconds: 120, heartbeatSeconds: 10 };
/** Deliveries sent per pass. */
const SEND_CHUNK = 500;

/** The stable job id of attempt `attempt` of a delivery. */
export function deliveryJobId(deliveryId: string, attempt: number): string {
  return stableJobId(`webhook:${deliveryId}:${attempt}`);
}

/**
 * Hands the next attempt of every pending delivery not yet sent (or of `deliveryIds` only) to
 * pg-boss, starting at its `nextAttemptAt`; returns how many were sent.
 */
export async function sendPendingJobs(queue: JobQueue, prisma: PrismaClient, deliveryIds?: string[]): Promise<number> {
  let sent = 0;
  for (;;) {
    const due = await prisma.webhookDelivery.findMany({
      where: { status: 'PENDING', jobSentAt: null, ...(deliveryIds ? { id: { in: deliveryIds } } : {}) },
      select: { id: true, attemptCount: true, nextAttemptAt: true },
      orderBy: { createdAt: 'asc' },
      take: SEND_CHUNK,
    });
    if (due.length === 0) return sent;
    await queue.boss.insert(
      WEBHOOK_QUEUE,
      due.map((d) => ({
        id: deliveryJobId(d.id, d.attemptCount + 1),
        data: { deliveryId: d.id, attempt: d.attemptCount + 1 } satisfies DeliveryJob,
        ...(d.nextAttemptAt ? { startAfter: d.nextAttemptAt } : {}),
      })),
    );
    // Only rows still waiting for that same attempt: one its job already made is not marked sent.
    await prisma.webhookDelivery.updateMany({
      where: { jobSentAt: null, OR: due.map((d) => ({ id: d.id, attemptCount: d.attemptCount })) },
      data: { jobSentAt: new Date() },
    });
    queue.wake(WEBHOOK_QUEUE);
    sent += due.length;
    if (due.length < SEND_CHUNK) return sent;
  }
}

/** Runs a fetched batch of attempts side by side; a failure (the database) fails the batch so pg-boss retries it. */
async function handleBatch(queue: JobQueue, deps: JobDeps, jobs: Job<DeliveryJob>[]): Promise<void> {
  const prisma = deps.db.prisma;
  const outcomes = await Promise.allSettled(
    jobs.map(async (job) => {
      if (await runDeliveryAttempt(prisma, deps.env, job.data)) await sendPendingJobs(queue, prisma, [job.data.deliveryId]);
    }),
  );
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
}

/** The webhooks feature's jobs, registered by the job queue at start-up. */
export const webhookJobs: JobFeature = {
  name: 'webhooks',
  async register(queue, deps) {
    const { boss, options } = queue;
    await boss.createQueue(WEBHOOK_QUEUE, WEBHOOK_QUEUE_OPTIONS);
    await boss.updateQueue(WEBHOOK_QUEUE, WEBHOOK_QUEUE_OPTIONS);
    const worker = await boss.work<DeliveryJob>(
      WEBHOOK_QUEUE,
      { batchSize: options.batchSize, localConcurrency: options.localConcurrency, pollingIntervalSeconds: 0.5 },
      (jobs: Job<DeliveryJob>[]) => handleBatch(queue, deps, jobs),
    );
    queue.addWorker(WEBHOOK_QUEUE, worker);
    queue.onStop(await startDispatcher(deps, () => sendPendingJobs(queue, deps.db.prisma)));
  },
  async reconcile(queue, deps) {
    await sendPendingJobs(queue, deps.db.prisma);
  },
};
