import assert from 'node:assert/strict';
import { expectStatus, rest } from '../helpers/team.ts';
import { createKey, startGovernanceWorld, type GovernanceWorld } from './governanceFixtures.ts';

describe('label requests and approvals', function () {
  this.timeout(300_000);
  let world: GovernanceWorld;
  const requestsPath = () => `/prompts/${world.promptId}/label-requests`;
  const production = async () =>
    (await rest(world.server, 'GET', `/prompts/${world.promptId}/versions/production`, { token: world.team.viewer.token })).body.number;

  before(async () => {
    world = await startGovernanceWorld();
    expectStatus(
      await rest(world.server, 'PUT', `/prompts/${world.promptId}/labels/production`, { token: world.team.admin.token, json: { versionNumber: 1 } }),
      200,
    );
  });
  after(async () => {
    await world?.server.close();
  });

  it('lets a Member ask (201, pending) and refuses Viewers, missing versions and a target given twice', async () => {
    const { server, team } = world;
    const asked = await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production', version: 2, reason: 'fixes tone' } });
    expectStatus(asked, 201);
    assert.equal(asked.body.status, 'pending');
    assert.equal(typeof asked.body.id, 'string');
    assert.deepEqual(asked.body.target, { versionNumber: 2 });
    assert.deepEqual(asked.body.requestedBy, { kind: 'user', id: team.member.id, name: team.member.name, email: team.member.email });
    assert.equal(await production(), 1, 'asking moves nothing');
    expectStatus(await rest(server, 'POST', requestsPath(), { token: team.viewer.token, json: { label: 'production', version: 2 } }), 403);
    const missing = await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production', version: 42 } });
    expectStatus(missing, 404);
    assert.match(missing.body.error.message, /has no version 42/);
    expectStatus(await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production' } }), 400);
    expectStatus(await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production', version: 2, versionNumber: 3 } }), 400);
    expectStatus(await rest(server, 'POST', requestsPath(), { token: team.outsider.token, json: { label: 'production', version: 2 } }), 404);
    expectStatus(
      await rest(server, 'POST', `/prompts/no-such-prompt/label-requests`, { token: team.member.token, json: { label: 'production', version: 2 } }),
      404,
    );
  });

  it('approves by another Admin: the label moves via approval with the request id and reason, once', async () => {
    const { server, team } = world;
    const asked = await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production', versionNumber: 3, reason: 'ship v3' } });
    expectStatus(asked, 201);
    const decide = (action: string, token: string, json: unknown = {}) => rest(server, 'POST', `${requestsPath()}/${asked.body.id}/${action}`, { token, json });
    expectStatus(await decide('approve', team.member.token), 403);
    expectStatus(await decide('approve', team.viewer.token), 403);
    const approved = await decide('approve', team.admin.token, { note: 'looks right' });
    expectStatus(approved, 200);
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.decidedBy.id, team.admin.id);
    assert.equal(approved.body.decisionNote, 'looks right');
    assert.equal(await production(), 3);
    const event = await server.database.db.prisma.labelEvent.findFirstOrThrow({
      where: { promptId: world.promptId, label: 'production' },
      orderBy: { seq: 'desc' },
    });
    assert.deepEqual(
      [event.from, event.to, event.via, event.actorUserId, event.requestId, event.reason],
      [{ versionNumber: 1 }, { versionNumber: 3 }, 'approval', team.admin.id, asked.body.id, 'ship v3'],
    );
    const again = await decide('approve', world.admin2.token);
    expectStatus(again, 409);
    assert.match(again.body.error.message, /already approved/);
    expectStatus(await decide('reject', world.admin2.token), 409);
  });

  it('never lets an Admin decide their own request (403), and another Admin rejects it without moving the label', async () => {
    const { server, team } = world;
    const asked = await rest(server, 'POST', requestsPath(), { token: team.admin.token, json: { label: 'production', version: 1, reason: 'revert' } });
    expectStatus(asked, 201);
    const own = await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/approve`, { token: team.admin.token, json: {} });
    expectStatus(own, 403);
    assert.match(own.body.error.message, /another Admin must approve or reject it/);
    expectStatus(await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/reject`, { token: team.admin.token, json: {} }), 403);
    const rejected = await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/reject`, { token: world.admin2.token, json: { note: 'v3 stays' } });
    expectStatus(rejected, 200);
    assert.deepEqual([rejected.body.status, rejected.body.decidedBy.id, rejected.body.decisionNote], ['rejected', world.admin2.id, 'v3 stays']);
    assert.equal(await production(), 3, 'a rejection moves nothing');
    expectStatus(await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/approve`, { token: world.admin2.token, json: {} }), 409);
    expectStatus(await rest(server, 'POST', `${requestsPath()}/no-such-request/approve`, { token: world.admin2.token, json: {} }), 404);
  });

  it('lets an API key with prompts:write request but not force, and not decide', async () => {
    const { server, team } = world;
    const { id: keyId, key } = await createKey(world, 'ci push', ['prompts:read', 'prompts:write']);
    expectStatus(await rest(server, 'PUT', `/prompts/${world.promptId}/labels/production`, { token: key, json: { versionNumber: 2 } }), 403);
    const asked = await rest(server, 'POST', requestsPath(), { token: key, json: { label: 'production', version: 2, reason: 'CI build 41' } });
    expectStatus(asked, 201);
    assert.deepEqual(asked.body.requestedBy, { kind: 'apiKey', id: keyId, name: 'ci push' });
    expectStatus(await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/approve`, { token: key, json: {} }), 403);
    const { key: reader } = await createKey(world, 'reader', ['prompts:read']);
    expectStatus(await rest(server, 'POST', requestsPath(), { token: reader, json: { label: 'production', version: 2 } }), 403);
    const approved = await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/approve`, { token: team.admin.token, json: {} });
    expectStatus(approved, 200);
    assert.equal(await production(), 2);
  });

  it('lets exactly one of two Admins approving at once move the label; the other gets a 409', async () => {
    const { server, team } = world;
    const asked = await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'race', version: 3 } });
    expectStatus(asked, 201);
    const approve = (token: string) => rest(server, 'POST', `${requestsPath()}/${asked.body.id}/approve`, { token, json: {} });
    const answers = await Promise.all([approve(team.admin.token), approve(world.admin2.token)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [200, 409]);
    const moves = await server.database.db.prisma.labelEvent.count({ where: { promptId: world.promptId, requestId: asked.body.id } });
    assert.equal(moves, 1);
  });

  it('lists requests newest first, filtered by status, a page at a time', async () => {
    const { server, team } = world;
    const pending = await rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production', version: 3 } });
    const all = await rest(server, 'GET', requestsPath(), { token: team.viewer.token });
    expectStatus(all, 200);
    assert.deepEqual(
      all.body.items.map((r: { status: string }) => r.status),
      ['pending', 'approved', 'approved', 'rejected', 'approved', 'pending'],
    );
    assert.equal(all.body.nextCursor, null);
    const onlyPending = await rest(server, 'GET', `${requestsPath()}?status=pending`, { token: team.viewer.token });
    assert.deepEqual(
      onlyPending.body.items.map((r: { id: string }) => r.id),
      [pending.body.id, all.body.items[5].id],
    );
    const first = await rest(server, 'GET', `${requestsPath()}?limit=2`, { token: team.viewer.token });
    assert.equal(first.body.items.length, 2);
    const rest2 = await rest(server, 'GET', `${requestsPath()}?limit=10&cursor=${first.body.nextCursor}`, { token: team.viewer.token });
    assert.deepEqual(
      [...first.body.items, ...rest2.body.items].map((r: { id: string }) => r.id),
      all.body.items.map((r: { id: string }) => r.id),
    );
    expectStatus(await rest(server, 'GET', `${requestsPath()}?status=maybe`, { token: team.viewer.token }), 400);
    expectStatus(await rest(server, 'GET', `${requestsPath()}?cursor=nonsense`, { token: team.viewer.token }), 400);
    expectStatus(await rest(server, 'GET', requestsPath(), { token: team.outsider.token }), 404);
  });

  it('serves label requests on the tRPC door', async () => {
    const trpc = world.server.trpc(world.team.member.token);
    const asked = await trpc.governance.labelRequests.create.mutate({ id: world.promptId, label: 'canary', version: 1 });
    assert.equal(asked.status, 'pending');
    const page = await trpc.governance.labelRequests.list.query({ id: world.promptId, label: 'canary' });
    assert.deepEqual(
      page.items.map((r) => r.id),
      [asked.id],
    );
  });

  it("approves a request for a split as an Admin's PUT would: the experiment starts, audited via approval with the request id", async () => {
    const { server, team } = world;
    const split = [
      { version: 2, weight: 3 },
      { version: 3, weight: 1 },
    ];
    const ask = (json: Record<string, unknown>) => rest(server, 'POST', requestsPath(), { token: team.member.token, json: { label: 'production', ...json } });
    expectStatus(await ask({ split, version: 2 }), 400);
    expectStatus(await ask({ version: 2, stickyBy: 'userId' }), 400);
    expectStatus(await ask({ split: [{ version: 2, weight: 1 }] }), 400);
    const missing = await ask({ split: [split[0], { version: 42, weight: 1 }] });
    expectStatus(missing, 404);
    assert.match(missing.body.error.message, /has no version 42/);

    const asked = await ask({ split, stickyBy: 'userId', reason: 'try v3 on a quarter' });
    expectStatus(asked, 201);
    assert.deepEqual(asked.body.target, { split, stickyBy: 'userId' });
    const before = await production();
    const approved = await rest(server, 'POST', `${requestsPath()}/${asked.body.id}/approve`, { token: world.admin2.token, json: {} });
    expectStatus(approved, 200);
    assert.equal(approved.body.status, 'approved');

    const prisma = server.database.db.prisma;
    const experiment = await prisma.experiment.findFirstOrThrow({
      where: { promptId: world.promptId, labelName: 'production', status: 'RUNNING' },
      select: { id: true, stickyBy: true, startedById: true, arms: { select: { weight: true, isControl: true, version: { select: { number: true } } } } },
    });
    assert.equal(experiment.stickyBy, 'userId');
    assert.equal(experiment.startedById, world.admin2.id);
    assert.equal(experiment.arms.find((a) => a.isControl)?.version.number, before, 'the control is the version production named');
    assert.deepEqual(experiment.arms.map((a) => [a.version.number, a.weight]).sort(), [
      [2, 3],
      [3, 1],
    ]);
    const labels = await rest(server, 'GET', `/prompts/${world.promptId}/labels`, { token: team.viewer.token });
    const label = labels.body.find((l: { name: string }) => l.name === 'production');
    assert.deepEqual([label.experimentId, label.stickyBy, label.split], [experiment.id, 'userId', split]);
    const event = await prisma.labelEvent.findFirstOrThrow({ where: { promptId: world.promptId, label: 'production' }, orderBy: { seq: 'desc' } });
    assert.deepEqual(
      [event.from, event.to, event.via, event.actorUserId, event.requestId, event.reason],
      [{ versionNumber: before }, { split, stickyBy: 'userId' }, 'approval', world.admin2.id, asked.body.id, 'try v3 on a quarter'],
    );
  });
});
