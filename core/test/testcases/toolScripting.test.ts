/**
 * Test cases that script tool results and assert on tool use and on JSON answers, run end to end
 * from tests.yaml text through the runner and the real OpenAI and Gemini SDKs against the local provider.
 */
import { strict as assert } from 'node:assert';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';
import type { RunPromptOptions } from '../../src/runner/types.ts';
import { parseTestCases } from '../../src/testcases/parseTestCases.ts';
import { runTestCase } from '../../src/testcases/runTestCase.ts';

const TRIP_PROMPT = `---
model: openai/gpt-4o
input:
  schema:
    city: string
output:
  format: json
  schema:
    city: string
    advice: string
toolDefs:
  - name: getWeather
    description: The weather in a city.
    inputSchema:
      city: string
  - name: getEvents
    description: Events in a city.
    inputSchema:
      city: string
---
Plan a day in {{city}}; answer as JSON.`;

function parsed(yaml: string) {
  const { file, diagnostics } = parseTestCases(yaml);
  assert.deepEqual(diagnostics, []);
  return file!;
}

describe('test cases with scripted tools', () => {
  let server: LocalProviderServer;
  let options: Pick<RunPromptOptions, 'credentials'>;

  before(async () => {
    server = await startLocalProviderServer({ apiKey: 'k' });
    options = { credentials: server.credentials };
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('runs a two-tool conversation from its script to the final JSON answer, and its assertions pass', async () => {
    server.setScript({
      '*': {
        toolCalls: (_request, turn) =>
          turn === 1
            ? [
                { name: 'getWeather', arguments: { city: 'Oslo' } },
                { name: 'getEvents', arguments: { city: 'Oslo' } },
              ]
            : turn === 2
              ? [{ name: 'getEvents', arguments: { city: 'Bergen' } }]
              : undefined,
        json: { city: 'Oslo', advice: 'Museum in the morning, concert at night.' },
      },
    });
    const file = parsed(`tests:
  - name: plans a rainy day
    input: { city: Oslo }
    tools:
      getWeather: { result: { sky: rain } }
      getEvents:
        results:
          - [concert]
          - [fjord trip]
    assert:
      - type: tool-called
        value: getWeather
        arguments: { type: object, properties: { city: { const: Oslo } }, required: [city] }
      - type: tool-called
        value: getEvents
        times: 2
      - type: json-schema
        schema: { type: object, required: [advice] }
      - type: equals
        value: { city: Oslo, advice: "Museum in the morning, concert at night." }
`);
    const outcome = await runTestCase(TRIP_PROMPT, file.tests[0]!, file.defaults, options);
    assert.equal(outcome.run.status, 'success', outcome.run.error?.message);
    assert.deepEqual(
      outcome.assertions.map((a) => [a.type, a.pass, a.reason]),
      [
        ['tool-called', true, "Tool 'getWeather' was called with arguments matching the JSON Schema"],
        ['tool-called', true, "Tool 'getEvents' was called 2 time(s)"],
        ['json-schema', true, 'Output matches the JSON Schema'],
        ['equals', true, 'Output equals the expected value'],
      ],
    );
    assert.equal(outcome.passed, true);
    assert.deepEqual(
      outcome.run.toolCalls?.map((call) => [call.turn, call.name, call.result]),
      [
        [1, 'getWeather', { sky: 'rain' }],
        [1, 'getEvents', ['concert']],
        [2, 'getEvents', ['fjord trip']],
      ],
    );
    assert.equal(server.requests.length, 3);
  });

  it('fails the case with a clear message when a tool has no scripted result', async () => {
    server.setScript({ '*': { toolCalls: [{ name: 'getEvents', arguments: { city: 'Oslo' } }], json: { city: 'Oslo', advice: 'x' } } });
    const file = parsed(`tests:
  - name: weather only
    input: { city: Oslo }
    tools:
      getWeather: { result: { sky: sun } }
    assert:
      - type: tool-called
        value: getEvents
`);
    const outcome = await runTestCase(TRIP_PROMPT, file.tests[0]!, file.defaults, options);
    assert.equal(outcome.passed, false);
    assert.equal(outcome.run.status, 'error');
    assert.match(outcome.run.error!.message, /no scripted result for tool 'getEvents'/);
    assert.match(outcome.assertions[0]!.reason, /no scripted result for tool 'getEvents'/);
  });

  it('fails the case when a tool is called more often than its results list', async () => {
    server.setScript({ '*': { toolCalls: (_request, turn) => (turn <= 2 ? [{ name: 'getWeather', arguments: { city: 'Oslo' } }] : undefined) } });
    const file = parsed(`tests:
  - name: asks twice
    input: { city: Oslo }
    tools:
      getWeather: { results: [{ sky: sun }] }
`);
    const outcome = await runTestCase(TRIP_PROMPT, file.tests[0]!, file.defaults, options);
    assert.equal(outcome.passed, false);
    assert.match(outcome.run.error!.message, /tool 'getWeather' was called 2 times but its script has 1 result/);
  });

  it('fails tool-called when the tool was not called, was called another number of times, or with other arguments', async () => {
    server.setScript({ '*': { toolCalls: [{ name: 'getWeather', arguments: { city: 'Rome' } }], json: { city: 'Rome', advice: 'Gelato.' } } });
    const file = parsed(`tests:
  - name: wrong tools
    input: { city: Rome }
    tools:
      getWeather: { result: { sky: sun } }
    assert:
      - { type: tool-called, value: getEvents }
      - { type: tool-called, value: getWeather, times: 2 }
      - { type: tool-called, value: getWeather, arguments: { properties: { city: { const: Oslo } } } }
`);
    const outcome = await runTestCase(TRIP_PROMPT, file.tests[0]!, file.defaults, options);
    assert.equal(outcome.run.status, 'success', outcome.run.error?.message);
    assert.deepEqual(
      outcome.assertions.map((a) => a.pass),
      [false, false, false],
    );
    assert.equal(outcome.assertions[0]!.reason, "Tool 'getEvents' was not called");
    assert.equal(outcome.assertions[1]!.reason, "Tool 'getWeather' was called 1 time(s), expected 2");
    assert.match(outcome.assertions[2]!.reason, /Arguments of tool 'getWeather' do not match the JSON Schema: \/city: must be equal to constant/);
  });

  it('runs the same scripted case on Gemini', async () => {
    server.setScript({ '*': { toolCalls: [{ name: 'getWeather', arguments: { city: 'Oslo' } }], json: { city: 'Oslo', advice: 'Coat.' } } });
    const file = parsed(`defaults:
  model: googleai/gemini-2.5-flash
tests:
  - name: on gemini
    input: { city: Oslo }
    tools:
      getWeather: { result: { sky: snow } }
    assert:
      - { type: tool-called, value: getWeather, times: 1 }
      - { type: equals, value: { city: Oslo, advice: Coat. } }
`);
    const outcome = await runTestCase(TRIP_PROMPT, file.tests[0]!, file.defaults, options);
    assert.equal(outcome.passed, true, JSON.stringify(outcome.assertions));
    assert.equal(server.requests[0]!.api, 'googleai');
  });

  it('reports the new keys in a tests file at their position', () => {
    const { diagnostics } = parseTestCases(`tests:
  - name: bad
    tools:
      getWeather: { answer: 1 }
    assert:
      - { type: tool-called }
`);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.range.start.line]),
      [
        ['tests.0.tools.getWeather', 3],
        ['tests.0.assert.0.value', 5],
      ],
    );
  });
});
