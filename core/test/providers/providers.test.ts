import { strict as assert } from 'node:assert';
import type { Message } from 'dotprompt';
import { createAnthropicProvider } from '../../src/providers/anthropicProvider.ts';
import { createOpenAIProvider } from '../../src/providers/openaiProvider.ts';
import { createProvider, createProviderRegistry } from '../../src/providers/createProvider.ts';
import { classifyProviderError } from '../../src/providers/errors.ts';
import { resolveModel } from '../../src/providers/resolveModel.ts';
import { RUNNABLE_PROVIDER_IDS, type RunnableProviderId } from '../../src/providers/runnableProviders.ts';
import type { ChatProvider, ChatRequest, Chunk } from '../../src/providers/types.ts';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';

const conversation: Message[] = [
  { role: 'system', content: [{ text: 'You are terse.' }] },
  { role: 'user', content: [{ text: 'First question' }] },
  { role: 'model', content: [{ text: 'First answer' }] },
  { role: 'user', content: [{ text: 'Look at ' }, { media: { url: 'data:image/png;base64,iVBORw0KGgo=', contentType: 'image/png' } }] },
  { role: 'user', content: [{ text: 'and tell me more' }] },
];

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('providers over the real SDKs against the local provider', () => {
  let server: LocalProviderServer;
  let openai: ChatProvider;
  let anthropic: ChatProvider;

  before(async () => {
    server = await startLocalProviderServer({ apiKey: 'test-key' });
    openai = createOpenAIProvider({ apiKey: 'test-key', baseURL: server.openaiBaseUrl });
    anthropic = createAnthropicProvider({ apiKey: 'test-key', baseURL: server.anthropicBaseUrl });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.setScript({});
  });

  const simple: ChatRequest = { model: 'gpt-4o', messages: [{ role: 'user', content: [{ text: 'Say hello' }] }], config: {} };

  it('completes with OpenAI JSON and reports usage', async () => {
    const completion = await openai.complete(simple);
    assert.equal(completion.text, 'Echo: Say hello');
    assert.deepEqual(completion.usage, { inputTokens: 2, outputTokens: 3 });
    assert.equal(completion.finishReason, 'stop');
  });

  it('streams with OpenAI, ending with one usage chunk', async () => {
    const chunks = await collect(openai.stream(simple));
    const text = chunks.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('');
    assert.equal(text, 'Echo: Say hello');
    assert.deepEqual(chunks.at(-1), { type: 'usage', usage: { inputTokens: 2, outputTokens: 3 }, finishReason: 'stop', model: 'gpt-4o' });
    assert.equal(chunks.filter((c) => c.type === 'usage').length, 1);
    assert.deepEqual(server.requests[0]!.body.stream_options, { include_usage: true });
  });

  it('completes with Anthropic JSON and reports usage', async () => {
    const completion = await anthropic.complete({ ...simple, model: 'claude-3-5-haiku-20241022' });
    assert.equal(completion.text, 'Echo: Say hello');
    assert.deepEqual(completion.usage, { inputTokens: 2, outputTokens: 3 });
    assert.equal(completion.finishReason, 'end_turn');
  });

  it('streams with Anthropic, taking usage from message_start and message_delta', async () => {
    server.setScript({ '*': { tokensPerChunk: 2 } });
    const chunks = await collect(anthropic.stream({ ...simple, model: 'claude-3-5-haiku-20241022' }));
    assert.deepEqual(
      chunks.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text),
      ['Echo: Say ', 'hello'],
    );
    assert.deepEqual(chunks.at(-1), {
      type: 'usage',
      usage: { inputTokens: 2, outputTokens: 3 },
      finishReason: 'end_turn',
      model: 'claude-3-5-haiku-20241022',
    });
  });

  it('reports the input tokens OpenAI read from its prompt cache, streamed or not', async () => {
    const long: ChatRequest = { ...simple, messages: [{ role: 'user', content: [{ text: 'one two three four five six' }] }] };
    server.setScript({ '*': { cachedInputTokens: 4 } });
    const completion = await openai.complete(long);
    assert.deepEqual(completion.usage, { inputTokens: 6, outputTokens: 7, cachedInputTokens: 4 });
    const chunks = await collect(openai.stream(long));
    assert.deepEqual(chunks.at(-1), { type: 'usage', usage: { inputTokens: 6, outputTokens: 7, cachedInputTokens: 4 }, finishReason: 'stop', model: 'gpt-4o' });
  });

  it("counts Anthropic's cache reads as input tokens and reports them apart, streamed or not", async () => {
    const long: ChatRequest = {
      ...simple,
      model: 'claude-3-5-haiku-20241022',
      messages: [{ role: 'user', content: [{ text: 'one two three four five six' }] }],
    };
    server.setScript({ '*': { cachedInputTokens: 4 } });
    const completion = await anthropic.complete(long);
    // The wire says input_tokens 2 and cache_read_input_tokens 4: six input tokens in all.
    assert.deepEqual(completion.usage, { inputTokens: 6, outputTokens: 7, cachedInputTokens: 4 });
    const chunks = await collect(anthropic.stream(long));
    assert.deepEqual((chunks.at(-1) as { usage: unknown }).usage, { inputTokens: 6, outputTokens: 7, cachedInputTokens: 4 });
  });

  it('sends OpenAI roles: system, user, assistant for model, and images as image_url parts', async () => {
    await openai.complete({ ...simple, messages: conversation });
    const sent = server.requests[0]!.body.messages;
    assert.deepEqual(
      sent.map((m: { role: string }) => m.role),
      ['system', 'user', 'assistant', 'user', 'user'],
    );
    assert.equal(sent[0].content, 'You are terse.');
    assert.equal(sent[2].content, 'First answer');
    assert.deepEqual(sent[3].content, [
      { type: 'text', text: 'Look at ' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
    ]);
  });

  it('sends Anthropic a top-level system, assistant for model, and merges consecutive user turns', async () => {
    await anthropic.complete({ ...simple, model: 'claude-3-5-haiku-20241022', messages: conversation });
    const body = server.requests[0]!.body;
    assert.equal(body.system, 'You are terse.');
    assert.deepEqual(
      body.messages.map((m: { role: string }) => m.role),
      ['user', 'assistant', 'user'],
    );
    assert.deepEqual(body.messages[2].content, [
      { type: 'text', text: 'Look at ' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'text', text: 'and tell me more' },
    ]);
  });

  it('maps config to OpenAI parameters, max_completion_tokens for catalog models and max_tokens for compatible servers', async () => {
    const config = { temperature: 0.3, maxOutputTokens: 2, topP: 0.9, topK: 5, stopSequences: ['END'] };
    const completion = await openai.complete({ ...simple, config });
    await openai.complete({ ...simple, model: 'llama3', config, compatible: true });
    const [known, compatible] = server.requests.map((r) => r.body);
    assert.deepEqual(
      {
        temperature: known.temperature,
        top_p: known.top_p,
        max_completion_tokens: known.max_completion_tokens,
        stop: known.stop,
        top_k: known.top_k,
        max_tokens: known.max_tokens,
      },
      { temperature: 0.3, top_p: 0.9, max_completion_tokens: 2, stop: ['END'], top_k: undefined, max_tokens: undefined },
    );
    assert.equal(compatible.max_tokens, 2);
    assert.equal(compatible.max_completion_tokens, undefined);
    assert.equal(completion.finishReason, 'length');
    assert.equal(completion.text, 'Echo: Say ');
  });

  it('maps config to Anthropic parameters, with max_tokens defaulted when absent', async () => {
    await anthropic.complete({
      ...simple,
      model: 'claude-3-5-haiku-20241022',
      config: { temperature: 0.5, topP: 0.8, topK: 7, stopSequences: ['STOP'] },
      defaultMaxOutputTokens: 321,
    });
    await anthropic.complete({ ...simple, model: 'claude-3-5-haiku-20241022', config: { maxOutputTokens: 64 } });
    const [first, second] = server.requests.map((r) => r.body);
    assert.deepEqual(
      { max_tokens: first.max_tokens, temperature: first.temperature, top_p: first.top_p, top_k: first.top_k, stop_sequences: first.stop_sequences },
      { max_tokens: 321, temperature: 0.5, top_p: 0.8, top_k: 7, stop_sequences: ['STOP'] },
    );
    assert.equal(second.max_tokens, 64);
  });

  it('never reads env variables: a key given without a base URL goes to the public API, not to OPENAI_BASE_URL', async () => {
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL, org: process.env.OPENAI_ORG_ID };
    process.env.OPENAI_API_KEY = 'test-key';
    process.env.OPENAI_BASE_URL = server.openaiBaseUrl;
    process.env.OPENAI_ORG_ID = 'org-from-env';
    const restore = (name: string, value: string | undefined) => (value === undefined ? delete process.env[name] : (process.env[name] = value));
    try {
      const provider = createProvider('openai', { apiKey: 'workspace-key' });
      // No internet here: the public API's host does not resolve, which is the proof it was the target.
      await assert.rejects(provider.complete(simple), (error: unknown) => {
        // Classified as the runner does: the provider's own classes first (its SDK loads on first use).
        const classified = provider.classifyError?.(error, Date.now()) ?? classifyProviderError(error);
        assert.equal(classified.kind, 'network', classified.message);
        return true;
      });
      assert.equal(server.requests.length, 0);
    } finally {
      restore('OPENAI_API_KEY', saved.key);
      restore('OPENAI_BASE_URL', saved.url);
      restore('OPENAI_ORG_ID', saved.org);
    }
  });

  it('refuses to create a provider for an id that is not runnable', () => {
    assert.throws(() => createProvider('mistral' as RunnableProviderId), /Unknown provider 'mistral': runnable providers are openai, anthropic, googleai/);
    const registry = createProviderRegistry({ openai: { apiKey: 'k', baseURL: server.openaiBaseUrl } });
    assert.deepEqual(Object.keys(registry), [...RUNNABLE_PROVIDER_IDS]);
    assert.equal(registry.anthropic.id, 'anthropic');
  });
});

