import assert from 'node:assert/strict';
import type { TestServer } from '../helpers/server.ts';
import { createPrompt, expectStatus, rest, startTeamServer, type Team } from '../helpers/team.ts';

const WRITERS = 50;

describe('concurrent writes on one prompt', () => {
  let server: TestServer;
  let team: Team;

  before(async () => {
    ({ server, team } = await startTeamServer());
  });
  after(async () => {
    await server?.close();
  });

  it(`lets exactly one of ${WRITERS} writes on the same baseVersion through; the other ${WRITERS - 1} get 409 with the winner`, async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        rest(server, 'PUT', `/prompts/${id}`, { token: team.member.token, json: { content: `Writer ${i}: {{text}}`, baseVersion: 1 } }),
      ),
    );
    const winners = answers.filter((a) => a.status === 200);
    const conflicts = answers.filter((a) => a.status === 409);
    assert.equal(winners.length, 1, JSON.stringify(answers.map((a) => a.status)));
    assert.equal(conflicts.length, WRITERS - 1);
    const winner = winners[0]!.body;
    assert.deepEqual([winner.created, winner.version.number], [true, 2]);
    for (const conflict of conflicts) assert.equal(conflict.body.error.latest.contentHash, winner.version.contentHash);
    const versions = await rest(server, 'GET', `/prompts/${id}/versions`, { token: team.member.token });
    assert.deepEqual(
      versions.body.items.map((v: { number: number }) => v.number),
      [2, 1],
    );
  });

  it(`numbers ${WRITERS} writes without baseVersion 2..${WRITERS + 1}, strictly, losing none`, async () => {
    const id = await createPrompt(server, team.member.token, team.projectId);
    const answers = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        rest(server, 'PUT', `/prompts/${id}`, { token: i % 2 ? team.member.token : team.admin.token, json: { content: `Edit ${i}: {{text}}` } }),
      ),
    );
    for (const answer of answers) expectStatus(answer, 200);
    const numbers = answers.map((a) => a.body.version.number as number).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: WRITERS }, (_, i) => i + 2),
    );
    const stored = await server.database.db.prisma.promptVersion.findMany({
      where: { promptId: id },
      select: { number: true, source: true },
      orderBy: { number: 'asc' },
    });
    assert.deepEqual(
      stored.map((v) => v.number),
      Array.from({ length: WRITERS + 1 }, (_, i) => i + 1),
    );
    const bodies = new Set(stored.slice(1).map((v) => /Edit (\d+)/.exec(v.source)?.[1]));
    assert.equal(bodies.size, WRITERS, 'every write is stored exactly once');
    const prompt = await rest(server, 'GET', `/prompts/${id}`, { token: team.member.token });
    assert.equal(prompt.body.latestVersionNumber, WRITERS + 1);
  });
});
