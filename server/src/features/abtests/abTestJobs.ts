/**
 * A/B test runs as durable jobs: one pg-boss job per run (variant x input x repetition) with a
 * stable id, fetched in batches, each run made through the runs feature's `executeRun` under the
 * process-wide per-provider limiter and keyed by `TestRun.jobKey`, so redelivery records nothing
 * twice. A job that exhausts its retries lands in a dead-letter queue that fails its test.
 */
import type { Job } from 'pg-boss';
import type { JobDeps, JobFeature, JobQueue } from '../../jobs/jobQueue.ts';
import type { PrismaClient } from '../../generated/prisma/client.ts';
import { executeRun } from '../runs/index.ts';
import { targetPartials, targetTools, type RunTarget } from '../runs/index.ts';
import { abRunJobId, abRunJobKey, allRunRefs, readInputRows, type AbRunRef } from './abTestInputs.ts';
import { ACTIVE_STATUSES, failTest, finalizeIfDone, refreshProgress } from './abTestProgress.ts';
import { claimRunStart, watchStoppedTests } from './abTestRunStart.ts';

/** The queue of A/B runs. */
export const AB_RUN_QUEUE = 'abtest-run';
/** Runs whose job failed every retry (the database was unreachable, say); their test is failed. */
export const AB_RUN_DEAD_QUEUE = 'abtest-run-dead';
/**
 * The run queue's policy. A live worker refreshes its jobs' heartbeat every few seconds; when a
 * server dies (kill -9, power loss) its jobs miss the heartbeat, the supervisor of any running
 * server (see createBoss) fails them and they are retried within seconds, by a restarted server or
 * another one. The expiry only bounds a job whose worker is alive but stuck: a run is at most 3
 * provider attempts of 60 s each.
 */
const AB_RUN_QUEUE_OPTIONS = {
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  expireInSeconds: 600,
  heartbeatSeconds: 10,
  deadLetter: AB_RUN_DEAD_QUEUE,
};
/** Rows per pg-boss insert. */
const INSERT_CHUNK = 1000;

/** Sends every run of a test that has no job yet (stable ids: existing jobs are left alone); returns how many were new. */
export async function enqueueAbTest(queue: JobQueue, prisma: PrismaClient, abTestId: string): Promise<number> {
  const test = await prisma.abTest.findUnique({
    where: { id: abTestId },
    select: { status: true, inputs: true, runsPerInput: true, variants: { select: { id: true }, orderBy: { createdAt: 'asc' } } },
  });
  if (!test || !ACTIVE_STATUSES.includes(test.status as (typeof ACTIVE_STATUSES)[number])) return 0;
  const refs = allRunRefs(
    abTestId,
    test.variants.map((v) => v.id),
    readInputRows(test.inputs).length,
    test.runsPerInput,
  );
  let created = 0;
  for (let i = 0; i < refs.length; i += INSERT_CHUNK) {
    const jobs = refs.slice(i, i + INSERT_CHUNK).map((ref) => ({ id: abRunJobId(ref), data: ref }));
    created += (await queue.boss.insert(AB_RUN_QUEUE, jobs, { returnId: true }))?.length ?? 0;
  }
  queue.wake(AB_RUN_QUEUE);
  return created;
}

interface LoadedTest {
  id: string;
  status: string;
  createdById: string | null;
  inputs: ReturnType<typeof readInputRows>;
}

interface LoadedVariant {
  model: string;
  config: Record<string, unknown>;
  target: RunTarget;
}

/** Everything a batch needs, in three queries. */
async function loadBatch(prisma: PrismaClient, refs: readonly AbRunRef[]) {
  const testIds = [...new Set(refs.map((r) => r.abTestId))];
  const variantIds = [...new Set(refs.map((r) => r.variantId))];
  const [tests, variants] = await Promise.all([
    prisma.abTest.findMany({ where: { id: { in: testIds } }, select: { id: true, status: true, createdById: true, inputs: true } }),
    prisma.abTestVariant.findMany({
      where: { id: { in: variantIds } },
      select: {
        id: true,
        model: true,
        config: true,
        promptId: true,
        version: {
          select: { id: true, source: true, partialVersionIds: true, toolDefinitions: true, prompt: { select: { workspaceId: true, projectId: true } } },
        },
      },
    }),
  ]);
  const testMap = new Map<string, LoadedTest>(
    tests.map((t) => [t.id, { id: t.id, status: t.status, createdById: t.createdById, inputs: readInputRows(t.inputs) }]),
  );
  const partials = await Promise.all(variants.map((v) => targetPartials(prisma, v.version)));
  const variantMap = new Map<string, LoadedVariant>(
    variants.map((v, index) => [
      v.id,
      {
        model: v.model,
        config: (v.config ?? {}) as Record<string, unknown>,
        target: {
          workspaceId: v.version.prompt.workspaceId,
          projectId: v.version.prompt.projectId,
          promptId: v.promptId,
          versionId: v.version.id,
          source: v.version.source,
          partials: partials[index] ?? {},
          tools: targetTools(v.version),
        },
      },
    ]),
  );
  return { testMap, variantMap };
}

