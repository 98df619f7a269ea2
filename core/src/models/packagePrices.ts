/**
 * Prices from `@pydantic/genai-prices`: its bundled, dated price data and its own calculator.
 * Only the data inside the installed package is read; `updatePrices` (which fetches newer data
 * over the network) is never called, so a price changes when the package is upgraded, not at run time.
 */
import { calcPrice, findProvider, type MatchLogic, type ModelInfo as PriceModel, type ModelPrice as PackagePrice, type Provider } from '@pydantic/genai-prices';
import type { ModelPrice, ProviderId, TokenCounts } from './modelTypes.ts';

export type { PriceModel };

/** The price data's provider for each of ours (Genkit's `googleai` is the Gemini API). */
const PRICE_PROVIDER: Readonly<Record<ProviderId, string>> = { openai: 'openai', anthropic: 'anthropic', googleai: 'google' };

/** Ids an API could take: the price data also names fine-tune patterns (`ft:gpt-4o`) that are not models. */
const API_ID = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/** The priced models of one provider. The Google list also prices Claude on Vertex, which the Gemini API does not serve. */
export function priceModelsOf(provider: ProviderId): PriceModel[] {
  const models = findProvider({ providerId: PRICE_PROVIDER[provider] })?.models ?? [];
  return models.filter((model) => API_ID.test(model.id) && (provider !== 'googleai' || !model.id.startsWith('claude')));
}

/** The exact ids a model's match rule names (`equals`), which serve as aliases. */
export function exactIdsOf(match: MatchLogic): string[] {
  if ('equals' in match) return [match.equals];
  if ('or' in match) return match.or.flatMap(exactIdsOf);
  return [];
}

/**
 * The priced model the package's own match rules give an id (`gpt-5-2025-08-07` is GPT-5), or
 * undefined. Scans the provider's rules: callers cache the answer.
 */
export function matchPriceModel(provider: ProviderId, bareId: string): PriceModel | undefined {
  return calcPrice({ input_tokens: 0, output_tokens: 0 }, bareId, { providerId: PRICE_PROVIDER[provider] })?.model ?? undefined;
}

/** A price figure of the data: a number, or tiered by prompt size. */
type PriceValue = number | { base: number; tiers: { start: number; price: number }[] } | undefined;

function base(value: PriceValue): number | undefined {
  return typeof value === 'number' ? value : value?.base;
}

function firstTier(value: PriceValue): { start: number; price: number } | undefined {
  return typeof value === 'object' ? value.tiers[0] : undefined;
}

function toModelPrice(prices: PackagePrice, from: string | undefined): ModelPrice | undefined {
  const input = prices.input_mtok as PriceValue;
  const output = prices.output_mtok as PriceValue;
  const inputPerMTok = base(input);
  // Embedding models price input only.
  const outputPerMTok = base(output) ?? 0;
  if (inputPerMTok === undefined) return undefined;
  const price: ModelPrice = { inputPerMTok, outputPerMTok };
  if (from !== undefined) price.from = from;
  const cached = base(prices.cache_read_mtok as PriceValue);
  if (cached !== undefined) price.cachedInputPerMTok = cached;
  const inputTier = firstTier(input);
  if (inputTier) {
    price.longContext = { aboveInputTokens: inputTier.start, inputPerMTok: inputTier.price, outputPerMTok: firstTier(output)?.price ?? outputPerMTok };
  }
  return price;
}

/** A model's token prices, oldest first, for display; time-of-day discounts are left out. */
export function pricesOf(model: PriceModel): ModelPrice[] {
  if (!Array.isArray(model.prices)) {
    const price = toModelPrice(model.prices, undefined);
    return price ? [price] : [];
  }
  const out: ModelPrice[] = [];
  for (const { constraint, prices } of model.prices) {
    if (constraint && constraint.type !== 'start_date') continue;
    const price = toModelPrice(prices, constraint?.start_date);
    if (price) out.push(price);
  }
  return out;
}

/** Costs a calculator keeps (a suite's runs repeat the same few token counts); cleared when full. */
const KEPT_COSTS = 1000;

/**
 * A calculator for one model: its data wrapped as a one-model provider, so each cost is the
 * package's own arithmetic (dated prices, cached input, tiers) without scanning every model's rules.
 * The package's calculation is general and costs about 0.1 ms; a batch of thousands of runs asks
 * the same question many times, so answers are kept by date and token counts. A model priced by
 * time of day (off-peak discounts) depends on more than the date, and is calculated every time.
 */
export function priceCalculator(provider: ProviderId, model: PriceModel): (tokens: TokenCounts, at: Date) => number | undefined {
  const source = findProvider({ providerId: PRICE_PROVIDER[provider] })!;
  const single: Provider = { id: source.id, name: source.name, api_pattern: source.api_pattern, models: [{ ...model, match: { equals: model.id } }] };
  const calculate = (tokens: TokenCounts, at: Date) => {
    const input = tokens.inputTokens;
    // A provider never caches more than it was sent; clamp rather than let the calculator reject the usage.
    const cacheRead = Math.min(tokens.cachedInputTokens ?? 0, input);
    const cacheWrite = Math.min(tokens.cacheWriteTokens ?? 0, input - cacheRead);
    const usage = { input_tokens: input, output_tokens: tokens.outputTokens, cache_read_tokens: cacheRead, cache_write_tokens: cacheWrite };
    try {
      return calcPrice(usage, model.id, { provider: single, timestamp: at })?.total_price;
    } catch {
      // Counts the calculator rejects (NaN from a misbehaving server) leave the call unpriced
      // rather than lose the run that made it.
      return undefined;
    }
  };
  if (Array.isArray(model.prices) && model.prices.some(({ constraint }) => constraint?.type === 'time_of_date')) return calculate;
  const kept = new Map<string, number | undefined>();
  return (tokens, at) => {
    // Start dates are whole days (UTC), so the price in force is the same all day.
    const day = Number.isNaN(at.getTime()) ? 'invalid' : at.toISOString().slice(0, 10);
    const key = `${day} ${tokens.inputTokens} ${tokens.outputTokens} ${tokens.cachedInputTokens ?? 0} ${tokens.cacheWriteTokens ?? 0}`;
    if (kept.has(key)) return kept.get(key);
    const cost = calculate(tokens, at);
    if (kept.size >= KEPT_COSTS) kept.clear();
    kept.set(key, cost);
    return cost;
  };
}
