import assert from 'node:assert/strict';
import { waitForTest, finished } from '../abtests/abFixtures.ts';
import { createSourcePrompt, startRunWorld, type RunWorld } from '../helpers/runWorld.ts';
import { expectStatus, rest } from '../helpers/team.ts';

/** A review prompt answering JSON under a Picoschema. */
const reviewSource = (model: string) => `---
model: openai/${model}
input:
  schema:
    product: string
output:
  format: json
  schema:
    title: string
    rating: integer
---
Review {{product}}.`;

/** A prompt with two tools: the model looks the city up, then the weather, then answers. */
const WEATHER_SOURCE = `---
model: anthropic/claude-3-5-haiku
input:
  schema:
    city: string
toolDefs:
  - name: findCity
    description: Finds a city's coordinates
    inputSchema:
      type: object
      properties:
        name: { type: string }
  - name: getWeather
    description: The weather at coordinates
    inputSchema:
      type: object
      properties:
        lat: { type: number }
        lon: { type: number }
---
What is the weather in {{city}}?`;

describe('structured output and tool calls on the server', () => {
  let world: RunWorld;
  let reviewId: string;
  let reviewVersion: string;
  let token: string;

  before(async () => {
    world = await startRunWorld();
    token = world.team.member.token;
    ({ id: reviewId, versionId: reviewVersion } = await createSourcePrompt(world.server, token, world.team.projectId, reviewSource('gpt-4o-mini'), 'review'));
  });
  after(async () => {
    await world?.close();
  });
  beforeEach(() => {
    world.provider.setScript({});
    world.provider.requests.length = 0;
  });

  const run = (id: string, json: unknown) => rest(world.server, 'POST', `/prompts/${id}/test`, { token, json });

  it('records and answers the validated JSON answer, sent through the provider structured-output mode', async () => {
    world.provider.setScript({ '*': { json: { title: 'Great kettle', rating: 5 } } });
    const answer = await run(reviewId, { input: { product: 'kettle' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'success');
    assert.deepEqual(answer.body.outputJson, { title: 'Great kettle', rating: 5 });
    assert.equal(answer.body.schemaValid, true);
    assert.deepEqual(answer.body.toolCalls, []);
    // The schema went out as OpenAI's json_schema response format.
    const sent = world.provider.requests[0]!.body;
    assert.equal(sent.response_format.type, 'json_schema');
    assert.deepEqual(Object.keys(sent.response_format.json_schema.schema.properties), ['title', 'rating']);
    // The listed run carries the same, read back from the row.
    const listed = await rest(world.server, 'GET', `/prompts/${reviewId}/test?pageSize=1`, { token });
    expectStatus(listed, 200);
    assert.deepEqual(listed.body.items[0].outputJson, { title: 'Great kettle', rating: 5 });
    assert.equal(listed.body.items[0].schemaValid, true);
  });

  it('records an answer that breaks the schema as a failed invalid_output run, keeping its text, tokens and violations', async () => {
    world.provider.setScript({ '*': { json: { title: 'Meh', rating: 'three' } } });
    const answer = await run(reviewId, { input: { product: 'kettle' } });
    expectStatus(answer, 200);
    assert.equal(answer.body.status, 'error');
    assert.equal(answer.body.errorKind, 'invalid_output');
    assert.equal(answer.body.schemaValid, false);
    assert.match(answer.body.error, /rating/);
    assert.equal(answer.body.output, '{"title":"Meh","rating":"three"}');
    assert.ok(answer.body.outputTokens > 0, 'the call happened and is recorded');
  });

  it("runs a dataset item's tool conversation to its answer with the item's scripted tool results", async () => {
    const { id: weatherId } = await createSourcePrompt(world.server, token, world.team.projectId, WEATHER_SOURCE, 'weather');
    world.provider.setScript({
      '*': {
        toolCalls: (_request, turn) =>
          turn === 1
            ? [{ name: 'findCity', arguments: { name: 'Oslo' } }]
            : turn === 2
              ? [{ name: 'getWeather', arguments: { lat: 59.9, lon: 10.7 } }]
              : undefined,
        output: 'Sunny in Oslo',
      },
    });
    const dataset = await rest(world.server, 'POST', '/datasets', {
      token,
      json: {
        projectId: world.team.projectId,
        name: 'weather',
        items: [
          {
            input: { city: 'Oslo' },
            tools: { findCity: { result: { lat: 59.9, lon: 10.7 } }, getWeather: { results: [{ sky: 'sunny' }] } },
            assertions: [
              { type: 'tool-called', value: 'getWeather', arguments: { type: 'object', required: ['lat', 'lon'] } },
              { type: 'contains', value: 'Sunny' },
            ],
          },
        ],
      },
    });
    expectStatus(dataset, 201);
    const read = await rest(world.server, 'GET', `/datasets/${dataset.body.id}`, { token });
    assert.deepEqual(read.body.items[0].tools.getWeather, { results: [{ sky: 'sunny' }] });

    const ran = await rest(world.server, 'POST', `/datasets/${dataset.body.id}/run`, { token, json: { promptId: weatherId } });
    expectStatus(ran, 200);
    assert.equal(ran.body.passed, 1, JSON.stringify(ran.body.items));
    const runs = await rest(world.server, 'GET', `/prompts/${weatherId}/test?pageSize=1`, { token });
    const recorded = runs.body.items[0];
    assert.equal(recorded.output, 'Sunny in Oslo');
    assert.deepEqual(
      recorded.toolCalls.map((c: { name: string; arguments: unknown; result: unknown; turn: number }) => [c.name, c.arguments, c.result, c.turn]),
      [
        ['findCity', { name: 'Oslo' }, { lat: 59.9, lon: 10.7 }, 1],
        ['getWeather', { lat: 59.9, lon: 10.7 }, { sky: 'sunny' }, 2],
      ],
    );
    // Three model turns went to the provider, the last two carrying the tool results back.
    assert.equal(world.provider.requests.length, 3);
  });

  it('rejects a malformed tools script on a dataset item with 400', async () => {
    const bad = await rest(world.server, 'POST', '/datasets', {
      token,
      json: { projectId: world.team.projectId, name: 'bad', items: [{ input: {}, tools: { getWeather: { results: [] } } }] },
    });
    expectStatus(bad, 400);
  });

  it("compares the variants' schema-valid rate in an A/B test", async () => {
    const second = await rest(world.server, 'POST', `/prompts/${reviewId}/versions`, { token, json: { source: reviewSource('gpt-4.1-mini') } });
    expectStatus(second, 201);
    // A breaks the schema on every other input; B always answers well.
    world.provider.setScript({
      'gpt-4o-mini': { json: (request: { body: unknown }) => (JSON.stringify(request.body).includes('odd') ? { title: 'x' } : { title: 'x', rating: 3 }) },
      'gpt-4.1-mini': { json: { title: 'y', rating: 4 } },
    });
    const inputs = Array.from({ length: 12 }, (_, i) => ({ product: i % 2 ? `odd ${i}` : `even ${i}` }));
    const created = await rest(world.server, 'POST', '/ab-tests', {
      token,
      json: {
        name: 'schema validity',
        projectId: world.team.projectId,
        variants: [
          { name: 'A', promptId: reviewId, versionId: reviewVersion },
          { name: 'B', promptId: reviewId, versionId: second.body.version.id },
        ],
        inputs,
        primaryMetric: 'schemaValidRate',
      },
    });
    expectStatus(created, 202);
    const body = await waitForTest(world.server, token, created.body.id, finished, 120_000);
    const [a, b] = body.variants;
    assert.equal(a.schemaCheckedRuns, 12);
    assert.equal(a.schemaValidRate, 0.5);
    assert.equal(b.schemaValidRate, 1);
    const comparison = body.analysis.comparisons.find((c: { metric: string }) => c.metric === 'schemaValidRate');
    assert.ok(comparison, 'the analysis compares schema validity');
    assert.equal(comparison.estimateA, 0.5);
    assert.equal(comparison.estimateB, 1);
    assert.equal(comparison.paired, true);
  });
});