describe('resolveModel', () => {
  const table: [string, string, string, boolean][] = [
    ['openai/gpt-4o', 'openai', 'gpt-4o', true],
    ['gpt-4o-mini', 'openai', 'gpt-4o-mini', true],
    ['anthropic/claude-3-haiku', 'anthropic', 'claude-3-haiku-20240307', true],
    ['claude-3-5-sonnet-20240620', 'anthropic', 'claude-3-5-sonnet-20240620', true],
    ['openai/llama3.1:8b', 'openai', 'llama3.1:8b', false],
    ['anthropic/claude-next', 'anthropic', 'claude-next', false],
    ['googleai/gemini-2.5-flash', 'googleai', 'gemini-2.5-flash', true],
    ['gemini-1.5-pro', 'googleai', 'gemini-1.5-pro', true],
    ['googleai/gemini-3.0-ultra', 'googleai', 'gemini-3.0-ultra', false],
  ];
  for (const [id, provider, apiModel, known] of table) {
    it(`routes ${id} to ${provider} as ${apiModel}`, () => {
      const resolved = resolveModel(id);
      assert.ok(resolved.ok);
      assert.equal(resolved.model.provider, provider);
      assert.equal(resolved.model.apiModel, apiModel);
      assert.equal(resolved.model.info !== undefined, known);
    });
  }

  it('refuses an unknown bare id and a provider that cannot run', () => {
    const unknown = resolveModel('mystery-model');
    // Vertex AI is another API with another sign-in: its ids validate in the editor but do not run.
    const vertex = resolveModel('vertexai/gemini-1.5-pro');
    const vertexUnknown = resolveModel('vertexai/gemini-next');
    assert.ok(!unknown.ok && /Unknown model 'mystery-model'/.test(unknown.message));
    assert.ok(!vertex.ok && /cannot be run/.test(vertex.message));
    assert.ok(!vertexUnknown.ok && /Provider 'vertexai'/.test(vertexUnknown.message));
  });
});
