import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { enqueueExperimentEvaluations } from '../../src/features/experiments/index.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { batch, serve, startExperiment, startExperimentWorld, type ExperimentWorld } from './experimentFixtures.ts';

describe('experiment guardrails and stopping', function () {
  // A shared machine is slow: server start, sign-ups (bcrypt), the job queue.
  this.timeout(300_000);
  let world: ExperimentWorld;

  before(async () => {
    world = await startExperimentWorld();
  });
  after(async () => {
    await world?.server.close();
  });

  const prisma = () => world.server.database.db.prisma;
  const production = () =>
    prisma().promptLabel.findUniqueOrThrow({
      where: { promptId_name: { promptId: world.promptId, name: 'production' } },
      select: { versionId: true, experimentId: true },
    });
  const lastLabelEvent = () =>
    prisma().labelEvent.findFirstOrThrow({ where: { promptId: world.promptId, label: 'production' }, orderBy: { createdAt: 'desc' } });

  /** Waits (generously: the machine is shared) until the experiment has left RUNNING. */
  async function waitUntilEnded(experimentId: string): Promise<{ status: string; endReason: string | null; endedAt: Date | null }> {
    for (;;) {
      const experiment = await prisma().experiment.findUniqueOrThrow({ where: { id: experimentId }, select: { status: true, endReason: true, endedAt: true } });
      if (experiment.status !== 'RUNNING') return experiment;
      await sleep(100);
    }
  }

  it('stops a failing arm by the evaluation job queued after ingestion, and moves the label back to the control with an audit entry', async () => {
    const id = await startExperiment(world, { minSamplePerArm: 50 });
    await serve(world, id, world.v1, batch(100, 400, 25)); // 4% errors
    await serve(world, id, world.v2, batch(100, 400, 2)); // 50% errors: the deliberately failing arm
    assert.equal(await enqueueExperimentEvaluations(world.server.database.db, [id, id]), 1, 'one evaluation per experiment');

    const ended = await waitUntilEnded(id);
    assert.equal(ended.status, 'STOPPED');
    assert.equal(ended.endReason, 'guardrail:error-rate');
    assert.ok(ended.endedAt);
    assert.deepEqual(await production(), { versionId: world.v1, experimentId: null });
    const event = await lastLabelEvent();
    assert.equal(event.via, 'guardrail');
    assert.equal(event.actorUserId, null);
    assert.equal(event.actorKeyId, null);
    assert.deepEqual(event.to, { versionNumber: 1 });
    assert.match(event.reason ?? '', /v2's error rate 50\.0% against 4\.0% for the control v1 \(100 and 100 generations\) is worse by 46\.0 points/);
    assert.match(event.reason ?? '', /more than the 0\.0 points allowed/);

    // A stopped experiment's results stay readable and no longer gain looks.
    const before = await prisma().experimentSnapshot.count({ where: { experimentId: id } });
    await serve(world, id, world.v2, batch(50, 400, 2));
    const results = await rest(world.server, 'GET', `/experiments/${id}/results`, { token: world.team.viewer.token });
    expectStatus(results, 200);
    assert.equal(results.body.experiment.status, 'STOPPED');
    assert.equal(results.body.experiment.endReason, 'guardrail:error-rate');
    assert.equal(await prisma().experimentSnapshot.count({ where: { experimentId: id } }), before);
  });

  it('stops on latency when the results are read, past the experiment own threshold', async () => {
    const id = await startExperiment(world, { minSamplePerArm: 30, maxLatencyIncreaseMs: 200 });
    await serve(world, id, world.v1, batch(80, 400));
    await serve(world, id, world.v2, batch(80, 1400));
    const results = await rest(world.server, 'GET', `/experiments/${id}/results`, { token: world.team.viewer.token });
    expectStatus(results, 200);
    assert.equal(results.body.experiment.status, 'STOPPED');
    assert.equal(results.body.experiment.endReason, 'guardrail:latency');
    assert.deepEqual(await production(), { versionId: world.v1, experimentId: null });
    assert.match((await lastLabelEvent()).reason ?? '', /mean latency .* is worse by 1000 ms .* more than the 200 ms allowed/);
  });

  it('leaves a harmless arm running, and a slower arm within its latency allowance', async () => {
    const id = await startExperiment(world, { maxLatencyIncreaseMs: 2000 });
    await serve(world, id, world.v1, batch(120, 400, 20));
    await serve(world, id, world.v2, batch(120, 700, 20));
    const results = await rest(world.server, 'GET', `/experiments/${id}/results`, { token: world.team.viewer.token });
    expectStatus(results, 200);
    assert.equal(results.body.experiment.status, 'RUNNING');
    const verdicts = Object.fromEntries(results.body.comparisons.map((c: { metric: string; verdict: string }) => [c.metric, c.verdict]));
    assert.equal(verdicts.errorRate, 'no-difference-yet');
    assert.equal(verdicts.latencyMs, 'worse', 'significantly slower, yet within the 2000 ms allowed');
    assert.deepEqual(await production(), { versionId: world.v1, experimentId: id });
  });

  it('stops by hand on the protected production only as an Admin (a Member is told to ask one), and a second stop is a conflict', async () => {
    const { id } = await prisma().experiment.findFirstOrThrow({ where: { promptId: world.promptId, status: 'RUNNING' }, select: { id: true } });
    expectStatus(await rest(world.server, 'POST', `/experiments/${id}/stop`, { token: world.team.viewer.token }), 403);
    expectStatus(await rest(world.server, 'POST', `/experiments/${id}/stop`, { token: world.team.outsider.token }), 404);
    expectStatus(await rest(world.server, 'POST', `/experiments/${id}/stop`, { token: world.team.member.token, json: { reason: '' } }), 400);
    const refused = await rest(world.server, 'POST', `/experiments/${id}/stop`, { token: world.team.member.token, json: { reason: 'enough data' } });
    expectStatus(refused, 403);
    assert.match(refused.body.error.message, /Label 'production' is protected: only an Admin may stop[^]*Ask an Admin to stop experiment/);
    assert.deepEqual(await production(), { versionId: world.v1, experimentId: id }, 'a refused stop changes nothing');
    const stopped = await rest(world.server, 'POST', `/experiments/${id}/stop`, { token: world.team.admin.token, json: { reason: 'enough data' } });
    expectStatus(stopped, 200);
    assert.equal(stopped.body.status, 'STOPPED');
    assert.equal(stopped.body.endReason, 'stopped');
    assert.equal(stopped.body.labelReverted, true);
    assert.deepEqual(await production(), { versionId: world.v1, experimentId: null });
    const event = await lastLabelEvent();
    assert.equal(event.via, 'api');
    assert.equal(event.actorUserId, world.team.admin.id);
    assert.equal(event.reason, 'enough data');
    const again = await rest(world.server, 'POST', `/experiments/${id}/stop`, { token: world.team.admin.token });
    expectStatus(again, 409);
    assert.match(again.body.error?.message ?? again.body.message, /not running/);
  });
});
