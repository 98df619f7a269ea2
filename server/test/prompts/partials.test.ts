import assert from 'node:assert/strict';
import { startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { finished, waitForTest } from '../abtests/abFixtures.ts';

/** A prompt that includes the `signature` partial, as README's example does. */
const LETTER = `---
model: openai/gpt-4o-mini
input:
  schema:
    customer: string
---
Dear {{customer}},
{{> signature}}`;

const SIGNATURE_V1 = 'Kind regards, the {{#if team}}{{team}}{{else}}Support{{/if}} team';
const SIGNATURE_V2 = 'Cheers, Support';

describe('partials on the backend', () => {
  let world: RunWorld;
  let promptId: string;
  let firstVersionId: string;

  before(async () => {
    world = await startRunWorld();
    const created = await rest(world.server, 'POST', '/prompts', {
      token: world.team.member.token,
      json: { projectId: world.team.projectId, name: 'letter', content: LETTER, partials: { signature: SIGNATURE_V1 } },
    });
    expectStatus(created, 201);
    promptId = created.body.id;
    firstVersionId = created.body.version.id;
  });
  after(async () => {
    await world?.close();
  });

  const token = () => world.team.member.token;
  const run = (json: unknown) => rest(world.server, 'POST', `/prompts/${promptId}/test`, { token: token(), json });

  it('stores the pushed partial as a partial of the project, listed apart from prompts', async () => {
    const partials = await rest(world.server, 'GET', `/prompts?projectId=${world.team.projectId}&kind=PARTIAL`, { token: world.team.viewer.token });
    expectStatus(partials, 200);
    assert.deepEqual(
      partials.body.items.map((p: { name: string }) => p.name),
      ['signature'],
    );
    const prompts = await rest(world.server, 'GET', `/prompts?projectId=${world.team.projectId}`, { token: world.team.viewer.token });
    assert.deepEqual(
      prompts.body.items.map((p: { name: string }) => p.name),
      ['letter'],
    );
  });

  it('renders a run of the version with the partial it was pushed with', async () => {
    const answer = await run({ input: { customer: 'Ada' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'success', answer.body.error);
    const sent = JSON.stringify(answer.body.messages);
    assert.match(sent, /Dear Ada/);
    assert.match(sent, /Kind regards, the Support team/);
  });

  it('keeps rendering an old version with its own partial version after the partial changes', async () => {
    const pushed = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, {
      token: token(),
      json: { source: LETTER, partials: { signature: SIGNATURE_V2 } },
    });
    expectStatus(pushed, 201);
    assert.equal(pushed.body.latestVersionNumber, 2, 'a changed partial makes a new version of the prompt');
    const latest = await run({ input: { customer: 'Bo' } });
    assert.match(JSON.stringify(latest.body.messages), /Cheers, Support/);
    const old = await run({ input: { customer: 'Cy' }, versionId: firstVersionId });
    expectStatus(old, 200);
    assert.match(JSON.stringify(old.body.messages), /Kind regards, the Support team/);
    assert.doesNotMatch(JSON.stringify(old.body.messages), /Cheers/);
  });

  it('makes no new version when the prompt and its partials are unchanged', async () => {
    const again = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, {
      token: token(),
      json: { source: LETTER, partials: { signature: SIGNATURE_V2 } },
    });
    expectStatus(again, 200);
    assert.equal(again.body.created, false);
    assert.equal(again.body.latestVersionNumber, 2);
  });

  it('records the latest partial of the project when a push does not send it', async () => {
    const other = await rest(world.server, 'POST', '/prompts', {
      token: token(),
      json: { projectId: world.team.projectId, name: 'reminder', content: LETTER.replace('Dear', 'Reminder for') },
    });
    expectStatus(other, 201);
    const answer = await rest(world.server, 'POST', `/prompts/${other.body.id}/test`, { token: token(), json: { input: { customer: 'Di' } } });
    expectStatus(answer, 200);
    assert.match(JSON.stringify(answer.body.messages), /Reminder for Di,\\nCheers, Support/);
  });

  it('answers 400 naming a partial the version was stored without, and what to do', async () => {
    const created = await rest(world.server, 'POST', '/prompts', {
      token: token(),
      json: { projectId: world.team.projectId, name: 'footer-less', content: LETTER.replace('signature', 'footer') },
    });
    expectStatus(created, 201);
    const answer = await rest(world.server, 'POST', `/prompts/${created.body.id}/test`, { token: token(), json: { input: { customer: 'Gil' } } });
    expectStatus(answer, 400);
    assert.match(
      answer.body.error.message,
      /The partial footer could not be found: this version was stored without it\. Push the prompt again with _footer\.prompt/,
    );
  });

  it('answers 400 naming the partial for a partial name that is not a name', async () => {
    const answer = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, {
      token: token(),
      json: { source: LETTER, partials: { '../etc': 'x' } },
    });
    expectStatus(answer, 400);
  });

  it('renders the partial in a dataset run and in an A/B test', async () => {
    const dataset = await rest(world.server, 'POST', '/datasets', {
      token: token(),
      json: { projectId: world.team.projectId, name: 'customers', items: [{ input: { customer: 'Eve' } }, { input: { customer: 'Fay' } }] },
    });
    expectStatus(dataset, 201);
    const datasetRun = await rest(world.server, 'POST', `/datasets/${dataset.body.id}/run`, { token: token(), json: { promptId, versionId: firstVersionId } });
    expectStatus(datasetRun, 200);
    assert.equal(datasetRun.body.errored, 0, JSON.stringify(datasetRun.body.items));
    const outputs = await world.server.database.db.prisma.testRun.findMany({ where: { datasetItemId: { not: null } }, select: { output: true } });
    assert.equal(outputs.length, 2);
    for (const { output } of outputs) assert.match(output ?? '', /Kind regards, the Support team/);

    const versions = await rest(world.server, 'GET', `/prompts/${promptId}/versions`, { token: token() });
    const secondVersionId = versions.body.items.find((v: { number: number }) => v.number === 2).id;
    const ab = await rest(world.server, 'POST', '/ab-tests', {
      token: token(),
      json: {
        name: 'signatures',
        projectId: world.team.projectId,
        variants: [
          { name: 'A', promptId, versionId: firstVersionId },
          { name: 'B', promptId, versionId: secondVersionId },
        ],
        datasetId: dataset.body.id,
        runsPerInput: 1,
        primaryMetric: 'successRate',
      },
    });
    expectStatus(ab, 202);
    const body = await waitForTest(world.server, token(), ab.body.id, finished);
    assert.equal(body.status, 'completed');
    const abRuns = await world.server.database.db.prisma.testRun.findMany({
      where: { abTestId: ab.body.id },
      select: { output: true, status: true, versionId: true },
    });
    assert.equal(abRuns.length, 4);
    for (const r of abRuns) {
      assert.equal(r.status, 'SUCCESS');
      assert.match(r.output ?? '', r.versionId === firstVersionId ? /Kind regards/ : /Cheers, Support/);
    }
  });
});
