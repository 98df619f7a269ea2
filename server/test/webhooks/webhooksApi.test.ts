import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';

describe('webhooks API (/api/workspaces/{id}/webhooks, /api/webhooks/{id})', () => {
  let server: TestServer;
  let team: Team;

  before(async function () {
    // Creating a migrated database and four users takes a while on a loaded machine.
    this.timeout(300_000);
    // Default server settings: private targets are refused.
    server = await startTestServer();
    team = await createTeam(server);
  });
  after(async () => {
    await server?.close();
  });

  const create = (token: string, json: unknown, workspaceId = team.workspaceId) => rest(server, 'POST', `/workspaces/${workspaceId}/webhooks`, { token, json });
  const hook = { url: 'https://hooks.example.com/promptstack', events: ['label.moved', 'prompt.version.created'], description: 'CI notifier' };

  it('creates a webhook (201) with its whsec_ secret shown once, stored sealed, never listed', async () => {
    const created = await create(team.admin.token, hook);
    expectStatus(created, 201);
    assert.match(created.body.secret, /^whsec_[A-Za-z0-9+/]{32}$/);
    assert.equal(created.body.url, hook.url);
    assert.deepEqual(created.body.events, ['prompt.version.created', 'label.moved']);
    assert.equal(created.body.active, true);
    assert.equal(created.body.description, 'CI notifier');

    const row = await server.database.db.prisma.webhook.findUniqueOrThrow({ where: { id: created.body.id } });
    assert.ok(!JSON.stringify(row).includes(created.body.secret.slice('whsec_'.length)), 'the row holds the secret in plaintext');

    const list = await rest(server, 'GET', `/workspaces/${team.workspaceId}/webhooks`, { token: team.admin.token });
    expectStatus(list, 200);
    assert.deepEqual(
      list.body.map((w: { id: string }) => w.id),
      [created.body.id],
    );
    assert.equal(list.body[0].secret, undefined);
  });

  it('refuses a URL that is not http(s), an unknown event, and no events (400)', async () => {
    for (const json of [
      { ...hook, url: 'ftp://files.example.com/x' },
      { ...hook, url: 'not a url' },
      { ...hook, events: ['label.deleted'] },
      { ...hook, events: [] },
    ]) {
      const answer = await create(team.admin.token, json);
      expectStatus(answer, 400);
    }
  });

  it('refuses loopback, private and link-local targets unless WEBHOOK_ALLOW_PRIVATE_URLS is set (400 naming the setting)', async () => {
    for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost/hook', 'http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'http://[::1]/hook']) {
      const answer = await create(team.admin.token, { ...hook, url });
      expectStatus(answer, 400);
      assert.match(answer.body.error.message, /WEBHOOK_ALLOW_PRIVATE_URLS/, url);
    }
  });

  it('lets only admins manage webhooks: members and viewers 403, outsiders 404', async () => {
    expectStatus(await create(team.member.token, hook), 403);
    expectStatus(await create(team.viewer.token, hook), 403);
    expectStatus(await rest(server, 'GET', `/workspaces/${team.workspaceId}/webhooks`, { token: team.member.token }), 403);
    expectStatus(await create(team.outsider.token, hook), 404);
    const created = await create(team.admin.token, hook);
    expectStatus(created, 201);
    const id = created.body.id as string;
    expectStatus(await rest(server, 'PUT', `/webhooks/${id}`, { token: team.member.token, json: { active: false } }), 403);
    expectStatus(await rest(server, 'DELETE', `/webhooks/${id}`, { token: team.viewer.token }), 403);
    expectStatus(await rest(server, 'GET', `/webhooks/${id}/deliveries`, { token: team.member.token }), 403);
    expectStatus(await rest(server, 'POST', `/webhooks/${id}/rotate-secret`, { token: team.outsider.token }), 404);
  });

  it("answers 404 for another workspace's webhook, even to that other workspace's admin", async () => {
    const theirs = await create(team.outsider.token, hook, team.outsiderWorkspaceId);
    expectStatus(theirs, 201);
    const id = theirs.body.id as string;
    expectStatus(await rest(server, 'GET', `/webhooks/${id}/deliveries`, { token: team.admin.token }), 404);
    expectStatus(await rest(server, 'PUT', `/webhooks/${id}`, { token: team.admin.token, json: { active: false } }), 404);
    expectStatus(await rest(server, 'DELETE', `/webhooks/${id}`, { token: team.admin.token }), 404);
    expectStatus(await rest(server, 'GET', `/webhooks/no-such-webhook/deliveries`, { token: team.admin.token }), 404);
  });

  it('updates fields, rotates the secret, and deletes', async () => {
    const created = await create(team.admin.token, hook);
    const id = created.body.id as string;
    const updated = await rest(server, 'PUT', `/webhooks/${id}`, { token: team.admin.token, json: { events: ['experiment.stopped'], active: false } });
    expectStatus(updated, 200);
    assert.deepEqual(updated.body.events, ['experiment.stopped']);
    assert.equal(updated.body.active, false);
    assert.equal(updated.body.url, hook.url);
    expectStatus(await rest(server, 'PUT', `/webhooks/${id}`, { token: team.admin.token, json: { url: 'http://192.168.1.10/x' } }), 400);

    const rotated = await rest(server, 'POST', `/webhooks/${id}/rotate-secret`, { token: team.admin.token });
    expectStatus(rotated, 200);
    assert.match(rotated.body.secret, /^whsec_/);
    assert.notEqual(rotated.body.secret, created.body.secret);

    expectStatus(await rest(server, 'DELETE', `/webhooks/${id}`, { token: team.admin.token }), 200);
    expectStatus(await rest(server, 'DELETE', `/webhooks/${id}`, { token: team.admin.token }), 404);
  });

  it('refuses API keys (403), even one with every scope', async () => {
    const key = await rest(server, 'POST', `/workspaces/${team.workspaceId}/api-keys`, {
      token: team.admin.token,
      json: { name: 'ci', scopes: ['prompts:read', 'prompts:write', 'generations:write'] },
    });
    expectStatus(key, 201);
    expectStatus(await create(key.body.key, hook), 403);
  });
});
