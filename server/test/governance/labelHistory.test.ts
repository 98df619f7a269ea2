import assert from 'node:assert/strict';
import { expectStatus, rest } from '../helpers/team.ts';
import { createKey, startGovernanceWorld, type GovernanceWorld } from './governanceFixtures.ts';

describe('label history and rollback', function () {
  this.timeout(300_000);
  let world: GovernanceWorld;
  let keyId: string;
  const path = (suffix: string) => `/prompts/${world.promptId}${suffix}`;
  const pointsAt = async (label: string) => (await rest(world.server, 'GET', path(`/versions/${label}`), { token: world.team.viewer.token })).body.number;

  before(async () => {
    world = await startGovernanceWorld();
    const { server, team } = world;
    const key = await createKey(world, 'ci push', ['prompts:read', 'prompts:write']);
    keyId = key.id;
    // staging: created by the member from the editor, moved by a key, moved by the admin with a reason, removed by the member.
    const move = (token: string, label: string, versionNumber: number, client?: string) =>
      server.api(`/api${path(`/labels/${label}`)}`, {
        method: 'PUT',
        token,
        json: { versionNumber },
        headers: client ? { 'x-promptstack-client': client } : {},
      });
    assert.equal((await move(team.member.token, 'staging', 1, 'editor')).status, 200);
    assert.equal((await move(key.key, 'staging', 2)).status, 200);
    assert.equal((await move(team.admin.token, 'production', 1, 'web')).status, 200);
    assert.equal((await move(team.admin.token, 'production', 3, 'cli')).status, 200);
  });
  after(async () => {
    await world?.server.close();
  });

  it('lists every move newest first with who, when, from, to, how and why', async () => {
    const { server, team } = world;
    const answer = await rest(server, 'GET', path('/labels/history'), { token: team.viewer.token });
    expectStatus(answer, 200);
    const { items } = answer.body;
    assert.deepEqual(
      items.map((e: any) => [e.label, e.from, e.to, e.via]),
      [
        ['production', { versionNumber: 1 }, { versionNumber: 3 }, 'cli'],
        ['production', null, { versionNumber: 1 }, 'web'],
        ['staging', { versionNumber: 1 }, { versionNumber: 2 }, 'api'],
        ['staging', null, { versionNumber: 1 }, 'editor'],
      ],
    );
    assert.deepEqual(items[0].actor, { kind: 'user', id: team.admin.id, name: team.admin.name, email: team.admin.email });
    assert.deepEqual(items[2].actor, { kind: 'apiKey', id: keyId, name: 'ci push' });
    assert.deepEqual(items[3].actor, { kind: 'user', id: team.member.id, name: team.member.name, email: team.member.email });
    const times = items.map((e: any) => Date.parse(e.at));
    assert.ok(
      times.every((t: number, i: number) => !Number.isNaN(t) && (i === 0 || t <= times[i - 1])),
      'newest first',
    );
    assert.ok(items.every((e: any) => e.reason === null && e.requestId === null));
    assert.equal(answer.body.nextCursor, null);
  });

  it('filters by label and pages with a cursor; a bad cursor is a 400, an outsider a 404', async () => {
    const { server, team } = world;
    const staging = await rest(server, 'GET', path('/labels/history?label=staging'), { token: team.viewer.token });
    assert.deepEqual(
      staging.body.items.map((e: any) => e.via),
      ['api', 'editor'],
    );
    const first = await rest(server, 'GET', path('/labels/history?limit=3'), { token: team.viewer.token });
    assert.equal(first.body.items.length, 3);
    assert.ok(first.body.nextCursor);
    const second = await rest(server, 'GET', path(`/labels/history?limit=3&cursor=${first.body.nextCursor}`), { token: team.viewer.token });
    assert.deepEqual(
      second.body.items.map((e: any) => e.via),
      ['editor'],
    );
    assert.equal(second.body.nextCursor, null);
    expectStatus(await rest(server, 'GET', path('/labels/history?cursor=abc'), { token: team.viewer.token }), 400);
    expectStatus(await rest(server, 'GET', path('/labels/history?limit=1000'), { token: team.viewer.token }), 400);
    expectStatus(await rest(server, 'GET', path('/labels/history'), { token: team.outsider.token }), 404);
    const { key: reader } = await createKey(world, 'reader', ['prompts:read']);
    expectStatus(await rest(server, 'GET', path('/labels/history'), { token: reader }), 200);
  });

  it('rolls a label back to its target before the latest move, via rollback, with the reason', async () => {
    const { server, team } = world;
    const answer = await rest(server, 'POST', path('/labels/production/rollback'), { token: team.admin.token, json: { reason: 'v3 answers in French' } });
    expectStatus(answer, 200);
    assert.deepEqual(
      [answer.body.label, answer.body.from, answer.body.to, answer.body.via, answer.body.reason, answer.body.actor.id],
      ['production', { versionNumber: 3 }, { versionNumber: 1 }, 'rollback', 'v3 answers in French', team.admin.id],
    );
    assert.equal(await pointsAt('production'), 1);
    const latest = await rest(server, 'GET', path('/labels/history?label=production&limit=1'), { token: team.viewer.token });
    assert.equal(latest.body.items[0].id, answer.body.id);
    // Rolling back again undoes the rollback: the target before the latest move is v3.
    expectStatus(await rest(server, 'POST', path('/labels/production/rollback'), { token: team.admin.token, json: {} }), 200);
    assert.equal(await pointsAt('production'), 3);
  });

  it('applies the protected-label rule to rollback, and lets Members roll back unprotected labels', async () => {
    const { server, team } = world;
    const refused = await rest(server, 'POST', path('/labels/production/rollback'), { token: team.member.token, json: {} });
    expectStatus(refused, 403);
    assert.match(refused.body.error.message, /protected/);
    expectStatus(await rest(server, 'POST', path('/labels/staging/rollback'), { token: team.viewer.token, json: {} }), 403);
    const staging = await rest(server, 'POST', path('/labels/staging/rollback'), { token: team.member.token, json: {} });
    expectStatus(staging, 200);
    assert.equal(await pointsAt('staging'), 1);
  });

  it('answers 409 with a clear message when there is nothing to roll back to', async () => {
    const { server, team } = world;
    const never = await rest(server, 'POST', path('/labels/never-moved/rollback'), { token: team.member.token, json: {} });
    expectStatus(never, 409);
    assert.match(never.body.error.message, /Nothing to roll back to: label 'never-moved' has never moved/);
    expectStatus(await rest(server, 'PUT', path('/labels/fresh'), { token: team.member.token, json: { versionNumber: 2 } }), 200);
    const fresh = await rest(server, 'POST', path('/labels/fresh/rollback'), { token: team.member.token, json: {} });
    expectStatus(fresh, 409);
    assert.match(fresh.body.error.message, /did not exist before its latest move/);
    assert.equal(await pointsAt('fresh'), 2, 'a refused rollback moves nothing');
    expectStatus(await rest(server, 'POST', `/prompts/no-such-prompt/labels/fresh/rollback`, { token: team.member.token, json: {} }), 404);
  });

  it('restores a removed label', async () => {
    const { server, team } = world;
    expectStatus(await rest(server, 'DELETE', path('/labels/fresh'), { token: team.member.token }), 200);
    expectStatus(await rest(server, 'POST', path('/labels/fresh/rollback'), { token: team.member.token, json: {} }), 200);
    assert.equal(await pointsAt('fresh'), 2);
  });

  it('rolls a split back (its experiment ends rolled-back) and rolls back to a split (a new experiment with it)', async () => {
    const { server, team } = world;
    const prisma = server.database.db.prisma;
    const split = [
      { version: 1, weight: 1 },
      { version: 2, weight: 1 },
    ];
    const put = (json: unknown) => rest(server, 'PUT', path('/labels/canary'), { token: team.member.token, json });
    expectStatus(await put({ versionNumber: 1 }), 200);
    expectStatus(await put({ split, stickyBy: 'sessionId' }), 200);
    const first = await prisma.experiment.findFirstOrThrow({ where: { promptId: world.promptId, labelName: 'canary' }, select: { id: true } });

    const back = await rest(server, 'POST', path('/labels/canary/rollback'), { token: team.member.token, json: { reason: 'too early' } });
    expectStatus(back, 200);
    assert.deepEqual([back.body.from, back.body.to, back.body.via], [{ split, stickyBy: 'sessionId' }, { versionNumber: 1 }, 'rollback']);
    assert.equal(await pointsAt('canary'), 1);
    const ended = await prisma.experiment.findUniqueOrThrow({ where: { id: first.id }, select: { status: true, endReason: true, endedAt: true } });
    assert.deepEqual([ended.status, ended.endReason, ended.endedAt !== null], ['STOPPED', 'rolled-back', true]);

    const again = await rest(server, 'POST', path('/labels/canary/rollback'), { token: team.member.token, json: {} });
    expectStatus(again, 200);
    assert.deepEqual([again.body.from, again.body.to], [{ versionNumber: 1 }, { split, stickyBy: 'sessionId' }]);
    const running = await prisma.experiment.findMany({
      where: { promptId: world.promptId, labelName: 'canary', status: 'RUNNING' },
      select: { id: true, stickyBy: true, arms: { select: { weight: true, version: { select: { number: true } } } } },
    });
    assert.equal(running.length, 1);
    assert.notEqual(running[0]!.id, first.id, 'a new experiment, the stopped one stays stopped');
    assert.equal(running[0]!.stickyBy, 'sessionId');
    const labels = await rest(server, 'GET', path('/labels'), { token: team.viewer.token });
    const canary = labels.body.find((l: { name: string }) => l.name === 'canary');
    assert.deepEqual([canary.experimentId, canary.split], [running[0]!.id, split]);
  });
});
