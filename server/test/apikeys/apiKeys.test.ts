import assert from 'node:assert/strict';
import { hashApiKey } from '../../src/features/apikeys/apiKeySecret.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';
import type { TestServer } from '../helpers/server.ts';

describe('API keys', () => {
  let server: TestServer;
  let team: Team;
  let promptId: string;
  let otherProjectId: string;
  let otherPromptId: string;
  let outsiderPromptId: string;

  /** Creates a key as the team's admin; returns the creation's answer body. */
  async function createKey(json: Record<string, unknown>) {
    const answer = await rest(server, 'POST', `/workspaces/${team.workspaceId}/api-keys`, { token: team.admin.token, json });
    expectStatus(answer, 201);
    return answer.body as { id: string; key: string; prefix: string; scopes: string[]; projectId: string | null };
  }

  before(async function () {
    // Four sign-ups (bcrypt) and a migrated database take a while on a busy machine.
    this.timeout(300_000);
    ({ server, team } = await startTeamServer());
    promptId = await createPrompt(server, team.member.token, team.projectId);
    const other = await rest(server, 'POST', '/projects', { token: team.admin.token, json: { workspaceId: team.workspaceId, name: 'Other' } });
    otherProjectId = other.body.id;
    otherPromptId = await createPrompt(server, team.member.token, otherProjectId);
    outsiderPromptId = await createPrompt(server, team.outsider.token, team.outsiderProjectId);
  });
  after(() => server.close());

  describe('management', () => {
    it('creates a key (201) whose secret is shown once, and stores only its hash', async () => {
      const created = await createKey({ name: 'support bot', scopes: ['prompts:read'] });
      assert.match(created.key, /^psk_[A-Za-z0-9_-]{43}$/);
      assert.equal(created.prefix, created.key.slice(0, 12));
      assert.deepEqual(created.scopes, ['prompts:read']);
      assert.equal(created.projectId, null);
      const row = await server.database.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id } });
      assert.equal(row.hash, hashApiKey(created.key));
      assert.ok(!JSON.stringify(row).includes(created.key.slice(12)), 'the secret is nowhere in the row');
    });

    it('lists keys with prefix, scopes, creator and last use, never the secret or hash', async () => {
      const created = await createKey({ name: 'listed', scopes: ['prompts:read', 'generations:write'], projectId: team.projectId });
      const list = await rest(server, 'GET', `/workspaces/${team.workspaceId}/api-keys`, { token: team.admin.token });
      expectStatus(list, 200);
      const listed = list.body.find((key: { id: string }) => key.id === created.id);
      assert.deepEqual(Object.keys(listed).sort(), ['createdAt', 'createdBy', 'id', 'lastUsedAt', 'name', 'prefix', 'projectId', 'revokedAt', 'scopes']);
      assert.equal(listed.createdBy.id, team.admin.id);
      assert.equal(listed.projectId, team.projectId);
      const text = JSON.stringify(list.body);
      assert.ok(!text.includes(created.key), 'no secret in the list');
      assert.ok(!text.includes(hashApiKey(created.key)), 'no hash in the list');
    });

    it('records the last use of a key', async () => {
      const created = await createKey({ name: 'used', scopes: ['prompts:read'] });
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: created.key }), 200);
      let lastUsedAt: Date | null = null;
      // The mark is written after the answer, without the request waiting for it.
      for (let i = 0; i < 100 && !lastUsedAt; i++) {
        ({ lastUsedAt } = await server.database.db.prisma.apiKey.findUniqueOrThrow({ where: { id: created.id }, select: { lastUsedAt: true } }));
        if (!lastUsedAt) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.ok(lastUsedAt, 'lastUsedAt was set');
    });

    it('revokes a key (200, then 401 for it at once on this server) and keeps it listed as revoked', async () => {
      const created = await createKey({ name: 'doomed', scopes: ['prompts:read'] });
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: created.key }), 200);
      const revoked = await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/api-keys/${created.id}`, { token: team.admin.token });
      expectStatus(revoked, 200);
      assert.equal(revoked.body.revoked, true);
      assert.ok(revoked.body.revokedAt);
      const refused = await rest(server, 'GET', `/prompts/${promptId}`, { token: created.key });
      expectStatus(refused, 401);
      assert.match(refused.body.error.message, /revoked/);
      const list = await rest(server, 'GET', `/workspaces/${team.workspaceId}/api-keys`, { token: team.admin.token });
      assert.ok(list.body.find((key: { id: string }) => key.id === created.id).revokedAt);
    });

    it('answers 400 for bad input, 404 for unknown keys and projects, 403 for non-admins', async () => {
      const url = `/workspaces/${team.workspaceId}/api-keys`;
      for (const json of [
        { name: '', scopes: ['prompts:read'] },
        { name: 'x', scopes: [] },
        { name: 'x', scopes: ['admin'] },
        { name: 'x', scopes: ['prompts:read', 'prompts:read'] },
        { scopes: ['prompts:read'] },
      ]) {
        expectStatus(await rest(server, 'POST', url, { token: team.admin.token, json }), 400);
      }
      expectStatus(
        await rest(server, 'POST', url, { token: team.admin.token, json: { name: 'x', scopes: ['prompts:read'], projectId: team.outsiderProjectId } }),
        404,
      );
      expectStatus(await rest(server, 'DELETE', `${url}/no-such-key`, { token: team.admin.token }), 404);
      expectStatus(await rest(server, 'POST', url, { token: team.member.token, json: { name: 'x', scopes: ['prompts:read'] } }), 403);
      expectStatus(await rest(server, 'GET', url, { token: team.viewer.token }), 403);
      expectStatus(await rest(server, 'GET', url, { token: team.outsider.token }), 404);
      expectStatus(await rest(server, 'GET', url), 401);
    });

    it("cannot revoke another workspace's key through this workspace (404)", async () => {
      const own = await rest(server, 'GET', '/workspaces', { token: team.outsider.token });
      const created = await rest(server, 'POST', `/workspaces/${own.body[0].id}/api-keys`, {
        token: team.outsider.token,
        json: { name: 'theirs', scopes: ['prompts:read'] },
      });
      expectStatus(created, 201);
      expectStatus(await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/api-keys/${created.body.id}`, { token: team.admin.token }), 404);
      expectStatus(await rest(server, 'GET', `/prompts/${outsiderPromptId}`, { token: created.body.key }), 200);
    });
  });

  describe('as a caller', () => {
    it('reads prompts, versions and labels with prompts:read, and cannot write', async () => {
      const { key } = await createKey({ name: 'reader', scopes: ['prompts:read'] });
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: key }), 200);
      expectStatus(await rest(server, 'GET', `/prompts?projectId=${team.projectId}`, { token: key }), 200);
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}/versions`, { token: key }), 200);
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}/versions/1`, { token: key }), 200);
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: key }), 200);
      const write = await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: key, json: { source: 'Hello {{name}}', baseVersion: 1 } });
      expectStatus(write, 403);
      assert.match(write.body.error.message, /prompts:write/);
      expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: key, json: { versionNumber: 1 } }), 403);
    });

    it('pushes versions and moves unprotected labels with prompts:write, recording no user as author', async () => {
      const { key } = await createKey({ name: 'ci', scopes: ['prompts:read', 'prompts:write'] });
      const pushed = await rest(server, 'POST', `/prompts/${promptId}/versions`, {
        token: key,
        json: { source: '---\nmodel: openai/gpt-4o\n---\nHello {{name}}', baseVersion: 1 },
      });
      expectStatus(pushed, 201);
      assert.equal(pushed.body.version.authorId, null);
      const moved = await rest(server, 'PUT', `/prompts/${promptId}/labels/staging`, { token: key, json: { versionNumber: pushed.body.version.number } });
      expectStatus(moved, 200);
      // production is protected: a key asks for that move (label requests), it cannot make it.
      expectStatus(
        await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: key, json: { versionNumber: pushed.body.version.number } }),
        403,
      );
      const served = await rest(server, 'GET', `/prompts/${promptId}/versions/staging`, { token: key });
      assert.equal(served.body.number, pushed.body.version.number);
    });

    it('also works on the tRPC door', async () => {
      const { key } = await createKey({ name: 'trpc', scopes: ['prompts:read'] });
      const prompt = await server.trpc(key).prompts.get.query({ id: promptId });
      assert.equal(prompt.id, promptId);
    });

    it("answers 404 for another workspace's prompts and, for a project key, another project's", async () => {
      const { key } = await createKey({ name: 'wide', scopes: ['prompts:read'] });
      expectStatus(await rest(server, 'GET', `/prompts/${outsiderPromptId}`, { token: key }), 404);
      expectStatus(await rest(server, 'GET', `/prompts?projectId=${team.outsiderProjectId}`, { token: key }), 404);
      expectStatus(await rest(server, 'GET', `/prompts/${otherPromptId}`, { token: key }), 200);
      const limited = await createKey({ name: 'narrow', scopes: ['prompts:read'], projectId: team.projectId });
      expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: limited.key }), 200);
      expectStatus(await rest(server, 'GET', `/prompts/${otherPromptId}`, { token: limited.key }), 404);
      expectStatus(await rest(server, 'GET', `/prompts/${otherPromptId}/versions/1`, { token: limited.key }), 404);
      expectStatus(await rest(server, 'GET', `/prompts?projectId=${otherProjectId}`, { token: limited.key }), 404);
    });

    it('refuses keys on administration, members, key management, providers and runs with 403', async () => {
      const { key } = await createKey({ name: 'all', scopes: ['prompts:read', 'prompts:write', 'generations:write'] });
      const ws = `/workspaces/${team.workspaceId}`;
      const calls: Array<[string, string, unknown?]> = [
        ['GET', '/workspaces'],
        ['GET', ws],
        ['PUT', ws, { name: 'Taken over' }],
        ['GET', `${ws}/members`],
        ['POST', `${ws}/members`, { email: 'x@example.com', role: 'ADMIN' }],
        ['GET', `${ws}/invitations`],
        ['GET', `${ws}/api-keys`],
        ['POST', `${ws}/api-keys`, { name: 'escalate', scopes: ['prompts:read'] }],
        ['GET', `${ws}/providers`],
        ['GET', `/projects?workspaceId=${team.workspaceId}`],
        ['POST', '/prompts', { projectId: team.projectId, name: 'x', content: 'y' }],
        ['DELETE', `/prompts/${promptId}`],
        ['POST', `/prompts/${promptId}/test`, { input: {} }],
      ];
      for (const [method, path, json] of calls) {
        const answer = await rest(server, method, path, { token: key, ...(json !== undefined ? { json } : {}) });
        assert.equal(answer.status, 403, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    });

    it('answers 401 for an unknown key, without a stack', async () => {
      const answer = await rest(server, 'GET', `/prompts/${promptId}`, { token: `psk_${'x'.repeat(43)}` });
      expectStatus(answer, 401);
      assert.deepEqual(Object.keys(answer.body), ['error']);
      assert.match(answer.body.error.message, /Unknown or revoked API key/);
    });
  });
});
