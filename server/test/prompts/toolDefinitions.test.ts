import assert from 'node:assert/strict';
import { startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';
import { finished, waitForTest } from '../abtests/abFixtures.ts';

/** A prompt naming two tools defined in files beside it (`lookupOrder.tool.yaml`, `tools/refundOrder.tool.json`). */
const ORDER = `---
model: openai/gpt-4o-mini
input:
  schema:
    id: string
tools: [lookupOrder, refundOrder]
---
Where is order {{id}}?`;

/** `lookupOrder.tool.yaml` as the editor reads it: input in Picoschema. */
const LOOKUP_V1 = { name: 'lookupOrder', description: 'Finds an order by id', inputSchema: { id: 'string' } };
/** The same tool after its file changed. */
const LOOKUP_V2 = { name: 'lookupOrder', description: 'Finds an order by id or email', inputSchema: { 'id?': 'string', 'email?': 'string' } };
/** `tools/refundOrder.tool.json`: JSON Schema, with an output schema. */
const REFUND = {
  name: 'refundOrder',
  description: 'Refunds an order',
  inputSchema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  outputSchema: { type: 'object', properties: { refunded: { type: 'boolean' } } },
};

interface SentTool {
  function: { name: string; description: string; parameters: { properties: Record<string, unknown> } };
}

describe('tool definitions pushed with a prompt version', () => {
  let world: RunWorld;
  let promptId: string;
  let firstVersionId: string;

  before(async () => {
    world = await startRunWorld();
    const created = await rest(world.server, 'POST', '/prompts', {
      token: world.team.member.token,
      json: { projectId: world.team.projectId, name: 'order', content: ORDER, tools: [REFUND, LOOKUP_V1] },
    });
    expectStatus(created, 201);
    promptId = created.body.id;
    firstVersionId = created.body.version.id;
  });
  after(async () => {
    await world?.close();
  });
  beforeEach(() => {
    world.provider.setScript({});
    world.provider.requests.length = 0;
  });

  const token = () => world.team.member.token;
  const run = (json: unknown) => rest(world.server, 'POST', `/prompts/${promptId}/test`, { token: token(), json });
  /** The tools the last provider request offered, by name, with their descriptions and parameter names. */
  const offered = (index = -1) =>
    ((world.provider.requests.at(index)!.body as { tools?: SentTool[] }).tools ?? []).map((tool) => [
      tool.function.name,
      tool.function.description,
      Object.keys(tool.function.parameters.properties),
    ]);

  it('records the definitions in the order the prompt names them, and answers them with the version', async () => {
    const version = await rest(world.server, 'GET', `/prompts/${promptId}/versions/1`, { token: world.team.viewer.token });
    expectStatus(version, 200);
    assert.deepEqual(version.body.tools, [LOOKUP_V1, REFUND]);
    const prompt = await rest(world.server, 'GET', `/prompts/${promptId}`, { token: world.team.viewer.token });
    assert.deepEqual(prompt.body.latestVersion.tools, [LOOKUP_V1, REFUND]);
  });

  it('offers the recorded tools to the model in a server run, Picoschema converted', async () => {
    const answer = await run({ input: { id: 'A1' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'success', answer.body.error);
    assert.deepEqual(offered(), [
      ['lookupOrder', 'Finds an order by id', ['id']],
      ['refundOrder', 'Refunds an order', ['id']],
    ]);
  });

  it('makes a new version when a tool file changed, and keeps running the old version with its own definitions', async () => {
    const same = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, { token: token(), json: { source: ORDER, tools: [LOOKUP_V1, REFUND] } });
    expectStatus(same, 200);
    assert.equal(same.body.created, false, 'unchanged source and tools make no version');
    const changed = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, { token: token(), json: { source: ORDER, tools: [LOOKUP_V2, REFUND] } });
    expectStatus(changed, 201);
    assert.equal(changed.body.latestVersionNumber, 2);
    assert.deepEqual(changed.body.version.tools[0], LOOKUP_V2);

    expectStatus(await run({ input: { id: 'B2' } }), 200);
    assert.deepEqual(offered()[0], ['lookupOrder', 'Finds an order by id or email', ['id', 'email']]);
    expectStatus(await run({ input: { id: 'C3' }, versionId: firstVersionId }), 200);
    assert.deepEqual(offered()[0], ['lookupOrder', 'Finds an order by id', ['id']]);
  });

  it('keeps the latest definitions when an edit of the text carries no tools', async () => {
    const edited = await rest(world.server, 'PUT', `/prompts/${promptId}`, {
      token: token(),
      json: { content: ORDER.replace('Where is', 'Find') },
    });
    expectStatus(edited, 200);
    assert.equal(edited.body.latestVersionNumber, 3);
    assert.deepEqual(edited.body.version.tools, [LOOKUP_V2, REFUND]);
  });

  it('answers 400 naming each tool a push neither carries nor defines, and stores nothing', async () => {
    const created = await rest(world.server, 'POST', '/prompts', {
      token: token(),
      json: { projectId: world.team.projectId, name: 'no-tools', content: ORDER },
    });
    expectStatus(created, 400);
    assert.match(created.body.error.message, /No definition for tools 'lookupOrder', 'refundOrder'/);
    assert.match(created.body.error.message, /lookupOrder\.tool\.yaml/);
    const listed = await rest(world.server, 'GET', `/prompts?projectId=${world.team.projectId}&q=no-tools`, { token: token() });
    assert.equal(listed.body.total, 0, 'no half-written prompt');

    const partly = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, { token: token(), json: { source: ORDER, tools: [REFUND] } });
    expectStatus(partly, 400);
    assert.match(partly.body.error.message, /No definition for tool 'lookupOrder'/);
    const latest = await rest(world.server, 'GET', `/prompts/${promptId}`, { token: token() });
    assert.equal(latest.body.latestVersionNumber, 3);
  });

  it('needs no pushed definition for a tool the prompt defines in toolDefs', async () => {
    const inline = `---
model: openai/gpt-4o-mini
tools: [lookupOrder]
toolDefs:
  - name: lookupOrder
    description: Inline lookup
    inputSchema: { id: string }
---
Find it.`;
    const created = await rest(world.server, 'POST', '/prompts', {
      token: token(),
      json: { projectId: world.team.projectId, name: 'inline', content: inline },
    });
    expectStatus(created, 201);
    assert.deepEqual(created.body.version.tools, []);
  });

  it('answers 400 for a malformed tool definition', async () => {
    for (const tools of [[{ ...REFUND, name: '../refundOrder' }], [{ name: 'refundOrder', description: 'x' }], [REFUND, REFUND]]) {
      const answer = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, { token: token(), json: { source: ORDER, tools } });
      expectStatus(answer, 400);
    }
  });

  it('answers 400 at the schema for a JSON Schema tool definition its meta-schema refuses, and makes no version', async () => {
    const before = await rest(world.server, 'GET', `/prompts/${promptId}`, { token: token() });
    const broken = { ...REFUND, inputSchema: { type: 'object', properties: { orderId: { type: 'strng' } } } };
    const answer = await rest(world.server, 'POST', `/prompts/${promptId}/versions`, { token: token(), json: { source: ORDER, tools: [broken] } });
    expectStatus(answer, 400);
    const issue = answer.body.error.issues.find((i: { path: unknown[] }) => i.path.join('.') === 'tools.0.inputSchema');
    assert.equal(
      issue?.message,
      'not valid JSON Schema: properties.orderId.type must be one of "array", "boolean", "integer", "null", "number", "object", "string"',
      JSON.stringify(answer.body),
    );
    const after = await rest(world.server, 'GET', `/prompts/${promptId}`, { token: token() });
    assert.equal(after.body.latestVersion.number, before.body.latestVersion.number);
  });

  it('serves the version with its tool definitions', async () => {
    // production is protected: an Admin moves it.
    expectStatus(await rest(world.server, 'PUT', `/prompts/${promptId}/labels/production`, { token: world.team.admin.token, json: { versionNumber: 1 } }), 200);
    const response = await world.server.api(`/api/v1/prompts/order?projectId=${world.team.projectId}`, { token: world.team.viewer.token });
    assert.equal(response.status, 200);
    const served = (await response.json()) as { version: number; tools: unknown };
    assert.equal(served.version, 1);
    assert.deepEqual(served.tools, [LOOKUP_V1, REFUND]);
  });

  it('offers each version its own definitions in a dataset run and in an A/B test', async () => {
    const dataset = await rest(world.server, 'POST', '/datasets', {
      token: token(),
      json: { projectId: world.team.projectId, name: 'orders', items: [{ input: { id: 'D4' } }] },
    });
    expectStatus(dataset, 201);
    const datasetRun = await rest(world.server, 'POST', `/datasets/${dataset.body.id}/run`, { token: token(), json: { promptId, versionId: firstVersionId } });
    expectStatus(datasetRun, 200);
    assert.equal(datasetRun.body.errored, 0, JSON.stringify(datasetRun.body.items));
    assert.deepEqual(offered()[0], ['lookupOrder', 'Finds an order by id', ['id']]);

    world.provider.requests.length = 0;
    const versions = await rest(world.server, 'GET', `/prompts/${promptId}/versions`, { token: token() });
    const secondVersionId = versions.body.items.find((v: { number: number }) => v.number === 2).id;
    const ab = await rest(world.server, 'POST', '/ab-tests', {
      token: token(),
      json: {
        name: 'lookup definitions',
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
    const body = await waitForTest(world.server, token(), ab.body.id, finished, 120_000);
    assert.equal(body.status, 'completed');
    const descriptions = world.provider.requests.map((_, index) => offered(index)[0]![1]).sort();
    assert.deepEqual(descriptions, ['Finds an order by id', 'Finds an order by id or email']);
  });
});
