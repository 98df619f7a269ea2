import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { PromptStack, PromptStackError, type Prompt } from '../src/index.ts';
import { freePort } from './support/backend.ts';
import { recordingFetch } from './support/recordingFetch.ts';
import { waitFor } from './support/waitFor.ts';
import { world, type World } from './support/world.ts';

const FALLBACK = fileURLToPath(new URL('./fixtures/support-reply.prompt', import.meta.url));

describe('getPrompt against the real server', function () {
  // The first test starts the server and migrates a fresh embedded database.
  this.timeout(240_000);
  let w: World;
  const clients: PromptStack[] = [];
  const client = (options: Partial<ConstructorParameters<typeof PromptStack>[0]> = {}) => {
    const ps = new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, onError: () => {}, ...options });
    clients.push(ps);
    return ps;
  };

  before(async () => {
    w = await world();
    await w.createPrompt('greet', 'Hello {{name}}, how can I help?');
  });
  after(async () => {
    for (const ps of clients) await ps.close();
  });

  it('fetches a prompt by label and renders it with Dotprompt', async () => {
    const ps = client();
    const prompt = await ps.getPrompt('greet');
    assert.equal(prompt.name, 'greet');
    assert.equal(prompt.version, 1);
    assert.equal(prompt.label, 'production');
    assert.equal(prompt.model, 'openai/gpt-4o-mini');
    assert.equal(prompt.origin, 'server');
    assert.match(prompt.contentHash, /\S+/);
    const rendered = await prompt.render({ name: 'Ada' });
    assert.equal(rendered.model, 'openai/gpt-4o-mini');
    assert.equal(rendered.messages.at(-1)!.content[0]!.text, 'Hello Ada, how can I help?');
  });

  it('serves a cached prompt as the same object and promise, without another request', async () => {
    const recorder = recordingFetch();
    const ps = client({ fetch: recorder.fetch });
    const first = ps.getPrompt('greet');
    const prompt = await first;
    const again = ps.getPrompt('greet');
    assert.equal(await again, prompt);
    assert.equal(ps.getPrompt('greet'), again, 'the same resolved promise every time');
    assert.equal(recorder.exchanges.length, 1);
  });

  it('revalidates after the TTL with If-None-Match, keeps the object on 304 and serves a moved label after', async () => {
    const id = await w.createPrompt('revalidated', 'Version one for {{name}}');
    const recorder = recordingFetch();
    const ps = client({ fetch: recorder.fetch, ttlMs: 1 });
    const v1 = await ps.getPrompt('revalidated');
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Stale: served at once while the revalidation runs in the background.
    assert.equal(await ps.getPrompt('revalidated'), v1);
    await waitFor(() => recorder.exchanges.length === 2 && recorder.exchanges[1]!.status !== 'failed');
    assert.equal(recorder.exchanges[1]!.status, 304, JSON.stringify(recorder.exchanges));
    assert.match(recorder.exchanges[1]!.ifNoneMatch ?? '', /^".+"$/);
    assert.equal(await ps.getPrompt('revalidated'), v1, 'a 304 keeps the same object');

    const version = await w.publish(id, '---\nmodel: openai/gpt-4o-mini\n---\nVersion two for {{name}}');
    await new Promise((resolve) => setTimeout(resolve, 5));
    let current: Prompt = v1;
    await waitFor(async () => {
      current = await ps.getPrompt('revalidated');
      return current.version === version;
    });
    assert.notEqual(current, v1);
    assert.equal((await current.render({ name: 'Ada' })).messages.at(-1)!.content[0]!.text, 'Version two for Ada');
    assert.ok(recorder.exchanges.some((exchange) => exchange.status === 200 && exchange.ifNoneMatch !== undefined));
  });

  it('serves an exact version when asked, cached apart from the label', async () => {
    const id = await w.createPrompt('versioned', 'One {{x}}');
    await w.publish(id, '---\nmodel: openai/gpt-4o-mini\n---\nTwo {{x}}');
    const ps = client();
    const [label, one] = await Promise.all([ps.getPrompt('versioned'), ps.getPrompt('versioned', { version: 1 })]);
    assert.equal(label.version, 2);
    assert.equal(one.version, 1);
  });

  it('throws a clear 404 error for an unknown prompt on a first fetch with no fallback', async () => {
    const ps = client();
    await assert.rejects(ps.getPrompt('no-such-prompt'), (error: unknown) => {
      assert.ok(error instanceof PromptStackError);
      assert.equal(error.status, 404);
      assert.match(error.message, /Cannot fetch prompt 'no-such-prompt': 404/);
      return true;
    });
  });

  it('reads the fallback file when the server cannot be reached, and reports why to onError', async () => {
    const errors: PromptStackError[] = [];
    const ps = new PromptStack({ apiKey: 'psk_unused', baseUrl: `http://127.0.0.1:${await freePort()}`, onError: (error) => errors.push(error) });
    clients.push(ps);
    const prompt = await ps.getPrompt('support-reply', { fallback: FALLBACK });
    assert.equal(prompt.origin, 'fallback');
    assert.equal(prompt.version, 0);
    assert.equal(prompt.model, 'openai/gpt-4o-mini');
    assert.equal(prompt.config.temperature, 0.2);
    assert.equal((await prompt.render({ customer: 'Ada' })).messages.at(-1)!.content[0]!.text, 'Fallback reply to Ada.');
    assert.match(errors[0]!.message, /Cannot fetch prompt 'support-reply': cannot reach/);
    // Another prompt, without a fallback: its first fetch throws (the one above stays cached).
    await assert.rejects(ps.getPrompt('support-reply-2'), /cannot reach/, 'without a fallback a first fetch throws');
    assert.equal(await ps.getPrompt('support-reply', { fallback: FALLBACK }), prompt);
  });

  it('gives up on a slow server after timeoutMs and serves the fallback', async () => {
    // The real server, paused (SIGSTOP): it accepts connections and answers nothing.
    const errors: PromptStackError[] = [];
    const ps = new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, timeoutMs: 300, onError: (error) => errors.push(error) });
    clients.push(ps);
    w.backend.pause();
    try {
      const prompt = await ps.getPrompt('support-reply', { fallback: FALLBACK });
      assert.equal(prompt.origin, 'fallback');
      assert.match(errors[0]!.message, /no answer within 300 ms/);
    } finally {
      w.backend.resume();
    }
  });

  it('refuses an API key it does not know with 401', async () => {
    const ps = new PromptStack({ apiKey: 'psk_not_a_real_key', baseUrl: w.backend.url, onError: () => {} });
    clients.push(ps);
    await assert.rejects(ps.getPrompt('greet'), (error: unknown) => error instanceof PromptStackError && error.status === 401);
  });
});
