import assert from 'node:assert/strict';
import { INVITATION_TTL_DAYS } from '../../src/features/workspaces/invitationService.ts';
import type { TestServer } from '../helpers/server.ts';
import { createUser, uniqueEmail, type TestUser } from '../helpers/users.ts';
import { addToWorkspace, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

describe('workspace invitations', () => {
  let server: TestServer;
  let team: Team;

  before(async function () {
    this.timeout(180_000); // a fresh database and four bcrypt sign-ups; slow on a busy 2-core machine
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  /** Invites `email` to the team workspace as its admin; returns the invitation. */
  async function invite(email: string, role = 'VIEWER', workspaceId = team.workspaceId) {
    const answer = await rest(server, 'POST', `/workspaces/${workspaceId}/members`, { token: team.admin.token, json: { email, role } });
    expectStatus(answer, 201);
    return answer.body.invitation;
  }
  const pendingFor = async (user: TestUser) => (await rest(server, 'GET', '/invitations', { token: user.token })).body as Array<{ id: string }>;
  const memberEmails = async (workspaceId = team.workspaceId) =>
    (await rest(server, 'GET', `/workspaces/${workspaceId}/members`, { token: team.admin.token })).body.map((m: { email: string }) => m.email);

  it('describes the invitation with its workspace, inviter, a 7-day expiry and a link on this server', async () => {
    const email = uniqueEmail('Invitee').toUpperCase();
    const before = Date.now();
    const invitation = await invite(email);
    assert.equal(invitation.email, email.toLowerCase());
    assert.equal(invitation.workspaceName, 'Team');
    assert.deepEqual(invitation.invitedBy, { name: 'Ada Admin', email: team.admin.email });
    assert.equal(invitation.role, 'VIEWER');
    assert.equal(invitation.acceptUrl, `${server.env.nextAuthUrl.replace(/\/$/, '')}/invitations/${invitation.id}`);
    const ttl = Date.parse(invitation.expiresAt) - before;
    assert.ok(Math.abs(ttl - INVITATION_TTL_DAYS * 86_400_000) < 60_000, `expires in ${ttl} ms`);
  });

  it('shows the invitee their invitation after sign-in; accepting makes them a member with the invited role', async () => {
    const invitee = await createUser(server);
    const invitation = await invite(invitee.email, 'VIEWER');
    assert.deepEqual(
      (await pendingFor(invitee)).map((i) => i.id),
      [invitation.id],
    );
    expectStatus(await rest(server, 'GET', `/workspaces/${team.workspaceId}`, { token: invitee.token }), 404);
    const accepted = await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: invitee.token });
    expectStatus(accepted, 200);
    assert.equal(accepted.body.invitation.status, 'ACCEPTED');
    const workspace = await rest(server, 'GET', `/workspaces/${team.workspaceId}`, { token: invitee.token });
    expectStatus(workspace, 200);
    assert.equal(workspace.body.role, 'VIEWER');
    assert.deepEqual(await pendingFor(invitee), []);
    const again = await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: invitee.token });
    expectStatus(again, 409);
    assert.match(again.body.error.message, /already accepted/);
  });

  it('lets an email with no account yet sign up later and accept', async () => {
    const email = uniqueEmail('later');
    const invitation = await invite(email, 'MEMBER');
    const newcomer = await createUser(server, { email });
    assert.deepEqual(
      (await pendingFor(newcomer)).map((i) => i.id),
      [invitation.id],
    );
    expectStatus(await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: newcomer.token }), 200);
    assert.ok((await memberEmails()).includes(email));
  });

  it('declines: no membership, and the invitation can no longer be accepted (409)', async () => {
    const invitee = await createUser(server);
    const invitation = await invite(invitee.email);
    const declined = await rest(server, 'POST', `/invitations/${invitation.id}/decline`, { token: invitee.token });
    expectStatus(declined, 200);
    assert.equal(declined.body.invitation.status, 'DECLINED');
    const accept = await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: invitee.token });
    expectStatus(accept, 409);
    assert.match(accept.body.error.message, /declined/);
    assert.ok(!(await memberEmails()).includes(invitee.email));
  });

  it('answers 404 to anyone but the invitee, and 401 without a session, changing nothing', async () => {
    const invitee = await createUser(server);
    const invitation = await invite(invitee.email);
    for (const intruder of [team.outsider, team.member, team.admin]) {
      expectStatus(await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: intruder.token }), 404);
      expectStatus(await rest(server, 'POST', `/invitations/${invitation.id}/decline`, { token: intruder.token }), 404);
    }
    expectStatus(await rest(server, 'POST', `/invitations/${invitation.id}/accept`), 401);
    assert.deepEqual(
      (await pendingFor(invitee)).map((i) => i.id),
      [invitation.id],
    );
    assert.ok(!(await memberEmails()).includes(team.outsider.email));
  });

  it('refuses an expired invitation with 409 and hides it from the invitee; inviting again renews it', async () => {
    const invitee = await createUser(server);
    const invitation = await invite(invitee.email);
    await server.database.db.prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    assert.deepEqual(await pendingFor(invitee), []);
    const late = await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: invitee.token });
    expectStatus(late, 409);
    assert.match(late.body.error.message, /expired on .*invite you again/);
    const listed = await rest(server, 'GET', `/workspaces/${team.workspaceId}/invitations`, { token: team.admin.token });
    assert.equal(listed.body.find((i: { id: string }) => i.id === invitation.id)?.status, 'EXPIRED');
    const renewed = await invite(invitee.email, 'MEMBER');
    assert.equal(renewed.id, invitation.id);
    assert.equal(renewed.status, 'PENDING');
    expectStatus(await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: invitee.token }), 200);
  });

  it('lets admins list and revoke unanswered invitations; others get 403; a revoked invitation is 404 to the invitee', async () => {
    const invitee = await createUser(server);
    const invitation = await invite(invitee.email);
    const listed = await rest(server, 'GET', `/workspaces/${team.workspaceId}/invitations`, { token: team.admin.token });
    expectStatus(listed, 200);
    assert.ok(listed.body.some((i: { id: string }) => i.id === invitation.id));
    expectStatus(await rest(server, 'GET', `/workspaces/${team.workspaceId}/invitations`, { token: team.member.token }), 403);
    expectStatus(await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/invitations/${invitation.id}`, { token: team.member.token }), 403);
    expectStatus(await rest(server, 'DELETE', `/workspaces/${team.outsiderWorkspaceId}/invitations/${invitation.id}`, { token: team.outsider.token }), 404);
    const revoked = await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/invitations/${invitation.id}`, { token: team.admin.token });
    expectStatus(revoked, 200);
    assert.deepEqual(revoked.body, { invitationId: invitation.id, revoked: true });
    expectStatus(await rest(server, 'POST', `/invitations/${invitation.id}/accept`, { token: invitee.token }), 404);
    expectStatus(await rest(server, 'DELETE', `/workspaces/${team.workspaceId}/invitations/${invitation.id}`, { token: team.admin.token }), 404);
  });

  it('checks the member limit again when an invitee accepts (403)', async () => {
    const ws = await rest(server, 'POST', '/workspaces', { token: team.admin.token, json: { name: 'Tiny' } });
    expectStatus(await rest(server, 'PUT', `/workspaces/${ws.body.id}`, { token: team.admin.token, json: { maxMembers: 2 } }), 200);
    const [first, second] = await Promise.all([createUser(server), createUser(server)]);
    const one = await invite(first.email, 'MEMBER', ws.body.id);
    const two = await invite(second.email, 'MEMBER', ws.body.id);
    expectStatus(await rest(server, 'POST', `/invitations/${one.id}/accept`, { token: first.token }), 200);
    const full = await rest(server, 'POST', `/invitations/${two.id}/accept`, { token: second.token });
    expectStatus(full, 403);
    assert.match(full.body.error.message, /limit of 2 members/);
    assert.deepEqual((await memberEmails(ws.body.id)).sort(), [team.admin.email, first.email].sort());
  });

  it('serves the invitee side on the tRPC door', async () => {
    const invitee = await createUser(server);
    const invitation = await invite(invitee.email, 'MEMBER');
    const mine = await server.trpc(invitee.token).invitations.list.query();
    assert.deepEqual(
      mine.map((i) => i.id),
      [invitation.id],
    );
    const { invitation: accepted } = await server.trpc(invitee.token).invitations.accept.mutate({ id: invitation.id });
    assert.equal(accepted.status, 'ACCEPTED');
    await addToWorkspace(
      server,
      team.admin,
      (await rest(server, 'POST', '/workspaces', { token: team.admin.token, json: { name: 'Other' } })).body.id,
      invitee,
      'VIEWER',
    );
  });
});
