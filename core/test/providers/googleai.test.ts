import { strict as assert } from 'node:assert';
import type { Message } from 'dotprompt';
import { createProvider } from '../../src/providers/createProvider.ts';
import { classifyProviderError } from '../../src/providers/errors.ts';
import type { ChatProvider, ChatRequest, Chunk } from '../../src/providers/types.ts';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';

async function collect(stream: AsyncIterable<Chunk>): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** What the runner does with a provider's error. */
async function classifiedFailure(provider: ChatProvider, request: ChatRequest) {
  try {
    await provider.complete(request);
  } catch (error) {
    return provider.classifyError?.(error, Date.now()) ?? classifyProviderError(error);
  }
  assert.fail('the call succeeded');
}

describe('Gemini provider over @google/genai against the local provider', () => {
  let server: LocalProviderServer;
  let gemini: ChatProvider;

  before(async () => {
    server = await startLocalProviderServer({ apiKey: 'gemini-key' });
    gemini = createProvider('googleai', { apiKey: 'gemini-key', baseURL: server.baseUrls.googleai });
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.setScript({});
  });

  const simple: ChatRequest = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: [{ text: 'Say hello' }] }], config: {} };

  it('completes over generateContent with the key in x-goog-api-key, reporting usage and finish reason', async () => {
    const completion = await gemini.complete(simple);
    assert.deepEqual(completion, { text: 'Echo: Say hello', usage: { inputTokens: 2, outputTokens: 3 }, finishReason: 'STOP', model: 'gemini-2.5-flash' });
    const request = server.requests[0]!;
    assert.equal(request.api, 'googleai');
    assert.equal(request.path, '/v1beta/models/gemini-2.5-flash:generateContent');
    assert.equal(request.headers['x-goog-api-key'], 'gemini-key');
    assert.equal(request.stream, false);
  });

  it('streams over streamGenerateContent?alt=sse, ending with one usage chunk from the last event', async () => {
    server.setScript({ '*': { tokensPerChunk: 2 } });
    const chunks = await collect(gemini.stream(simple));
    assert.deepEqual(
      chunks.filter((c) => c.type === 'text').map((c) => (c as { text: string }).text),
      ['Echo: Say ', 'hello'],
    );
    assert.deepEqual(chunks.at(-1), { type: 'usage', usage: { inputTokens: 2, outputTokens: 3 }, finishReason: 'STOP', model: 'gemini-2.5-flash' });
    assert.equal(chunks.filter((c) => c.type === 'usage').length, 1);
    assert.equal(server.requests[0]!.path, '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    assert.equal(server.requests[0]!.stream, true);
  });

  it('sends system messages as systemInstruction, model turns as role model, merged user turns, inline images and generationConfig', async () => {
    const messages: Message[] = [
      { role: 'system', content: [{ text: 'You are terse.' }] },
      { role: 'user', content: [{ text: 'First question' }] },
      { role: 'model', content: [{ text: 'First answer' }] },
      { role: 'user', content: [{ text: 'Look at ' }, { media: { url: 'data:image/png;base64,iVBORw0KGgo=', contentType: 'image/png' } }] },
      { role: 'user', content: [{ text: 'and tell me more' }] },
    ];
    const config = { temperature: 0.5, topP: 0.8, topK: 7, maxOutputTokens: 64, stopSequences: ['STOP'] };
    const completion = await gemini.complete({ ...simple, messages, config });
    const body = server.requests[0]!.body;
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'You are terse.' }], role: 'user' });
    assert.deepEqual(body.contents, [
      { role: 'user', parts: [{ text: 'First question' }] },
      { role: 'model', parts: [{ text: 'First answer' }] },
      { role: 'user', parts: [{ text: 'Look at ' }, { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }, { text: 'and tell me more' }] },
    ]);
    assert.deepEqual(body.generationConfig, config);
    assert.equal(completion.text, 'Echo: Look at and tell me more');
  });

  it('reports MAX_TOKENS when the answer is cut at maxOutputTokens', async () => {
    const completion = await gemini.complete({ ...simple, config: { maxOutputTokens: 1 } });
    assert.deepEqual({ text: completion.text, finishReason: completion.finishReason }, { text: 'Echo: ', finishReason: 'MAX_TOKENS' });
  });

  it("classifies the SDK's errors: 429 retryable after the body's RetryInfo delay, 401 auth, 503 retryable, 400 final", async () => {
    server.setScript({ '*': { failureRate: 1, failWith: { status: 429, retryAfter: 3, message: 'Quota exceeded' } } });
    assert.deepEqual(await classifiedFailure(gemini, simple), {
      kind: 'rate_limit',
      message: 'Quota exceeded',
      status: 429,
      retryable: true,
      retryAfterMs: 3000,
    });
    server.setScript({ '*': { failureRate: 1, failWith: { status: 503, message: 'Overloaded' } } });
    assert.deepEqual(await classifiedFailure(gemini, simple), {
      kind: 'provider',
      message: 'Overloaded',
      status: 503,
      retryable: true,
      retryAfterMs: undefined,
    });
    server.setScript({ '*': { failureRate: 1, failWith: { status: 400, message: 'Bad request' } } });
    assert.deepEqual(await classifiedFailure(gemini, simple), { kind: 'provider', message: 'Bad request', status: 400, retryable: false });
    server.setScript({});
    const wrongKey = createProvider('googleai', { apiKey: 'wrong', baseURL: server.baseUrls.googleai });
    assert.deepEqual(await classifiedFailure(wrongKey, simple), { kind: 'auth', message: 'Invalid API key', status: 401, retryable: false });
  });

  it('never reads the SDK env variables: a key without a base URL goes to the public API, not GOOGLE_GEMINI_BASE_URL', async () => {
    const names = ['GOOGLE_API_KEY', 'GOOGLE_GEMINI_BASE_URL', 'GOOGLE_GENAI_USE_VERTEXAI', 'GOOGLE_GENAI_API_VERSION'] as const;
    const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
    Object.assign(process.env, {
      GOOGLE_API_KEY: 'gemini-key',
      GOOGLE_GEMINI_BASE_URL: server.baseUrls.googleai,
      GOOGLE_GENAI_USE_VERTEXAI: 'true',
      GOOGLE_GENAI_API_VERSION: 'v1',
    });
    try {
      // No internet here: the public host does not resolve, which shows where the call went.
      const failure = await classifiedFailure(createProvider('googleai', { apiKey: 'workspace-key' }), simple);
      assert.equal(failure.kind, 'network', failure.message);
      assert.equal(failure.retryable, true);
      assert.equal(server.requests.length, 0);
    } finally {
      for (const name of names) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  });
});
