/**
 * The server's durable job queue (pg-boss on the app's own database): started with the server,
 * stopped on shutdown. Features plug in as `JobFeature`s; each creates its queues and workers and
 * re-sends work a crash may have left unsent. Delivery is at-least-once, so handlers are idempotent.
 */
import { createProviderLimiter, PROVIDER_CONCURRENCY_DEFAULTS, type ProviderLimiter } from '@promptstack/core/runner/limiter';
import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { Database } from '../db/client.ts';
import type { Env } from '../env.ts';
import { createBoss } from './createBoss.ts';
import { attachQueue, detachQueue } from './queueRegistry.ts';

/** What job handlers use. */
export interface JobDeps {
  db: Database;
  env: Env;
  logger: Logger;
}

/** Worker tuning; the defaults suit a server (tests use smaller batches). */
export interface JobQueueOptions {
  /** Jobs fetched per poll (batchSize 1 polls at ~8 jobs/s, so fetch several). Default 16. */
  batchSize?: number;
  /** Polling loops per queue in this process. Default 2. */
  localConcurrency?: number;
  /** Provider calls in flight at once in this process, per provider. Default: each provider's `defaultConcurrency` in core. */
  providerConcurrency?: Record<string, number>;
}

/** A started queue. */
export interface JobQueue {
  boss: PgBoss;
  options: Required<JobQueueOptions>;
  /** Bounds concurrent provider calls of every job in this process. */
  limiter: ProviderLimiter;
  /** Wakes this process's workers of `queue` now instead of at their next poll. */
  wake(queue: string): void;
  /** Remembers a worker id so `wake` can reach it. */
  addWorker(queue: string, workerId: string): void;
  /** AbortControllers of in-flight work by group (an A/B test id), so a cancel stops it here. */
  track(group: string, controller: AbortController): () => void;
  /** Aborts this process's in-flight work of `group`. */
  abortGroup(group: string): void;
  /** Groups with work in flight in this process. */
  inFlightGroups(): string[];
  /** Runs `cleanup` when the queue stops (a feature's timers). */
  onStop(cleanup: () => void): void;
  /** Stops fetching, waits for jobs in flight (up to `timeoutMs`), then detaches. */
  stop(timeoutMs?: number): Promise<void>;
}

/** A feature's jobs: queues, workers, and a start-up pass re-sending anything unsent. */
export interface JobFeature {
  name: string;
  register(queue: JobQueue, deps: JobDeps): Promise<void>;
  reconcile(queue: JobQueue, deps: JobDeps): Promise<void>;
}

const DEFAULTS: Required<JobQueueOptions> = {
  batchSize: 16,
  localConcurrency: 2,
  providerConcurrency: PROVIDER_CONCURRENCY_DEFAULTS,
};

/**
 * Starts pg-boss on `deps.db`, registers the workers of `features` (the caller names them, so the
 * queue knows no feature) and attaches the queue to the database.
 */
export async function startJobQueue(deps: JobDeps, features: readonly JobFeature[], options: JobQueueOptions = {}): Promise<JobQueue> {
  const settings: Required<JobQueueOptions> = { ...DEFAULTS, ...options };
  const boss = createBoss(deps.db.raw);
  boss.on('error', (error: unknown) => deps.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  const workers = new Map<string, string[]>();
  const inFlight = new Map<string, Set<AbortController>>();
  const cleanups: Array<() => void> = [];
  let stopping: Promise<void> | undefined;
  const queue: JobQueue = {
    boss,
    options: settings,
    limiter: createProviderLimiter(settings.providerConcurrency),
    wake(name) {
      for (const id of workers.get(name) ?? []) boss.notifyWorker(id);
    },
    addWorker(name, id) {
      workers.set(name, [...(workers.get(name) ?? []), id]);
    },
    track(group, controller) {
      const set = inFlight.get(group) ?? new Set();
      set.add(controller);
      inFlight.set(group, set);
      return () => {
        set.delete(controller);
        if (set.size === 0) inFlight.delete(group);
      };
    },
    abortGroup(group) {
      for (const controller of inFlight.get(group) ?? []) controller.abort();
    },
    inFlightGroups() {
      return [...inFlight.keys()];
    },
    onStop(cleanup) {
      cleanups.push(cleanup);
    },
    stop(timeoutMs = 10_000) {
      stopping ??= (async () => {
        for (const cleanup of cleanups) cleanup();
        detachQueue(deps.db, queue);
        // graceful: finish the jobs in hand; close: end pg-boss's own pool (Postgres).
        await boss.stop({ graceful: true, close: true, timeout: timeoutMs });
      })();
      return stopping;
    },
  };
  for (const feature of features) await feature.register(queue, deps);
  attachQueue(deps.db, queue);
  for (const feature of features) {
    // A failed re-send must not stop the server; the next start tries again.
    await feature.reconcile(queue, deps).catch((error: unknown) => deps.logger.error({ err: error, feature: feature.name }, 'job reconcile failed'));
  }
  return queue;
}
