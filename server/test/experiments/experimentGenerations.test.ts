import assert from 'node:assert/strict';
import { rawQuery } from '../../src/db/rawDb.ts';
import { createSourcePrompt, GREETING_SOURCE } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { generation, startGenerationWorld, type GenerationWorld } from '../generations/generationFixtures.ts';

// Generations record the experiment arm that served them; an experiment that does not fit is refused per item.
describe('POST /api/v1/generations with an experiment', function () {
  this.timeout(300_000);
  let world: GenerationWorld;
  let experimentId: string;
  let otherExperimentId: string;
  const post = (generations: unknown[]) =>
    rest(world.server, 'POST', '/v1/generations', { token: world.team.member.token, json: { workspaceId: world.team.workspaceId, generations } });

  before(async () => {
    world = await startGenerationWorld();
    const { server, team } = world;
    const v3 = await rest(server, 'POST', `/prompts/${world.promptId}/versions`, { token: team.member.token, json: { source: `${GREETING_SOURCE}!!` } });
    expectStatus(v3, 201);
    const split = await rest(server, 'PUT', `/prompts/${world.promptId}/labels/production`, {
      token: team.admin.token,
      json: {
        split: [
          { version: 1, weight: 1 },
          { version: 2, weight: 1 },
        ],
        stickyBy: 'userId',
      },
    });
    expectStatus(split, 200);
    experimentId = split.body.experimentId;
    const other = await createSourcePrompt(server, team.member.token, team.projectId, GREETING_SOURCE, 'other-prompt');
    await rest(server, 'POST', `/prompts/${other.id}/versions`, { token: team.member.token, json: { source: `${GREETING_SOURCE}?` } });
    const otherSplit = await rest(server, 'PUT', `/prompts/${other.id}/labels/production`, {
      token: team.admin.token,
      json: {
        split: [
          { version: 1, weight: 1 },
          { version: 2, weight: 1 },
        ],
      },
    });
    expectStatus(otherSplit, 200);
    otherExperimentId = otherSplit.body.experimentId;
  });
  after(() => world?.server.close());

  it('records the experiment with the arm served, and rejects an experiment of another prompt, a version not an arm, or an unknown one', async () => {
    const items = [
      generation({ prompt: { name: 'support-reply', version: 2, label: 'production', experimentId } }),
      generation({ prompt: { name: 'support-reply', version: 1, label: 'production', experimentId: otherExperimentId } }),
      generation({ prompt: { name: 'support-reply', version: 3, label: 'production', experimentId } }),
      generation({ prompt: { name: 'support-reply', version: 1, experimentId: '00000000-0000-4000-8000-000000000000' } }),
      // An input of JSON null (what the SDK sends when the application gives none) is stored as such.
      generation({ prompt: { name: 'support-reply', version: 1 }, input: null }),
    ];
    const answer = await post(items);
    expectStatus(answer, 200);
    assert.equal(answer.body.accepted, 2);
    assert.deepEqual(
      answer.body.rejected.map((r: { index: number; error: string }) => [r.index, r.error]),
      [
        [1, `Experiment '${otherExperimentId}' is not an experiment of prompt 'support-reply'`],
        [2, `Prompt 'support-reply' version 3 is not an arm of experiment '${experimentId}'`],
        [3, "No experiment '00000000-0000-4000-8000-000000000000'"],
      ],
    );
    const rows = await rawQuery<{ id: string; experimentId: string | null; versionId: string; input: unknown }>(
      world.server.database.db.raw,
      `SELECT id, "experimentId", "versionId", input FROM "Generation" WHERE "workspaceId" = $1 AND id = ANY($2::text[]) ORDER BY id`,
      [world.team.workspaceId, [items[0]!.id, items[4]!.id]],
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    assert.deepEqual(byId.get(items[0]!.id as string), { id: items[0]!.id, experimentId, versionId: world.v2, input: { name: 'Ada' } });
    assert.deepEqual(byId.get(items[4]!.id as string), { id: items[4]!.id, experimentId: null, versionId: world.v1, input: null });
  });

  it('still accepts a generation of an arm after the experiment ended (generations arrive late)', async () => {
    expectStatus(await rest(world.server, 'POST', `/experiments/${experimentId}/promote`, { token: world.team.admin.token, json: { version: 2 } }), 200);
    const answer = await post([generation({ prompt: { name: 'support-reply', version: 1, label: 'production', experimentId } })]);
    assert.deepEqual(answer.body, { accepted: 1, duplicates: 0, rejected: [] });
  });
});
