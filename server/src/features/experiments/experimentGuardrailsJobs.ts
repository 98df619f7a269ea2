/**
 * Guardrail evaluation as a durable job: after generations of a live experiment are ingested, one
 * evaluation of that experiment is queued (pg-boss `stately` policy keyed by the experiment: at most
 * one queued and one running per experiment, so a burst of ingestion coalesces into one more pass
 * that sees every row). The job evaluates the experiment, which stores its looks and stops it when a
 * guardrail trips. At start-up every running experiment is evaluated once, covering ingestion that
 * happened while no queue ran.
 */
import type { Job } from 'pg-boss';
import { TRPCError } from '@trpc/server';
import type { Database } from '../../db/client.ts';
import type { JobDeps, JobFeature, JobQueue } from '../../jobs/jobQueue.ts';
import { queueOf } from '../../jobs/queueRegistry.ts';
import { evaluateExperiment } from './experimentResults.ts';

/** The queue of experiment evaluations. */
export const EXPERIMENT_EVALUATION_QUEUE = 'experiment-evaluate';

/** One job: the experiment to evaluate. */
interface EvaluationJob {
  experimentId: string;
}

const QUEUE_OPTIONS = {
  policy: 'stately',
  retryLimit: 5,
  retryDelay: 2,
  retryBackoff: true,
  expireInSeconds: 300,
} as const;

/** Queues one evaluation of the experiment on `queue` (none when one is already waiting) and wakes the workers. */
export async function sendExperimentEvaluation(queue: JobQueue, experimentId: string): Promise<boolean> {
  const id = await queue.boss.send(EXPERIMENT_EVALUATION_QUEUE, { experimentId } satisfies EvaluationJob, { singletonKey: experimentId });
  queue.wake(EXPERIMENT_EVALUATION_QUEUE);
  return id !== null;
}

/**
 * Queues a guardrail evaluation of each experiment, for the generations ingestion to call after it
 * commits rows with an `experimentId`. Without a running queue nothing is sent: the next start-up
 * evaluates every running experiment. A failed send throws: the caller logs it and goes on (its rows
 * are stored; the next ingestion or start-up evaluates again).
 */
export async function enqueueExperimentEvaluations(db: Database, experimentIds: Iterable<string>): Promise<number> {
  const queue = queueOf(db);
  if (!queue) return 0;
  let sent = 0;
  for (const experimentId of new Set(experimentIds)) if (await sendExperimentEvaluation(queue, experimentId)) sent++;
  return sent;
}

async function evaluate(deps: JobDeps, experimentId: string): Promise<void> {
  try {
    const { breach } = await evaluateExperiment(deps.db.prisma, experimentId);
    if (breach) deps.logger.info({ experimentId, endReason: breach.endReason, versionId: breach.versionId }, 'experiment stopped by a guardrail');
  } catch (error) {
    // Deleted since it was queued (with its prompt or workspace): nothing to evaluate.
    if (error instanceof TRPCError && error.code === 'NOT_FOUND') return;
    throw error;
  }
}

/** The experiments feature's jobs, registered by the job queue at start-up. */
export const experimentGuardrailJobs: JobFeature = {
  name: 'experiments',
  async register(queue, deps) {
    await queue.boss.createQueue(EXPERIMENT_EVALUATION_QUEUE, QUEUE_OPTIONS);
    const { policy: _policy, ...updatable } = QUEUE_OPTIONS;
    await queue.boss.updateQueue(EXPERIMENT_EVALUATION_QUEUE, updatable);
    const worker = await queue.boss.work<EvaluationJob>(
      EXPERIMENT_EVALUATION_QUEUE,
      { batchSize: queue.options.batchSize, localConcurrency: 1, pollingIntervalSeconds: 1 },
      async (jobs: Job<EvaluationJob>[]) => {
        // One pass per experiment even if a batch holds it twice (a retry beside a new send).
        for (const experimentId of new Set(jobs.map((j) => j.data.experimentId))) await evaluate(deps, experimentId);
      },
    );
    queue.addWorker(EXPERIMENT_EVALUATION_QUEUE, worker);
  },
  async reconcile(queue, deps) {
    const running = await deps.db.prisma.experiment.findMany({ where: { status: 'RUNNING' }, select: { id: true } });
    for (const { id } of running) await sendExperimentEvaluation(queue, id);
  },
};
