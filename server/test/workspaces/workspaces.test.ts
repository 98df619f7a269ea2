import assert from 'node:assert/strict';
import { TRPCClientError } from '@trpc/client';
import type { TestServer } from '../helpers/server.ts';
import { createUser, uniqueEmail } from '../helpers/users.ts';
import { addToWorkspace, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

describe('workspaces API', () => {
  let server: TestServer;
  let team: Team;

  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  it('lists the personal workspace a new user gets, with the Admin role', async () => {
    const user = await createUser(server);
    const answer = await rest(server, 'GET', '/workspaces', { token: user.token });
    expectStatus(answer, 200);
    assert.equal(answer.body.length, 1);
    assert.equal(answer.body[0].personal, true);
    assert.equal(answer.body[0].role, 'ADMIN');
  });

  it('creates a workspace with the creator as admin (201) and refuses a taken slug (409)', async () => {
    const created = await rest(server, 'POST', '/workspaces', { token: team.member.token, json: { name: 'Side project', slug: 'side-project' } });
    expectStatus(created, 201);
    assert.equal(created.body.role, 'ADMIN');
    const members = await rest(server, 'GET', `/workspaces/${created.body.id}/members`, { token: team.member.token });
    assert.deepEqual(
      members.body.map((m: { email: string; role: string }) => [m.email, m.role]),
      [[team.member.email, 'ADMIN']],
    );
    const again = await rest(server, 'POST', '/workspaces', { token: team.viewer.token, json: { name: 'Other', slug: 'side-project' } });
    expectStatus(again, 409);
    assert.match(again.body.error.message, /slug 'side-project' is taken/);
  });

  it('answers 401 without a session', async () => {
    expectStatus(await rest(server, 'GET', '/workspaces'), 401);
  });

  it('shows a workspace to each member with their own role', async () => {
    for (const [user, role] of [
      [team.admin, 'ADMIN'],
      [team.member, 'MEMBER'],
      [team.viewer, 'VIEWER'],
    ] as const) {
      const answer = await rest(server, 'GET', `/workspaces/${team.workspaceId}`, { token: user.token });
      expectStatus(answer, 200);
      assert.equal(answer.body.role, role);
    }
  });

  it('lets an admin set settings, limits and the monthly spend limit; members and viewers get 403', async () => {
    const update = { name: 'Team A', settings: { defaultModel: 'openai/gpt-4o' }, maxPrompts: 500, monthlySpendLimitUsd: 125.5 };
    const answer = await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: update });
    expectStatus(answer, 200);
    assert.equal(answer.body.name, 'Team A');
    assert.deepEqual(answer.body.settings, { defaultModel: 'openai/gpt-4o' });
    assert.equal(answer.body.maxPrompts, 500);
    assert.equal(answer.body.monthlySpendLimitUsd, 125.5);
    for (const user of [team.member, team.viewer]) {
      const refused = await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: user.token, json: { monthlySpendLimitUsd: 1e6 } });
      expectStatus(refused, 403);
      assert.equal(refused.body.error.code, 'FORBIDDEN');
    }
  });

  it('refuses settings over 16 KB and negative limits with 400', async () => {
    const big = await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { settings: { notes: 'x'.repeat(20_000) } } });
    expectStatus(big, 400);
    const negative = await rest(server, 'PUT', `/workspaces/${team.workspaceId}`, { token: team.admin.token, json: { monthlySpendLimitUsd: -1 } });
    expectStatus(negative, 400);
  });

  it('serves the same procedures on the tRPC door', async () => {
    const trpc = server.trpc(team.viewer.token);
    const list = await trpc.workspaces.list.query();
    assert.ok(list.some((w) => w.id === team.workspaceId && w.role === 'VIEWER'));
    const members = await trpc.workspaces.members.list.query({ id: team.workspaceId });
    assert.equal(members.length, 3);
    await assert.rejects(trpc.workspaces.update.mutate({ id: team.workspaceId, name: 'Mine now' }), (error: unknown) => {
      assert.ok(error instanceof TRPCClientError);
      assert.equal(error.data?.httpStatus, 403);
      return true;
    });
  });
});

