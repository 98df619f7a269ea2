import assert from 'node:assert/strict';
import { expectStatus, rest } from '../helpers/team.ts';
import { createKey, startGovernanceWorld, type GovernanceWorld } from './governanceFixtures.ts';

describe('protected labels', function () {
  this.timeout(300_000);
  let world: GovernanceWorld;
  const labelPath = (name: string) => `/prompts/${world.promptId}/labels/${name}`;

  before(async () => {
    world = await startGovernanceWorld();
  });
  after(async () => {
    await world?.server.close();
  });

  it('protects production by default; every member reads the list, only Admins change it', async () => {
    const { server, team } = world;
    for (const who of [team.admin, team.member, team.viewer]) {
      const answer = await rest(server, 'GET', `/projects/${team.projectId}/protected-labels`, { token: who.token });
      expectStatus(answer, 200);
      assert.deepEqual(answer.body, { projectId: team.projectId, labels: ['production'] });
    }
    expectStatus(await rest(server, 'GET', `/projects/${team.projectId}/protected-labels`, { token: team.outsider.token }), 404);
    const byMember = await rest(server, 'PUT', `/projects/${team.projectId}/protected-labels`, { token: team.member.token, json: { labels: [] } });
    expectStatus(byMember, 403);
    expectStatus(await rest(server, 'PUT', `/projects/${team.projectId}/protected-labels`, { token: team.admin.token, json: { labels: ['bad name!'] } }), 400);
    const set = await rest(server, 'PUT', `/projects/${team.projectId}/protected-labels`, {
      token: team.admin.token,
      json: { labels: ['production', 'eu-prod', 'production'] },
    });
    expectStatus(set, 200);
    assert.deepEqual(set.body.labels, ['eu-prod', 'production']);
    const read = await rest(server, 'GET', `/projects/${team.projectId}/protected-labels`, { token: team.viewer.token });
    assert.deepEqual(read.body.labels, ['eu-prod', 'production']);
  });

  it("refuses a Member's move or removal of a protected label with a 403 that says to ask", async () => {
    const { server, team } = world;
    expectStatus(await rest(server, 'PUT', labelPath('production'), { token: team.admin.token, json: { versionNumber: 1 } }), 200);
    const move = await rest(server, 'PUT', labelPath('production'), { token: team.member.token, json: { versionNumber: 2 } });
    expectStatus(move, 403);
    assert.match(move.body.error.message, /Label 'production' is protected: only an Admin moves it directly/);
    assert.match(move.body.error.message, new RegExp(`POST /api/prompts/${world.promptId}/label-requests`));
    const remove = await rest(server, 'DELETE', labelPath('production'), { token: team.member.token });
    expectStatus(remove, 403);
    assert.match(remove.body.error.message, /ask for the move/i);
    const label = await rest(server, 'GET', `/prompts/${world.promptId}/versions/production`, { token: team.viewer.token });
    assert.equal(label.body.number, 1, 'the refused move left the label where it was');
  });

  it('lets Members move unprotected labels as before, and Admins move protected ones', async () => {
    const { server, team } = world;
    const staging = await rest(server, 'PUT', labelPath('staging'), { token: team.member.token, json: { versionNumber: 2 } });
    expectStatus(staging, 200);
    expectStatus(await rest(server, 'DELETE', labelPath('staging'), { token: team.member.token }), 200);
    const moved = await rest(server, 'PUT', labelPath('production'), { token: team.admin.token, json: { versionNumber: 3 } });
    expectStatus(moved, 200);
    assert.equal(moved.body.versionNumber, 3);
    // A label protected later is protected from then on.
    expectStatus(await rest(server, 'PUT', labelPath('eu-prod'), { token: team.member.token, json: { versionNumber: 1 } }), 403);
  });

  it('holds API keys with prompts:write to the same rule: they move unprotected labels, not protected ones', async () => {
    const { server } = world;
    const { key } = await createKey(world, 'ci push', ['prompts:read', 'prompts:write']);
    expectStatus(await rest(server, 'PUT', labelPath('canary'), { token: key, json: { versionNumber: 3 } }), 200);
    const forced = await rest(server, 'PUT', labelPath('production'), { token: key, json: { versionNumber: 1 } });
    expectStatus(forced, 403);
    assert.match(forced.body.error.message, /protected: only an Admin moves it directly, and an API key cannot/);
    expectStatus(await rest(server, 'DELETE', labelPath('production'), { token: key }), 403);
  });

  it("records the client from x-promptstack-client as the move's via, and anything else as api", async () => {
    const { server, team } = world;
    const move = (client: string | undefined, versionNumber: number) =>
      server.api(`/api${labelPath('preview')}`, {
        method: 'PUT',
        token: team.member.token,
        json: { versionNumber },
        headers: client === undefined ? {} : { 'x-promptstack-client': client },
      });
    for (const [client, n] of [
      ['editor', 1],
      ['web', 2],
      ['CLI', 3],
      ['curl', 1],
      [undefined, 2],
    ] as const) {
      assert.equal((await move(client, n)).status, 200);
    }
    const events = await server.database.db.prisma.labelEvent.findMany({ where: { promptId: world.promptId, label: 'preview' }, orderBy: { seq: 'asc' } });
    assert.deepEqual(
      events.map((e) => e.via),
      ['editor', 'web', 'cli', 'api', 'api'],
    );
  });
});
