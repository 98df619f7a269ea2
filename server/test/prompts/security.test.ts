import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

/** Every workspace/project/prompt route, filled in with the team's ids, and a body for writes. */
function routes(team: Team, promptId: string, memberId: string) {
  const ws = team.workspaceId;
  return [
    ['GET', `/workspaces/${ws}`],
    ['PUT', `/workspaces/${ws}`, { name: 'x' }],
    ['GET', `/workspaces/${ws}/members`],
    ['POST', `/workspaces/${ws}/members`, { email: team.outsider.email, role: 'ADMIN' }],
    ['PUT', `/workspaces/${ws}/members/${memberId}`, { role: 'ADMIN' }],
    ['DELETE', `/workspaces/${ws}/members/${memberId}`],
    ['GET', `/projects?workspaceId=${ws}`],
    ['POST', '/projects', { workspaceId: ws, name: 'x' }],
    ['GET', `/projects/${team.projectId}`],
    ['PUT', `/projects/${team.projectId}`, { name: 'x' }],
    ['DELETE', `/projects/${team.projectId}`],
    ['GET', `/prompts?projectId=${team.projectId}`],
    ['POST', '/prompts', { name: 'x', content: 'x', projectId: team.projectId }],
    ['GET', `/prompts/${promptId}`],
    ['PUT', `/prompts/${promptId}`, { content: 'x' }],
    ['DELETE', `/prompts/${promptId}`],
    ['GET', `/prompts/${promptId}/versions`],
    ['POST', `/prompts/${promptId}/versions`, { source: 'x' }],
    ['GET', `/prompts/${promptId}/versions/1`],
    ['GET', `/prompts/${promptId}/versions/production`],
    ['GET', `/prompts/${promptId}/labels`],
    ['PUT', `/prompts/${promptId}/labels/production`, { versionNumber: 1 }],
    ['DELETE', `/prompts/${promptId}/labels/production`],
  ] as Array<[string, string, unknown?]>;
}

describe('workspace isolation and input safety', () => {
  let server: TestServer;
  let team: Team;
  let promptId: string;

  before(async () => {
    ({ server, team } = await startTeamServer());
    promptId = await createPrompt(server, team.member.token, team.projectId);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
  });
  after(async () => {
    await server?.close();
  });

  it("answers 404 to an outsider on every route with another workspace's ids, changing nothing", async () => {
    for (const [method, path, json] of routes(team, promptId, team.member.id)) {
      const answer = await rest(server, method, path, { token: team.outsider.token, ...(json ? { json } : {}) });
      assert.equal(answer.status, 404, `${method} ${path}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.code, 'NOT_FOUND');
    }
    for (const path of [`/prompts/${promptId}/versions/1/source`]) {
      assert.equal((await server.api(`/api${path}`, { token: team.outsider.token })).status, 404);
    }
    assert.equal(
      (
        await server.api(`/api/prompts/${promptId}/source`, {
          method: 'POST',
          token: team.outsider.token,
          headers: { 'content-type': 'text/plain' },
          body: 'x',
        })
      ).status,
      404,
    );
    const prompt = await rest(server, 'GET', `/prompts/${promptId}`, { token: team.admin.token });
    assert.deepEqual([prompt.body.latestVersionNumber, prompt.body.labels.length], [1, 1]);
    const members = await rest(server, 'GET', `/workspaces/${team.workspaceId}/members`, { token: team.admin.token });
    assert.equal(members.body.length, 3);
  });

  it("does not let an outsider move another workspace's prompt into their own project", async () => {
    const answer = await rest(server, 'POST', '/prompts', { token: team.outsider.token, json: { name: 'x', content: 'x', projectId: team.projectId } });
    expectStatus(answer, 404);
    const own = await rest(server, 'POST', '/prompts', { token: team.outsider.token, json: { name: 'mine', content: 'x', projectId: team.outsiderProjectId } });
    expectStatus(own, 201);
    // The admin of the team cannot reach the outsider's prompt either.
    expectStatus(await rest(server, 'GET', `/prompts/${own.body.id}`, { token: team.admin.token }), 404);
  });

  it('answers 403 to a viewer on every write, changing nothing', async () => {
    const writes = routes(team, promptId, team.member.id).filter(([method]) => method !== 'GET');
    for (const [method, path, json] of writes) {
      const answer = await rest(server, method, path, { token: team.viewer.token, ...(json ? { json } : {}) });
      assert.equal(answer.status, 403, `${method} ${path}: ${JSON.stringify(answer.body)}`);
    }
    const prompt = await rest(server, 'GET', `/prompts/${promptId}`, { token: team.viewer.token });
    assert.equal(prompt.body.latestVersionNumber, 1);
  });

  it('answers 401 without a session on every route', async () => {
    for (const [method, path, json] of routes(team, promptId, team.member.id)) {
      const answer = await rest(server, method, path, json ? { json } : {});
      assert.equal(answer.status, 401, `${method} ${path}`);
    }
  });

  it('treats SQL-looking input as plain data', async () => {
    const sql = 'x\'; DROP TABLE "Prompt"; --';
    const id = await createPrompt(server, team.member.token, team.projectId, { name: sql, description: sql, content: `${sql} {{text}}` });
    const got = await rest(server, 'GET', `/prompts/${id}`, { token: team.member.token });
    assert.equal(got.body.name, sql);
    const search = await rest(server, 'GET', `/prompts?projectId=${team.projectId}&q=${encodeURIComponent(sql)}`, { token: team.member.token });
    assert.deepEqual(
      search.body.items.map((p: { id: string }) => p.id),
      [id],
    );
    for (const path of [
      `/prompts/${encodeURIComponent("1' OR '1'='1")}`,
      `/prompts?projectId=${encodeURIComponent("' OR 1=1 --")}`,
      `/workspaces/${encodeURIComponent('x" OR "a"="a')}`,
    ]) {
      expectStatus(await rest(server, 'GET', path, { token: team.member.token }), 404);
    }
    expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: team.member.token }), 200);
  });

  it('refuses oversized input with 400 or 413 and stays up', async () => {
    const longName = await rest(server, 'POST', '/prompts', {
      token: team.member.token,
      json: { name: 'n'.repeat(10_000), content: 'x', projectId: team.projectId },
    });
    expectStatus(longName, 400);
    // The id is looked up (and not found) before validation: a harmless 404.
    const longId = await rest(server, 'GET', `/prompts/${'a'.repeat(5_000)}`, { token: team.member.token });
    assert.ok([400, 404].includes(longId.status), `status ${longId.status}`);
    const bigContent = await rest(server, 'POST', '/prompts', {
      token: team.member.token,
      json: { name: 'big', content: 'x'.repeat(300_000), projectId: team.projectId },
    });
    expectStatus(bigContent, 400);
    const hugeBody = await rest(server, 'POST', '/prompts', {
      token: team.member.token,
      json: { name: 'huge', content: 'x'.repeat(2_000_000), projectId: team.projectId },
    });
    expectStatus(hugeBody, 413);
    const hugeUpload = await server.api(`/api/prompts/${promptId}/source`, {
      method: 'POST',
      token: team.member.token,
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(1_000_000),
    });
    assert.equal(hugeUpload.status, 413);
    expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: team.member.token }), 200);
  });
});