describe('workspace members API', () => {
  let server: TestServer;
  let team: Team;

  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  it('lists members with email, name and role', async () => {
    const answer = await rest(server, 'GET', `/workspaces/${team.workspaceId}/members`, { token: team.viewer.token });
    expectStatus(answer, 200);
    assert.deepEqual(
      answer.body.map((m: { email: string; role: string }) => [m.email, m.role]),
      [
        [team.admin.email, 'ADMIN'],
        [team.member.email, 'MEMBER'],
        [team.viewer.email, 'VIEWER'],
      ],
    );
    assert.equal(answer.body[0].name, 'Ada Admin');
  });

  it('answers an invite with the same 201 { invitation } whether or not the email has an account, adding no member', async () => {
    const registered = await createUser(server);
    const answers = await Promise.all(
      [registered.email, uniqueEmail('nobody')].map((email) =>
        rest(server, 'POST', `/workspaces/${team.workspaceId}/members`, { token: team.admin.token, json: { email, role: 'MEMBER' } }),
      ),
    );
    for (const answer of answers) {
      expectStatus(answer, 201);
      assert.deepEqual(Object.keys(answer.body), ['invitation']);
      assert.equal(answer.body.invitation.status, 'PENDING');
    }
    assert.deepEqual(Object.keys(answers[0]!.body.invitation).sort(), Object.keys(answers[1]!.body.invitation).sort());
    const members = await rest(server, 'GET', `/workspaces/${team.workspaceId}/members`, { token: team.admin.token });
    assert.ok(!members.body.some((m: { email: string }) => m.email === registered.email));
  });

  it('answers 409 when the user is already a member', async () => {
    const answer = await rest(server, 'POST', `/workspaces/${team.workspaceId}/members`, {
      token: team.admin.token,
      json: { email: team.member.email.toUpperCase(), role: 'VIEWER' },
    });
    expectStatus(answer, 409);
    assert.match(answer.body.error.message, /already a member \(MEMBER\)/);
  });

  it('refuses a member promoting themself, and changing or removing others (403)', async () => {
    const self = await rest(server, 'PUT', `/workspaces/${team.workspaceId}/members/${team.member.id}`, { token: team.member.token, json: { role: 'ADMIN' } });
    expectStatus(self, 403);
    const other = await rest(server, 'PUT', `/workspaces/${team.workspaceId}/members/${team.viewer.id}`, {
      token: team.member.token,
      json: { role: 'MEMBER' },
    });
    expectStatus(other, 403);
    const demoteAdmin = await rest(server, 'PUT', `/workspaces/${team.workspaceId}/members/${team.admin.id}`, {
      token: team.member.token,
      json: { role: 'VIEWER' },
    });
    expectStatus(demoteAdmin, 403);
    const add = await rest(server, 'POST', `/workspaces/${team.workspaceId}/members`, {
      token: team.member.token,
      json: { email: team.outsider.email, role: 'ADMIN' },
    });
    expectStatus(add, 403);
    const remove = await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/members/${team.admin.id}`, { token: team.viewer.token });
    expectStatus(remove, 403);
    const roles = await rest(server, 'GET', `/workspaces/${team.workspaceId}/members`, { token: team.admin.token });
    assert.deepEqual(
      roles.body.map((m: { role: string }) => m.role),
      ['ADMIN', 'MEMBER', 'VIEWER'],
    );
  });

  it('refuses demoting or removing the last admin (409)', async () => {
    const demote = await rest(server, 'PUT', `/workspaces/${team.workspaceId}/members/${team.admin.id}`, { token: team.admin.token, json: { role: 'MEMBER' } });
    expectStatus(demote, 409);
    assert.match(demote.body.error.message, /at least one admin/);
    const remove = await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/members/${team.admin.id}`, { token: team.admin.token });
    expectStatus(remove, 409);
  });

  it('keeps one admin when two admins demote each other at the same time', async () => {
    const second = await createUser(server);
    const ws = await rest(server, 'POST', '/workspaces', { token: team.admin.token, json: { name: 'Race' } });
    await addToWorkspace(server, team.admin, ws.body.id, second, 'ADMIN');
    const answers = await Promise.all([
      rest(server, 'PUT', `/workspaces/${ws.body.id}/members/${second.id}`, { token: team.admin.token, json: { role: 'MEMBER' } }),
      rest(server, 'PUT', `/workspaces/${ws.body.id}/members/${team.admin.id}`, { token: second.token, json: { role: 'MEMBER' } }),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    // Either one demotion wins and the other is refused (409), or the loser lost its admin
    // right first and is refused by the permission check (403): never both through.
    assert.equal(statuses.filter((s) => s === 200).length, 1, JSON.stringify(answers.map((a) => a.body)));
    const admins = await server.database.db.prisma.membership.count({ where: { workspaceId: ws.body.id, role: 'ADMIN' } });
    assert.equal(admins, 1);
  });

  it('changes a role, then removes the member (admin)', async () => {
    const extra = await createUser(server);
    await addToWorkspace(server, team.admin, team.workspaceId, extra, 'VIEWER');
    const promoted = await rest(server, 'PUT', `/workspaces/${team.workspaceId}/members/${extra.id}`, { token: team.admin.token, json: { role: 'ADMIN' } });
    expectStatus(promoted, 200);
    assert.equal(promoted.body.role, 'ADMIN');
    const removed = await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/members/${extra.id}`, { token: team.admin.token });
    expectStatus(removed, 200);
    expectStatus(await rest(server, 'GET', `/workspaces/${team.workspaceId}`, { token: extra.token }), 404);
    expectStatus(await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/members/${extra.id}`, { token: team.admin.token }), 404);
  });

  it('enforces maxMembers with a clear 403', async () => {
    const ws = await rest(server, 'POST', '/workspaces', { token: team.admin.token, json: { name: 'Small' } });
    expectStatus(await rest(server, 'PUT', `/workspaces/${ws.body.id}`, { token: team.admin.token, json: { maxMembers: 2 } }), 200);
    await addToWorkspace(server, team.admin, ws.body.id, team.member, 'MEMBER');
    const third = await rest(server, 'POST', `/workspaces/${ws.body.id}/members`, {
      token: team.admin.token,
      json: { email: team.viewer.email, role: 'VIEWER' },
    });
    expectStatus(third, 403);
    assert.match(third.body.error.message, /limit of 2 members/);
  });
});
