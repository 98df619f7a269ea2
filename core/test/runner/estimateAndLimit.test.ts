import { strict as assert } from 'node:assert';
import { createProviderLimiter } from '../../src/runner/limiter.ts';
import { estimateRunCost, estimateTokens } from '../../src/runner/estimateRunCost.ts';

const source = `---
model: openai/gpt-4o
config:
  maxOutputTokens: 100
---
{{role "system"}}12345678
{{role "user"}}Hi {{name}}`;

describe('estimateRunCost', () => {
  it('estimates tokens from the rendered text and prices input plus the output budget', async () => {
    const result = await estimateRunCost(source, { name: 'Bo' }, undefined, { at: new Date('2025-01-01') });
    assert.ok(result.ok);
    // "12345678\n" is 9 chars -> 3 tokens, "Hi Bo" is 5 chars -> 2 tokens, plus 4 per message.
    assert.equal(result.estimate.inputTokens, 3 + 2 + 8);
    assert.equal(result.estimate.maxOutputTokens, 100);
    assert.equal(result.estimate.minUsd, (13 * 2.5) / 1e6);
    assert.equal(result.estimate.maxUsd, (13 * 2.5 + 100 * 10) / 1e6);
  });

  it('uses the model passed in over the frontmatter one', async () => {
    const result = await estimateRunCost(source, { name: 'Bo' }, 'anthropic/claude-3-haiku');
    assert.ok(result.ok);
    assert.equal(result.estimate.model, 'anthropic/claude-3-haiku');
    assert.equal(result.estimate.maxUsd, (13 * 0.25 + 100 * 1.25) / 1e6);
  });

  it('returns an error for an unknown model instead of throwing', async () => {
    const result = await estimateRunCost(source, {}, 'nope');
    assert.ok(!result.ok);
    assert.match(result.message, /Unknown model/);
  });

  it('counts about four characters per token', () => {
    assert.equal(estimateTokens('a'.repeat(400)), 100);
  });
});

describe('createProviderLimiter', () => {
  it('keeps at most the limit of tasks in flight per provider, independently across providers', async () => {
    const limiter = createProviderLimiter({ openai: 2, anthropic: 1 });
    const inFlight: Record<string, number> = { openai: 0, anthropic: 0 };
    const peak: Record<string, number> = { openai: 0, anthropic: 0 };
    const gates: (() => void)[] = [];
    const task = (key: string) => async () => {
      inFlight[key]! += 1;
      peak[key] = Math.max(peak[key]!, inFlight[key]!);
      await new Promise<void>((resolve) => gates.push(resolve));
      inFlight[key]! -= 1;
    };
    const all = [
      ...Array.from({ length: 5 }, () => limiter.runForModel('openai/gpt-4o', task('openai'))),
      ...Array.from({ length: 3 }, () => limiter.run('anthropic', task('anthropic'))),
    ];
    // Release tasks one by one as they are admitted, until all are done.
    let released = 0;
    while (released < 8) {
      await new Promise((resolve) => setImmediate(resolve));
      const gate = gates.shift();
      if (gate) {
        gate();
        released += 1;
      }
    }
    await Promise.all(all);
    assert.deepEqual(peak, { openai: 2, anthropic: 1 });
    assert.deepEqual(limiter.stats(), { openai: { active: 0, pending: 0 }, anthropic: { active: 0, pending: 0 } });
  });
});
