import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_KEY_CACHE_TTL_MS } from '../../src/features/apikeys/apiKeyCache.ts';
import { startChildServer, type ChildServer } from '../helpers/childServer.ts';
import { createEmptyPostgresDatabase, DB_KIND } from '../helpers/database.ts';
import { TEST_SECRET } from '../helpers/server.ts';
import { createPrompt, createTeam, expectStatus, rest } from '../helpers/team.ts';

describe('API key revocation across server processes', function () {
  let dataDir: string;
  let drop: (() => Promise<void>) | undefined;
  const servers: ChildServer[] = [];

  before(async function () {
    if (DB_KIND !== 'postgres') this.skip(); // two servers share a database only on Postgres
    this.timeout(300_000);
    dataDir = mkdtempSync(join(tmpdir(), 'promptstack-keys-'));
    const database = await createEmptyPostgresDatabase();
    drop = database.drop;
    const env = {
      NODE_ENV: 'test',
      NEXTAUTH_SECRET: TEST_SECRET,
      PROMPTSTACK_DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      RATE_LIMIT_LOGIN: '1000',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    };
    // One after the other: the first applies the migrations.
    servers.push(await startChildServer(env));
    servers.push(await startChildServer(env));
  });
  after(async () => {
    for (const server of servers.splice(0)) await server.stop();
    await drop?.();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a key revoked on one server on the other once its cache TTL (1 s) has passed', async () => {
    const [first, second] = servers as [ChildServer, ChildServer];
    const team = await createTeam(first);
    const promptId = await createPrompt(first, team.member.token, team.projectId);
    const created = await rest(first, 'POST', `/workspaces/${team.workspaceId}/api-keys`, {
      token: team.admin.token,
      json: { name: 'app', scopes: ['prompts:read'] },
    });
    expectStatus(created, 201);
    // The second server has the key cached as valid.
    expectStatus(await rest(second, 'GET', `/prompts/${promptId}`, { token: created.body.key }), 200);
    expectStatus(await rest(first, 'DELETE', `/workspaces/${team.workspaceId}/api-keys/${created.body.id}`, { token: team.admin.token }), 200);
    expectStatus(await rest(first, 'GET', `/prompts/${promptId}`, { token: created.body.key }), 401);
    // Whatever the second server cached before the revocation is older than the TTL after this.
    await sleep(API_KEY_CACHE_TTL_MS + 100);
    const refused = await rest(second, 'GET', `/prompts/${promptId}`, { token: created.body.key });
    assert.equal(refused.status, 401, JSON.stringify(refused.body));
  });
});
