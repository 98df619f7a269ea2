import { strict as assert } from 'node:assert';
import { startLocalProviderServer, type LocalProviderServer } from '../../src/local-provider/server.ts';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('local provider server', () => {
  let server: LocalProviderServer;
  before(async () => {
    server = await startLocalProviderServer();
  });
  after(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.setScript({});
  });

  const chat = { model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] };

  it('answers 401 in OpenAI format when the key is missing, and logs the request', async () => {
    const response = await post(`${server.openaiBaseUrl}/chat/completions`, chat);
    assert.equal(response.status, 401);
    assert.equal(response.body.error.message, 'Missing API key');
    assert.equal(server.requests[0]!.status, 401);
  });

  it('answers 401 in Anthropic format when x-api-key is missing', async () => {
    const response = await post(`${server.anthropicBaseUrl}/v1/messages`, { ...chat, max_tokens: 5 });
    assert.deepEqual(response.body, { type: 'error', error: { type: 'authentication_error', message: 'Missing API key' } });
  });

  it('answers Gemini routes in Google error format: 401 without x-goog-api-key, 400 without contents, 404 off its routes', async () => {
    const generate = `${server.baseUrls.googleai}/v1beta/models/gemini-2.5-flash:generateContent`;
    const missingKey = await post(generate, { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
    assert.deepEqual(missingKey.body, { error: { code: 401, message: 'Missing API key', status: 'UNAUTHENTICATED' } });
    const noContents = await post(generate, {}, { 'x-goog-api-key': 'k' });
    assert.deepEqual({ status: noContents.status, message: noContents.body.error.message }, { status: 400, message: 'contents: field required' });
    assert.equal((await post(`${server.baseUrls.googleai}/v1beta/models/gemini-2.5-flash:countTokens`, {}, { 'x-goog-api-key': 'k' })).status, 404);
    assert.deepEqual(
      server.requests.map((request) => [request.api, request.model, request.stream]),
      [
        ['googleai', 'gemini-2.5-flash', false],
        ['googleai', 'gemini-2.5-flash', false],
      ],
    );
  });

  it('sends 429 with Retry-After in the provider error format', async () => {
    server.setScript({ '*': { failureRate: 1, failWith: { status: 429, retryAfter: 7, message: 'slow down' } } });
    const response = await post(`${server.anthropicBaseUrl}/v1/messages`, { ...chat, max_tokens: 5 }, { 'x-api-key': 'k' });
    assert.equal(response.status, 429);
    assert.equal(response.headers.get('retry-after'), '7');
    assert.deepEqual(response.body.error, { type: 'rate_limit_error', message: 'slow down' });
  });

  it('fails the same requests for the same seed', async () => {
    const outcomes = async () => {
      server.setScript({ 'gpt-*': { failureRate: 0.5, seed: 42 } });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1) statuses.push((await post(`${server.openaiBaseUrl}/chat/completions`, chat, { authorization: 'Bearer k' })).status);
      return statuses;
    };
    const first = await outcomes();
    const second = await outcomes();
    assert.deepEqual(first, second);
    assert.ok(first.includes(500) && first.includes(200), `expected a mix, got ${first.join(',')}`);
  });

  it('answers with a scripted output function of the request', async () => {
    server.setScript({ judge: { output: (request) => `model=${request.model} turns=${request.body.messages.length}` } });
    const response = await post(`${server.openaiBaseUrl}/chat/completions`, { ...chat, model: 'judge' }, { authorization: 'Bearer k' });
    assert.equal(response.body.choices[0].message.content, 'model=judge turns=1');
  });

  it('rejects a body without messages with a 400', async () => {
    const response = await post(`${server.openaiBaseUrl}/chat/completions`, { model: 'x' }, { authorization: 'Bearer k' });
    assert.equal(response.status, 400);
  });
});
