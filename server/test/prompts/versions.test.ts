import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

/** A file with the things a lossy round trip would break: BOM, CRLF, comments, trailing spaces, no final newline. */
const TRICKY_SOURCE = '\ufeff---\r\nmodel: openai/gpt-4o   # keep me\r\nconfig: { temperature: 0.30 }\r\n---\r\n{{! note }}Hi {{name}}  \r\n\r\n✓ émoji 🎉';

describe('prompt versions and labels API', () => {
  let server: TestServer;
  let team: Team;
  let promptId: string;

  before(async () => {
    ({ server, team } = await startTeamServer());
    promptId = await createPrompt(server, team.member.token, team.projectId);
    await rest(server, 'PUT', `/prompts/${promptId}`, { token: team.member.token, json: { content: 'Second {{text}}', message: 'v2' } });
    await rest(server, 'PUT', `/prompts/${promptId}`, { token: team.admin.token, json: { content: 'Third {{text}}', message: 'v3' } });
  });
  after(async () => {
    await server?.close();
  });

  it('lists versions newest first, without sources, with the total', async () => {
    const answer = await rest(server, 'GET', `/prompts/${promptId}/versions`, { token: team.viewer.token });
    expectStatus(answer, 200);
    assert.equal(answer.body.total, 3);
    assert.deepEqual(
      answer.body.items.map((v: { number: number }) => v.number),
      [3, 2, 1],
    );
    assert.deepEqual(
      answer.body.items.map((v: { message: string | null }) => v.message),
      ['v3', 'v2', null],
    );
    assert.deepEqual(
      answer.body.items.map((v: { authorId: string }) => v.authorId),
      [team.admin.id, team.member.id, team.member.id],
    );
    assert.ok(answer.body.items.every((v: object) => !('source' in v)));
    const paged = await rest(server, 'GET', `/prompts/${promptId}/versions?page=2&pageSize=2`, { token: team.viewer.token });
    assert.deepEqual(
      paged.body.items.map((v: { number: number }) => v.number),
      [1],
    );
  });

  it('gets one version by number, and 404 for a number that does not exist', async () => {
    const answer = await rest(server, 'GET', `/prompts/${promptId}/versions/2`, { token: team.viewer.token });
    expectStatus(answer, 200);
    assert.equal(answer.body.number, 2);
    assert.match(answer.body.source, /Second \{\{text\}\}$/);
    const missing = await rest(server, 'GET', `/prompts/${promptId}/versions/99`, { token: team.viewer.token });
    expectStatus(missing, 404);
    assert.match(missing.body.error.message, /has no version 99/);
  });

  it('moves labels as a member, resolves them in /versions/{label}, and deletes them', async () => {
    // production is protected by default: an Admin moves it, a Member moves the others.
    const set = await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 2 } });
    expectStatus(set, 200);
    assert.deepEqual([set.body.name, set.body.versionNumber, set.body.updatedById], ['production', 2, team.admin.id]);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.member.token, json: { versionNumber: 1 } }), 403);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/staging`, { token: team.admin.token, json: { versionNumber: 3 } }), 200);
    const resolved = await rest(server, 'GET', `/prompts/${promptId}/versions/production`, { token: team.viewer.token });
    assert.equal(resolved.body.number, 2);
    const moved = await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.admin.token, json: { versionNumber: 3 } });
    assert.equal(moved.body.versionNumber, 3);
    const labels = await rest(server, 'GET', `/prompts/${promptId}/labels`, { token: team.viewer.token });
    assert.deepEqual(
      labels.body.map((l: { name: string; versionNumber: number }) => [l.name, l.versionNumber]),
      [
        ['production', 3],
        ['staging', 3],
      ],
    );
    expectStatus(await rest(server, 'DELETE', `/prompts/${promptId}/labels/staging`, { token: team.member.token }), 200);
    expectStatus(await rest(server, 'GET', `/prompts/${promptId}/versions/staging`, { token: team.viewer.token }), 404);
    expectStatus(await rest(server, 'DELETE', `/prompts/${promptId}/labels/staging`, { token: team.member.token }), 404);
    // Every move, and only moves, is in the audit log with who made it, from and to.
    const events = await server.database.db.prisma.labelEvent.findMany({ where: { promptId }, orderBy: { createdAt: 'asc' } });
    assert.deepEqual(
      events.map((e) => [e.label, e.from, e.to, e.actorUserId, e.via]),
      [
        ['production', null, { versionNumber: 2 }, team.admin.id, 'api'],
        ['staging', null, { versionNumber: 3 }, team.admin.id, 'api'],
        ['production', { versionNumber: 2 }, { versionNumber: 3 }, team.admin.id, 'api'],
        ['staging', { versionNumber: 3 }, null, team.member.id, 'api'],
      ],
    );
  });

  it('refuses label moves by viewers (403), to missing versions (404) and with bad names (400)', async () => {
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/production`, { token: team.viewer.token, json: { versionNumber: 1 } }), 403);
    expectStatus(await rest(server, 'DELETE', `/prompts/${promptId}/labels/production`, { token: team.viewer.token }), 403);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/staging`, { token: team.member.token, json: { versionNumber: 42 } }), 404);
    expectStatus(await rest(server, 'PUT', `/prompts/${promptId}/labels/123`, { token: team.member.token, json: { versionNumber: 1 } }), 400);
    expectStatus(
      await rest(server, 'PUT', `/prompts/${promptId}/labels/${encodeURIComponent('bad name!')}`, { token: team.member.token, json: { versionNumber: 1 } }),
      400,
    );
  });

  it('downloads a version as its exact .prompt text', async () => {
    const response = await server.api(`/api/prompts/${promptId}/versions/1/source`, { token: team.viewer.token });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; charset=utf-8/);
    assert.equal(response.headers.get('x-prompt-version'), '1');
    assert.equal(await response.text(), '---\nmodel: openai/gpt-4o\nconfig:\n  temperature: 0.7\n---\nSummarize {{text}}');
    const byLabel = await server.api(`/api/prompts/${promptId}/versions/production/source`, { token: team.viewer.token });
    assert.match(await byLabel.text(), /Third/);
  });

  it('round-trips a file losslessly: upload, download the same bytes, upload again makes no version', async () => {
    const upload = await server.api(`/api/prompts/${promptId}/source?message=from%20disk`, {
      method: 'POST',
      token: team.member.token,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: Buffer.from(TRICKY_SOURCE, 'utf8'),
    });
    assert.equal(upload.status, 201);
    const uploaded = (await upload.json()) as { version: { number: number; contentHash: string; message: string }; created: boolean };
    assert.equal(uploaded.created, true);
    assert.equal(uploaded.version.message, 'from disk');
    const download = await server.api(`/api/prompts/${promptId}/versions/${uploaded.version.number}/source`, { token: team.member.token });
    const bytes = Buffer.from(await download.arrayBuffer());
    assert.deepEqual(bytes, Buffer.from(TRICKY_SOURCE, 'utf8'));
    const again = await server.api(`/api/prompts/${promptId}/source`, {
      method: 'POST',
      token: team.member.token,
      headers: { 'content-type': 'text/plain' },
      body: bytes,
    });
    assert.equal(again.status, 200);
    const second = (await again.json()) as { version: { number: number }; created: boolean };
    assert.deepEqual([second.created, second.version.number], [false, uploaded.version.number]);
  });

  it('uploads through the JSON door too: 201 for a new file, 200 and no version for the same one', async () => {
    const source = '---\nmodel: openai/gpt-4o-mini\n---\nJSON door {{x}}\n';
    const first = await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source } });
    expectStatus(first, 201);
    assert.equal(first.body.version.model, 'openai/gpt-4o-mini');
    const second = await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source } });
    expectStatus(second, 200);
    assert.deepEqual([second.body.created, second.body.version.number], [false, first.body.version.number]);
    const stale = await rest(server, 'POST', `/prompts/${promptId}/versions`, { token: team.member.token, json: { source: 'other', baseVersion: 1 } });
    expectStatus(stale, 409);
    assert.equal(stale.body.error.latest.number, first.body.version.number);
  });

  it('refuses uploads that are not UTF-8 (400) and viewer uploads (403)', async () => {
    const binary = await server.api(`/api/prompts/${promptId}/source`, {
      method: 'POST',
      token: team.member.token,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from([0xff, 0xfe, 0x00, 0xc3]),
    });
    assert.equal(binary.status, 400);
    const viewer = await server.api(`/api/prompts/${promptId}/source`, {
      method: 'POST',
      token: team.viewer.token,
      headers: { 'content-type': 'text/plain' },
      body: 'hello',
    });
    assert.equal(viewer.status, 403);
    assert.equal(((await viewer.json()) as { error: { code: string } }).error.code, 'FORBIDDEN');
  });

  it('serves versions and labels on the tRPC door', async () => {
    const trpc = server.trpc(team.member.token);
    const list = await trpc.prompts.versions.list.query({ id: promptId });
    assert.equal(list.items[0]?.number, list.total);
    const label = await trpc.prompts.labels.set.mutate({ id: promptId, name: 'canary', versionNumber: 1 });
    assert.equal(label.versionNumber, 1);
    const version = await trpc.prompts.versions.get.query({ id: promptId, ref: 'canary' });
    assert.equal(version.number, 1);
  });
});
