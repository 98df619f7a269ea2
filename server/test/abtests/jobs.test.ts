import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import { AB_RUN_QUEUE } from '../../src/features/abtests/abTestJobs.ts';
import { abRunJobId, allRunRefs } from '../../src/features/abtests/abTestInputs.ts';
import { createBoss } from '../../src/jobs/createBoss.ts';
import { startJobQueue, type JobQueue } from '../../src/jobs/jobQueue.ts';
import { queueOf } from '../../src/jobs/queueRegistry.ts';
import { startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { rest } from '../helpers/team.ts';
import { createTwoVersionPrompt, finished, MODEL_A, MODEL_B, waitForTest, startGreetingAbTest } from './abFixtures.ts';
import { JOB_FEATURES } from '../../src/boot.ts';

describe('A/B runs as durable jobs', () => {
  let world: RunWorld;
  let prompt: { promptId: string; versionA: string; versionB: string };
  let queue: JobQueue | undefined;

  before(async () => {
    world = await startRunWorld();
    prompt = await createTwoVersionPrompt(world.server, world.team.member.token, world.team.projectId);
  });
  after(async () => {
    await queue?.stop();
    await world?.close();
  });

  const deps = () => ({ db: world.server.database.db, env: world.server.env, logger: pino({ level: 'silent' }) });
  const createTest = (name: string, inputCount: number) =>
    startGreetingAbTest(world.server, world.team.member.token, world.team.projectId, prompt, name, inputCount);
  const requestsFor = (prefix: string) => world.provider.requests.filter((r) => JSON.stringify(r.body).includes(prefix)).length;

  it('shows progress while running, and a restarted queue finishes the rest with every run made exactly once', async () => {
    world.provider.setScript({ '*': { latencyMs: 60 } });
    // Small batches and two calls at a time, so the first queue is stopped early in the test.
    await queueOf(world.server.database.db)?.stop();
    queue = await startJobQueue(deps(), JOB_FEATURES, { batchSize: 4, localConcurrency: 1, providerConcurrency: { openai: 2 } });
    const id = await createTest('resume', 30);
    const running = await waitForTest(world.server, world.team.viewer.token, id, (b) => b.progress.done >= 1);
    assert.equal(running.status, 'running');
    await queue.stop();

    const paused = (await rest(world.server, 'GET', `/ab-tests/${id}`, { token: world.team.viewer.token })).body;
    assert.equal(paused.status, 'running');
    assert.ok(paused.progress.done > 0 && paused.progress.done < 60, `stopped at ${paused.progress.done} of 60`);
    assert.equal(paused.variants[0].runs + paused.variants[1].runs, paused.progress.done);

    queue = await startJobQueue(deps(), JOB_FEATURES, { batchSize: 8 });
    const done = await waitForTest(world.server, world.team.viewer.token, id, finished);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress.done, 60);
    const runs = await world.server.database.db.prisma.testRun.findMany({ where: { abTestId: id }, select: { jobKey: true, status: true } });
    assert.equal(runs.length, 60);
    assert.equal(new Set(runs.map((r) => r.jobKey)).size, 60);
    assert.ok(runs.every((r) => r.status === 'SUCCESS'));
    // One provider call per run: nothing was made twice across the restart.
    assert.equal(requestsFor('resume '), 60);
  });

  it('records one run when each job is delivered twice', async () => {
    world.provider.setScript({ [MODEL_A]: { latencyMs: 5 }, [MODEL_B]: { latencyMs: 5 } });
    await queue?.stop();
    // No queue: the test's rows are written and nothing is sent yet.
    const id = await createTest('twice', 6);
    const queued = (await rest(world.server, 'GET', `/ab-tests/${id}`, { token: world.team.member.token })).body;
    assert.equal(queued.status, 'queued');
    const variants = await world.server.database.db.prisma.abTestVariant.findMany({
      where: { abTestId: id },
      select: { id: true },
      orderBy: { createdAt: 'asc' },
    });
    const refs = allRunRefs(
      id,
      variants.map((v) => v.id),
      6,
      1,
    );
    // Every run twice: once under its stable id, once under a fresh one (a duplicate delivery).
    const boss = createBoss(world.server.database.db.raw);
    await boss.start();
    await boss.insert(AB_RUN_QUEUE, [...refs.map((ref) => ({ id: abRunJobId(ref), data: ref })), ...refs.map((ref) => ({ id: randomUUID(), data: ref }))]);
    await boss.stop({ graceful: true, close: true });

    queue = await startJobQueue(deps(), JOB_FEATURES, { batchSize: 5 });
    const done = await waitForTest(world.server, world.team.member.token, id, finished);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress.done, 12);
    assert.equal(done.progress.total, 12);
    const count = await world.server.database.db.prisma.testRun.count({ where: { abTestId: id } });
    assert.equal(count, 12);
    // The test completes with its last run; a batch holding only duplicates may settle just after.
    const deadline = Date.now() + 20_000;
    let mine: Array<{ state: string }>;
    do {
      const jobs = await queue.boss.findJobs(AB_RUN_QUEUE, {});
      mine = jobs.filter((j) => (j.data as { abTestId?: string }).abTestId === id);
      if (mine.every((j) => j.state === 'completed')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    } while (Date.now() < deadline);
    assert.equal(mine.length, 24, 'both deliveries of every run were handled');
    assert.ok(
      mine.every((j) => j.state === 'completed'),
      `states: ${[...new Set(mine.map((j) => j.state))].join(', ')}`,
    );
    assert.equal(await world.server.database.db.prisma.testRun.count({ where: { abTestId: id } }), 12, 'still one run each after every delivery settled');
  });

  it('re-sends the runs of a test written while no queue was running when a queue starts', async () => {
    await queue?.stop();
    const id = await createTest('unsent', 5);
    assert.equal(queueOf(world.server.database.db), undefined);
    queue = await startJobQueue(deps(), JOB_FEATURES, { batchSize: 4 });
    const done = await waitForTest(world.server, world.team.member.token, id, finished);
    assert.equal(done.status, 'completed');
    assert.equal(await world.server.database.db.prisma.testRun.count({ where: { abTestId: id } }), 10);
  });
});
