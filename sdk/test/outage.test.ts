import assert from 'node:assert/strict';
import { PromptStack, type PromptStackError } from '../src/index.ts';
import { api } from './support/backend.ts';
import { waitFor } from './support/waitFor.ts';
import { world, type World } from './support/world.ts';

describe('the server going away and coming back', function () {
  this.timeout(400_000);
  let w: World;
  let ps: PromptStack;
  let promptId: string;
  const errors: PromptStackError[] = [];

  before(async () => {
    w = await world();
    promptId = await w.createPrompt('resilient', 'Help {{customer}}');
    ps = new PromptStack({
      apiKey: w.apiKey,
      baseUrl: w.backend.url,
      ttlMs: 50,
      timeoutMs: 1_000,
      retryBaseMs: 100,
      retryMaxMs: 1_000,
      flushIntervalMs: 100,
      flushOnExit: false,
      onError: (error) => errors.push(error),
    });
  });
  after(async () => {
    await ps?.close();
  });

  it('keeps serving the prompt and queues logs while the server is down, then delivers them once, after restart', async () => {
    const prompt = await ps.getPrompt('resilient');
    const log = (n: number) =>
      ps.logGeneration({ prompt, input: { customer: `c${n}` }, output: `o${n}`, usage: { inputTokens: 3, outputTokens: 2 }, latencyMs: 50 });
    for (let n = 0; n < 3; n++) log(n);
    await ps.flush();
    assert.equal(ps.stats.sent, 3);

    await w.backend.stop();
    // Past the TTL: every call still answers the last good copy (revalidations fail into onError).
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      assert.equal(await ps.getPrompt('resilient'), prompt);
    }
    await waitFor(() => errors.some((error) => /Cannot fetch prompt 'resilient': cannot reach/.test(error.message)));
    for (let n = 3; n < 8; n++) log(n);
    await waitFor(() => ps.stats.retries >= 2);
    assert.equal(ps.stats.queued, 5);
    assert.equal(ps.stats.sent, 3);

    await w.backend.start();
    // Delivered by the client's own timer and backoff, no flush needed.
    await waitFor(() => ps.stats.queued === 0, 60_000);
    const messages = errors.map((error) => error.message).join('\n');
    // A batch the server stored just as it went away, or stored after the client's timeout while it
    // was starting again, is retried and reported as duplicates: every generation counted once.
    assert.equal(ps.stats.sent + ps.stats.duplicates, 8, messages);
    assert.equal(ps.stats.rejected, 0, messages);
    assert.equal(ps.stats.dropped, 0, messages);
    const dashboard = await api(w.backend.url, 'GET', `/analytics?workspaceId=${w.workspaceId}&promptId=${promptId}&source=production`, w.token);
    assert.equal(dashboard.runs, 8, 'the server holds each generation exactly once');
    // The prompt is revalidated again (304: still the same object).
    errors.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(await ps.getPrompt('resilient'), prompt);
  });

  it('serves a prompt it has had once while the server is frozen, without waiting past timeoutMs', async () => {
    const answer = ps.getPrompt('resilient');
    const prompt = await answer;
    w.backend.pause();
    try {
      await new Promise((resolve) => setTimeout(resolve, 60));
      // The already-resolved answer itself: the frozen server is only asked in the background.
      assert.equal(ps.getPrompt('resilient'), answer);
      assert.equal(await ps.getPrompt('resilient'), prompt);
      await waitFor(() => errors.some((error) => /no answer within 1000 ms/.test(error.message)));
    } finally {
      w.backend.resume();
    }
  });
});
