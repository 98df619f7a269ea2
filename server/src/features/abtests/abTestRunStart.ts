/**
 * Keeping cancel true across servers. Every run claims its start in a short transaction that reads
 * its test's row `FOR SHARE`; a cancel's UPDATE of that row waits for claims in progress and every
 * later claim reads the cancelled status, so once a cancel is acknowledged no run starts on any
 * server. Calls already under way elsewhere are aborted by each server's watcher within a second.
 */
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import type { JobQueue } from '../../jobs/jobQueue.ts';
import { ACTIVE_STATUSES } from './abTestProgress.ts';

/** How often a server checks whether the tests it has calls in flight for were stopped elsewhere. */
const WATCH_INTERVAL_MS = 1000;

const isActive = (status: string | undefined) => ACTIVE_STATUSES.includes(status as (typeof ACTIVE_STATUSES)[number]);

/**
 * True when the run `jobKey` of `abTestId` may start now (its test is queued or running), false when
 * the test was stopped or deleted. Logged (debug) while the row is held, so the log line of every
 * start precedes any cancel that follows it.
 */
export async function claimRunStart(prisma: PrismaClient, logger: Logger, abTestId: string, jobKey: string): Promise<boolean> {
  // Generous waits: a claim queues behind the progress updates of the same row and for a pool connection.
  return prisma.$transaction(
    async (tx) => {
      const rows = await tx.$queryRaw<Array<{ status: string }>>`SELECT status::text AS status FROM "AbTest" WHERE id = ${abTestId} FOR SHARE`;
      const live = isActive(rows[0]?.status);
      logger.debug({ abTestId, jobKey }, live ? 'A/B run starts' : 'A/B run not started: its test stopped');
      return live;
    },
    { maxWait: 30_000, timeout: 30_000 },
  );
}

/** Aborts this server's calls in flight for tests stopped (or deleted) by any server, until the queue stops. */
export function watchStoppedTests(queue: JobQueue, prisma: PrismaClient, logger: Logger): void {
  let checking = false;
  const timer = setInterval(() => {
    const groups = queue.inFlightGroups();
    if (checking || groups.length === 0) return;
    checking = true;
    prisma.abTest
      .findMany({ where: { id: { in: groups } }, select: { id: true, status: true } })
      .then((rows) => {
        const live = new Set(rows.filter((r) => isActive(r.status)).map((r) => r.id));
        for (const id of groups) if (!live.has(id)) queue.abortGroup(id);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not check for stopped A/B tests'))
      .finally(() => (checking = false));
  }, WATCH_INTERVAL_MS);
  // The watcher alone must not keep a process alive.
  timer.unref();
  queue.onStop(() => clearInterval(timer));
}
