/**
 * Tool calls through the real SDKs against the local provider: tool definitions go out in each
 * API's shape, the model's calls come back (streamed or not), results go back as tool messages,
 * and the conversation ends at the final answer or at the turn bound.
 */
import { strict as assert } from 'node:assert';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';
import type { LoggedRequest } from '../../src/local-provider/script.ts';
import { runPrompt } from '../../src/runner/runPrompt.ts';
import type { RunPromptOptions, ToolCall } from '../../src/runner/types.ts';

function weatherPrompt(model: string): string {
  return `---
model: ${model}
toolDefs:
  - name: getWeather
    description: The weather in a city today.
    inputSchema:
      city: string, the city name
    outputSchema:
      tempC: number
  - name: getTime
    description: The local time in a city.
    inputSchema:
      type: object
      properties:
        city: { type: string }
      required: [city]
---
What should I wear in {{city}} right now?`;
}

const MODELS = [
  { provider: 'openai', model: 'openai/gpt-4o' },
  { provider: 'anthropic', model: 'anthropic/claude-haiku-4-5' },
  { provider: 'googleai', model: 'googleai/gemini-2.5-flash' },
] as const;

/** Tool names and input schemas as each API's request carries them. */
function sentTools(request: LoggedRequest): { name: string; schema: unknown }[] {
  switch (request.api) {
    case 'openai':
      return request.body.tools.map((tool: any) => ({ name: tool.function.name, schema: tool.function.parameters }));
    case 'anthropic':
      return request.body.tools.map((tool: any) => ({ name: tool.name, schema: tool.input_schema }));
    case 'googleai':
      return request.body.tools[0].functionDeclarations.map((tool: any) => ({ name: tool.name, schema: tool.parametersJsonSchema }));
  }
}

/** The tool results a request sends back, as `name -> output`. */
function sentResults(request: LoggedRequest): unknown[] {
  switch (request.api) {
    case 'openai':
      return request.body.messages.filter((m: any) => m.role === 'tool').map((m: any) => JSON.parse(m.content));
    case 'anthropic':
      return request.body.messages
        .flatMap((m: any) => (Array.isArray(m.content) ? m.content : []))
        .filter((b: any) => b.type === 'tool_result')
        .map((b: any) => JSON.parse(b.content));
    case 'googleai':
      return request.body.contents.flatMap((c: any) => c.parts).flatMap((p: any) => (p.functionResponse ? [p.functionResponse.response] : []));
  }
}

const CITY_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string', description: 'the city name' } },
  required: ['city'],
  additionalProperties: false,
};

