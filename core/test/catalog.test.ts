import assert from 'node:assert/strict';
import { costUsd, findModel, nearestModelIds, parseModelId, priceAt, qualifiedModelId } from '../src/models/catalog.ts';

describe('model catalog', () => {
  it('finds the seed models by bare id, alias and Dotprompt id', () => {
    for (const id of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo', 'claude-3-opus', 'claude-3-sonnet', 'claude-3-haiku']) {
      assert.ok(findModel(id), id);
    }
    assert.equal(findModel('openai/gpt-4o')?.id, 'gpt-4o');
    assert.equal(findModel('anthropic/claude-3-haiku')?.id, 'claude-3-haiku-20240307');
    assert.equal(findModel('anthropic/claude-3-5-sonnet-latest')?.displayName, 'Claude 3.5 Sonnet');
  });

  it('rejects a model under another provider prefix', () => {
    assert.equal(findModel('anthropic/gpt-4o'), undefined);
    assert.deepEqual(parseModelId('openai/gpt-4o'), { prefix: 'openai', provider: 'openai', bareId: 'gpt-4o' });
  });

  it('keeps old prices for old dates', () => {
    const gpt4o = findModel('gpt-4o')!;
    assert.equal(priceAt(gpt4o, new Date('2024-06-01')).inputPerMTok, 5);
    assert.equal(priceAt(gpt4o, new Date('2025-01-01')).inputPerMTok, 2.5);
    // 1,000 input and 500 output tokens at $2.50 / $10 per 1M
    assert.equal(costUsd(gpt4o, 1000, 500, new Date('2025-01-01')), 0.0075);
  });

  it('suggests the nearest known ids, keeping the prefix', () => {
    assert.equal(nearestModelIds('openai/gpt-4oo')[0], 'openai/gpt-4o');
    assert.equal(nearestModelIds('claude-3-haiku-2024')[0], 'claude-3-haiku-20240307');
    assert.equal(qualifiedModelId(findModel('gpt-4o-mini')!), 'openai/gpt-4o-mini');
  });
});