/** Makes one run unless its test stopped meanwhile; a cancel aborts it through the queue's tracker (here) or the watcher (elsewhere). */
async function runOne(queue: JobQueue, deps: JobDeps, test: LoadedTest, variant: LoadedVariant, ref: AbRunRef): Promise<void> {
  const row = test.inputs[ref.inputIndex];
  if (!row) return;
  const controller = new AbortController();
  const untrack = queue.track(test.id, controller);
  try {
    await queue.limiter.runForModel(variant.model, async () => {
      if (controller.signal.aborted) return;
      // The test may have been cancelled on any server since the batch was loaded.
      if (!(await claimRunStart(deps.db.prisma, deps.logger, test.id, abRunJobKey(ref)))) return;
      await executeRun({ prisma: deps.db.prisma, env: deps.env }, variant.target, {
        input: row.input,
        model: variant.model,
        config: variant.config,
        assertions: row.assertions,
        tools: row.tools,
        datasetItemId: row.datasetItemId,
        abTestId: test.id,
        variantId: ref.variantId,
        jobKey: abRunJobKey(ref),
        userId: test.createdById,
        signal: controller.signal,
      });
    });
  } finally {
    untrack();
  }
  await refreshProgress(deps.db.prisma, test.id);
}

/**
 * Handles one fetched batch. Runs of stopped (cancelled, completed, failed) or deleted tests are
 * dropped. Any failure fails the whole batch after the others settle, so pg-boss retries it; the
 * runs already recorded are found by their job keys and not made again.
 */
export async function handleAbRunBatch(queue: JobQueue, deps: JobDeps, refs: readonly AbRunRef[]): Promise<void> {
  const prisma = deps.db.prisma;
  const { testMap, variantMap } = await loadBatch(prisma, refs);
  const live = refs.filter((ref) => {
    const test = testMap.get(ref.abTestId);
    return test && variantMap.has(ref.variantId) && ACTIVE_STATUSES.includes(test.status as (typeof ACTIVE_STATUSES)[number]);
  });
  const liveTests = [...new Set(live.map((r) => r.abTestId))];
  if (liveTests.length) await prisma.abTest.updateMany({ where: { id: { in: liveTests }, status: 'QUEUED' }, data: { status: 'RUNNING' } });
  const outcomes = await Promise.allSettled(live.map((ref) => runOne(queue, deps, testMap.get(ref.abTestId)!, variantMap.get(ref.variantId)!, ref)));
  for (const id of liveTests) await finalizeIfDone(prisma, id);
  const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failure) throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
}

/** The A/B feature's jobs, registered by the job queue at start-up. */
export const abTestJobs: JobFeature = {
  name: 'abtests',
  async register(queue, deps) {
    const { boss, options } = queue;
    await boss.createQueue(AB_RUN_DEAD_QUEUE);
    await boss.createQueue(AB_RUN_QUEUE, AB_RUN_QUEUE_OPTIONS);
    // createQueue leaves an existing queue as it was; bring one made by an older version up to date.
    await boss.updateQueue(AB_RUN_QUEUE, AB_RUN_QUEUE_OPTIONS);
    const worker = await boss.work<AbRunRef>(
      AB_RUN_QUEUE,
      { batchSize: options.batchSize, localConcurrency: options.localConcurrency, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true },
      (jobs: Job<AbRunRef>[]) =>
        handleAbRunBatch(
          queue,
          deps,
          jobs.map((j) => j.data),
        ),
    );
    queue.addWorker(AB_RUN_QUEUE, worker);
    watchStoppedTests(queue, deps.db.prisma, deps.logger);
    await boss.work<AbRunRef>(AB_RUN_DEAD_QUEUE, { batchSize: 16, pollingIntervalSeconds: 5 }, async (jobs: Job<AbRunRef>[]) => {
      for (const job of jobs) {
        deps.logger.error({ abTestId: job.data.abTestId, jobKey: abRunJobKey(job.data) }, 'A/B run failed every retry');
        await failTest(deps.db.prisma, job.data.abTestId, `The run ${abRunJobKey(job.data)} could not be made after retries`);
      }
    });
  },
  async reconcile(queue, deps) {
    const active = await deps.db.prisma.abTest.findMany({ where: { status: { in: [...ACTIVE_STATUSES] } }, select: { id: true } });
    for (const { id } of active) {
      await enqueueAbTest(queue, deps.db.prisma, id);
      await finalizeIfDone(deps.db.prisma, id);
    }
  },
};
