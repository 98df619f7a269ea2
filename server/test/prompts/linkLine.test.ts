import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

const SOURCE = '---\nmodel: openai/gpt-4o\n---\nHello {{name}}\n';

describe('the promptstack.id link line makes no version', () => {
  let server: TestServer;
  let team: Team;

  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  it('answers the latest version unchanged for a push that only adds the link line, and keeps its stored source and hash', async () => {
    const created = await rest(server, 'POST', '/prompts', { token: team.member.token, json: { projectId: team.projectId, name: 'hello', content: SOURCE } });
    expectStatus(created, 201);
    const id = created.body.id as string;
    const linked = SOURCE.replace('---\nHello', `promptstack.id: ${id}\n---\nHello`);
    const pushed = await rest(server, 'POST', `/prompts/${id}/versions`, { token: team.member.token, json: { source: linked, baseVersion: 1 } });
    expectStatus(pushed, 200);
    assert.equal(pushed.body.created, false);
    assert.equal(pushed.body.latestVersionNumber, 1);
    assert.equal(pushed.body.latestVersion.source, SOURCE);
    assert.equal(pushed.body.latestVersion.contentHash, created.body.latestVersion.contentHash);

    const edited = await rest(server, 'POST', `/prompts/${id}/versions`, {
      token: team.member.token,
      json: { source: linked.replace('Hello', 'Hi'), baseVersion: 1 },
    });
    expectStatus(edited, 201);
    assert.equal(edited.body.latestVersionNumber, 2, 'a real change still makes a version');
  });
});