describe('tool calls', () => {
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
      it(`runs a two-tool conversation to its final answer on ${provider} (${how})`, async () => {
        server.setScript({
          '*': {
            toolCalls: [
              { name: 'getWeather', arguments: { city: 'Oslo' } },
              { name: 'getTime', arguments: { city: 'Oslo' } },
            ],
            output: 'Wear a coat.',
          },
        });
        const seen: ToolCall[] = [];
        const results: Record<string, unknown> = { getWeather: { tempC: -3 }, getTime: { time: '08:15' } };
        const result = await runPrompt({
          ...base,
          source: weatherPrompt(model),
          input: { city: 'Oslo' },
          stream,
          onToolCall: async (call) => {
            seen.push(call);
            return results[call.name];
          },
        });
        assert.equal(result.status, 'success', result.error?.message);
        assert.equal(result.output, 'Wear a coat.');
        assert.deepEqual(
          seen.map((call) => [call.name, call.arguments]),
          [
            ['getWeather', { city: 'Oslo' }],
            ['getTime', { city: 'Oslo' }],
          ],
        );
        assert.deepEqual(
          result.toolCalls?.map(({ name, arguments: args, result: output, turn }) => ({ name, args, output, turn })),
          [
            { name: 'getWeather', args: { city: 'Oslo' }, output: { tempC: -3 }, turn: 1 },
            { name: 'getTime', args: { city: 'Oslo' }, output: { time: '08:15' }, turn: 1 },
          ],
        );
        assert.ok(
          result.toolCalls!.every((call) => call.id),
          'every call keeps its id',
        );
        // Two calls made, both billed: tokens are summed over the turns.
        assert.equal(server.requests.length, 2);
        assert.equal(result.attempts, 2);
        assert.ok(result.outputTokens > 3, `output tokens of both turns (${result.outputTokens})`);
        const [first, second] = server.requests;
        assert.deepEqual(
          sentTools(first!).map((tool) => tool.name),
          ['getWeather', 'getTime'],
        );
        assert.deepEqual(sentTools(first!)[0]!.schema, CITY_SCHEMA, 'Picoschema tool input goes out as JSON Schema');
        assert.deepEqual(sentResults(second!), [{ tempC: -3 }, { time: '08:15' }]);
      });
    }

    it(`ends at the tool calls on ${provider} when nobody answers them`, async () => {
      server.setScript({ '*': { toolCalls: [{ name: 'getWeather', arguments: { city: 'Rome' } }] } });
      const result = await runPrompt({ ...base, source: weatherPrompt(model), input: { city: 'Rome' } });
      assert.equal(result.status, 'success', result.error?.message);
      assert.equal(result.finishReason, 'tool_calls');
      assert.equal(result.output, '');
      assert.deepEqual(
        result.toolCalls?.map(({ name, arguments: args, turn }) => ({ name, args, turn })),
        [{ name: 'getWeather', args: { city: 'Rome' }, turn: 1 }],
      );
      assert.equal(server.requests.length, 1);
    });
  }

  it('stops with a tool_turns error when the model keeps calling tools past maxToolTurns', async () => {
    server.setScript({ '*': { toolCalls: () => [{ name: 'getWeather', arguments: { city: 'Paris' } }] } });
    const result = await runPrompt({
      ...base,
      source: weatherPrompt('openai/gpt-4o'),
      input: { city: 'Paris' },
      maxToolTurns: 2,
      onToolCall: async () => ({ tempC: 20 }),
    });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'tool_turns');
    assert.match(result.error!.message, /after 2 tool turns/);
    assert.equal(server.requests.length, 3);
    assert.deepEqual(
      result.toolCalls?.map((call) => [call.turn, call.result]),
      [
        [1, { tempC: 20 }],
        [2, { tempC: 20 }],
        [3, undefined],
      ],
    );
    assert.ok(result.inputTokens > 0 && result.outputTokens > 0, 'the calls that happened are counted');
  });

  it('fails the run with the reason when a tool handler rejects', async () => {
    server.setScript({ '*': { toolCalls: [{ name: 'getTime', arguments: { city: 'Lima' } }] } });
    const result = await runPrompt({
      ...base,
      source: weatherPrompt('anthropic/claude-haiku-4-5'),
      input: { city: 'Lima' },
      onToolCall: async () => {
        throw new Error('clock offline');
      },
    });
    assert.equal(result.status, 'error');
    assert.match(result.error!.message, /Tool 'getTime' gave no result: clock offline/);
    assert.equal(result.toolCalls?.length, 1);
  });

  it("offers tools named by `tools:` from the caller's definitions, and refuses a name nobody defines", async () => {
    const source = `---
model: openai/gpt-4o
tools: [lookup]
---
Find it.`;
    const lookup = { name: 'lookup', description: 'Looks a word up.', inputSchema: { type: 'object', properties: { word: { type: 'string' } } } };
    const ok = await runPrompt({ ...base, source, tools: [lookup] });
    assert.equal(ok.status, 'success', ok.error?.message);
    assert.deepEqual(
      sentTools(server.requests[0]!).map((tool) => tool.name),
      ['lookup'],
    );
    const missing = await runPrompt({ ...base, source });
    assert.equal(missing.status, 'error');
    assert.equal(missing.error?.kind, 'invalid_input');
    assert.match(missing.error!.message, /No definition for tool 'lookup'/);
    assert.equal(server.requests.length, 1, 'no call is made for a prompt that cannot run');
  });
});
