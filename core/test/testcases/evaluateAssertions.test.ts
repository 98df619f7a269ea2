import { strict as assert } from 'node:assert';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';
import type { RunResult } from '../../src/runner/types.ts';
import { costUsd, findModel } from '../../src/models/catalog.ts';
import { evaluateAssertions, judgeCostUsd, testPassed } from '../../src/testcases/evaluateAssertions.ts';
import { parseJudgeAnswer } from '../../src/testcases/judge.ts';
import { parseTestCases } from '../../src/testcases/parseTestCases.ts';
import { runTestCase } from '../../src/testcases/runTestCase.ts';
import type { Assertion } from '../../src/testcases/schema.ts';

function run(output: string, extra: Partial<RunResult> = {}): RunResult {
  return {
    status: 'success',
    output,
    messages: [],
    model: 'openai/gpt-4o',
    config: {},
    inputTokens: 10,
    outputTokens: 5,
    costUsd: 0.002,
    priced: true,
    latencyMs: 120,
    durationMs: 120,
    startedAt: '2025-06-01T00:00:00.000Z',
    attempts: 1,
    ...extra,
  };
}

async function one(output: string, assertion: Assertion, extra: Partial<RunResult> = {}) {
  const [result] = await evaluateAssertions(run(output, extra), [assertion]);
  return result!;
}

describe('evaluateAssertions', () => {
  const table: [string, string, Assertion, boolean][] = [
    ['contains passes on a substring', 'Hello Ada', { type: 'contains', value: 'Ada' }, true],
    ['contains is case-sensitive by default', 'Hello Ada', { type: 'contains', value: 'ada' }, false],
    ['contains can ignore case', 'Hello Ada', { type: 'contains', value: 'ada', caseSensitive: false }, true],
    ['not-contains fails when the value is there', 'Hello Ada', { type: 'not-contains', value: 'Ada' }, false],
    ['not-contains passes when it is absent', 'Hello Ada', { type: 'not-contains', value: 'Bob' }, true],
    ['regex honours flags', 'hello', { type: 'regex', value: '^HELLO$', flags: 'i' }, true],
    ['regex fails on no match', 'hello', { type: 'regex', value: '^bye' }, false],
    ['regex reports an invalid pattern as a failure', 'x', { type: 'regex', value: '(' }, false],
    [
      'json-schema passes on matching JSON',
      '{"n": 3}',
      { type: 'json-schema', schema: { type: 'object', required: ['n'], properties: { n: { type: 'number' } } } },
      true,
    ],
    ['json-schema accepts fenced JSON', '```json\n{"n": 3}\n```', { type: 'json-schema', schema: { type: 'object' } }, true],
    ['json-schema fails on a schema mismatch', '{"n": "3"}', { type: 'json-schema', schema: { type: 'object', properties: { n: { type: 'number' } } } }, false],
    ['json-schema fails on non-JSON output', 'not json', { type: 'json-schema', schema: { type: 'object' } }, false],
    ['max-latency passes within the bound', 'x', { type: 'max-latency', ms: 120 }, true],
    ['max-latency fails beyond it', 'x', { type: 'max-latency', ms: 100 }, false],
    ['max-cost passes within the budget', 'x', { type: 'max-cost', usd: 0.01 }, true],
    ['max-cost fails over it', 'x', { type: 'max-cost', usd: 0.001 }, false],
    ['equals trims by default', ' Paris\n', { type: 'equals', value: 'Paris' }, true],
    ['equals compares non-string values as JSON', '{"a": [1, 2]}', { type: 'equals', value: { a: [1, 2] } }, true],
    ['equals fails on a different string', 'Lyon', { type: 'equals', value: 'Paris' }, false],
  ];
  for (const [name, output, assertion, pass] of table) {
    it(name, async () => {
      const result = await one(output, assertion);
      assert.equal(result.pass, pass, result.reason);
      assert.ok(result.reason.length > 0);
    });
  }

  it('fails every assertion of a failed run with the run error as reason', async () => {
    const failed = run('', { status: 'error', error: { kind: 'rate_limit', message: 'slow down', status: 429 } });
    const results = await evaluateAssertions(failed, [{ type: 'not-contains', value: 'x' }]);
    assert.equal(results[0]!.pass, false);
    assert.match(results[0]!.reason, /rate_limit.*slow down/);
    assert.equal(testPassed(failed, results), false);
  });

  it('reads judge scores in JSON, labelled and out-of-scale forms', () => {
    assert.deepEqual(parseJudgeAnswer('{"score": 0.9, "reason": "ok"}'), { score: 0.9, reason: 'ok' });
    assert.deepEqual(parseJudgeAnswer('Score: 8'), { score: 0.8 });
    assert.deepEqual(parseJudgeAnswer('no idea'), {});
  });
});

