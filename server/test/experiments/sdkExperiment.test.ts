import assert from 'node:assert/strict';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { PromptStack, type Prompt } from '../../../sdk/src/index.ts';
import { rawQuery } from '../../src/db/rawDb.ts';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

const V1 = '---\nmodel: openai/gpt-4o-mini\n---\nHello {{customer}}.';
const V2 = '---\nmodel: openai/gpt-4o-mini\n---\nGood day, {{customer}}!';

// A live experiment end to end: a split label served through the real SDK from the real server,
// the real provider SDK calling the local provider, generations logged with their arm, promotion.
describe('a live experiment through the SDK (end to end)', function () {
  this.timeout(300_000);
  let server: TestServer;
  let team: Team;
  let provider: LocalProviderServer;
  let promptId: string;
  let apiKey: string;
  let experimentId: string;
  const clients: PromptStack[] = [];
  const client = () => {
    const ps = new PromptStack({ apiKey, baseUrl: server.url, flushOnExit: false, timeoutMs: 60_000, onError: (e) => assert.fail(e.message) });
    clients.push(ps);
    return ps;
  };

  before(async () => {
    ({ server, team } = await startTeamServer());
    provider = await startLocalProviderServer();
    promptId = await createPrompt(server, team.member.token, team.projectId, { name: 'greeter', content: V1, model: undefined, temperature: undefined });
    expectStatus(await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source: V2 } }), 201);
    // production is protected: an Admin moves and splits it.
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
    const key = await rest(server, 'POST', `/workspaces/${team.workspaceId}/api-keys`, {
      token: team.admin.token,
      json: { name: 'experiment service', projectId: team.projectId, scopes: ['prompts:read', 'generations:write'] },
    });
    expectStatus(key, 201);
    apiKey = key.body.key;
    const split = await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, {
      token: team.admin.token,
      json: {
        split: [
          { version: 1, weight: 50 },
          { version: 2, weight: 50 },
        ],
        stickyBy: 'userId',
      },
    });
    expectStatus(split, 200);
    experimentId = split.body.experimentId;
  });
  after(async () => {
    await Promise.all(clients.map((ps) => ps.close()));
    await provider?.close();
    await server?.close();
  });

  it('keeps each user on one arm across clients, logs generations with that arm, and serves the winner alone once promoted', async () => {
    const users = Array.from({ length: 24 }, (_, i) => `user-${i}`);
    const ps = client();
    const credentials = { openai: { apiKey: 'local-key', baseURL: provider.openaiBaseUrl } };
    const assigned = new Map<string, Prompt>();
    const generationIds = new Map<string, string>();
    for (const userId of users) {
      const prompt = await ps.getPrompt('greeter', { unitKey: userId });
      assert.equal(prompt.experimentId, experimentId);
      assigned.set(userId, prompt);
      const result = await ps.run(prompt, { customer: userId }, { credentials, userId });
      assert.equal(result.status, 'success', JSON.stringify(result.error));
      generationIds.set(userId, result.generationId);
      ps.score(result.generationId, 'thumbs', 1);
    }
    // The same user asks again, and from another client (another process would do the same: no shared state).
    const other = client();
    for (const userId of users) {
      assert.equal((await ps.getPrompt('greeter', { unitKey: userId })).version, assigned.get(userId)!.version);
      assert.equal((await other.getPrompt('greeter', { unitKey: userId })).version, assigned.get(userId)!.version);
    }
    const versions = new Set([...assigned.values()].map((p) => p.version));
    assert.deepEqual([...versions].sort(), [1, 2], 'both arms served');
    await ps.flush();
    assert.deepEqual(ps.stats, { queued: 0, sent: users.length * 2, duplicates: 0, rejected: 0, dropped: 0, retries: 0 });

    const rows = await rawQuery<{ id: string; userId: string; experimentId: string | null; version: number; output: string }>(
      server.database.db.raw,
      `SELECT g.id, g."userId", g."experimentId", v.number AS version, g.output
         FROM "Generation" g JOIN "PromptVersion" v ON v.id = g."versionId"
        WHERE g."workspaceId" = $1 AND g.id = ANY($2::text[])`,
      [team.workspaceId, [...generationIds.values()]],
    );
    assert.equal(rows.length, users.length);
    for (const row of rows) {
      assert.equal(row.experimentId, experimentId);
      assert.equal(row.version, assigned.get(row.userId)!.version, `${row.userId} logged with the arm served`);
      // The local provider echoes the rendered prompt: the arm's text reached the model.
      assert.match(row.output, row.version === 1 ? /Hello user-/ : /Good day, user-/);
    }

    const promoted = await rest(server, 'POST', `/experiments/${experimentId}/promote`, { token: team.admin.token, json: { version: 2 } });
    expectStatus(promoted, 200);
    assert.equal(promoted.body.status, 'PROMOTED');
    const fresh = client();
    const winner = await fresh.getPrompt('greeter', { unitKey: 'user-0' });
    assert.equal(winner.version, 2);
    assert.equal(winner.experimentId, null);
  });
});
