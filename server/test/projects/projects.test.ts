import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

describe('projects API', () => {
  let server: TestServer;
  let team: Team;

  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  it("lists a workspace's projects for any member (?workspaceId=)", async () => {
    const answer = await rest(server, 'GET', `/projects?workspaceId=${team.workspaceId}`, { token: team.viewer.token });
    expectStatus(answer, 200);
    assert.deepEqual(
      answer.body.map((p: { name: string }) => p.name),
      ['Support bot'],
    );
  });

  it('answers 400 when the list names no workspace', async () => {
    expectStatus(await rest(server, 'GET', '/projects', { token: team.admin.token }), 400);
  });

  it('creates (201), reads, renames and soft-deletes a project as a member', async () => {
    const created = await rest(server, 'POST', '/projects', {
      token: team.member.token,
      json: { workspaceId: team.workspaceId, name: 'Drafts', description: 'scratch' },
    });
    expectStatus(created, 201);
    assert.equal(created.body.workspaceId, team.workspaceId);
    const id = created.body.id as string;
    const read = await rest(server, 'GET', `/projects/${id}`, { token: team.viewer.token });
    expectStatus(read, 200);
    assert.equal(read.body.description, 'scratch');
    const renamed = await rest(server, 'PUT', `/projects/${id}`, { token: team.member.token, json: { name: 'Drafts 2', description: null } });
    expectStatus(renamed, 200);
    assert.deepEqual([renamed.body.name, renamed.body.description], ['Drafts 2', null]);
    const promptId = await createPrompt(server, team.member.token, id);
    expectStatus(await rest(server, 'DELETE', `/projects/${id}`, { token: team.member.token }), 200);
    expectStatus(await rest(server, 'GET', `/projects/${id}`, { token: team.admin.token }), 404);
    expectStatus(await rest(server, 'GET', `/prompts/${promptId}`, { token: team.admin.token }), 404);
    const list = await rest(server, 'GET', `/projects?workspaceId=${team.workspaceId}`, { token: team.admin.token });
    assert.ok(!list.body.some((p: { id: string }) => p.id === id));
    // Soft delete: the rows and the prompt's versions are still there.
    const prisma = server.database.db.prisma;
    assert.ok((await prisma.project.findUnique({ where: { id }, select: { deletedAt: true } }))?.deletedAt);
    assert.equal(await prisma.promptVersion.count({ where: { promptId } }), 1);
    expectStatus(await rest(server, 'DELETE', `/projects/${id}`, { token: team.member.token }), 404);
  });

  it('refuses viewers every write (403)', async () => {
    expectStatus(await rest(server, 'POST', '/projects', { token: team.viewer.token, json: { workspaceId: team.workspaceId, name: 'Nope' } }), 403);
    expectStatus(await rest(server, 'PUT', `/projects/${team.projectId}`, { token: team.viewer.token, json: { name: 'Nope' } }), 403);
    expectStatus(await rest(server, 'DELETE', `/projects/${team.projectId}`, { token: team.viewer.token }), 403);
  });

  it('answers 404 to an outsider on every project route, and never changes the project', async () => {
    const token = team.outsider.token;
    expectStatus(await rest(server, 'GET', `/projects?workspaceId=${team.workspaceId}`, { token }), 404);
    expectStatus(await rest(server, 'POST', '/projects', { token, json: { workspaceId: team.workspaceId, name: 'Intruder' } }), 404);
    expectStatus(await rest(server, 'GET', `/projects/${team.projectId}`, { token }), 404);
    expectStatus(await rest(server, 'PUT', `/projects/${team.projectId}`, { token, json: { name: 'Hijacked' } }), 404);
    expectStatus(await rest(server, 'DELETE', `/projects/${team.projectId}`, { token }), 404);
    const still = await rest(server, 'GET', `/projects/${team.projectId}`, { token: team.admin.token });
    assert.equal(still.body.name, 'Support bot');
  });

  it('serves the same procedures on the tRPC door', async () => {
    const trpc = server.trpc(team.member.token);
    const created = await trpc.projects.create.mutate({ workspaceId: team.workspaceId, name: 'Via tRPC' });
    const got = await trpc.projects.get.query({ id: created.id });
    assert.equal(got.name, 'Via tRPC');
    const list = await trpc.projects.list.query({ workspaceId: team.workspaceId });
    assert.ok(list.some((p) => p.id === created.id));
  });
});
