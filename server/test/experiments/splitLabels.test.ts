import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Answer, type Team } from '../helpers/team.ts';

const V1 = '---\nmodel: openai/gpt-4o-mini\n---\nHello {{customer}}.';
const V2 = '---\nmodel: openai/gpt-4o-mini\nconfig:\n  temperature: 0.1\n---\nGood day {{customer}}!';
const V3 = '---\nmodel: anthropic/claude-sonnet-4-5\n---\nHi there {{customer}}.';

// Split labels over real HTTP: the label move that starts an experiment, its audit, serving the
// arms, promotion and the reads of the experiments API.
describe('split labels and live experiments', () => {
  let server: TestServer;
  let team: Team;
  let promptId: string;
  before(async function () {
    this.timeout(300_000);
    ({ server, team } = await startTeamServer());
    promptId = await createPrompt(server, team.member.token, team.projectId, { name: 'greeter', content: V1, model: undefined, temperature: undefined });
    for (const source of [V2, V3])
      expectStatus(await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source } }), 201);
    // production is protected (an Admin moves it); canary is not.
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 2 } }), 200);
  });
  after(() => server.close());

  const putLabel = (name: string, json: unknown, token = name === 'production' ? team.admin.token : team.member.token) =>
    rest(server, 'PUT', `/prompts/${promptId}/labels/${name}`, { token, json });
  async function serve(query: string, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await server.api(`/api/v1/prompts/greeter?projectId=${team.projectId}&${query}`, { token: team.viewer.token, headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : text, headers: response.headers };
  }

  it('refuses a malformed split with 400 and a missing version with 404, changing nothing', async () => {
    const cases: Array<[unknown, number, RegExp]> = [
      [{ split: [{ version: 1, weight: 100 }] }, 400, /at least 2 arms/],
      [
        {
          split: [
            { version: 1, weight: 50 },
            { version: 1, weight: 50 },
          ],
        },
        400,
        /appears twice/,
      ],
      [
        {
          split: [
            { version: 1, weight: 0 },
            { version: 2, weight: 50 },
          ],
        },
        400,
        /positive/,
      ],
      [
        {
          split: [
            { version: 1, weight: -5 },
            { version: 2, weight: 50 },
          ],
        },
        400,
        /positive/,
      ],
      [
        {
          split: [
            { version: 1, weight: 1.5 },
            { version: 2, weight: 50 },
          ],
        },
        400,
        /./,
      ],
      [
        {
          split: [
            { version: 1, weight: 50 },
            { version: 2, weight: 50 },
          ],
          versionNumber: 1,
        },
        400,
        /not both/,
      ],
      [{ versionNumber: 1, stickyBy: 'userId' }, 400, /stickyBy goes with a split/],
      [
        {
          split: [
            { version: 1, weight: 50 },
            { version: 2, weight: 50 },
          ],
          stickyBy: 'user id!',
        },
        400,
        /stickyBy/,
      ],
      [{}, 400, /versionNumber or split/],
      [
        {
          split: [
            { version: 1, weight: 50 },
            { version: 9, weight: 50 },
          ],
        },
        404,
        /no version 9/,
      ],
    ];
    for (const [json, status, message] of cases) {
      const answer = await putLabel('production', json);
      assert.equal(answer.status, status, `${JSON.stringify(json)}: ${JSON.stringify(answer.body)}`);
      // The message, or for invalid input the issues beside it, says what is wrong.
      assert.match(JSON.stringify(answer.body.error), message);
    }
    const labels = await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token });
    assert.deepEqual(
      labels.body.map((l: { name: string; versionNumber: number; split?: unknown }) => [l.name, l.versionNumber, l.split]),
      [['production', 2, undefined]],
    );
    assert.equal(await server.database.db.prisma.experiment.count({ where: { promptId } }), 0);
  });

  it('starts an experiment on a split: control is the version the label named, audited with the split', async () => {
    const answer = await putLabel('production', {
      split: [
        { version: 3, weight: 10 },
        { version: 2, weight: 90 },
      ],
      stickyBy: 'userId',
    });
    expectStatus(answer, 200);
    assert.equal(answer.body.versionNumber, 2, 'the label names its control for readers that know nothing of splits');
    assert.deepEqual(answer.body.split, [
      { version: 2, weight: 90 },
      { version: 3, weight: 10 },
    ]);
    assert.equal(answer.body.stickyBy, 'userId');
    const experimentId = answer.body.experimentId as string;
    assert.ok(experimentId);

    const experiment = await rest(server, 'GET', `/experiments/${experimentId}`, { token: team.viewer.token });
    expectStatus(experiment, 200);
    assert.equal(experiment.body.status, 'RUNNING');
    assert.equal(experiment.body.label, 'production');
    assert.equal(experiment.body.controlVersion, 2);
    assert.equal(experiment.body.startedById, team.admin.id);
    assert.deepEqual(experiment.body.arms, [
      { version: 2, weight: 90, isControl: true },
      { version: 3, weight: 10, isControl: false },
    ]);
    // A reader that knows nothing of splits (the version by label) sees the control.
    const byLabel = await rest(server, 'GET', `/prompts/${promptId}/versions/production`, { token: team.viewer.token });
    assert.equal(byLabel.body.number, 2);

    const [event] = await server.database.db.prisma.labelEvent.findMany({ where: { promptId, label: 'production' }, orderBy: { createdAt: 'desc' }, take: 1 });
    assert.deepEqual(event!.from, { versionNumber: 2 });
    assert.deepEqual(event!.to, {
      split: [
        { version: 3, weight: 10 },
        { version: 2, weight: 90 },
      ],
      stickyBy: 'userId',
    });
    assert.equal(event!.actorUserId, team.admin.id);
  });

  it('serves every arm of a split label with its weight, with an ETag answering 304', async () => {
    const answer = await serve('label=production');
    expectStatus(answer, 200);
    const labels = await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token });
    const experimentId = labels.body[0].experimentId;
    assert.equal(answer.body.experimentId, experimentId);
    assert.equal(answer.body.name, 'greeter');
    assert.equal(answer.body.label, 'production');
    assert.equal(answer.body.stickyBy, 'userId');
    assert.deepEqual(
      answer.body.arms.map((a: { version: number; weight: number; source: string; model: string; config: object }) => [
        a.version,
        a.weight,
        a.source,
        a.model,
        a.config,
      ]),
      [
        [2, 90, V2, 'openai/gpt-4o-mini', { temperature: 0.1 }],
        [3, 10, V3, 'anthropic/claude-sonnet-4-5', {}],
      ],
    );
    assert.ok(answer.body.arms.every((a: { contentHash: string }) => /^[0-9a-f]{16,}$/.test(a.contentHash)));
    const etag = answer.headers.get('etag')!;
    assert.match(etag, new RegExp(`^"${experimentId}-split-[0-9a-f]{16}"$`));
    const again = await serve('label=production', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    // A version by number and a plain label are served as before.
    assert.equal((await serve('version=3')).body.source, V3);
  });

  it('lists experiments newest first; a new split replaces the running experiment (STOPPED, replaced)', async () => {
    const first = (await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token })).body[0].experimentId;
    const replaced = await putLabel('production', {
      split: [
        { version: 1, weight: 1 },
        { version: 3, weight: 1 },
      ],
    });
    expectStatus(replaced, 200);
    assert.equal(replaced.body.versionNumber, 1, 'the label named v2, no arm now: the first arm is control');
    assert.equal(replaced.body.stickyBy, null);
    const list = await rest(server, 'GET', `/prompts/${promptId}/experiments`, { token: team.viewer.token });
    expectStatus(list, 200);
    assert.deepEqual(
      list.body.items.map((e: { id: string; status: string; endReason: string | null }) => [e.id, e.status, e.endReason]),
      [
        [replaced.body.experimentId, 'RUNNING', null],
        [first, 'STOPPED', 'replaced'],
      ],
    );
    const running = await rest(server, 'GET', `/prompts/${promptId}/experiments?status=RUNNING`, { token: team.viewer.token });
    assert.equal(running.body.items.length, 1);
    const [event] = await server.database.db.prisma.labelEvent.findMany({ where: { promptId, label: 'production' }, orderBy: { createdAt: 'desc' }, take: 1 });
    assert.deepEqual(event!.from, {
      split: [
        { version: 2, weight: 90 },
        { version: 3, weight: 10 },
      ],
      stickyBy: 'userId',
    });
  });

  it('promotes an arm in one call: the label names it alone, the experiment is PROMOTED, audited via experiment', async () => {
    const experimentId = (await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token })).body[0].experimentId;
    const notArm = await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.admin.token, json: { version: 2 } });
    expectStatus(notArm, 400);
    assert.match(notArm.body.error.message, /not an arm/);
    expectStatus(await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.viewer.token, json: { version: 3 } }), 403);

    const promoted = await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.admin.token, json: { version: 3, reason: 'v3 wins' } });
    expectStatus(promoted, 200);
    assert.equal(promoted.body.status, 'PROMOTED');
    assert.equal(promoted.body.winnerVersion, 3);
    assert.equal(promoted.body.endReason, 'promoted');
    assert.ok(promoted.body.endedAt);
    const labels = await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token });
    assert.deepEqual(labels.body[0], { ...labels.body[0], name: 'production', versionNumber: 3 });
    assert.equal(labels.body[0].split, undefined);
    const served = await serve('label=production');
    assert.equal(served.body.version, 3);
    assert.equal(served.body.arms, undefined);
    const [event] = await server.database.db.prisma.labelEvent.findMany({ where: { promptId, label: 'production' }, orderBy: { createdAt: 'desc' }, take: 1 });
    assert.equal(event!.via, 'experiment');
    assert.equal(event!.reason, 'v3 wins');
    assert.deepEqual(event!.to, { versionNumber: 3 });

    const again = await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.admin.token, json: { version: 3 } });
    expectStatus(again, 409);
  });

  it('a plain move or removing the label ends a running experiment', async () => {
    const split = await putLabel('canary', {
      split: [
        { version: 1, weight: 1 },
        { version: 2, weight: 1 },
      ],
    });
    expectStatus(split, 200);
    expectStatus(await putLabel('canary', { versionNumber: 3 }), 200);
    const first = await rest(server, 'GET', `/experiments/${split.body.experimentId}`, { token: team.viewer.token });
    assert.deepEqual([first.body.status, first.body.endReason], ['STOPPED', 'replaced']);
    const second = await putLabel('canary', {
      split: [
        { version: 1, weight: 1 },
        { version: 2, weight: 1 },
      ],
    });
    expectStatus(await rest(server, 'DELETE', `/prompts/${promptId}/labels/canary`, { token: team.member.token }), 200);
    const removed = await rest(server, 'GET', `/experiments/${second.body.experimentId}`, { token: team.viewer.token });
    assert.deepEqual([removed.body.status, removed.body.endReason], ['STOPPED', 'label-removed']);
  });

  it('lets a Member stop an experiment on an unprotected label; stopping one on production needs an Admin', async () => {
    const arms = [
      { version: 1, weight: 1 },
      { version: 2, weight: 1 },
    ];
    const canary = await putLabel('canary', { split: arms });
    expectStatus(canary, 200);
    const stopped = await rest(server, 'POST', `/experiments/${canary.body.experimentId}/stop`, { token: team.member.token, json: {} });
    expectStatus(stopped, 200);
    assert.deepEqual([stopped.body.endReason, stopped.body.labelReverted], ['stopped', true]);
    const production = await putLabel('production', { split: arms });
    expectStatus(production, 200);
    for (const action of ['stop', 'promote']) {
      const refused = await rest(server, 'POST', `/experiments/${production.body.experimentId}/${action}`, { token: team.member.token, json: { version: 2 } });
      expectStatus(refused, 403);
      assert.match(refused.body.error.message, new RegExp(`Ask an Admin to ${action} experiment`));
    }
    expectStatus(await rest(server, 'POST', `/experiments/${production.body.experimentId}/stop`, { token: team.admin.token, json: {} }), 200);
  });

  it("changes a running experiment's guardrails (merged, null turns one off), never its alpha; protected needs an Admin; ended is 409", async () => {
    const arms = [
      { version: 1, weight: 1 },
      { version: 3, weight: 1 },
    ];
    const canary = await putLabel('canary', { split: arms });
    expectStatus(canary, 200);
    const guardrails = (id: string, settings: unknown, token = team.member.token) =>
      rest(server, 'PUT', `/experiments/${id}/guardrails`, { token, json: { settings } });
    const changed = await guardrails(canary.body.experimentId, { maxLatencyIncreaseMs: null, minSamplePerArm: 20 });
    expectStatus(changed, 200);
    assert.deepEqual(changed.body.settings, { maxLatencyIncreaseMs: null, minSamplePerArm: 20 });
    const again = await guardrails(canary.body.experimentId, { maxErrorRateIncrease: 0.05 });
    assert.deepEqual(again.body.settings, { maxLatencyIncreaseMs: null, minSamplePerArm: 20, maxErrorRateIncrease: 0.05 });
    for (const [settings, message] of [
      [{ alpha: 0.1 }, /alpha/],
      [{}, /at least one of/],
      [{ maxErrorRateIncrease: 2 }, /maxErrorRateIncrease/],
    ] as const) {
      const refused = await guardrails(canary.body.experimentId, settings);
      expectStatus(refused, 400);
      assert.match(JSON.stringify(refused.body), message);
    }
    expectStatus(await guardrails(canary.body.experimentId, { minSamplePerArm: 30 }, team.viewer.token), 403);
    expectStatus(await guardrails(canary.body.experimentId, { minSamplePerArm: 30 }, team.outsider.token), 404);

    const production = await putLabel('production', { split: arms });
    expectStatus(production, 200);
    const refused = await guardrails(production.body.experimentId, { maxErrorRateIncrease: 0.5 });
    expectStatus(refused, 403);
    assert.match(refused.body.error.message, /Ask an Admin to change the guardrails of experiment/);
    expectStatus(await guardrails(production.body.experimentId, { maxErrorRateIncrease: 0.01 }, team.admin.token), 200);
    expectStatus(await rest(server, 'POST', `/experiments/${production.body.experimentId}/stop`, { token: team.admin.token, json: {} }), 200);
    expectStatus(await guardrails(production.body.experimentId, { maxErrorRateIncrease: 0.02 }, team.admin.token), 409);
  });

  it('keeps experiments from outsiders (404) and answers 404 for an unknown experiment', async () => {
    const list = await rest(server, 'GET', `/prompts/${promptId}/experiments`, { token: team.outsider.token });
    expectStatus(list, 404);
    const experimentId = (await rest(server, 'GET', `/prompts/${promptId}/experiments`, { token: team.viewer.token })).body.items[0].id;
    expectStatus(await rest(server, 'GET', `/experiments/${experimentId}`, { token: team.outsider.token }), 404);
    expectStatus(await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.outsider.token, json: { version: 1 } }), 404);
    expectStatus(await rest(server, 'GET', '/experiments/00000000-0000-4000-8000-000000000000', { token: team.viewer.token }), 404);
  });
});