describe('llm-judge against the local provider', () => {
  let server: LocalProviderServer;
  let credentials: { openai: { apiKey: string; baseURL: string } };
  before(async () => {
    server = await startLocalProviderServer();
    credentials = { openai: { apiKey: 'k', baseURL: server.openaiBaseUrl } };
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('passes when the judge scores at or above the threshold, sending it the rubric and output', async () => {
    server.setScript({ 'gpt-4o-mini': { output: '{"score": 0.9, "reason": "polite and on topic"}' } });
    const [judged] = await evaluateAssertions(run('Hello Ada, nice to meet you'), [{ type: 'llm-judge', rubric: 'Is the greeting polite?', threshold: 0.8 }], {
      judge: { credentials },
    });
    assert.equal(judged!.pass, true, judged!.reason);
    assert.equal(judged!.score, 0.9);
    assert.match(judged!.reason, /polite and on topic/);
    // The judge's own call is priced like any run: the local provider counts words as tokens.
    const judge = judged!.judge!;
    assert.equal(judge.model, 'openai/gpt-4o-mini');
    assert.ok(judge.inputTokens > 0 && judge.outputTokens > 0, JSON.stringify(judge));
    assert.equal(judge.costUsd, costUsd(findModel('openai/gpt-4o-mini')!, { inputTokens: judge.inputTokens, outputTokens: judge.outputTokens }));
    assert.equal(judgeCostUsd([judged!, { ...judged!, judge: { ...judge, costUsd: 0.5 } }]), judge.costUsd + 0.5);
    const sent = JSON.stringify(server.requests.at(-1)!.body.messages);
    assert.match(sent, /Is the greeting polite\?/);
    assert.match(sent, /Hello Ada, nice to meet you/);
  });

  it('fails when the judge scores below the threshold', async () => {
    server.setScript({ '*': { output: '{"score": 0.4, "reason": "rude"}' } });
    const [judged] = await evaluateAssertions(run('Go away'), [{ type: 'llm-judge', rubric: 'Polite?', model: 'openai/gpt-4o' }], { judge: { credentials } });
    assert.equal(judged!.pass, false);
    assert.equal(judged!.score, 0.4);
    assert.equal(server.requests.at(-1)!.body.model, 'gpt-4o');
  });

  it('runs a test case from a tests file end to end', async () => {
    server.setScript({ 'gpt-4o-mini': { output: '{"score": 1}' }, '*': {} });
    const { file } = parseTestCases(`defaults:
  model: openai/gpt-4o
tests:
  - name: echoes the city
    input: { city: Paris }
    assert:
      - { type: contains, value: Paris }
      - { type: max-cost, usd: 0.01 }
      - { type: llm-judge, rubric: Mentions the city }
`);
    const source = '---\ninput:\n  schema:\n    city: string\n---\nTell me about {{city}}';
    const outcome = await runTestCase(source, file!.tests[0]!, file!.defaults, { credentials });
    assert.equal(outcome.run.output, 'Echo: Tell me about Paris');
    assert.deepEqual(
      outcome.assertions.map((a) => a.pass),
      [true, true, true],
    );
    assert.equal(outcome.passed, true);
  });
});

describe('json-schema assertions whose schemas share an $id', () => {
  it('checks each answer against its own schema', async () => {
    const schema = (type: string) => ({ $id: 'Answer', type: 'object', required: ['n'], properties: { n: { type } } });
    const number = await one('{"n": 3}', { type: 'json-schema', schema: schema('number') });
    const word = await one('{"n": "three"}', { type: 'json-schema', schema: schema('string') });
    const wrong = await one('{"n": 3}', { type: 'json-schema', schema: schema('string') });
    assert.deepEqual([number.pass, word.pass, wrong.pass], [true, true, false], JSON.stringify([number, word, wrong]));
    assert.match(wrong.reason, /must be string/);
  });
});
