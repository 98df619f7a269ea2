import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

const SEED_SOURCE = '---\nmodel: openai/gpt-4o\nconfig:\n  temperature: 0.7\n---\nSummarize {{text}}';

describe('prompts API', () => {
  let server: TestServer;
  let team: Team;

  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  it("creates a prompt from the seed's fields: 201 with the prompt and its version 1", async () => {
    const answer = await rest(server, 'POST', '/prompts', {
      token: team.member.token,
      json: {
        name: 'summarize',
        content: 'Summarize {{text}}',
        description: 'Short summaries',
        projectId: team.projectId,
        model: 'openai/gpt-4o',
        temperature: 0.7,
      },
    });
    expectStatus(answer, 201);
    const { body } = answer;
    assert.equal(body.name, 'summarize');
    assert.equal(body.description, 'Short summaries');
    assert.equal(body.workspaceId, team.workspaceId);
    assert.equal(body.latestVersionNumber, 1);
    assert.equal(body.created, true);
    assert.equal(body.version.number, 1);
    assert.equal(body.version.source, SEED_SOURCE);
    assert.equal(body.version.model, 'openai/gpt-4o');
    assert.deepEqual(body.version.config, { temperature: 0.7 });
    assert.deepEqual(body.version.variables, ['text']);
    assert.equal(body.version.authorId, team.member.id);
    assert.match(body.version.contentHash, /^[0-9a-f]{64}$/);
    assert.deepEqual(body.latestVersion, body.version);
    assert.deepEqual(body.labels, []);
  });

  it('keeps a whole .prompt file sent as content byte for byte', async () => {
    const source = '---\r\nmodel: anthropic/claude-sonnet-4 # fast\r\ninput:\r\n  schema:\r\n    question: string\r\n---\r\nAnswer: {{question}}\r\n';
    const answer = await rest(server, 'POST', '/prompts', { token: team.member.token, json: { name: 'qa', content: source, projectId: team.projectId } });
    expectStatus(answer, 201);
    assert.equal(answer.body.version.source, source);
    assert.deepEqual(answer.body.version.variables, ['question']);
  });

  it('answers 400 with the line for broken frontmatter YAML, and for missing fields', async () => {
    const broken = await rest(server, 'POST', '/prompts', {
      token: team.member.token,
      json: { name: 'bad', content: '---\nmodel: [\n---\nx', projectId: team.projectId },
    });
    expectStatus(broken, 400);
    assert.match(broken.body.error.message, /Invalid \.prompt source: frontmatter is not valid YAML \(line \d+\)/);
    const missing = await rest(server, 'POST', '/prompts', { token: team.member.token, json: { name: 'bad', projectId: team.projectId } });
    expectStatus(missing, 400);
    assert.ok(Array.isArray(missing.body.error.issues));
  });

  it('updates with a plain PUT on top of the latest, keeping the frontmatter', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    const answer = await rest(server, 'PUT', `/prompts/${id}`, {
      token: team.member.token,
      json: { content: 'Summarize in one line: {{text}}', message: 'shorter' },
    });
    expectStatus(answer, 200);
    assert.equal(answer.body.created, true);
    assert.equal(answer.body.version.number, 2);
    assert.equal(answer.body.version.message, 'shorter');
    assert.equal(answer.body.version.source, SEED_SOURCE.replace('Summarize {{text}}', 'Summarize in one line: {{text}}'));
    const temp = await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { temperature: 0.2 } });
    assert.equal(temp.body.version.number, 3);
    assert.deepEqual(temp.body.version.config, { temperature: 0.2 });
  });

  it('makes no new version for identical content (200, created: false) and renames without one', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    const same = await rest(server, 'PUT', `/prompts/${id}`, {
      token: team.member.token,
      json: { content: 'Summarize {{text}}', model: 'openai/gpt-4o', temperature: 0.7 },
    });
    expectStatus(same, 200);
    assert.equal(same.body.created, false);
    assert.equal(same.body.version.number, 1);
    const renamed = await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { name: 'summarize-v2', description: null } });
    expectStatus(renamed, 200);
    assert.deepEqual([renamed.body.name, renamed.body.description, renamed.body.latestVersionNumber, renamed.body.created], ['summarize-v2', null, 1, false]);
  });

  it('answers 409 with the latest version when baseVersion is stale, and accepts the current one', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    expectStatus(await rest(server, 'PUT', `/prompts/${id}`, { token: team.admin.token, json: { content: 'Theirs {{text}}', baseVersion: 1 } }), 200);
    const stale = await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { content: 'Mine {{text}}', baseVersion: 1 } });
    expectStatus(stale, 409);
    assert.equal(stale.body.error.code, 'CONFLICT');
    assert.equal(stale.body.error.latest.number, 2);
    assert.match(stale.body.error.latest.source, /Theirs/);
    const rebased = await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { content: 'Mine {{text}}', baseVersion: 2 } });
    expectStatus(rebased, 200);
    assert.equal(rebased.body.version.number, 3);
  });

  it('carries the latest version in the tRPC error of a stale write', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { content: 'v2 {{text}}' } });
    const trpc = server.trpc(team.member.token);
    await assert.rejects(trpc.prompts.update.mutate({ id, content: 'v2 too', baseVersion: 1 }), (error: unknown) => {
      assert.ok(error instanceof TRPCClientError);
      assert.equal(error.data?.httpStatus, 409);
      assert.equal((error.data as { details?: { latest?: { number?: number } } }).details?.latest?.number, 2);
      return true;
    });
  });

  it('gets a prompt with its latest version and labels', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { content: 'v2 {{text}}' } });
    await rest(server, 'PUT', `/prompts/${id}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } });
    const answer = await rest(server, 'GET', `/prompts/${id}`, { token: team.viewer.token });
    expectStatus(answer, 200);
    assert.equal(answer.body.latestVersion.number, 2);
    assert.equal(answer.body.version.number, 2);
    assert.deepEqual(
      answer.body.labels.map((l: { name: string; versionNumber: number }) => [l.name, l.versionNumber]),
      [['production', 1]],
    );
    const byLabel = await rest(server, 'GET', `/prompts/${id}?label=production`, { token: team.viewer.token });
    assert.equal(byLabel.body.version.number, 1);
    const byNumber = await rest(server, 'GET', `/prompts/${id}?version=1`, { token: team.viewer.token });
    assert.equal(byNumber.body.version.number, 1);
    expectStatus(await rest(server, 'GET', `/prompts/${id}?label=staging`, { token: team.viewer.token }), 404);
  });

  it('lists a project page by page with the total, newest change first, filtered by q', async () => {
    const project = await rest(server, 'POST', '/projects', { token: team.admin.token, json: { workspaceId: team.workspaceId, name: 'Paging' } });
    const projectId = project.body.id as string;
    for (const name of ['alpha', 'beta', 'gamma', '50%_off', 'ALPHABET']) await createPrompt(server, team.member.token, projectId, { name });
    const pages = [];
    for (const page of [1, 2, 3]) {
      const answer = await rest(server, 'GET', `/prompts?projectId=${projectId}&page=${page}&pageSize=2`, { token: team.viewer.token });
      expectStatus(answer, 200);
      assert.deepEqual([answer.body.total, answer.body.page, answer.body.pageSize], [5, page, 2]);
      pages.push(...answer.body.items);
    }
    assert.deepEqual(pages.map((p: { name: string }) => p.name).sort(), ['50%_off', 'ALPHABET', 'alpha', 'beta', 'gamma']);
    const times = pages.map((p: { updatedAt: string }) => Date.parse(p.updatedAt));
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
    );
    const q = await rest(server, 'GET', `/prompts?projectId=${projectId}&q=alpha`, { token: team.viewer.token });
    assert.deepEqual(q.body.items.map((p: { name: string }) => p.name).sort(), ['ALPHABET', 'alpha']);
    const wildcard = await rest(server, 'GET', `/prompts?projectId=${projectId}&q=${encodeURIComponent('%_')}`, { token: team.viewer.token });
    assert.deepEqual(
      wildcard.body.items.map((p: { name: string }) => p.name),
      ['50%_off'],
    );
    expectStatus(await rest(server, 'GET', `/prompts?projectId=${projectId}&pageSize=1000`, { token: team.viewer.token }), 400);
  });

  it('soft-deletes: the prompt is gone from the API, its versions and labels stay in the database', async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    await rest(server, 'PUT', `/prompts/${id}/labels/production`, { token: team.admin.token, json: { versionNumber: 1 } });
    expectStatus(await rest(server, 'DELETE', `/prompts/${id}`, { token: team.member.token }), 200);
    expectStatus(await rest(server, 'GET', `/prompts/${id}`, { token: team.member.token }), 404);
    expectStatus(await rest(server, 'GET', `/prompts/${id}/versions`, { token: team.member.token }), 404);
    expectStatus(await rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { content: 'zombie' } }), 404);
    expectStatus(await rest(server, 'DELETE', `/prompts/${id}`, { token: team.member.token }), 404);
    const prisma = server.database.db.prisma;
    assert.equal(await prisma.promptVersion.count({ where: { promptId: id } }), 1);
    assert.equal(await prisma.promptLabel.count({ where: { promptId: id } }), 1);
  });

  it('enforces maxPrompts with a clear 403', async () => {
    const ws = await rest(server, 'POST', '/workspaces', { token: team.member.token, json: { name: 'Tiny' } });
    await rest(server, 'PUT', `/workspaces/${ws.body.id}`, { token: team.member.token, json: { maxPrompts: 1 } });
    const project = await rest(server, 'POST', '/projects', { token: team.member.token, json: { workspaceId: ws.body.id, name: 'p' } });
    await createPrompt(server, team.member.token, project.body.id);
    const refused = await rest(server, 'POST', '/prompts', { token: team.member.token, json: { name: 'two', content: 'x', projectId: project.body.id } });
    expectStatus(refused, 403);
    assert.match(refused.body.error.message, /limit of 1 prompts/);
  });

  it('serves create, get and list on the tRPC door', async () => {
    const trpc = server.trpc(team.member.token);
    const created = await trpc.prompts.create.mutate({ name: 'via-trpc', content: 'Hi {{name}}', projectId: team.projectId, model: 'openai/gpt-4o-mini' });
    assert.equal(created.version?.number, 1);
    const got = await trpc.prompts.get.query({ id: created.id });
    assert.equal(got.latestVersion?.model, 'openai/gpt-4o-mini');
    const page = await trpc.prompts.list.query({ projectId: team.projectId, q: 'via-trpc' });
    assert.deepEqual(
      page.items.map((p) => p.id),
      [created.id],
    );
  });
});
