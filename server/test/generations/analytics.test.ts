import assert from 'node:assert/strict';
import { performance as performanceFigures } from '../../src/features/analytics/performanceQuery.ts';
import { close, percentileCont, sum, within } from '../helpers/expectedFigures.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { generation, startGenerationWorld, type GenerationWorld } from './generationFixtures.ts';

const HOUR = 3_600_000;
const MODELS = ['openai/gpt-4o-mini', 'anthropic/claude-3-5-haiku'];

interface Logged {
  id: string;
  model: string;
  label: string | undefined;
  version: number | undefined;
  status: 'success' | 'error';
  latencyMs: number;
  costUsd: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: Date;
}

describe('analytics of production generations (source=production|all)', function () {
  // A team, a prompt and 200 generations over HTTP: slow on a loaded machine.
  this.timeout(300_000);
  let world: GenerationWorld;
  let logged: Logged[];
  let runCount: number;
  // Partial days at both ends, each starting or ending inside an hour (06:20, 12:40), so whole days
  // (daily rollup), whole hours of the edge days (hourly rollup) and partial hours (raw) all count.
  const to = new Date('2026-11-22T12:40:00.000Z');
  const from = new Date('2026-11-17T06:20:00.000Z');
  const range = `from=${from.toISOString()}&to=${to.toISOString()}`;
  const inPeriod = (g: Logged) => g.startedAt >= from && g.startedAt < to;
  const get = (path: string) => rest(world.server, 'GET', path, { token: world.team.viewer.token });

  before(async () => {
    world = await startGenerationWorld();
    // 200 generations from 2026-11-16 00:00 over 7 days (some outside the period), deterministic values.
    logged = Array.from({ length: 200 }, (_, i) => ({
      id: `prod-${i}`,
      model: MODELS[i % 2]!,
      label: i % 3 === 0 ? undefined : 'production',
      version: i % 3 === 0 ? 2 : undefined,
      status: i % 7 === 0 ? 'error' : 'success',
      latencyMs: 80 + ((i * 53) % 900),
      costUsd: Number((0.0002 * (1 + ((i * 13) % 11))).toFixed(8)),
      inputTokens: 100 + (i % 17),
      outputTokens: 20 + (i % 29),
      startedAt: new Date(Date.parse('2026-11-16T00:00:00.000Z') + i * ((7 * 24 * HOUR) / 200) + 1000),
    }));
    const answer = await rest(world.server, 'POST', '/v1/generations', {
      token: world.team.member.token,
      json: {
        workspaceId: world.team.workspaceId,
        generations: logged.map((g) =>
          generation({
            id: g.id,
            prompt: { name: 'support-reply', ...(g.version ? { version: g.version } : { label: g.label }) },
            model: g.model,
            status: g.status,
            latencyMs: g.latencyMs,
            costUsd: g.costUsd,
            usage: { inputTokens: g.inputTokens, outputTokens: g.outputTokens },
            startedAt: g.startedAt.toISOString(),
          }),
        ),
      },
    });
    assert.deepEqual(answer.body, { accepted: 200, duplicates: 0, rejected: [] });
    // Scores on the first in-period generations: thumbs 1, 0, 1, 1 and one rating.
    const scored = logged.filter(inPeriod);
    for (const [i, value] of [1, 0, 1, 1].entries()) {
      const score = await rest(world.server, 'POST', '/v1/scores', {
        token: world.team.member.token,
        json: { workspaceId: world.team.workspaceId, generationId: scored[i]!.id, name: 'thumbs', value },
      });
      expectStatus(score, 201);
    }
    // A score on a generation outside the period, which the period's means must not count.
    const outside = logged.find((g) => !inPeriod(g))!;
    await rest(world.server, 'POST', '/v1/scores', {
      token: world.team.member.token,
      json: { workspaceId: world.team.workspaceId, generationId: outside.id, name: 'thumbs', value: -50 },
    });
    // Test runs in the period, for source=all and the default.
    const runs = Array.from({ length: 12 }, (_, i) => ({
      workspaceId: world.team.workspaceId,
      projectId: world.team.projectId,
      promptId: world.promptId,
      versionId: world.v1,
      model: MODELS[0]!,
      provider: 'openai',
      status: 'SUCCESS' as const,
      latencyMs: 1000 + i,
      costUsd: 0.01,
      inputTokens: 10,
      outputTokens: 5,
      createdAt: new Date(from.getTime() + (i + 1) * 6 * HOUR),
    }));
    await world.server.database.db.prisma.testRun.createMany({ data: runs });
    runCount = runs.length;
  });
  after(() => world?.server.close());

  it('source=production: the dashboard counts the generations of the period exactly', async () => {
    const answer = await get(`/analytics?workspaceId=${world.team.workspaceId}&${range}&source=production`);
    expectStatus(answer, 200);
    const scope = logged.filter(inPeriod);
    assert.ok(scope.length > 100 && scope.length < 200);
    const body = answer.body;
    assert.equal(body.runs, scope.length);
    assert.equal(body.errors, scope.filter((g) => g.status === 'error').length);
    assert.equal(body.successes, scope.filter((g) => g.status === 'success').length);
    close(body.spendUsd, sum(scope.map((g) => g.costUsd)), 'spend');
    assert.equal(body.inputTokens, sum(scope.map((g) => g.inputTokens)));
    assert.equal(body.outputTokens, sum(scope.map((g) => g.outputTokens)));
    close(body.latency.avgMs, sum(scope.map((g) => g.latencyMs)) / scope.length, 'avg');
    close(
      body.latency.p95Ms,
      percentileCont(
        scope.map((g) => g.latencyMs),
        0.95,
      ),
      'p95',
    );
    assert.equal(body.activePrompts, 1);
  });

  it('the default stays test runs only, and source=all adds both', async () => {
    const test = await get(`/analytics?workspaceId=${world.team.workspaceId}&${range}`);
    assert.equal(test.body.runs, runCount);
    close(test.body.spendUsd, runCount * 0.01, 'test spend');
    const all = await get(`/analytics?workspaceId=${world.team.workspaceId}&${range}&source=all`);
    const scope = logged.filter(inPeriod);
    assert.equal(all.body.runs, runCount + scope.length);
    close(all.body.spendUsd, runCount * 0.01 + sum(scope.map((g) => g.costUsd)), 'all spend');
    const bad = await get(`/analytics?workspaceId=${world.team.workspaceId}&source=staging`);
    expectStatus(bad, 400);
  });

  it('source=production: costs by day and model are exact sums', async () => {
    const answer = await get(`/analytics/costs?workspaceId=${world.team.workspaceId}&${range}&source=production`);
    expectStatus(answer, 200);
    const scope = logged.filter(inPeriod);
    close(answer.body.totalUsd, sum(scope.map((g) => g.costUsd)), 'total');
    for (const model of MODELS) {
      const row = answer.body.byModel.find((r: { model: string }) => r.model === model);
      close(row.costUsd, sum(scope.filter((g) => g.model === model).map((g) => g.costUsd)), model);
      assert.equal(row.runs, scope.filter((g) => g.model === model).length);
    }
    for (const day of answer.body.byDay) {
      const ofDay = scope.filter((g) => g.startedAt.toISOString().startsWith(day.day));
      close(day.costUsd, sum(ofDay.map((g) => g.costUsd)), day.day);
    }
    assert.equal(sum(answer.body.byDay.map((d: { runs: number }) => d.runs)), scope.length);
  });

  it('source=production: performance by label and version, and the mean of each score', async () => {
    const answer = await get(`/analytics/performance?workspaceId=${world.team.workspaceId}&${range}&source=production`);
    expectStatus(answer, 200);
    const scope = logged.filter(inPeriod);
    const labelled = scope.filter((g) => g.label === 'production');
    assert.deepEqual(
      answer.body.byLabel.map((r: { label: string; runs: number }) => [r.label, r.runs]),
      [['production', labelled.length]],
    );
    const production = answer.body.byLabel[0];
    close(
      production.p50Ms,
      percentileCont(
        labelled.map((g) => g.latencyMs),
        0.5,
      ),
      'label p50',
    );
    close(production.errorRate, labelled.filter((g) => g.status === 'error').length / labelled.length, 'label error rate');
    const v2 = answer.body.byVersion.find((r: { versionId: string }) => r.versionId === world.v2);
    assert.equal(v2.runs, scope.filter((g) => g.version === 2).length);
    assert.equal(v2.versionNumber, 2);
    assert.deepEqual(answer.body.scores, [{ name: 'thumbs', count: 4, mean: 0.75 }]);
    const test = await get(`/analytics/performance?workspaceId=${world.team.workspaceId}&${range}`);
    assert.deepEqual(test.body.scores, []);
    assert.deepEqual(test.body.byLabel, []);
    assert.equal(test.body.overall.runs, runCount);
  });

  it('reads percentiles from the generation histograms for large scopes, within the documented error', async () => {
    const input = { workspaceId: world.team.workspaceId, from: from.toISOString(), to: to.toISOString(), source: 'production' as const };
    const figures = await performanceFigures(world.server.database.db.prisma, input, { exactPercentileMaxRuns: 0 });
    assert.equal(figures.percentileMethod, 'histogram');
    const scope = logged.filter(inPeriod).map((g) => g.latencyMs);
    for (const [p, key] of [
      [0.5, 'p50Ms'],
      [0.95, 'p95Ms'],
    ] as const) {
      const exact = percentileCont(scope, p)!;
      const got = figures.overall[key]!;
      within(got, exact, key);
    }
  });
});
