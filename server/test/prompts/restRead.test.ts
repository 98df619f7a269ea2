import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

// `GET /api/prompts/{id}` is answered by the REST adapter alone, calling `prompts.get` as /trpc
// does: the REST answer must be the tRPC answer, and every refusal the API's error shape.
describe('GET /api/prompts/{id} through the REST adapter', () => {
  let server: TestServer;
  let team: Team;
  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(() => server.close());

  it('answers readers with what /trpc prompts.get answers', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    for (const user of [team.viewer, team.member, team.admin]) {
      const answer = await rest(server, 'GET', `/prompts/${id}`, { token: user.token });
      assert.equal(answer.status, 200);
      assert.equal(answer.headers.get('content-type'), 'application/json');
      const viaTrpc = await server.trpc(user.token).prompts.get.query({ id });
      assert.deepEqual(answer.body, JSON.parse(JSON.stringify(viaTrpc)));
      assert.equal(answer.body.id, id);
      assert.equal(answer.body.version.number, 1);
      assert.equal(answer.body.latestVersion.source, answer.body.version.source);
    }
    // A trailing slash and a selector in the query string reach the same procedure.
    assert.equal((await rest(server, 'GET', `/prompts/${id}/`, { token: team.viewer.token })).body.id, id);
    const byVersion = await rest(server, 'GET', `/prompts/${id}?version=1`, { token: team.viewer.token });
    assert.equal(byVersion.status, 200);
    assert.equal(byVersion.body.version.number, 1);
  });

  it('answers a split label with its split, experiment and stickiness, as the labels route and /trpc do', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId, { name: 'split' });
    expectStatus(await rest(server, 'POST', `/prompts/${id}/versions`, { token: team.member.token, json: { source: 'Say {{text}} shorter' } }), 201);
    const split = [
      { version: 1, weight: 70 },
      { version: 2, weight: 30 },
    ];
    const moved = await rest(server, 'PUT', `/prompts/${id}/labels/production`, { token: team.admin.token, json: { split, stickyBy: 'userId' } });
    expectStatus(moved, 200);
    expectStatus(await rest(server, 'PUT', `/prompts/${id}/labels/staging`, { token: team.member.token, json: { versionNumber: 2 } }), 200);

    const answer = await rest(server, 'GET', `/prompts/${id}`, { token: team.viewer.token });
    expectStatus(answer, 200);
    const production = answer.body.labels.find((label: { name: string }) => label.name === 'production');
    assert.deepEqual(
      { versionNumber: production.versionNumber, split: production.split, experimentId: production.experimentId, stickyBy: production.stickyBy },
      { versionNumber: 1, split, experimentId: moved.body.experimentId, stickyBy: 'userId' },
    );
    const staging = answer.body.labels.find((label: { name: string }) => label.name === 'staging');
    assert.equal(staging.versionNumber, 2);
    assert.equal('split' in staging, false, 'a plain label has no split');
    assert.equal(answer.body.latestVersion.number, 2);
    const labels = await rest(server, 'GET', `/prompts/${id}/labels`, { token: team.viewer.token });
    assert.deepEqual(answer.body.labels, labels.body);
    assert.deepEqual(answer.body, JSON.parse(JSON.stringify(await server.trpc(team.viewer.token).prompts.get.query({ id }))));
  });

  it('refuses outsiders, signed-out callers, bad tokens, missing, deleted and over-long ids in the error shape', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId, { name: 'refusals' });
    const deleted = await createPrompt(server, team.member.token, team.projectId, { name: 'gone' });
    assert.equal((await rest(server, 'DELETE', `/prompts/${deleted}`, { token: team.member.token })).status, 200);
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[string, string | undefined, number, string]> = [
      [id, team.outsider.token, 404, 'NOT_FOUND'],
      [id, undefined, 401, 'UNAUTHORIZED'],
      [id, 'not-a-token', 401, 'UNAUTHORIZED'],
      [missing, team.member.token, 404, 'NOT_FOUND'],
      [deleted, team.member.token, 404, 'NOT_FOUND'],
      // The access check runs before the input is parsed: an id no prompt can have is not found.
      ['a'.repeat(65), team.member.token, 404, 'NOT_FOUND'],
      [`${id}?version=x`, team.member.token, 400, 'BAD_REQUEST'],
    ];
    for (const [path, token, status, code] of cases) {
      const answer = await rest(server, 'GET', `/prompts/${path}`, token ? { token } : {});
      const who = `${path.slice(0, 40)} / ${token === undefined ? 'no token' : token.slice(0, 12)}`;
      assert.equal(answer.status, status, `${who}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.headers.get('content-type'), 'application/json', who);
      assert.equal(answer.body.error.code, code, who);
      assert.equal(typeof answer.body.error.message, 'string', who);
      assert.doesNotMatch(JSON.stringify(answer.body), /\bat .+:\d+:\d+/, `${who}: no stack trace`);
    }
  });
});
