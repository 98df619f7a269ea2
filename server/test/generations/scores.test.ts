import assert from 'node:assert/strict';
import { expectStatus, rest } from '../helpers/team.ts';
import { generation, startGenerationWorld, type GenerationWorld } from './generationFixtures.ts';

describe('POST /api/v1/scores', function () {
  // A team, a prompt with two versions and a label over HTTP: slow on a loaded machine.
  this.timeout(300_000);
  let world: GenerationWorld;
  const logged = generation();

  before(async () => {
    world = await startGenerationWorld();
    const answer = await rest(world.server, 'POST', '/v1/generations', {
      token: world.team.member.token,
      json: { workspaceId: world.team.workspaceId, generations: [logged] },
    });
    assert.equal(answer.body.accepted, 1);
  });
  after(() => world?.server.close());

  it('records a score on a generation of the workspace (201)', async () => {
    const answer = await rest(world.server, 'POST', '/v1/scores', {
      token: world.team.member.token,
      json: { workspaceId: world.team.workspaceId, generationId: logged.id, name: 'thumbs', value: 1, comment: 'spot on' },
    });
    expectStatus(answer, 201);
    assert.equal(answer.body.generationId, logged.id);
    assert.equal(answer.body.name, 'thumbs');
    assert.equal(answer.body.value, 1);
    assert.equal(answer.body.comment, 'spot on');
    assert.ok(Math.abs(Date.parse(answer.body.createdAt) - Date.now()) < 10 * 60_000, `createdAt ${answer.body.createdAt} is in UTC`);
  });

  it("answers 404 for an unknown generation and for another workspace's", async () => {
    const unknown = await rest(world.server, 'POST', '/v1/scores', {
      token: world.team.member.token,
      json: { workspaceId: world.team.workspaceId, generationId: 'nope', name: 'thumbs', value: 0 },
    });
    expectStatus(unknown, 404);
    // The outsider's own workspace does not hold the team's generation.
    const elsewhere = await rest(world.server, 'POST', '/v1/scores', {
      token: world.team.outsider.token,
      json: { workspaceId: world.team.outsiderWorkspaceId, generationId: logged.id, name: 'thumbs', value: 0 },
    });
    expectStatus(elsewhere, 404);
  });

  it('rejects a value that is not a number (400)', async () => {
    const answer = await rest(world.server, 'POST', '/v1/scores', {
      token: world.team.member.token,
      json: { workspaceId: world.team.workspaceId, generationId: logged.id, name: 'thumbs', value: 'good' },
    });
    expectStatus(answer, 400);
  });
});
