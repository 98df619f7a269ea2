import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { TestServer } from '../helpers/server.ts';
import { rest, startTeamServer, type Team } from '../helpers/team.ts';

/** Sends a raw body with the given headers and returns status and parsed JSON body. */
async function raw(server: TestServer, method: string, path: string, body: BodyInit, headers: Record<string, string>, token?: string) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    body,
    headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  const text = await response.text();
  let json: any = text;
  try {
    json = JSON.parse(text);
  } catch {
    // Left as text: the assertion below shows it.
  }
  return { status: response.status, body: json };
}

const JSON_TYPE = { 'content-type': 'application/json' };

describe('request bodies the parser refuses', () => {
  let server: TestServer;
  let team: Team;
  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(() => server.close());

  it('refuses JSON nested past the depth limit with 400 on /api, /trpc, sign-up and sign-in', async () => {
    const deep = `{"name":"x","email":"a@b.io","password":"long enough password","extra":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const path of ['/api/auth/signup', '/api/auth/signin', '/trpc/auth.signin', '/api/projects']) {
      const answer = await raw(server, 'POST', path, deep, JSON_TYPE, team.admin.token);
      assert.equal(answer.status, 400, `${path}: ${JSON.stringify(answer.body)}`);
      const error = answer.body.error;
      assert.equal(error.code ?? error.json?.code, 'PARSE_ERROR', path);
      assert.match(JSON.stringify(answer.body), /nested deeper than 64 levels/, path);
    }
  });

  it('still accepts ordinary nesting and brackets inside strings', async () => {
    const answer = await raw(
      server,
      'POST',
      '/api/projects',
      JSON.stringify({ workspaceId: team.workspaceId, name: `${'['.repeat(80)}${'{'.repeat(80)}` }),
      JSON_TYPE,
      team.admin.token,
    );
    assert.equal(answer.status, 201, JSON.stringify(answer.body));
  });

  it('answers a body that is not the gzip, deflate or br it claims to be with 400', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const answer = await raw(server, 'POST', '/api/auth/signin', '{"email":"a@b.io","password":"x"}', { ...JSON_TYPE, 'content-encoding': encoding });
      assert.equal(answer.status, 400, `${encoding}: ${JSON.stringify(answer.body)}`);
      assert.deepEqual(answer.body, { error: { code: 'BAD_REQUEST', message: `Request body is not valid ${encoding} data` } });
    }
    // A real gzip body still works.
    const good = await raw(server, 'POST', '/api/auth/signin', gzipSync(JSON.stringify({ email: team.admin.email, password: team.admin.password })), {
      ...JSON_TYPE,
      'content-encoding': 'gzip',
    });
    assert.equal(good.status, 200);
  });

  it('says a JSON object is expected when the body is null', async () => {
    const answer = await raw(server, 'POST', '/api/auth/signin', 'null', JSON_TYPE);
    assert.equal(answer.status, 400);
    assert.deepEqual(answer.body, { error: { code: 'PARSE_ERROR', message: 'Request body must be a JSON object, got null' } });
  });

  it('closes the quote of the 415 message', async () => {
    const answer = await raw(server, 'POST', '/api/auth/signin', 'email=a', { 'content-type': 'text/plain' });
    assert.equal(answer.status, 415);
    assert.deepEqual(answer.body, { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Unsupported content-type "text/plain"; send application/json' } });
  });

  it('names the missing projectId or workspaceId field', async () => {
    const prompts = await rest(server, 'POST', '/prompts', { token: team.admin.token, json: { name: 'x', content: 'Hi' } });
    assert.equal(prompts.status, 400);
    assert.equal(prompts.body.error.message, 'projectId is required');
    const projects = await rest(server, 'POST', '/projects', { token: team.admin.token, json: { name: 'x' } });
    assert.equal(projects.status, 400);
    assert.equal(projects.body.error.message, 'workspaceId is required');
  });

  it('quotes the word given where a number belongs', async () => {
    const answer = await rest(server, 'GET', `/prompts?projectId=${team.projectId}&page=abc`, { token: team.admin.token });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    const issue = answer.body.error.issues.find((i: { path: string[] }) => i.path[0] === 'page');
    assert.equal(issue.message, "expected a number, got 'abc'");
  });

  it("words zod's size limits and missing fields plainly, and keeps a schema's own message", async () => {
    const workspaceId = team.workspaceId;
    const messages = async (method: 'POST' | 'GET', path: string, json?: unknown) => {
      const answer = await rest(server, method, path, { token: team.admin.token, ...(json ? { json } : {}) });
      assert.equal(answer.status, 400, JSON.stringify(answer.body));
      return Object.fromEntries(answer.body.error.issues.map((i: { path: unknown[]; message: string }) => [i.path.join('.'), i.message]));
    };
    assert.deepEqual(await messages('POST', '/projects', { workspaceId, name: '   ' }), { name: 'must not be empty' });
    assert.deepEqual(await messages('POST', '/projects', { workspaceId, name: 'x'.repeat(201) }), { name: 'must have at most 200 characters' });
    assert.deepEqual(await messages('POST', '/projects', { workspaceId }), { name: 'required' });
    assert.deepEqual(await messages('POST', '/projects', { workspaceId, name: 7 }), { name: 'Invalid input: expected string, received number' });
    assert.deepEqual(await messages('GET', `/prompts?projectId=${team.projectId}&page=0&pageSize=101`), {
      page: 'must be 1 or more',
      pageSize: 'must be 100 or less',
    });
    assert.deepEqual(await messages('POST', '/auth/signin', { email: team.admin.email, password: '' }), { password: 'Password is required' });
    assert.deepEqual(await messages('POST', `/workspaces/${workspaceId}/members`, { email: 'new@example.com', role: 'MEMBR' }), {
      role: "unknown value 'MEMBR': did you mean 'MEMBER'? (one of ADMIN, MEMBER, VIEWER)",
    });
  });

  it('refuses a json-schema assertion whose schema does not compile, at that schema, and stores nothing', async () => {
    const items = [{ input: {}, assertions: [{ type: 'json-schema', schema: { type: 'object', required: 'n' } }] }];
    const answer = await rest(server, 'POST', '/datasets', { token: team.admin.token, json: { projectId: team.projectId, name: 'broken-schema', items } });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    const issue = answer.body.error.issues.find((i: { path: unknown[] }) => i.path.join('.') === 'items.0.assertions.0.schema');
    assert.equal(issue?.message, 'not a valid JSON Schema: required must be array', JSON.stringify(answer.body));
    const listed = await rest(server, 'GET', `/datasets?projectId=${team.projectId}`, { token: team.admin.token });
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    assert.ok(!JSON.stringify(listed.body).includes('broken-schema'));
  });

  it('names the assertion type an unknown one misspells, and the types there are', async () => {
    const items = [{ input: {}, assertions: [{ type: 'contians', value: 'x' }] }];
    const answer = await rest(server, 'POST', '/datasets', { token: team.admin.token, json: { projectId: team.projectId, name: 'typo', items } });
    assert.equal(answer.status, 400, JSON.stringify(answer.body));
    const issue = answer.body.error.issues.find((i: { path: unknown[] }) => i.path.join('.') === 'items.0.assertions.0.type');
    assert.match(issue?.message ?? JSON.stringify(answer.body), /^unknown type 'contians': did you mean 'contains'\? \(one of contains, not-contains, /);
  });
});
