/**
 * Structured output through the real OpenAI, Anthropic and Gemini SDKs against the local provider:
 * the schema goes out in each API's own shape, the answer comes back parsed and validated.
 */
import { strict as assert } from 'node:assert';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';
import type { LoggedRequest } from '../../src/local-provider/script.ts';
import { runPrompt } from '../../src/runner/runPrompt.ts';
import type { RunPromptOptions } from '../../src/runner/types.ts';

/** A Picoschema output schema, as Dotprompt's own examples write it. */
function recipePrompt(model: string): string {
  return `---
model: ${model}
input:
  schema:
    dish: string
output:
  format: json
  schema:
    title: string
    servings: integer
    tags?(array): string
---
Give me a recipe for {{dish}} as JSON.`;
}

const RECIPE_SCHEMA = {
  type: 'object',
  properties: {
    title: { type: 'string' },
    servings: { type: 'integer' },
    tags: { type: ['array', 'null'], items: { type: 'string' } },
  },
  required: ['title', 'servings'],
  additionalProperties: false,
};

const MODELS = [
  { provider: 'openai', model: 'openai/gpt-4o' },
  { provider: 'anthropic', model: 'anthropic/claude-haiku-4-5' },
  { provider: 'googleai', model: 'googleai/gemini-2.5-flash' },
] as const;

/** Where each API carries the output schema in its request body. */
function sentSchema(request: LoggedRequest): unknown {
  switch (request.api) {
    case 'openai':
      return request.body.response_format?.json_schema?.schema;
    case 'anthropic':
      return request.body.output_config?.format?.schema;
    case 'googleai':
      return request.body.generationConfig?.responseJsonSchema;
  }
}

