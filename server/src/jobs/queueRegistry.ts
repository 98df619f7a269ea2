/**
 * Which job queue serves which open database, so request handlers (which get `ctx.db`) can wake
 * the workers right after writing a job's rows. Nothing depends on a queue being attached: rows
 * written without one are picked up when a queue starts (see `reconcile` in jobQueue.ts).
 */
import type { Database } from '../db/client.ts';
import type { JobQueue } from './jobQueue.ts';

const queues = new WeakMap<Database, JobQueue>();

/** Records `queue` as the one working for `db`. */
export function attachQueue(db: Database, queue: JobQueue): void {
  queues.set(db, queue);
}

/** Forgets `queue` (when it stops), unless another one replaced it. */
export function detachQueue(db: Database, queue: JobQueue): void {
  if (queues.get(db) === queue) queues.delete(db);
}

/** The running queue of `db`, if any. */
export function queueOf(db: Database): JobQueue | undefined {
  return queues.get(db);
}
