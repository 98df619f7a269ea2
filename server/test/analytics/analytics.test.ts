import assert from 'node:assert/strict';
import { dashboard } from '../../src/features/analytics/dashboardQuery.ts';
import { performance as performanceFigures } from '../../src/features/analytics/performanceQuery.ts';
import { close, percentileCont, sum, within } from '../helpers/expectedFigures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createSourcePrompt } from '../helpers/runWorld.ts';
import { createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';

const DAY = 86_400_000;
const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini', 'anthropic/claude-3-5-haiku'];
const STATUSES = ['SUCCESS', 'SUCCESS', 'SUCCESS', 'ERROR', 'CANCELLED'] as const;

interface Run {
  workspaceId: string;
  projectId: string;
  promptId: string;
  versionId: string;
  model: string;
  provider: string;
  status: (typeof STATUSES)[number];
  latencyMs: number;
  costUsd: number;
  judgeCostUsd: number;
  inputTokens: number;
  outputTokens: number;
  createdAt: Date;
}

describe('analytics API (/api/analytics, /costs, /performance)', () => {
  let server: TestServer;
  let team: Team;
  let runs: Run[];
  let prompts: Array<{ id: string; versionId: string; projectId: string }>;
  let secondProjectId: string;
  const to = new Date(Date.UTC(2026, 5, 21));
  const from = new Date(to.getTime() - 14 * DAY);
  const range = `from=${from.toISOString()}&to=${to.toISOString()}`;

  before(async () => {
    server = await startTestServer();
    team = await createTeam(server);
    const second = await rest(server, 'POST', '/projects', { token: team.admin.token, json: { workspaceId: team.workspaceId, name: 'Second' } });
    expectStatus(second, 201);
    secondProjectId = second.body.id;
    prompts = [];
    for (const [i, projectId] of [team.projectId, team.projectId, secondProjectId].entries()) {
      const p = await createSourcePrompt(server, team.member.token, projectId, undefined, `p${i}`);
      prompts.push({ ...p, projectId });
    }
    // 300 runs spread over 20 days (some before the period), deterministic values.
    runs = Array.from({ length: 300 }, (_, i) => {
      const prompt = prompts[i % 3]!;
      const model = MODELS[(i * 7) % 3]!;
      return {
        workspaceId: team.workspaceId,
        projectId: prompt.projectId,
        promptId: prompt.id,
        versionId: prompt.versionId,
        model,
        provider: model.split('/')[0]!,
        status: STATUSES[(i * 11) % 5]!,
        latencyMs: 50 + ((i * 37) % 400),
        costUsd: Number((0.0001 * (1 + ((i * 13) % 17))).toFixed(8)),
        // Every third run was judged (an llm-judge assertion), at a cost of its own.
        judgeCostUsd: i % 3 === 0 ? Number((0.00005 * (1 + (i % 7))).toFixed(8)) : 0,
        inputTokens: 10 + (i % 9),
        outputTokens: 5 + (i % 23),
        createdAt: new Date(to.getTime() - 20 * DAY + i * ((20 * DAY) / 300) + 1000),
      };
    });
    await server.database.db.prisma.testRun.createMany({ data: runs });
    // A run of another workspace that no filter of ours may count.
    const own = await rest(server, 'GET', '/workspaces', { token: team.outsider.token });
    const foreign = await createSourcePrompt(server, team.outsider.token, team.outsiderProjectId, undefined, 'foreign');
    await server.database.db.prisma.testRun.create({
      data: { ...runs[0]!, workspaceId: own.body[0].id, projectId: team.outsiderProjectId, promptId: foreign.id, versionId: foreign.versionId },
    });
  });
  after(async () => {
    await server?.close();
  });

  const get = (path: string, token = team.viewer.token) => rest(server, 'GET', path, { token });
  const inPeriod = (r: Run) => r.createdAt >= from && r.createdAt < to;

  it('dashboard figures equal the aggregates of the inserted runs, for a viewer', async () => {
    const answer = await get(`/analytics?workspaceId=${team.workspaceId}&${range}`);
    expectStatus(answer, 200);
    const body = answer.body;
    const scope = runs.filter(inPeriod);
    assert.equal(body.runs, scope.length);
    assert.equal(body.successes, scope.filter((r) => r.status === 'SUCCESS').length);
    assert.equal(body.errors, scope.filter((r) => r.status === 'ERROR').length);
    close(body.successRate, scope.filter((r) => r.status === 'SUCCESS').length / scope.length, 'successRate');
    close(body.spendUsd, sum(scope.map((r) => r.costUsd)), 'spend');
    close(body.judgeSpendUsd, sum(scope.map((r) => r.judgeCostUsd)), 'judge spend');
    assert.ok(body.judgeSpendUsd > 0);
    assert.equal(body.outputTokens, sum(scope.map((r) => r.outputTokens)));
    close(
      body.latency.p50Ms,
      percentileCont(
        scope.map((r) => r.latencyMs),
        0.5,
      ),
      'p50',
    );
    close(
      body.latency.p95Ms,
      percentileCont(
        scope.map((r) => r.latencyMs),
        0.95,
      ),
      'p95',
    );
    assert.equal(body.latency.percentileMethod, 'exact');
    assert.equal(body.prompts, 3);
    assert.equal(body.activePrompts, 3);
  });

  it('filters by project, prompt and model', async () => {
    const byProject = (await get(`/analytics?workspaceId=${team.workspaceId}&projectId=${secondProjectId}&${range}`)).body;
    const projectScope = runs.filter((r) => inPeriod(r) && r.projectId === secondProjectId);
    assert.equal(byProject.runs, projectScope.length);
    assert.equal(byProject.prompts, 1);
    const model = MODELS[1]!;
    const byModel = (await get(`/analytics?workspaceId=${team.workspaceId}&promptId=${prompts[0]!.id}&model=${encodeURIComponent(model)}&${range}`)).body;
    const modelScope = runs.filter((r) => inPeriod(r) && r.promptId === prompts[0]!.id && r.model === model);
    assert.equal(byModel.runs, modelScope.length);
    close(byModel.spendUsd, sum(modelScope.map((r) => r.costUsd)), 'spend by prompt+model');
    close(
      byModel.latency.p95Ms,
      percentileCont(
        modelScope.map((r) => r.latencyMs),
        0.95,
      ),
      'p95 by prompt+model',
    );
  });

  it('costs: by day, model, project and prompt, the trend and the month projection', async () => {
    const answer = await get(`/analytics/costs?workspaceId=${team.workspaceId}&${range}`);
    expectStatus(answer, 200);
    const body = answer.body;
    const scope = runs.filter(inPeriod);
    close(body.totalUsd, sum(scope.map((r) => r.costUsd)), 'total');
    close(body.judgeTotalUsd, sum(scope.map((r) => r.judgeCostUsd)), 'judge total');
    for (const m of MODELS)
      close(body.byModel.find((x: any) => x.model === m).judgeCostUsd, sum(scope.filter((r) => r.model === m).map((r) => r.judgeCostUsd)), `judge ${m}`);
    const days = new Map<string, number>();
    for (const r of scope) days.set(r.createdAt.toISOString().slice(0, 10), (days.get(r.createdAt.toISOString().slice(0, 10)) ?? 0) + r.costUsd);
    assert.deepEqual(
      body.byDay.map((d: any) => d.day),
      [...days.keys()].sort(),
    );
    for (const d of body.byDay) close(d.costUsd, days.get(d.day)!, `day ${d.day}`);
    for (const m of MODELS) close(body.byModel.find((x: any) => x.model === m).costUsd, sum(scope.filter((r) => r.model === m).map((r) => r.costUsd)), m);
    const second = body.byProject.find((x: any) => x.projectId === secondProjectId);
    assert.equal(second.name, 'Second');
    close(second.costUsd, sum(scope.filter((r) => r.projectId === secondProjectId).map((r) => r.costUsd)), 'project');
    assert.equal(body.byPrompt.length, 3);
    assert.equal(body.byPrompt.find((x: any) => x.promptId === prompts[2]!.id).name, 'p2');
    const previousFrom = new Date(from.getTime() - 14 * DAY);
    const previous = sum(runs.filter((r) => r.createdAt >= previousFrom && r.createdAt < from).map((r) => r.costUsd));
    close(body.trend.previousUsd, previous, 'previous period');
    close(body.trend.changePct, ((body.totalUsd - previous) / previous) * 100, 'change');
    // The runs are in June 2026; the projection covers the current month, which holds none of them.
    assert.equal(body.projection.monthToDateUsd, 0);
    assert.equal(body.projection.projectedUsd, 0);
  });

  it('projects month-end spend from this month so far', async () => {
    const now = new Date();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const p = prompts[1]!;
    await server.database.db.prisma.testRun.create({
      data: { ...runs[1]!, promptId: p.id, versionId: p.versionId, projectId: p.projectId, costUsd: 0.5, createdAt: new Date(monthStart.getTime() + 1000) },
    });
    const body = (await get(`/analytics/costs?workspaceId=${team.workspaceId}&promptId=${p.id}`)).body;
    close(body.projection.monthToDateUsd, 0.5, 'month to date');
    const expected = (0.5 / Math.max(body.projection.daysElapsed, 1 / 24)) * body.projection.daysInMonth;
    close(body.projection.projectedUsd, expected, 'projection');
    assert.ok(body.projection.projectedUsd >= 0.5);
    await server.database.db.prisma.testRun.deleteMany({ where: { costUsd: 0.5 } });
  });

  it('performance: p50/p95/p99 and rates overall, by model and by version, and the model comparison', async () => {
    const answer = await get(`/analytics/performance?workspaceId=${team.workspaceId}&${range}`);
    expectStatus(answer, 200);
    const body = answer.body;
    const scope = runs.filter(inPeriod);
    const check = (figures: any, set: Run[], what: string) => {
      assert.equal(figures.runs, set.length, `${what} runs`);
      close(figures.successRate, set.filter((r) => r.status === 'SUCCESS').length / set.length, `${what} success`);
      close(figures.errorRate, set.filter((r) => r.status === 'ERROR').length / set.length, `${what} errors`);
      for (const [key, p] of [
        ['p50Ms', 0.5],
        ['p95Ms', 0.95],
        ['p99Ms', 0.99],
      ] as const)
        close(
          figures[key],
          percentileCont(
            set.map((r) => r.latencyMs),
            p,
          ),
          `${what} ${key}`,
        );
      close(figures.avgCostUsd, sum(set.map((r) => r.costUsd)) / set.length, `${what} cost`);
    };
    assert.equal(body.percentileMethod, 'exact');
    check(body.overall, scope, 'overall');
    for (const m of MODELS)
      check(
        body.byModel.find((x: any) => x.model === m),
        scope.filter((r) => r.model === m),
        m,
      );
    for (const p of prompts) {
      const v = body.byVersion.find((x: any) => x.versionId === p.versionId);
      check(
        v,
        scope.filter((r) => r.versionId === p.versionId),
        `version of ${p.id}`,
      );
      assert.equal(v.versionNumber, 1);
      assert.equal(v.promptId, p.id);
    }
    const fastest = [...body.byModel].sort((a: any, b: any) => a.p50Ms - b.p50Ms)[0];
    assert.equal(body.modelComparison.fastestModel, fastest.model);
    assert.equal(body.modelComparison.models.find((m: any) => m.model === fastest.model).p50Ratio, 1);
  });

  it('reads percentiles from the latency histograms above the exact limit: within 2%, every other figure still exact', async () => {
    const prisma = server.database.db.prisma;
    const input = { workspaceId: team.workspaceId, from: from.toISOString(), to: to.toISOString() };
    const scope = runs.filter(inPeriod);
    const latencies = (set: Run[]) => set.map((r) => r.latencyMs);
    const dash = await dashboard(prisma, input, { exactPercentileMaxRuns: 0 });
    assert.equal(dash.latency.percentileMethod, 'histogram');
    assert.equal(dash.runs, scope.length);
    close(dash.spendUsd, sum(scope.map((r) => r.costUsd)), 'spend');
    close(dash.latency.avgMs, sum(latencies(scope)) / scope.length, 'avg');
    within(dash.latency.p50Ms, percentileCont(latencies(scope), 0.5), 'p50');
    within(dash.latency.p95Ms, percentileCont(latencies(scope), 0.95), 'p95');

    const perf = await performanceFigures(prisma, input, { exactPercentileMaxRuns: 0 });
    assert.equal(perf.percentileMethod, 'histogram');
    const check = (figures: any, set: Run[], what: string) => {
      assert.equal(figures.runs, set.length, `${what} runs`);
      close(figures.successRate, set.filter((r) => r.status === 'SUCCESS').length / set.length, `${what} success`);
      for (const [key, p] of [
        ['p50Ms', 0.5],
        ['p95Ms', 0.95],
        ['p99Ms', 0.99],
      ] as const)
        within(figures[key], percentileCont(latencies(set), p), `${what} ${key}`);
    };
    check(perf.overall, scope, 'overall');
    for (const m of MODELS)
      check(
        perf.byModel.find((x) => x.model === m),
        scope.filter((r) => r.model === m),
        m,
      );
    for (const p of prompts)
      check(
        perf.byVersion.find((x) => x.versionId === p.versionId),
        scope.filter((r) => r.versionId === p.versionId),
        p.id,
      );
  });

  it('combines whole days from the rollup with the runs of partial days at either end of the period', async () => {
    const periods = [
      // Mid-day at both ends: two partial days around 12 whole ones.
      { from: new Date(from.getTime() + 7 * 3_600_000 + 13 * 60_000), to: new Date(to.getTime() - 5 * 3_600_000 - 1234) },
      // Inside one day, and across one midnight without a whole day.
      { from: new Date(from.getTime() + 3 * DAY + 3_600_000), to: new Date(from.getTime() + 3 * DAY + 20 * 3_600_000) },
      { from: new Date(from.getTime() + 5 * DAY - 9 * 3_600_000), to: new Date(from.getTime() + 5 * DAY + 9 * 3_600_000) },
    ];
    for (const period of periods) {
      const q = `workspaceId=${team.workspaceId}&from=${period.from.toISOString()}&to=${period.to.toISOString()}`;
      const scope = runs.filter((r) => r.createdAt >= period.from && r.createdAt < period.to);
      assert.ok(scope.length > 0);
      const what = `${period.from.toISOString()}..${period.to.toISOString()}`;
      const dash = (await get(`/analytics?${q}`)).body;
      assert.equal(dash.runs, scope.length, `${what} ${JSON.stringify(dash)}`);
      assert.equal(dash.errors, scope.filter((r) => r.status === 'ERROR').length, what);
      close(dash.spendUsd, sum(scope.map((r) => r.costUsd)), `spend ${what}`);
      close(dash.judgeSpendUsd, sum(scope.map((r) => r.judgeCostUsd)), `judge spend ${what}`);
      assert.equal(dash.inputTokens, sum(scope.map((r) => r.inputTokens)), what);
      close(
        dash.latency.p50Ms,
        percentileCont(
          scope.map((r) => r.latencyMs),
          0.5,
        ),
        `p50 ${what}`,
      );
      const costs = (await get(`/analytics/costs?${q}`)).body;
      const days = new Map<string, number>();
      for (const r of scope) days.set(r.createdAt.toISOString().slice(0, 10), (days.get(r.createdAt.toISOString().slice(0, 10)) ?? 0) + r.costUsd);
      assert.deepEqual(
        costs.byDay.map((d: any) => d.day),
        [...days.keys()].sort(),
        what,
      );
      for (const d of costs.byDay) close(d.costUsd, days.get(d.day)!, `day ${d.day}`);
      const previousFrom = new Date(2 * period.from.getTime() - period.to.getTime());
      close(
        costs.trend.previousUsd,
        sum(runs.filter((r) => r.createdAt >= previousFrom && r.createdAt < period.from).map((r) => r.costUsd)),
        `previous ${what}`,
      );
      const perf = (await get(`/analytics/performance?${q}`)).body;
      for (const m of MODELS) {
        const set = scope.filter((r) => r.model === m);
        assert.equal(perf.byModel.find((x: any) => x.model === m)?.runs ?? 0, set.length, `${m} ${what}`);
        if (set.length) close(perf.byModel.find((x: any) => x.model === m).avgOutputTokens, sum(set.map((r) => r.outputTokens)) / set.length, `${m} tokens`);
      }
    }
  });

  it('answers zeros and nulls for a period without runs', async () => {
    const body = (await get(`/analytics/performance?workspaceId=${team.workspaceId}&from=2020-01-01&to=2020-02-01`)).body;
    assert.equal(body.overall.runs, 0);
    assert.equal(body.overall.p50Ms, null);
    assert.deepEqual(body.byModel, []);
  });

  it('rejects a reversed or malformed period with 400', async () => {
    expectStatus(await get(`/analytics?workspaceId=${team.workspaceId}&from=2026-02-01&to=2026-01-01`), 400);
    expectStatus(await get(`/analytics?workspaceId=${team.workspaceId}&from=yesterday`), 400);
  });

  it('hides a workspace from outsiders (404) and needs sign-in (401)', async () => {
    expectStatus(await get(`/analytics?workspaceId=${team.workspaceId}`, team.outsider.token), 404);
    expectStatus(await get(`/analytics/costs?workspaceId=${team.workspaceId}`, team.outsider.token), 404);
    expectStatus(await rest(server, 'GET', `/analytics/performance?workspaceId=${team.workspaceId}`), 401);
  });
});
