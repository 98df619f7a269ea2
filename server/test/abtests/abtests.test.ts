import assert from 'node:assert/strict';
import { startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { createDataset, createTwoVersionPrompt, finished, MODEL_A, MODEL_B, waitForTest } from './abFixtures.ts';

describe('A/B tests API (/api/ab-tests)', () => {
  let world: RunWorld;
  let prompt: { promptId: string; versionA: string; versionB: string };
  let datasetId: string;

  before(async () => {
    world = await startRunWorld();
    prompt = await createTwoVersionPrompt(world.server, world.team.member.token, world.team.projectId);
    datasetId = await createDataset(world.server, world.team.member.token, world.team.projectId, 15);
  });
  after(async () => {
    await world?.close();
  });
  beforeEach(() => {
    world.provider.setScript({});
  });

  const create = (json: Record<string, unknown>, token = world.team.member.token) => rest(world.server, 'POST', '/ab-tests', { token, json });
  const variants = () => [
    { name: 'A', promptId: prompt.promptId, versionId: prompt.versionA },
    { name: 'B', promptId: prompt.promptId, versionId: prompt.versionB },
  ];

  describe('a test over a dataset where B is scripted faster and more reliable', () => {
    let id: string;
    let body: any;

    before(async () => {
      world.provider.setScript({
        [MODEL_A]: { latencyMs: 400, failureRate: 0.6, failWith: { status: 400, message: 'scripted failure' }, seed: 7 },
        [MODEL_B]: { latencyMs: 5 },
      });
      const answer = await create({
        name: 'mini vs 4.1-mini',
        projectId: world.team.projectId,
        variants: variants(),
        datasetId,
        runsPerInput: 1,
        primaryMetric: 'successRate',
      });
      expectStatus(answer, 202);
      id = answer.body.id;
      body = await waitForTest(world.server, world.team.viewer.token, id, finished);
    });

    it('completes with every run recorded once and progress at 100%', async () => {
      assert.equal(body.status, 'completed');
      assert.deepEqual(body.progress.total, 30);
      assert.equal(body.progress.done, 30);
      assert.equal(body.progress.percent, 100);
      const runs = await world.server.database.db.prisma.testRun.findMany({ where: { abTestId: id }, select: { jobKey: true, datasetItemId: true } });
      assert.equal(runs.length, 30);
      assert.equal(new Set(runs.map((r) => r.jobKey)).size, 30);
      assert.ok(
        runs.every((r) => r.datasetItemId),
        'every run points at its dataset item',
      );
    });

    it('reports per-variant figures computed from the runs', async () => {
      const [a, b] = body.variants;
      assert.equal(a.name, 'A');
      assert.equal(b.name, 'B');
      assert.equal(a.runs, 15);
      assert.equal(b.runs, 15);
      assert.equal(b.successRate, 1);
      assert.ok(a.successRate < 0.7, `A success rate ${a.successRate}`);
      assert.equal(a.model, `openai/${MODEL_A}`);
      assert.ok(b.latencyP50Ms < a.latencyP50Ms, `B p50 ${b.latencyP50Ms} vs A ${a.latencyP50Ms}`);
      assert.ok(b.latencyP95Ms >= b.latencyP50Ms);
      assert.ok(b.outputTokens > 0 && b.inputTokens > 0);
      assert.ok(b.meanCostUsd > 0);
      assert.equal(b.meanRating, null);
    });

    it('reaches the verdict that B is better on success rate and latency', async () => {
      const analysis = body.analysis;
      assert.equal(analysis.recommendation.winner, 'B', analysis.recommendation.summary);
      assert.equal(body.recommendedVariantId, body.variants[1].id);
      const success = analysis.comparisons.find((c: any) => c.metric === 'successRate');
      assert.ok(success, JSON.stringify(analysis));
      assert.equal(success.verdict, 'b-better', success.summary);
      assert.equal(success.paired, true, 'both variants ran the same dataset items');
      assert.ok(success.adjustedPValue < 0.05);
      const latency = analysis.comparisons.find((c: any) => c.metric === 'latency');
      assert.equal(latency.verdict, 'b-better', latency.summary);
      assert.ok(latency.difference < 0);
    });

    it('lists the test in its project for a viewer', async () => {
      const list = await rest(world.server, 'GET', `/ab-tests?projectId=${world.team.projectId}`, { token: world.team.viewer.token });
      expectStatus(list, 200);
      const found = list.body.find((t: any) => t.id === id);
      assert.equal(found.status, 'completed');
      assert.equal(found.progress.done, 30);
    });

    it('records the winner and moves the production label to its version', async () => {
      const winnerId = body.variants[1].id;
      const viewerTry = await rest(world.server, 'POST', `/ab-tests/${id}/winner`, {
        token: world.team.viewer.token,
        json: { variantId: winnerId, moveLabel: 'production' },
      });
      expectStatus(viewerTry, 403);
      // production is protected: a Member may not move it through the winner either, an Admin may.
      const memberTry = await rest(world.server, 'POST', `/ab-tests/${id}/winner`, {
        token: world.team.member.token,
        json: { variantId: winnerId, moveLabel: 'production' },
      });
      expectStatus(memberTry, 403);
      assert.match(memberTry.body.error.message, /Label 'production' is protected/);
      const answer = await rest(world.server, 'POST', `/ab-tests/${id}/winner`, {
        token: world.team.admin.token,
        json: { variantId: winnerId, moveLabel: 'production' },
      });
      expectStatus(answer, 200);
      assert.equal(answer.body.winner.variantId, winnerId);
      assert.equal(answer.body.winner.chosenById, world.team.admin.id);
      const production = await rest(world.server, 'GET', `/prompts/${prompt.promptId}/versions/production`, { token: world.team.viewer.token });
      expectStatus(production, 200);
      assert.equal(production.body.id, prompt.versionB);
      const again = await rest(world.server, 'GET', `/ab-tests/${id}`, { token: world.team.viewer.token });
      assert.equal(again.body.winner.variantId, winnerId);
    });

    it('answers 404 for a variant of another test', async () => {
      const answer = await rest(world.server, 'POST', `/ab-tests/${id}/winner`, { token: world.team.member.token, json: { variantId: 'no-such-variant' } });
      expectStatus(answer, 404);
    });
  });

  describe('validation and access', () => {
    it('needs at least two variants', async () => {
      const answer = await create({ name: 'x', projectId: world.team.projectId, variants: variants().slice(0, 1), inputs: [{ name: 'a' }] });
      expectStatus(answer, 400);
    });

    it('bounds runsPerInput and the total number of runs', async () => {
      expectStatus(await create({ name: 'x', projectId: world.team.projectId, variants: variants(), inputs: [{ name: 'a' }], runsPerInput: 0 }), 400);
      const inputs = Array.from({ length: 1000 }, (_, i) => ({ name: `n${i}` }));
      const tooMany = await create({ name: 'x', projectId: world.team.projectId, variants: variants(), inputs, runsPerInput: 6 });
      expectStatus(tooMany, 400);
      assert.match(tooMany.body.error?.message ?? tooMany.body.message, /12000 runs .* limit is 10000/);
    });

    it('takes a dataset or inputs, not both', async () => {
      expectStatus(await create({ name: 'x', projectId: world.team.projectId, variants: variants(), inputs: [{ name: 'a' }], datasetId }), 400);
      expectStatus(await create({ name: 'x', projectId: world.team.projectId, variants: variants() }), 400);
    });

    it('names the variable an input lacks, before anything is queued', async () => {
      const answer = await create({ name: 'x', projectId: world.team.projectId, variants: variants(), inputs: [{ name: 'a' }, { other: 1 }] });
      expectStatus(answer, 400);
      assert.match(JSON.stringify(answer.body), /input 1.*name/);
      const count = await world.server.database.db.prisma.abTest.count({ where: { name: 'x' } });
      assert.equal(count, 0);
    });

    it('answers 404 for a prompt in another workspace', async () => {
      const foreign = await createTwoVersionPrompt(world.server, world.team.outsider.token, world.team.outsiderProjectId, 'foreign');
      const answer = await create({
        name: 'x',
        projectId: world.team.projectId,
        inputs: [{ name: 'a' }],
        variants: [variants()[0], { name: 'F', promptId: foreign.promptId }],
      });
      expectStatus(answer, 404);
    });

    it('lets a viewer read but not create, and hides tests from outsiders', async () => {
      const viewerCreate = await create({ name: 'v', projectId: world.team.projectId, variants: variants(), inputs: [{ name: 'a' }] }, world.team.viewer.token);
      expectStatus(viewerCreate, 403);
      const outsiderCreate = await create(
        { name: 'o', projectId: world.team.projectId, variants: variants(), inputs: [{ name: 'a' }] },
        world.team.outsider.token,
      );
      expectStatus(outsiderCreate, 404);
      const made = await create({ name: 'readable', projectId: world.team.projectId, variants: variants(), inputs: [{ name: 'a' }] });
      expectStatus(made, 202);
      expectStatus(await rest(world.server, 'GET', `/ab-tests/${made.body.id}`, { token: world.team.viewer.token }), 200);
      expectStatus(await rest(world.server, 'GET', `/ab-tests/${made.body.id}`, { token: world.team.outsider.token }), 404);
      expectStatus(await rest(world.server, 'GET', `/ab-tests?projectId=${world.team.projectId}`, { token: world.team.outsider.token }), 404);
      expectStatus(await rest(world.server, 'POST', `/ab-tests/${made.body.id}/cancel`, { token: world.team.viewer.token }), 403);
      await waitForTest(world.server, world.team.member.token, made.body.id, finished);
    });

    it('cancels a running test: no new runs start and a second cancel is a 409', async () => {
      world.provider.setScript({ '*': { latencyMs: 200 } });
      const inputs = Array.from({ length: 40 }, (_, i) => ({ name: `n${i}` }));
      const made = await create({ name: 'to cancel', projectId: world.team.projectId, variants: variants(), inputs });
      expectStatus(made, 202);
      const cancelled = await rest(world.server, 'POST', `/ab-tests/${made.body.id}/cancel`, { token: world.team.member.token });
      expectStatus(cancelled, 200);
      assert.equal(cancelled.body.status, 'cancelled');
      expectStatus(await rest(world.server, 'POST', `/ab-tests/${made.body.id}/cancel`, { token: world.team.member.token }), 409);
      // The queue drains: every job of the test is handled (skipped or aborted), none left.
      const prisma = world.server.database.db.prisma;
      const recorded = await prisma.testRun.count({ where: { abTestId: made.body.id } });
      assert.ok(recorded < 80, `a cancelled test made ${recorded} of 80 runs`);
      const after = await rest(world.server, 'GET', `/ab-tests/${made.body.id}`, { token: world.team.member.token });
      assert.equal(after.body.status, 'cancelled');
    });
  });
});
