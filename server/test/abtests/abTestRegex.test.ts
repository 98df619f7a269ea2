import assert from 'node:assert/strict';
import { startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { createDataset, createTwoVersionPrompt } from './abFixtures.ts';

describe('A/B tests over a dataset holding a regex the engine cannot take', () => {
  let world: RunWorld;

  before(async () => {
    world = await startRunWorld();
  });
  after(async () => {
    await world?.close();
  });

  it('answers 400 naming the item and assertion, and creates no test', async () => {
    const { team, server } = world;
    const prompt = await createTwoVersionPrompt(server, team.member.token, team.projectId);
    const datasetId = await createDataset(server, team.member.token, team.projectId, 3);
    // An item saved before patterns were checked: written to the database directly, as the API now refuses it.
    const { prisma } = server.database.db;
    const item = await prisma.datasetItem.findFirstOrThrow({ where: { datasetId, index: 1 } });
    await prisma.datasetItem.update({
      where: { id: item.id },
      data: {
        assertions: [
          { type: 'contains', value: 'Hello' },
          { type: 'regex', value: 'Hello (?=Person)' },
        ],
      },
    });

    const answer = await rest(server, 'POST', '/ab-tests', {
      token: team.member.token,
      json: {
        name: 'lookahead',
        projectId: team.projectId,
        datasetId,
        variants: [
          { name: 'A', promptId: prompt.promptId, versionId: prompt.versionA },
          { name: 'B', promptId: prompt.promptId, versionId: prompt.versionB },
        ],
      },
    });
    expectStatus(answer, 400);
    assert.match(answer.body.error.message, /^Dataset item 1: assertions\[1\]\.value: Invalid regex \/Hello \(\?=Person\)\/: .*RE2 syntax/);
    const list = await rest(server, 'GET', `/ab-tests?projectId=${team.projectId}`, { token: team.member.token });
    expectStatus(list, 200);
    assert.deepEqual(list.body, []);
  });
});
