import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, rest, startTeamServer, type Team } from '../workspaces/fixtures.ts';

// `GET /api/prompts/{id}` has a fast door (promptReadRoute.ts) beside trpc-to-openapi's; a query
// string sends the same read through the adapter, so both answers can be compared directly.
describe('the fast read door for GET /api/prompts/{id}', () => {
  let server: TestServer;
  let team: Team;
  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(() => server.close());

  it('answers exactly what the REST adapter answers, for readers and refusals alike', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[string, string | undefined]> = [
      [id, team.viewer.token],
      [id, team.member.token],
      [id, team.outsider.token],
      [id, undefined],
      [id, 'not-a-token'],
      [missing, team.member.token],
    ];
    for (const [promptId, token] of cases) {
      const fast = await rest(server, 'GET', `/prompts/${promptId}`, token ? { token } : {});
      const adapter = await rest(server, 'GET', `/prompts/${promptId}?_=adapter`, token ? { token } : {});
      const who = `${promptId === id ? 'prompt' : 'missing'} / ${token === undefined ? 'no token' : token.slice(0, 12)}`;
      assert.equal(fast.status, adapter.status, who);
      assert.deepEqual(fast.body, adapter.body, who);
      assert.equal(fast.headers.get('content-type'), adapter.headers.get('content-type'), who);
    }
  });
});
