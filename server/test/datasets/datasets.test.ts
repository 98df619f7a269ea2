import assert from 'node:assert/strict';
import { createSourcePrompt, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';

describe('datasets API (/api/datasets)', () => {
  let world: RunWorld;

  before(async () => {
    world = await startRunWorld();
  });
  after(async () => {
    await world?.close();
  });
  beforeEach(() => {
    world.provider.setScript({});
    world.provider.requests.length = 0;
  });

  const create = (json: Record<string, unknown>, token = world.team.member.token) =>
    rest(world.server, 'POST', '/datasets', { token, json: { projectId: world.team.projectId, ...json } });

  it('creates, lists, reads, updates and deletes a dataset with items and assertions', async () => {
    const created = await create({
      name: 'greetings',
      description: 'names',
      items: [{ input: { name: 'Ada' }, assertions: [{ type: 'contains', value: 'Ada' }] }, { input: { name: 'Bo' } }],
    });
    expectStatus(created, 201);
    assert.equal(created.body.itemCount, 2);
    const id = created.body.id as string;

    const list = await rest(world.server, 'GET', `/datasets?projectId=${world.team.projectId}`, { token: world.team.viewer.token });
    expectStatus(list, 200);
    assert.ok(list.body.some((d: { id: string }) => d.id === id));

    const read = await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.viewer.token });
    expectStatus(read, 200);
    assert.deepEqual(
      read.body.items.map((i: { index: number; input: unknown; assertions: unknown }) => [i.index, i.input, i.assertions]),
      [
        [0, { name: 'Ada' }, [{ type: 'contains', value: 'Ada' }]],
        [1, { name: 'Bo' }, []],
      ],
    );

    const updated = await rest(world.server, 'PUT', `/datasets/${id}`, {
      token: world.team.member.token,
      json: { name: 'renamed', items: [{ input: { name: 'Cy' } }] },
    });
    expectStatus(updated, 200);
    assert.equal(updated.body.name, 'renamed');
    assert.equal(updated.body.itemCount, 1);

    expectStatus(await rest(world.server, 'DELETE', `/datasets/${id}`, { token: world.team.member.token }), 200);
    expectStatus(await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.member.token }), 404);
  });

  it('rejects a bad assertion in items with 400, Viewer writes with 403 and outsiders with 404', async () => {
    expectStatus(await create({ name: 'bad', items: [{ input: {}, assertions: [{ type: 'contains' }] }] }), 400);
    expectStatus(await create({ name: 'viewer' }, world.team.viewer.token), 403);
    expectStatus(await create({ name: 'outsider' }, world.team.outsider.token), 404);
    const id = (await create({ name: 'private' })).body.id;
    expectStatus(await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.outsider.token }), 404);
    expectStatus(await rest(world.server, 'GET', `/datasets?projectId=${world.team.projectId}`, { token: world.team.outsider.token }), 404);
  });

  it('imports CSV (columns -> input, assert: columns) and JSONL, appending or replacing', async () => {
    const id = (await create({ name: 'imported' })).body.id;
    const csv = 'name,assert:contains\nAda,Ada\nBo,\n';
    const first = await rest(world.server, 'POST', `/datasets/${id}/import`, { token: world.team.member.token, json: { format: 'csv', content: csv } });
    expectStatus(first, 200);
    assert.equal(first.body.imported, 2);
    const second = await rest(world.server, 'POST', `/datasets/${id}/import`, {
      token: world.team.member.token,
      json: { format: 'jsonl', content: '{"input":{"name":"Cy"}}\n' },
    });
    assert.equal(second.body.dataset.itemCount, 3);
    const read = await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.member.token });
    assert.deepEqual(
      read.body.items.map((i: { index: number; input: { name: string } }) => [i.index, i.input.name]),
      [
        [0, 'Ada'],
        [1, 'Bo'],
        [2, 'Cy'],
      ],
    );
    assert.deepEqual(read.body.items[0].assertions, [{ type: 'contains', value: 'Ada' }]);
    const replaced = await rest(world.server, 'POST', `/datasets/${id}/import`, {
      token: world.team.member.token,
      json: { format: 'jsonl', content: '{"name":"Di"}', mode: 'replace' },
    });
    assert.equal(replaced.body.dataset.itemCount, 1);
  });

  it('answers 400 naming the line of a bad row and imports nothing', async () => {
    const id = (await create({ name: 'strict' })).body.id;
    const answer = await rest(world.server, 'POST', `/datasets/${id}/import`, {
      token: world.team.member.token,
      json: { format: 'csv', content: 'name,assert:max-cost\nAda,0.01\nBo,cheap\n' },
    });
    expectStatus(answer, 400);
    assert.equal(answer.body.error.message, "Import failed: Line 3: column 'assert:max-cost': expected a number, got 'cheap'");
    const jsonl = await rest(world.server, 'POST', `/datasets/${id}/import`, {
      token: world.team.member.token,
      json: { format: 'jsonl', content: '{"name":"Ada"}\nnot json' },
    });
    expectStatus(jsonl, 400);
    assert.match(jsonl.body.error.message, /^Import failed: Line 2: not valid JSON/);
    assert.equal((await rest(world.server, 'GET', `/datasets/${id}`, { token: world.team.member.token })).body.itemCount, 0);
  });

  it('runs a prompt over every item, evaluating assertions, and records each run', async () => {
    const { id: promptId, versionId } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId);
    const jsonl = [
      '{"input":{"name":"Ada"},"assertions":[{"type":"contains","value":"Ada"},{"type":"regex","value":"^Echo"}]}',
      '{"input":{"name":"Bo"},"assertions":[{"type":"contains","value":"Zed"}]}',
      '{"input":{"nom":"Cy"}}',
      '{"input":{"name":"Di"}}',
    ].join('\n');
    const id = (await create({ name: 'to run' })).body.id;
    expectStatus(
      await rest(world.server, 'POST', `/datasets/${id}/import`, { token: world.team.member.token, json: { format: 'jsonl', content: jsonl } }),
      200,
    );

    const answer = await rest(world.server, 'POST', `/datasets/${id}/run`, { token: world.team.member.token, json: { promptId, concurrency: 2 } });
    expectStatus(answer, 200);
    const summary = answer.body;
    assert.equal(summary.versionId, versionId);
    assert.deepEqual([summary.total, summary.passed, summary.failedAssertions, summary.errored], [4, 2, 1, 1]);
    const [ada, bo, cy, di] = summary.items;
    assert.equal(ada.passed, true);
    assert.deepEqual(
      ada.assertions.map((a: { pass: boolean }) => a.pass),
      [true, true],
    );
    assert.equal(bo.passed, false);
    assert.equal(bo.errorKind, 'assertion');
    assert.match(bo.error, /Output does not contain 'Zed'/);
    assert.equal(cy.errorKind, 'invalid_input');
    assert.match(cy.error, /Missing input variable 'name'/);
    assert.equal(di.passed, true);
    assert.ok(summary.costUsd > 0);
    // Three provider calls: the item with a missing variable never reached the provider.
    assert.equal(world.provider.requests.length, 3);

    const runs = await rest(world.server, 'GET', `/prompts/${promptId}/test?pageSize=10`, { token: world.team.member.token });
    assert.equal(runs.body.total, 4);
    const recorded = runs.body.items.find((r: { id: string }) => r.id === bo.runId);
    assert.equal(recorded.datasetItemId, bo.itemId);
    assert.equal(recorded.status, 'error');
    assert.equal(recorded.output, 'Echo: Hello Bo');
  });

  it('prices the llm-judge calls of assertions on each run and counts them against the spend limit', async () => {
    const { team, server } = world;
    const { id: promptId } = await createSourcePrompt(server, team.member.token, team.projectId);
    // The prompt runs on gpt-4o-mini (echoing); the judge on gpt-4o, scripted to grade.
    world.provider.setScript({ 'gpt-4o': { output: '{"score": 0.9, "reason": "polite"}' }, '*': {} });
    const judged = { type: 'llm-judge', rubric: 'Is it polite?', model: 'openai/gpt-4o' };
    const id = (await create({ name: 'judged', items: [{ input: { name: 'Ada' }, assertions: [judged] }, { input: { name: 'Bo' } }] })).body.id;
    const answer = await rest(server, 'POST', `/datasets/${id}/run`, { token: team.member.token, json: { promptId } });
    expectStatus(answer, 200);
    assert.equal(answer.body.passed, 2);
    const [ada, bo] = answer.body.items;
    const judge = ada.assertions[0].judge;
    assert.equal(judge.model, 'openai/gpt-4o');
    assert.ok(judge.costUsd > 0 && judge.inputTokens > 0, JSON.stringify(judge));
    assert.equal(answer.body.judgeCostUsd, judge.costUsd);

    const runs = await rest(server, 'GET', `/prompts/${promptId}/test`, { token: team.viewer.token });
    const byId = new Map(runs.body.items.map((run: { id: string }) => [run.id, run]));
    const adaRun = byId.get(ada.runId) as { judgeCostUsd: number; costUsd: number; assertions: Array<{ judge: unknown }> };
    assert.equal(adaRun.judgeCostUsd, judge.costUsd);
    assert.deepEqual(adaRun.assertions[0]!.judge, judge);
    assert.equal((byId.get(bo.runId) as { judgeCostUsd: number }).judgeCostUsd, 0);

    // A limit above the runs' own costs but below them plus the judge's: only counting the judge stops the next run.
    const prisma = server.database.db.prisma;
    const own = await prisma.testRun.aggregate({ where: { workspaceId: team.workspaceId }, _sum: { costUsd: true } });
    const limit = (own._sum.costUsd?.toNumber() ?? 0) + judge.costUsd / 2;
    expectStatus(await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: limit } }), 200);
    try {
      const blocked = await rest(server, 'POST', `/prompts/${promptId}/test`, { token: team.member.token, json: { input: { name: 'Cy' } } });
      expectStatus(blocked, 402);
    } finally {
      await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: null } });
    }
  });

  it("records an item missing a seed prompt's variable as an invalid_input run without calling the provider", async () => {
    const seed = await rest(world.server, 'POST', '/prompts', {
      token: world.team.member.token,
      json: { projectId: world.team.projectId, name: 'seed', content: 'Summarize {{text}}', model: 'openai/gpt-4o-mini' },
    });
    const id = (await create({ name: 'seed items', items: [{ input: { text: 'news' } }, { input: { body: 'news' } }] })).body.id;
    const answer = await rest(world.server, 'POST', `/datasets/${id}/run`, { token: world.team.member.token, json: { promptId: seed.body.id } });
    expectStatus(answer, 200);
    assert.deepEqual([answer.body.passed, answer.body.errored], [1, 1]);
    assert.equal(answer.body.items[1].error, "Missing input variable 'text'");
    assert.equal(world.provider.requests.length, 1);
  });

  it('refuses a dataset run by a Viewer (403) and with a prompt of another workspace (404)', async () => {
    const id = (await create({ name: 'guarded', items: [{ input: { name: 'Ada' } }] })).body.id;
    const { id: promptId } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId);
    expectStatus(await rest(world.server, 'POST', `/datasets/${id}/run`, { token: world.team.viewer.token, json: { promptId } }), 403);
    const foreign = await createSourcePrompt(world.server, world.team.outsider.token, world.team.outsiderProjectId);
    expectStatus(await rest(world.server, 'POST', `/datasets/${id}/run`, { token: world.team.member.token, json: { promptId: foreign.id } }), 404);
    assert.equal(world.provider.requests.length, 0);
  });
});
