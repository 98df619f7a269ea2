import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Answer, type Team } from '../helpers/team.ts';

const V1 = '---\nmodel: openai/gpt-4o-mini\nconfig:\n  temperature: 0.2\ninput:\n  schema:\n    customer: string\n---\nHello {{customer}}.';
const V2 = '---\nmodel: anthropic/claude-sonnet-4-5\n---\nGood day {{customer}}!';

// The serving route over real HTTP: the REST adapter, the access rule, the one-query read.
describe('GET /api/v1/prompts/{name} (serving prompts)', () => {
  let server: TestServer;
  let team: Team;
  let promptId: string;
  before(async function () {
    // Starting a server and a team takes long on a loaded machine.
    this.timeout(300_000);
    ({ server, team } = await startTeamServer());
    // No model or temperature fields: the source's frontmatter says them.
    promptId = await createPrompt(server, team.member.token, team.projectId, { name: 'support-reply', content: V1, model: undefined, temperature: undefined });
    expectStatus(await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source: V2 } }), 201);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/staging`, { token: team.member.token, json: { versionNumber: 2 } }), 200);
  });
  after(() => server.close());

  /** A serving call; `query` without the leading `?`, `headers` beside the bearer token. */
  async function serve(name: string, query: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
    const token = options.token ?? team.viewer.token;
    const response = await server.api(`/api/v1/prompts/${encodeURIComponent(name)}?${query}`, { token, headers: options.headers ?? {} });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : text, headers: response.headers };
  }
  const inProject = () => `projectId=${team.projectId}`;

  it('serves the production label by default, with the source as stored and what it declares', async () => {
    const answer = await serve('support-reply', inProject());
    expectStatus(answer, 200);
    assert.deepEqual(answer.body, {
      name: 'support-reply',
      version: 1,
      label: 'production',
      source: V1,
      model: 'openai/gpt-4o-mini',
      config: { temperature: 0.2 },
      inputSchema: { customer: 'string' },
      contentHash: answer.body.contentHash,
      tools: [],
    });
    assert.match(answer.body.contentHash, /^[0-9a-f]{16,}$/);
    assert.equal(answer.headers.get('etag'), `"${answer.body.contentHash}-v1"`);
    assert.equal(answer.headers.get('cache-control'), 'private, no-cache');
  });

  it('serves another label, or a version by number (label null), and the same through /trpc', async () => {
    const staging = await serve('support-reply', `${inProject()}&label=staging`);
    expectStatus(staging, 200);
    assert.equal(staging.body.version, 2);
    assert.equal(staging.body.label, 'staging');
    assert.equal(staging.body.source, V2);
    assert.equal(staging.body.inputSchema, null);
    const byNumber = await serve('support-reply', `${inProject()}&version=2`);
    expectStatus(byNumber, 200);
    assert.equal(byNumber.body.label, null);
    assert.equal(byNumber.body.contentHash, staging.body.contentHash);
    const viaTrpc = await server.trpc(team.viewer.token).serving.get.query({ name: 'support-reply', projectId: team.projectId, version: 2 });
    assert.deepEqual(viaTrpc, byNumber.body);
  });

  it('answers If-None-Match with 304 and no body while the label stays, and a new ETag once it moves', async () => {
    const first = await serve('support-reply', inProject());
    const etag = first.headers.get('etag')!;
    // fetch() sends `Cache-Control: no-cache` with a conditional request; the origin still answers 304.
    const unchanged = await serve('support-reply', inProject(), { headers: { 'if-none-match': etag, 'cache-control': 'no-cache' } });
    assert.equal(unchanged.status, 304);
    assert.equal(unchanged.body, '');
    assert.equal(unchanged.headers.get('etag'), etag);
    // A list of validators matches when any does; another validator gets the whole answer.
    assert.equal((await serve('support-reply', inProject(), { headers: { 'if-none-match': `"other", ${etag}` } })).status, 304);
    assert.equal((await serve('support-reply', inProject(), { headers: { 'if-none-match': '"other"' } })).status, 200);

    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 2 } }), 200);
    const moved = await serve('support-reply', inProject(), { headers: { 'if-none-match': etag } });
    expectStatus(moved, 200);
    assert.equal(moved.body.version, 2);
    assert.notEqual(moved.headers.get('etag'), etag);
    assert.equal(moved.headers.get('etag'), `"${moved.body.contentHash}-v2"`);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
  });

  it('serves the oldest live prompt of a name, and stops serving a deleted one', async () => {
    const namesake = await createPrompt(server, team.member.token, team.projectId, { name: 'support-reply', content: 'Namesake {{x}}' });
    expectStatus(await rest(server, 'PUT', `/prompts/${namesake}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
    assert.equal((await serve('support-reply', inProject())).body.source, V1);
    const other = await createPrompt(server, team.member.token, team.projectId, { name: 'to-delete', content: 'Bye {{x}}' });
    expectStatus(await rest(server, 'PUT', `/prompts/${other}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);
    expectStatus(await serve('to-delete', inProject()), 200);
    expectStatus(await rest(server, 'DELETE', `/prompts/${other}`, { token: team.member.token }), 200);
    expectStatus(await serve('to-delete', inProject()), 404);
  });

  it('answers 404 for an unknown name, label or version, and 400 for a bad query', async () => {
    const cases: Array<[string, string, number, RegExp]> = [
      ['nope', inProject(), 404, /No prompt 'nope'/],
      ['support-reply', `${inProject()}&label=canary`, 404, /no label 'canary'/],
      ['support-reply', `${inProject()}&version=9`, 404, /no version 9/],
      ['support-reply', `projectId=00000000-0000-4000-8000-000000000000`, 404, /Not found/],
      ['support-reply', `${inProject()}&version=abc`, 400, /./],
      ['support-reply', `${inProject()}&version=0`, 400, /./],
      ['support-reply', `${inProject()}&label=bad%20label`, 400, /./],
      ['support-reply', `${inProject()}&label=staging&version=1`, 400, /label or version, not both/],
      ['support-reply', '', 400, /projectId is required/],
      ['x'.repeat(201), inProject(), 400, /./],
    ];
    for (const [name, query, status, message] of cases) {
      const answer = await serve(name, query);
      assert.equal(answer.status, status, `${name.slice(0, 20)}?${query}: ${JSON.stringify(answer.body)}`);
      assert.match(answer.body.error.message, message);
      assert.equal(answer.headers.get('etag'), null);
    }
  });

  it('refuses the signed-out (401) and outsiders, also for a project of theirs that has no such prompt (404)', async () => {
    const signedOut = await server.api(`/api/v1/prompts/support-reply?${inProject()}`);
    assert.equal(signedOut.status, 401);
    const outsider = await serve('support-reply', inProject(), { token: team.outsider.token });
    assert.equal(outsider.status, 404);
    assert.equal(outsider.body.error.code, 'NOT_FOUND');
    const ownProject = await serve('support-reply', `projectId=${team.outsiderProjectId}`, { token: team.outsider.token });
    assert.equal(ownProject.status, 404);
    assert.match(ownProject.body.error.message, /No prompt 'support-reply'/);
  });

  /** An API key made by the workspace's admin over REST; returns the secret. */
  async function apiKey(workspaceId: string, admin: { token: string }, scopes: string[], projectId?: string): Promise<string> {
    const created = await rest(server, 'POST', `/workspaces/${workspaceId}/api-keys`, {
      token: admin.token,
      json: { name: `serving ${scopes.join(' ')}`, scopes, ...(projectId ? { projectId } : {}) },
    });
    expectStatus(created, 201);
    return created.body.key as string;
  }

  it('serves to a project key from its own project, and to a workspace key from the project it names', async () => {
    const projectKey = await apiKey(team.workspaceId, team.admin, ['prompts:read'], team.projectId);
    const own = await serve('support-reply', '', { token: projectKey });
    expectStatus(own, 200);
    assert.equal(own.body.version, 1);
    assert.equal((await serve('support-reply', inProject(), { token: projectKey })).status, 200);
    const workspaceKey = await apiKey(team.workspaceId, team.admin, ['prompts:read']);
    expectStatus(await serve('support-reply', inProject(), { token: workspaceKey }), 200);
    const unnamed = await serve('support-reply', '', { token: workspaceKey });
    assert.equal(unnamed.status, 400);
    assert.match(unnamed.body.error.message, /projectId is required/);
    // The 304 flow is the same with a key.
    const etag = own.headers.get('etag')!;
    assert.equal((await serve('support-reply', '', { token: projectKey, headers: { 'if-none-match': etag } })).status, 304);
  });

  it("keeps keys to their scope, workspace and project: another project's or workspace's prompt is a 404", async () => {
    const other = await rest(server, 'POST', '/projects', { token: team.admin.token, json: { workspaceId: team.workspaceId, name: 'Other' } });
    expectStatus(other, 201);
    const otherPrompt = await createPrompt(server, team.member.token, other.body.id, { name: 'support-reply', content: 'Other {{x}}' });
    expectStatus(await rest(server, 'PUT', `/prompts/${otherPrompt}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } }), 200);

    const projectKey = await apiKey(team.workspaceId, team.admin, ['prompts:read'], team.projectId);
    const elsewhere = await serve('support-reply', `projectId=${other.body.id}`, { token: projectKey });
    assert.equal(elsewhere.status, 404);
    assert.equal(elsewhere.body.error.code, 'NOT_FOUND');
    const outsiderKey = await apiKey(team.outsiderWorkspaceId, team.outsider, ['prompts:read']);
    assert.equal((await serve('support-reply', inProject(), { token: outsiderKey })).status, 404);
    const writerOnly = await apiKey(team.workspaceId, team.admin, ['generations:write'], team.projectId);
    const noScope = await serve('support-reply', '', { token: writerOnly });
    assert.equal(noScope.status, 403);
    assert.match(noScope.body.error.message, /prompts:read/);
    const unknown = await serve('support-reply', inProject(), { token: `psk_${'A'.repeat(43)}` });
    assert.equal(unknown.status, 401);
    // A key reads prompts but administers nothing.
    assert.equal((await rest(server, 'GET', `/workspaces/${team.workspaceId}/members`, { token: projectKey })).status, 403);
  });
});
