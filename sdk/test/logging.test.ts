import assert from 'node:assert/strict';
import { PromptStack, type PromptStackError } from '../src/index.ts';
import { world, type World } from './support/world.ts';

describe('logging generations and scores to the real server', function () {
  this.timeout(240_000);
  let w: World;
  const clients: PromptStack[] = [];
  const client = (options: Partial<ConstructorParameters<typeof PromptStack>[0]> = {}) => {
    const errors: PromptStackError[] = [];
    const ps = new PromptStack({ apiKey: w.apiKey, baseUrl: w.backend.url, onError: (error) => errors.push(error), flushOnExit: false, ...options });
    clients.push(ps);
    return { ps, errors };
  };
  const generation = (prompt: { name: string }, n: number) => ({
    prompt,
    input: { customer: `user-${n}` },
    output: `answer ${n}`,
    model: 'openai/gpt-4o-mini',
    usage: { inputTokens: 10, outputTokens: 5 },
    latencyMs: 100 + n,
  });

  before(async () => {
    w = await world();
    await w.createPrompt('logged', 'Answer {{customer}}');
  });
  after(async () => {
    for (const { stats } of clients) assert.equal(stats.queued, 0);
    for (const ps of clients) await ps.close();
  });

  it('returns an id at once and delivers generations in batches of maxBatch', async () => {
    const { ps, errors } = client({ maxBatch: 100, flushIntervalMs: 60_000 });
    const prompt = await ps.getPrompt('logged');
    const ids = Array.from({ length: 250 }, (_, n) => ps.logGeneration(generation(prompt, n)));
    assert.equal(new Set(ids).size, 250);
    for (const id of ids) assert.match(id, /^[0-9a-f-]{36}$/);
    await ps.flush();
    assert.deepEqual(errors, []);
    assert.deepEqual(ps.stats, { queued: 0, sent: 250, duplicates: 0, rejected: 0, dropped: 0, retries: 0 });
  });

  it('sends on its timer without a flush', async () => {
    const { ps } = client({ flushIntervalMs: 50 });
    ps.logGeneration(generation({ name: 'logged' }, 1));
    const deadline = Date.now() + 30_000;
    while (ps.stats.sent === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(ps.stats.sent, 1);
  });

  it('never counts a retried batch twice: a lost answer is retried and the server reports duplicates', async () => {
    let lost = 0;
    // The real server stores the batch; its answer is then lost on the way back, as when a connection drops.
    const losingFetch = async (input: string, init: RequestInit) => {
      const response = await fetch(input, init);
      if (input.endsWith('/api/v1/generations') && lost === 0) {
        lost++;
        await response.body?.cancel();
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const { ps, errors } = client({ fetch: losingFetch, retryBaseMs: 10, flushIntervalMs: 60_000 });
    for (let n = 0; n < 7; n++) ps.logGeneration(generation({ name: 'logged' }, n));
    await ps.flush();
    assert.equal(lost, 1);
    assert.deepEqual(ps.stats, { queued: 0, sent: 0, duplicates: 7, rejected: 0, dropped: 0, retries: 1 });
    assert.match(errors[0]!.message, /Cannot deliver 7 item\(s\), retrying in \d+ ms: cannot reach .*socket hang up/);
  });

  it('drops the newest items when the queue is full, counts them and says so once', async () => {
    const { ps, errors } = client({ maxQueue: 5, maxBatch: 100, flushIntervalMs: 60_000 });
    for (let n = 0; n < 8; n++) ps.logGeneration(generation({ name: 'logged' }, n));
    assert.equal(ps.stats.queued, 5);
    assert.equal(ps.stats.dropped, 3);
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /The log queue is full \(5 items\)/);
    await ps.flush();
    assert.equal(ps.stats.sent, 5);
    assert.equal(ps.stats.dropped, 3);
  });

  it('reports items the server rejects (unknown prompt) without sinking the rest of the batch', async () => {
    const { ps, errors } = client({ flushIntervalMs: 60_000 });
    ps.logGeneration(generation({ name: 'logged' }, 1));
    const bad = ps.logGeneration(generation({ name: 'never-created' }, 2));
    ps.logGeneration(generation({ name: 'logged' }, 3));
    await ps.flush();
    assert.equal(ps.stats.sent, 2);
    assert.equal(ps.stats.rejected, 1);
    assert.match(errors[0]!.message, new RegExp(`rejected 1 generation\\(s\\): ${bad}: .*never-created`));
  });

  it('never throws from logGeneration or score, even for input it cannot send', async () => {
    const { ps, errors } = client({ flushIntervalMs: 60_000 });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const id = ps.logGeneration({ ...generation({ name: 'logged' }, 1), input: circular });
    assert.match(id, /^[0-9a-f-]{36}$/);
    ps.logGeneration({ output: 'x' } as never);
    ps.score(id, '', Number.NaN);
    assert.equal(ps.stats.rejected, 3);
    assert.equal(ps.stats.queued, 0);
    assert.equal(errors.length, 3);
    assert.match(errors[0]!.message, /Cannot log generation .*circular/i);
  });

  it('records scores after the generation they score, and reports a score for an unknown generation', async () => {
    const { ps, errors } = client({ flushIntervalMs: 60_000 });
    const id = ps.logGeneration(generation({ name: 'logged' }, 1));
    ps.score(id, 'thumbs', 1, 'helpful');
    ps.score(id, 'rating', 4);
    ps.score('00000000-0000-4000-8000-000000000000', 'thumbs', 0);
    await ps.flush();
    assert.equal(ps.stats.sent, 3, 'the generation and its two scores');
    assert.equal(ps.stats.rejected, 1);
    assert.match(errors[0]!.message, /refused score 'thumbs' of generation 00000000-0000-4000-8000-000000000000: 404/);
  });
});
