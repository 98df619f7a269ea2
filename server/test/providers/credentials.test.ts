import assert from 'node:assert/strict';
import { startLocalProviderServer, type LocalProviderServer } from '@promptstack/core/local-provider/server';
import { maskApiKey, openApiKey, sealApiKey } from '../../src/features/providers/credentialCrypto.ts';
import { createSourcePrompt, ENV_KEY, GREETING_SOURCE, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createTeam, expectStatus, rest, type Team } from '../helpers/team.ts';

const WORKSPACE_KEY = 'sk-workspace-secret-ABCDEF-9876';

describe('provider credentials (PUT/GET/DELETE /api/workspaces/{id}/providers/{provider})', () => {
  let world: RunWorld;
  /** A second OpenAI-compatible server that only accepts the workspace's key. */
  let gateway: LocalProviderServer;

  before(async () => {
    world = await startRunWorld();
    gateway = await startLocalProviderServer({ apiKey: WORKSPACE_KEY, script: { '*': { output: 'from the gateway' } } });
  });
  after(async () => {
    await world?.close();
    await gateway?.close();
  });

  const path = (provider = 'openai') => `/workspaces/${world.team.workspaceId}/providers/${provider}`;

  it('stores a key encrypted at rest (no plaintext in the row) and lists it masked with its base URL', async () => {
    const put = await rest(world.server, 'PUT', path(), { token: world.team.admin.token, json: { apiKey: WORKSPACE_KEY, baseUrl: gateway.openaiBaseUrl } });
    expectStatus(put, 200);
    assert.deepEqual(
      { ...put.body, updatedAt: undefined },
      { provider: 'openai', baseUrl: gateway.openaiBaseUrl, maskedKey: 'sk-…9876', updatedAt: undefined },
    );

    const rows = await world.server.database.db.prisma.providerCredential.findMany({ where: { workspaceId: world.team.workspaceId } });
    assert.equal(rows.length, 1);
    const row = rows[0]!;
    const stored = JSON.stringify(row);
    assert.ok(!stored.includes(WORKSPACE_KEY), 'the row holds the key in plaintext');
    assert.ok(!stored.includes(Buffer.from(WORKSPACE_KEY).toString('base64')), 'the row holds the key merely base64-encoded');
    assert.equal(Buffer.from(row.iv, 'base64').length, 12);
    assert.equal(Buffer.from(row.tag, 'base64').length, 16);

    const list = await rest(world.server, 'GET', `/workspaces/${world.team.workspaceId}/providers`, { token: world.team.admin.token });
    expectStatus(list, 200);
    assert.equal(list.body.length, 1);
    assert.equal(list.body[0].maskedKey, 'sk-…9876');
    assert.ok(!JSON.stringify(list.body).includes(WORKSPACE_KEY));
  });

  it("runs with the workspace's key and base URL instead of the server's environment", async () => {
    const { id } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId);
    gateway.requests.length = 0;
    world.provider.requests.length = 0;
    const answer = await rest(world.server, 'POST', `/prompts/${id}/test`, { token: world.team.member.token, json: { input: { name: 'Ada' } } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'success');
    assert.equal(answer.body.output, 'from the gateway');
    assert.equal(gateway.requests.length, 1);
    assert.equal(gateway.requests[0]!.headers.authorization, `Bearer ${WORKSPACE_KEY}`);
    assert.equal(world.provider.requests.length, 0);
  });

  it("sends a workspace key stored without a base URL to the provider's public API, never to the server's OPENAI_BASE_URL", async () => {
    // The server reads its env into `Env`; the process env holds the same values, as in production.
    const saved = { url: process.env.OPENAI_BASE_URL, key: process.env.OPENAI_API_KEY };
    process.env.OPENAI_BASE_URL = world.provider.openaiBaseUrl;
    process.env.OPENAI_API_KEY = world.server.env.providers.openai.apiKey;
    const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
    expectStatus(await rest(world.server, 'PUT', path(), { token: world.team.admin.token, json: { apiKey: WORKSPACE_KEY } }), 200);
    try {
      const { id } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, undefined, 'no-base-url');
      world.provider.requests.length = 0;
      const answer = await rest(world.server, 'POST', `/prompts/${id}/test`, { token: world.team.member.token, json: { input: { name: 'Ada' } } });
      expectStatus(answer, 200);
      // api.openai.com does not resolve here: the run is recorded as a network error, with no
      // request at the server's configured provider.
      assert.equal(answer.body.status, 'error');
      assert.equal(answer.body.errorKind, 'network');
      assert.equal(world.provider.requests.length, 0);
    } finally {
      restore('OPENAI_BASE_URL', saved.url);
      restore('OPENAI_API_KEY', saved.key);
      // Back to the gateway credential the later tests delete.
      await rest(world.server, 'PUT', path(), { token: world.team.admin.token, json: { apiKey: WORKSPACE_KEY, baseUrl: gateway.openaiBaseUrl } });
    }
  });

  it('runs googleai/ prompts with the server-wide GEMINI_API_KEY, then with a stored Gemini key and base URL (the root before /v1beta)', async () => {
    const source = GREETING_SOURCE.replace('openai/gpt-4o-mini', 'googleai/gemini-2.5-flash');
    const { id } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, source, 'gemini');
    const run = () => rest(world.server, 'POST', `/prompts/${id}/test`, { token: world.team.member.token, json: { input: { name: 'Ada' } } });
    world.provider.requests.length = 0;
    const fromEnv = await run();
    expectStatus(fromEnv, 200);
    assert.deepEqual([fromEnv.body.status, fromEnv.body.output], ['success', 'Echo: Hello Ada']);
    assert.ok(fromEnv.body.costUsd > 0, 'priced from the catalog');
    assert.equal(world.provider.requests[0]!.headers['x-goog-api-key'], ENV_KEY);

    const put = await rest(world.server, 'PUT', path('googleai'), {
      token: world.team.admin.token,
      json: { apiKey: WORKSPACE_KEY, baseUrl: gateway.baseUrls.googleai },
    });
    expectStatus(put, 200);
    assert.deepEqual(
      { ...put.body, updatedAt: undefined },
      { provider: 'googleai', baseUrl: gateway.baseUrls.googleai, maskedKey: 'sk-…9876', updatedAt: undefined },
    );
    try {
      gateway.requests.length = 0;
      world.provider.requests.length = 0;
      const fromWorkspace = await run();
      assert.deepEqual([fromWorkspace.body.status, fromWorkspace.body.output], ['success', 'from the gateway']);
      assert.equal(gateway.requests.length, 1);
      assert.equal(gateway.requests[0]!.path, '/v1beta/models/gemini-2.5-flash:generateContent');
      assert.equal(gateway.requests[0]!.headers['x-goog-api-key'], WORKSPACE_KEY);
      assert.equal(world.provider.requests.length, 0);
    } finally {
      expectStatus(await rest(world.server, 'DELETE', path('googleai'), { token: world.team.admin.token }), 200);
    }
  });

  it('lets only admins manage credentials (member and viewer 403, outsider 404)', async () => {
    for (const user of [world.team.member, world.team.viewer]) {
      expectStatus(await rest(world.server, 'GET', `/workspaces/${world.team.workspaceId}/providers`, { token: user.token }), 403);
      expectStatus(await rest(world.server, 'PUT', path('anthropic'), { token: user.token, json: { apiKey: 'sk-ant-whatever-1234' } }), 403);
    }
    expectStatus(await rest(world.server, 'PUT', path('anthropic'), { token: world.team.outsider.token, json: { apiKey: 'sk-ant-whatever-1234' } }), 404);
    expectStatus(await rest(world.server, 'PUT', path('mistral'), { token: world.team.admin.token, json: { apiKey: 'sk-whatever-1234' } }), 400);
    expectStatus(await rest(world.server, 'PUT', path(), { token: world.team.admin.token, json: { apiKey: 'k', baseUrl: 'ftp://nope' } }), 400);
  });

  it("deletes a credential, after which runs use the server's environment again", async () => {
    const removed = await rest(world.server, 'DELETE', path(), { token: world.team.admin.token });
    expectStatus(removed, 200);
    assert.deepEqual(removed.body, { provider: 'openai', deleted: true });
    expectStatus(await rest(world.server, 'DELETE', path(), { token: world.team.admin.token }), 404);
    const { id } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, undefined, 'after-delete');
    const answer = await rest(world.server, 'POST', `/prompts/${id}/test`, { token: world.team.member.token, json: { input: { name: 'Ada' } } });
    assert.equal(answer.body.output, 'Echo: Hello Ada');
  });

  it('records a run with a wrong workspace key as an auth error run, not a crash', async () => {
    expectStatus(
      await rest(world.server, 'PUT', path(), { token: world.team.admin.token, json: { apiKey: 'sk-wrong-key-000000', baseUrl: gateway.openaiBaseUrl } }),
      200,
    );
    try {
      const { id } = await createSourcePrompt(world.server, world.team.member.token, world.team.projectId, undefined, 'wrong-key');
      const answer = await rest(world.server, 'POST', `/prompts/${id}/test`, { token: world.team.member.token, json: { input: { name: 'Ada' } } });
      expectStatus(answer, 200);
      assert.equal(answer.body.status, 'error');
      assert.equal(answer.body.errorKind, 'auth');
    } finally {
      await rest(world.server, 'DELETE', path(), { token: world.team.admin.token });
    }
  });
});

