import { strict as assert } from 'node:assert';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { costUsd, findModel } from '../../src/models/catalog.ts';
import { createProviderRegistry } from '../../src/providers/createProvider.ts';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';
import { unconfiguredProviders } from '../../src/providers/unconfiguredProviders.ts';
import { runPrompt } from '../../src/runner/runPrompt.ts';
import type { RunPromptOptions } from '../../src/runner/types.ts';
import { fakeClock } from './helpers.ts';

const greeting = `---
model: openai/gpt-4o
config:
  temperature: 0.2
input:
  schema:
    name: string
    age?: integer
---
{{role "system"}}You greet people.
{{role "user"}}Hello {{name}}`;

const claudePrompt = `---
model: anthropic/claude-3-5-haiku
config:
  maxOutputTokens: 50
---
{{role "system"}}Be brief.
{{role "user"}}Ping`;

const geminiPrompt = `---
model: googleai/gemini-2.5-flash
config:
  maxOutputTokens: 50
---
{{role "system"}}Be brief.
{{role "user"}}Ping`;

describe('runPrompt against the local provider', () => {
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

  it('runs a prompt and prices its usage at the run date', async () => {
    const clock = fakeClock();
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, clock });
    assert.equal(result.status, 'success');
    assert.equal(result.output, 'Echo: Hello Ada');
    assert.equal(result.provider, 'openai');
    assert.equal(result.model, 'openai/gpt-4o');
    assert.equal(result.apiModel, 'gpt-4o');
    assert.equal(result.attempts, 1);
    // Server counts words: "You greet people." + "Hello Ada" = 5 in, "Echo: Hello Ada" = 3 out.
    assert.deepEqual([result.inputTokens, result.outputTokens], [5, 3]);
    const expected = costUsd(findModel('gpt-4o')!, { inputTokens: 5, outputTokens: 3 }, new Date('2025-06-01'));
    assert.equal(result.costUsd, expected);
    assert.equal(result.costUsd, (5 * 2.5 + 3 * 10) / 1_000_000);
    assert.equal(result.priced, true);
    assert.deepEqual(
      result.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.equal(server.requests[0]!.body.temperature, 0.2);
  });

  it('prices the input tokens the provider read from its cache at the cached price', async () => {
    server.setScript({ '*': { cachedInputTokens: 4 } });
    const at = Date.parse('2026-12-01T00:00:00Z');
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, model: 'openai/gpt-5', clock: fakeClock(at) });
    assert.equal(result.status, 'success');
    assert.deepEqual([result.inputTokens, result.cachedInputTokens, result.outputTokens], [5, 4, 3]);
    // GPT-5: $1.25 input, $0.125 cached input, $10 output per 1M tokens.
    assert.ok(Math.abs(result.costUsd - (1 * 1.25 + 4 * 0.125 + 3 * 10) / 1_000_000) < 1e-15, String(result.costUsd));
    const claude = await runPrompt({ ...base, source: claudePrompt, model: 'anthropic/claude-opus-4-5', clock: fakeClock(at) });
    // Claude Opus 4.5: $5 input, $0.50 cache read, $25 output per 1M; the server caches at most what was sent.
    assert.equal(claude.cachedInputTokens, Math.min(4, claude.inputTokens));
    const uncached = claude.inputTokens - claude.cachedInputTokens!;
    assert.ok(
      Math.abs(claude.costUsd - (uncached * 5 + claude.cachedInputTokens! * 0.5 + claude.outputTokens * 25) / 1_000_000) < 1e-15,
      String(claude.costUsd),
    );
  });

  it('prices a run by the price in force on its date', async () => {
    // o3 cost $10 / $40 per 1M until 2025-06-10, $2 / $8 after.
    const o3 = { ...base, source: greeting, input: { name: 'Ada' }, model: 'openai/o3' };
    const before = await runPrompt({ ...o3, clock: fakeClock(Date.parse('2025-05-01T00:00:00Z')) });
    const after = await runPrompt({ ...o3, clock: fakeClock(Date.parse('2025-07-01T00:00:00Z')) });
    assert.equal(before.costUsd, (5 * 10 + 3 * 40) / 1_000_000);
    assert.equal(after.costUsd, (5 * 2 + 3 * 8) / 1_000_000);
  });

  it('streams tokens to onToken and records the same output', async () => {
    server.setScript({ '*': { tokensPerChunk: 1 } });
    const tokens: string[] = [];
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, onToken: (t) => tokens.push(t) });
    assert.deepEqual(tokens, ['Echo: ', 'Hello ', 'Ada']);
    assert.equal(result.output, 'Echo: Hello Ada');
    assert.deepEqual([result.inputTokens, result.outputTokens], [5, 3]);
    assert.equal(server.requests[0]!.stream, true);
  });

  it('sends Anthropic the system prompt apart and the catalog id of a short model name', async () => {
    const result = await runPrompt({ ...base, source: claudePrompt, stream: true });
    assert.equal(result.status, 'success');
    const request = server.requests[0]!;
    assert.equal(request.api, 'anthropic');
    assert.equal(request.body.model, 'claude-3-5-haiku-20241022');
    // Exactly what dotprompt rendered, trailing newline included.
    assert.equal(request.body.system, 'Be brief.\n');
    assert.equal(request.body.max_tokens, 50);
    assert.deepEqual(request.body.messages, [{ role: 'user', content: 'Ping' }]);
  });

  it('applies model and config overrides over the frontmatter', async () => {
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, model: 'openai/gpt-4o-mini', config: { temperature: 1.1 } });
    assert.equal(result.model, 'openai/gpt-4o-mini');
    assert.equal(server.requests[0]!.body.model, 'gpt-4o-mini');
    assert.equal(server.requests[0]!.body.temperature, 1.1);
  });

  it('runs an unknown openai/ model on an OpenAI-compatible server without a price', async () => {
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, model: 'openai/llama3.1:8b', config: { maxOutputTokens: 10 } });
    assert.equal(result.status, 'success');
    assert.equal(result.priced, false);
    assert.equal(result.costUsd, 0);
    assert.equal(server.requests[0]!.body.max_tokens, 10);
  });

  it('runs a googleai/ Gemini prompt, streamed, priced from the catalog', async () => {
    const tokens: string[] = [];
    const result = await runPrompt({ ...base, source: geminiPrompt, input: {}, clock: fakeClock(Date.parse('2025-07-01')), onToken: (t) => tokens.push(t) });
    assert.equal(result.status, 'success', result.error?.message);
    assert.equal(result.provider, 'googleai');
    assert.equal(result.output, 'Echo: Ping');
    assert.equal(tokens.join(''), 'Echo: Ping');
    assert.equal(
      result.costUsd,
      costUsd(findModel('gemini-2.5-flash')!, { inputTokens: result.inputTokens, outputTokens: result.outputTokens }, new Date('2025-07-01')),
    );
    assert.equal(result.costUsd, (3 * 0.3 + 2 * 2.5) / 1_000_000);
    const body = server.requests[0]!.body;
    assert.deepEqual(body.systemInstruction.parts, [{ text: 'Be brief.\n' }]);
    assert.deepEqual(body.generationConfig, { maxOutputTokens: 50 });
  });

  it('retries a Gemini 429 after the delay its error body gives', async () => {
    server.setScript({ 'gemini-*': { failFirst: 1, failWith: { status: 429, retryAfter: 2 } } });
    const clock = fakeClock();
    const result = await runPrompt({ ...base, source: geminiPrompt, input: {}, clock });
    assert.equal(result.status, 'success', result.error?.message);
    assert.equal(result.attempts, 2);
    assert.deepEqual(clock.sleeps, [2000]);
    assert.equal(server.requests.length, 2);
  });

  it('names a missing variable before any provider call', async () => {
    const result = await runPrompt({ ...base, source: greeting, input: {} });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'invalid_input');
    assert.match(result.error!.message, /Missing input variable 'name'/);
    assert.equal(result.attempts, 0);
    assert.equal(server.requests.length, 0);
  });

  it('names a wrongly typed variable before any provider call', async () => {
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada', age: 'old' } });
    assert.equal(result.error?.kind, 'invalid_input');
    assert.match(result.error!.message, /'age' must be integer or null, got string/);
    assert.equal(server.requests.length, 0);
  });

  it('reports an unknown model as invalid input', async () => {
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, model: 'gpt-99' });
    assert.equal(result.error?.kind, 'invalid_input');
    assert.match(result.error!.message, /Unknown model 'gpt-99'/);
    assert.equal(server.requests.length, 0);
  });

  it('retries a 429 after the Retry-After seconds, then succeeds', async () => {
    server.setScript({ 'gpt-4o': { failFirst: 2, failWith: { status: 429, retryAfter: 2 } } });
    const clock = fakeClock();
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, clock });
    assert.equal(result.status, 'success');
    assert.equal(result.attempts, 3);
    assert.deepEqual(clock.sleeps, [2000, 2000]);
    assert.equal(server.requests.length, 3);
  });

  it('honours a Retry-After given as an HTTP date', async () => {
    const start = Date.parse('2025-06-01T12:00:00.250Z');
    const clock = fakeClock(start);
    const retryAt = new Date('2025-06-01T12:00:05Z');
    server.setScript({ 'gpt-4o': { failFirst: 1, failWith: { status: 429, retryAfter: retryAt.toUTCString() } } });
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, clock });
    assert.equal(result.status, 'success');
    assert.equal(clock.sleeps.length, 1);
    assert.deepEqual(clock.sleeps, [4750]);
  });

  it('retries a 500 with exponential backoff and jitter', async () => {
    server.setScript({ 'gpt-4o': { failFirst: 2, failWith: { status: 500 } } });
    const clock = fakeClock();
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, clock, random: () => 0.5, retry: { baseDelayMs: 100, jitter: 0.5 } });
    assert.equal(result.status, 'success');
    assert.deepEqual(clock.sleeps, [75, 150]);
  });

  it('gives up after the last attempt with the provider error', async () => {
    server.setScript({ 'gpt-4o': { failureRate: 1, failWith: { status: 503, message: 'down for maintenance' } } });
    const clock = fakeClock();
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, clock, retry: { maxAttempts: 4 } });
    assert.equal(result.status, 'error');
    assert.deepEqual(result.error, { kind: 'provider', message: 'down for maintenance', status: 503 });
    assert.equal(result.attempts, 4);
    assert.equal(server.requests.length, 4);
  });

  it('does not retry a 400', async () => {
    server.setScript({ 'gpt-4o': { failureRate: 1, failWith: { status: 400, message: 'bad request' } } });
    const clock = fakeClock();
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, clock });
    assert.deepEqual(result.error, { kind: 'provider', message: 'bad request', status: 400 });
    assert.equal(result.attempts, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it('does not retry a 401 and reports it as an auth error', async () => {
    const result = await runPrompt({
      source: claudePrompt,
      credentials: { anthropic: { apiKey: 'wrong', baseURL: server.anthropicBaseUrl } },
      clock: fakeClock(),
    });
    assert.deepEqual(result.error, { kind: 'auth', message: 'Invalid API key', status: 401 });
    assert.equal(result.attempts, 1);
  });

  it("refuses a provider with no credentials at once, with the caller's message, calling nothing and not retrying", async () => {
    // Anthropic left out, Gemini with both fields unset (as an env of empty variables reads).
    const unconfigured = unconfiguredProviders(
      { openai: server.credentials.openai!, googleai: { apiKey: undefined, baseURL: '' } },
      (provider) => `No ${provider.label} key: set one`,
    );
    const result = await runPrompt({ source: claudePrompt, providers: unconfigured.providers, clock: fakeClock() });
    assert.equal(result.status, 'error');
    assert.deepEqual(result.error, { kind: 'auth', message: 'No Anthropic key: set one' });
    assert.equal(result.attempts, 1);
    assert.deepEqual([...unconfigured.called], ['anthropic']);
    assert.equal(server.requests.length, 0);
    // A provider that has credentials is not stood in for.
    assert.equal(unconfigured.providers.openai, undefined);
    const streamed = await runPrompt({ source: geminiPrompt, providers: unconfigured.providers, onToken: () => {}, clock: fakeClock() });
    assert.deepEqual(streamed.error, { kind: 'auth', message: 'No Google Gemini key: set one' });
    assert.equal(server.requests.length, 0);
  });

  it('ends an attempt that takes longer than the timeout as a timeout error', async () => {
    server.setScript({ 'gpt-4o': { latencyMs: 5_000 } });
    const result = await runPrompt({ ...base, source: greeting, input: { name: 'Ada' }, timeoutMs: 50 });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'timeout');
    assert.equal(result.attempts, 1);
  });

  it('cancels mid-stream, keeping what streamed so far', async () => {
    server.setScript({ '*': { output: 'one two three four five six seven eight', chunkDelayMs: 20 } });
    const controller = new AbortController();
    const tokens: string[] = [];
    const result = await runPrompt({
      ...base,
      source: claudePrompt,
      signal: controller.signal,
      onToken: (token) => {
        tokens.push(token);
        if (tokens.length === 2) controller.abort();
      },
    });
    assert.equal(result.status, 'error');
    assert.equal(result.error?.kind, 'cancelled');
    assert.equal(result.output, 'one two ');
    assert.equal(result.attempts, 1);
  });

  it('reports a connection failure as a network error after retrying', async () => {
    const clock = fakeClock();
    const result = await runPrompt({
      source: greeting,
      input: { name: 'Ada' },
      credentials: { openai: { apiKey: 'k', baseURL: 'http://127.0.0.1:1/v1' } },
      clock,
    });
    assert.equal(result.error?.kind, 'network');
    assert.equal(result.attempts, 3);
  });

  it('retries an answer cut off after its head as a network error, but not a stream that already gave tokens', async () => {
    // A server of our own (the local provider always finishes its answers): the first answer of
    // each kind stops mid-body and the connection drops; the next one is whole.
    const completion = JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: 'gpt-4o-mini',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Whole answer' }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 2, completion_tokens: 2, total_tokens: 4 },
    });
    const chunk = (content: string) =>
      `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 0, model: 'gpt-4o-mini', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      req.resume();
      req.on('end', () => {
        if (requests === 1) {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(completion.length) });
          res.write(completion.slice(0, 20));
        } else if (requests === 3) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.write(chunk('Half '));
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(completion);
          return;
        }
        setTimeout(() => res.socket?.destroy(), 20);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const credentials = { openai: { apiKey: 'k', baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` } };
    try {
      const retried = await runPrompt({ source: greeting, input: { name: 'Ada' }, credentials, clock: fakeClock() });
      assert.equal(retried.status, 'success', JSON.stringify(retried.error));
      assert.equal(retried.output, 'Whole answer');
      assert.equal(retried.attempts, 2);

      const tokens: string[] = [];
      const cut = await runPrompt({ source: greeting, input: { name: 'Ada' }, credentials, clock: fakeClock(), onToken: (token) => tokens.push(token) });
      assert.equal(cut.status, 'error');
      assert.equal(cut.error?.kind, 'network');
      assert.match(cut.error!.message, /connection to the provider broke.*ECONNRESET/);
      assert.deepEqual(tokens, ['Half ']);
      assert.equal(cut.output, 'Half ');
      assert.equal(cut.attempts, 1, 'tokens already reached the caller: a retry would repeat them');
      assert.equal(requests, 3);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('reuses providers from a registry', async () => {
    const providers = createProviderRegistry(base.credentials);
    const results = await Promise.all([1, 2, 3].map((n) => runPrompt({ source: greeting, input: { name: `N${n}` }, providers })));
    assert.deepEqual(results.map((r) => r.output).sort(), ['Echo: Hello N1', 'Echo: Hello N2', 'Echo: Hello N3']);
  });
});
