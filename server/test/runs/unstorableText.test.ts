import assert from 'node:assert/strict';
import { expectStatus, rest } from '../helpers/team.ts';
import { createSourcePrompt, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';

// Postgres text and jsonb hold neither U+0000 nor a lone surrogate.
const AWKWARD = 'a\u0000b\uD800c\uE000d\uDFFFe';
const NUL_MESSAGE = /must not contain a NUL character \(\\u0000\) or an unpaired surrogate$/;

describe('NUL characters and unpaired surrogates', () => {
  let world: RunWorld;
  before(async () => {
    world = await startRunWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('records a provider answer holding them, exactly, in the run, analytics and spend', async () => {
    const { server, team, provider } = world;
    const { id } = await createSourcePrompt(server, team.member.token, team.projectId);
    provider.setScript({ '*': { output: AWKWARD } });
    const answer = await rest(server, 'POST', `/prompts/${id}/test`, { token: team.member.token, json: { input: { name: 'Ada' } } });
    expectStatus(answer, 200);
    assert.equal(answer.body.output, AWKWARD);
    assert.equal(answer.body.status, 'success');

    const list = await rest(server, 'GET', `/prompts/${id}/test`, { token: team.member.token });
    expectStatus(list, 200);
    assert.equal(list.body.items.length, 1);
    assert.equal(list.body.items[0].output, AWKWARD);

    const analytics = await rest(server, 'GET', `/analytics?workspaceId=${team.workspaceId}`, { token: team.member.token });
    expectStatus(analytics, 200);
    assert.equal(analytics.body.runs, 1);
    assert.equal(analytics.body.spendUsd, answer.body.costUsd);
    assert.ok(answer.body.costUsd > 0);

    // The spend limit counts it: a $0 limit names exactly this run's cost as this month's spend.
    expectStatus(await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: 0 } }), 200);
    const blocked = await rest(server, 'POST', `/prompts/${id}/test`, { token: team.member.token, json: { input: { name: 'Ada' } } });
    expectStatus(blocked, 402);
    const spent = `$${(answer.body.costUsd as number).toFixed(8).replace(/\.?0+$/, '')} spent`;
    assert.ok(blocked.body.error.message.includes(spent), `${blocked.body.error.message} should say ${spent}`);
    expectStatus(await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: null } }), 200);
  });

  it('round-trips a run input holding them and sends it to the provider as given', async () => {
    const { server, team, provider } = world;
    provider.setScript({});
    provider.requests.length = 0;
    const { id } = await createSourcePrompt(server, team.member.token, team.projectId, undefined, 'greeting-2');
    const input = { name: AWKWARD, [`key${AWKWARD}`]: [AWKWARD] };
    const answer = await rest(server, 'POST', `/prompts/${id}/test`, { token: team.member.token, json: { input } });
    expectStatus(answer, 200);
    assert.deepEqual(answer.body.input, input);
    assert.ok(JSON.stringify(provider.requests[0]!.body).includes(JSON.stringify(AWKWARD).slice(1, -1)));
    const list = await rest(server, 'GET', `/prompts/${id}/test`, { token: team.member.token });
    assert.deepEqual(list.body.items[0].input, input);
    assert.equal(list.body.items[0].output, `Echo: Hello ${AWKWARD}`);
  });

  it('refuses them with 400 naming the field where they make no sense, on both doors', async () => {
    const { server, team } = world;
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/projects', { workspaceId: team.workspaceId, name: 'a\u0000b' }, 'name'],
      ['POST', '/projects', { workspaceId: team.workspaceId, name: 'lone \uD800' }, 'name'],
      ['POST', '/auth/signup', { name: 'x', email: 'a\u0000@b.io', password: 'long enough password' }, 'email'],
      ['POST', '/prompts', { projectId: team.projectId, name: 'x', content: 'Hi\u0000' }, 'content'],
      ['PUT', `/workspaces/${team.workspaceId}`, { name: 'x', settings: { tags: ['ok', '\u0000'] } }, 'settings.tags[1]'],
      ['GET', `/prompts?projectId=${team.projectId}&q=%00`, undefined, 'q'],
    ];
    for (const [method, path, json, field] of cases) {
      const answer = await rest(server, method, path, { token: team.admin.token, ...(json === undefined ? {} : { json }) });
      assert.equal(answer.status, 400, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, 'BAD_REQUEST');
      assert.match(answer.body.error.message, NUL_MESSAGE);
      assert.ok(answer.body.error.message.startsWith(`${field} `), answer.body.error.message);
    }
    await assert.rejects(server.trpc(team.admin.token).projects.create.mutate({ workspaceId: team.workspaceId, name: 'a\u0000' }), (error: Error) =>
      /^name must not contain/.test(error.message),
    );
  });
});