describe('a run whose provider has no key in the workspace nor on the server', () => {
  let server: TestServer;
  let team: Team;
  before(async () => {
    server = await startTestServer();
    team = await createTeam(server);
  });
  after(() => server?.close());

  it('fails at once as an auth error saying where the key goes, and is recorded (no call with a placeholder key)', async () => {
    const { id } = await createSourcePrompt(server, team.member.token, team.projectId);
    const answer = await rest(server, 'POST', `/prompts/${id}/test`, { token: team.member.token, json: { input: { name: 'Ada' } } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'error');
    assert.equal(answer.body.errorKind, 'auth');
    assert.equal(
      answer.body.error,
      'This workspace has no OpenAI key: an Admin adds one under Provider keys in the workspace (or the server sets OPENAI_API_KEY)',
    );
    const recorded = await rest(server, 'GET', `/prompts/${id}/test`, { token: team.member.token });
    assert.deepEqual(
      recorded.body.items.map((run: { errorKind: string }) => run.errorKind),
      ['auth'],
    );
  });
});

describe('credential sealing (AES-256-GCM, HKDF from the server secret)', () => {
  const owner = { workspaceId: 'ws-1', provider: 'openai' };

  it('opens what it sealed, and nothing under another secret or another owner', () => {
    const sealed = sealApiKey('secret-a', owner, 'sk-live-1234567890');
    assert.equal(openApiKey('secret-a', owner, sealed), 'sk-live-1234567890');
    assert.equal(openApiKey('secret-b', owner, sealed), undefined);
    assert.equal(openApiKey('secret-a', { ...owner, workspaceId: 'ws-2' }, sealed), undefined);
    assert.notEqual(sealApiKey('secret-a', owner, 'sk-live-1234567890').iv, sealed.iv);
  });

  it('masks keys to their first 3 and last 4 characters, and short keys entirely', () => {
    assert.equal(maskApiKey('sk-proj-abcdefgh1234'), 'sk-…1234');
    assert.equal(maskApiKey('short'), '…');
  });
});

describe('CREDENTIALS_SECRET', () => {
  it('encrypts stored keys under CREDENTIALS_SECRET when set, independent of NEXTAUTH_SECRET', async () => {
    const { loadEnv } = await import('../../src/env.ts');
    const base = { NODE_ENV: 'test', NEXTAUTH_SECRET: 'session-secret-0123456789', PROMPTSTACK_DATA_DIR: '/tmp/promptstack-env-unused' };
    assert.equal(loadEnv(base).credentialsSecret, 'session-secret-0123456789');
    assert.equal(loadEnv({ ...base, CREDENTIALS_SECRET: 'vault-secret-9876543210' }).credentialsSecret, 'vault-secret-9876543210');
  });
});