describe('structured output', () => {
  let server: LocalProviderServer;
  let base: Pick<RunPromptOptions, 'credentials'>;

  before(async () => {
    server = await startLocalProviderServer({ apiKey: 'k' });
    base = { credentials: server.credentials };
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.setScript({});
  });

  for (const { provider, model } of MODELS) {
    for (const stream of [false, true]) {
      const how = stream ? 'streamed' : 'not streamed';
      it(`returns a validated object on ${provider} (${how}), the Picoschema sent as JSON Schema`, async () => {
        server.setScript({ '*': { json: { title: 'Pancakes', servings: 4, tags: ['sweet'] } } });
        const result = await runPrompt({ ...base, source: recipePrompt(model), input: { dish: 'pancakes' }, stream });
        assert.equal(result.status, 'success', result.error?.message);
        assert.deepEqual(result.outputJson, { title: 'Pancakes', servings: 4, tags: ['sweet'] });
        assert.equal(result.schemaValid, true);
        assert.ok(result.outputTokens > 0);
        assert.equal(server.requests.length, 1);
        assert.deepEqual(sentSchema(server.requests[0]!), RECIPE_SCHEMA);
      });

      it(`fails with each violation on ${provider} (${how}) when the answer breaks the schema, keeping text and tokens`, async () => {
        server.setScript({ '*': { json: { title: 7, servings: 'four', extra: true } } });
        const result = await runPrompt({ ...base, source: recipePrompt(model), input: { dish: 'pancakes' }, stream });
        assert.equal(result.status, 'error');
        assert.equal(result.error?.kind, 'invalid_output');
        assert.equal(result.schemaValid, false);
        assert.deepEqual(result.outputJson, { title: 7, servings: 'four', extra: true });
        assert.equal(result.output, '{"title":7,"servings":"four","extra":true}');
        assert.ok(result.outputTokens > 0, 'the call happened, so its tokens are kept');
        const violations = result.error?.violations ?? [];
        assert.deepEqual(
          violations.map((v) => v.path),
          ['(root)', '/title', '/servings'],
        );
        assert.match(violations[0]!.message, /additional properties 'extra'/);
        assert.match(result.error!.message, /\/servings: must be integer/);
      });
    }
  }

  it('checks two prompts whose input and output schemas share an $id each against its own schemas', async () => {
    const prompt = (input: object, output: object) =>
      `---\nmodel: openai/gpt-4o\ninput:\n  schema: ${JSON.stringify(input)}\noutput:\n  format: json\n  schema: ${JSON.stringify(output)}\n---\nAnswer as JSON.`;
    const recipe = prompt(
      { $id: 'Input', type: 'object', properties: { dish: { type: 'string' } }, required: ['dish'] },
      { $id: 'Answer', type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
    );
    const count = prompt(
      { $id: 'Input', type: 'object', properties: { n: { type: 'number' } }, required: ['n'] },
      { $id: 'Answer', type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] },
    );
    server.setScript({ '*': { json: { title: 'Soup' } } });
    const first = await runPrompt({ ...base, source: recipe, input: { dish: 'soup' } });
    assert.equal(first.status, 'success', first.error?.message);
    assert.equal(first.schemaValid, true);

    server.setScript({ '*': { json: { count: 3 } } });
    const second = await runPrompt({ ...base, source: count, input: { n: 1 } });
    assert.equal(second.status, 'success', second.error?.message);
    assert.equal(second.schemaValid, true);
    const refused = await runPrompt({ ...base, source: count, input: { dish: 'soup' } });
    assert.equal(refused.error?.kind, 'invalid_input');
    assert.match(refused.error?.message ?? '', /\bn\b/);
    server.setScript({ '*': { json: { title: 'Soup' } } });
    const wrong = await runPrompt({ ...base, source: count, input: { n: 1 } });
    assert.equal(wrong.schemaValid, false, 'checked against its own Answer, which needs count');
  });

  it('sends OpenAI strict mode only when the schema qualifies', async () => {
    server.setScript({ '*': { json: { title: 'Soup', servings: 2, tags: null } } });
    const strictPrompt = `---
model: openai/gpt-4o
output:
  format: json
  schema:
    type: object
    properties:
      title: { type: string }
      servings: { type: integer }
      tags: { type: [array, "null"], items: { type: string } }
    required: [title, servings, tags]
    additionalProperties: false
---
Soup as JSON.`;
    const strict = await runPrompt({ ...base, source: strictPrompt });
    assert.equal(strict.status, 'success', strict.error?.message);
    const loose = await runPrompt({ ...base, source: recipePrompt('openai/gpt-4o'), input: { dish: 'soup' } });
    assert.equal(loose.status, 'success', loose.error?.message);
    const [first, second] = server.requests.map((request) => request.body.response_format);
    assert.equal(first.type, 'json_schema');
    assert.equal(first.json_schema.strict, true);
    assert.equal(first.json_schema.name, 'output');
    assert.equal(second.json_schema.strict, false, 'an optional property keeps the schema out of strict mode');
  });

  it('uses JSON mode without a schema and reports an answer that is not JSON', async () => {
    const source = `---
model: openai/gpt-4o
output:
  format: json
---
Any JSON, please.`;
    server.setScript({ '*': { json: [1, 2, 3] } });
    const ok = await runPrompt({ ...base, source });
    assert.equal(ok.status, 'success');
    assert.deepEqual(ok.outputJson, [1, 2, 3]);
    assert.deepEqual(server.requests[0]!.body.response_format, { type: 'json_object' });

    server.setScript({ '*': { output: 'Sure! Here it is.' } });
    const broken = await runPrompt({ ...base, source });
    assert.equal(broken.status, 'error');
    assert.equal(broken.error?.kind, 'invalid_output');
    assert.equal(broken.schemaValid, false);
    assert.equal(broken.outputJson, undefined);
    assert.equal(broken.output, 'Sure! Here it is.');
    assert.match(broken.error!.violations![0]!.message, /not JSON/);
  });

  it('asks Gemini for JSON without a schema through responseMimeType alone', async () => {
    const source = `---
model: googleai/gemini-2.5-flash
output:
  format: json
---
Any JSON.`;
    server.setScript({ '*': { json: { ok: true } } });
    const result = await runPrompt({ ...base, source });
    assert.equal(result.status, 'success', result.error?.message);
    assert.deepEqual(result.outputJson, { ok: true });
    const config = server.requests[0]!.body.generationConfig;
    assert.equal(config.responseMimeType, 'application/json');
    assert.equal(config.responseJsonSchema, undefined);
  });

  for (const { provider, model } of MODELS) {
    it(`answers a JSON request on ${provider} with a value built from its schema when nothing is scripted`, async () => {
      const result = await runPrompt({ ...base, source: recipePrompt(model), input: { dish: 'soup' } });
      assert.equal(result.status, 'success', result.error?.message);
      assert.equal(result.schemaValid, true);
      assert.deepEqual(result.outputJson, { title: 'text', servings: 1, tags: ['text'] });
    });
  }

  it('leaves a text prompt as it was: no outputJson, no schemaValid, no response format', async () => {
    const result = await runPrompt({ ...base, source: `---\nmodel: openai/gpt-4o\n---\nHello` });
    assert.equal(result.status, 'success');
    assert.equal('outputJson' in result, false);
    assert.equal('schemaValid' in result, false);
    assert.equal(server.requests[0]!.body.response_format, undefined);
  });
});
