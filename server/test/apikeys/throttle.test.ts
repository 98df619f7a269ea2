import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createPrompt, createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';

const ALLOWANCE = 3;

describe('API key rate limit', () => {
  let server: TestServer;
  let team: Team;
  let promptId: string;

  const createKey = async () => {
    const answer = await rest(server, 'POST', `/workspaces/${team.workspaceId}/api-keys`, {
      token: team.admin.token,
      json: { name: 'app', scopes: ['prompts:read'] },
    });
    expectStatus(answer, 201);
    return answer.body.key as string;
  };

  before(async function () {
    // Four sign-ups (bcrypt) and a migrated database take a while on a busy machine.
    this.timeout(300_000);
    server = await startTestServer({ env: { RATE_LIMIT_API_KEY_PER_MINUTE: String(ALLOWANCE) } });
    team = await createTeam(server);
    promptId = await createPrompt(server, team.member.token, team.projectId);
  });
  after(() => server.close());

  it('answers 429 with Retry-After once a key has made its calls for the minute, and only for that key', async () => {
    const key = await createKey();
    for (let i = 0; i < ALLOWANCE; i++) expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: key }), 200);
    const limited = await rest(server, 'GET', `/prompts/${promptId}`, { token: key });
    expectStatus(limited, 429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    assert.equal(limited.body.error.code, 'TOO_MANY_REQUESTS');
    // Another key and a signed-in user are not held back by it.
    expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: await createKey() }), 200);
    expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: team.member.token }), 200);
  });

  it('counts each call of a tRPC batch', async () => {
    const key = await createKey();
    const input = encodeURIComponent(JSON.stringify(Object.fromEntries(Array.from({ length: ALLOWANCE + 1 }, (_, i) => [i, { id: promptId }]))));
    const procedures = Array.from({ length: ALLOWANCE + 1 }, () => 'prompts.get').join(',');
    const response = await server.api(`/trpc/${procedures}?batch=1&input=${input}`, { token: key });
    assert.equal(response.status, 429);
  });
});
