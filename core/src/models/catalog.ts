/**
 * The model catalog: the one place that knows model ids, aliases, limits and prices.
 * Everything else (diagnostics, hover, completion, cost, the backend) reads it from here.
 *
 * Prices are US dollars per 1M tokens, each with the date it applies from, so a run recorded
 * before a price change keeps the cost it had. Sources: the providers' public price pages.
 */
import { distance } from 'fastest-levenshtein';

/** Providers of catalog models (the runnable ones are listed in providers/runnableProviders.ts). */
export type ProviderId = 'openai' | 'anthropic' | 'googleai';

/** Prefixes Dotprompt and Genkit write before a model id (`openai/gpt-4o`). */
export const PROVIDER_PREFIXES: Readonly<Record<string, ProviderId>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  googleai: 'googleai',
  vertexai: 'googleai',
};

export interface ModelPrice {
  /** ISO date (YYYY-MM-DD) from which this price applies. */
  from: string;
  inputPerMTok: number;
  outputPerMTok: number;
}

export interface ModelInfo {
  provider: ProviderId;
  /** The provider's canonical id, as sent to its API. */
  id: string;
  displayName: string;
  /** Other ids that name the same model (dated snapshots, `-latest`, short forms). */
  aliases: readonly string[];
  contextWindow: number;
  maxOutputTokens: number;
  /** Oldest first. */
  prices: readonly ModelPrice[];
  deprecated?: boolean;
}

/** Catalog rows. Keep ids as the provider's API accepts them. */
export const MODELS: readonly ModelInfo[] = [
  // OpenAI
  {
    provider: 'openai',
    id: 'gpt-4',
    displayName: 'GPT-4',
    aliases: ['gpt-4-0613'],
    contextWindow: 8_192,
    maxOutputTokens: 8_192,
    prices: [{ from: '2023-03-14', inputPerMTok: 30, outputPerMTok: 60 }],
  },
  {
    provider: 'openai',
    id: 'gpt-4-turbo',
    displayName: 'GPT-4 Turbo',
    aliases: ['gpt-4-turbo-2024-04-09', 'gpt-4-turbo-preview'],
    contextWindow: 128_000,
    maxOutputTokens: 4_096,
    prices: [{ from: '2023-11-06', inputPerMTok: 10, outputPerMTok: 30 }],
  },
  {
    provider: 'openai',
    id: 'gpt-3.5-turbo',
    displayName: 'GPT-3.5 Turbo',
    aliases: ['gpt-3.5-turbo-0125'],
    contextWindow: 16_385,
    maxOutputTokens: 4_096,
    prices: [
      { from: '2023-06-13', inputPerMTok: 1.5, outputPerMTok: 2 },
      { from: '2024-01-25', inputPerMTok: 0.5, outputPerMTok: 1.5 },
    ],
  },
  {
    provider: 'openai',
    id: 'gpt-4o',
    displayName: 'GPT-4o',
    aliases: ['gpt-4o-2024-08-06', 'gpt-4o-2024-11-20', 'chatgpt-4o-latest'],
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    prices: [
      { from: '2024-05-13', inputPerMTok: 5, outputPerMTok: 15 },
      { from: '2024-10-02', inputPerMTok: 2.5, outputPerMTok: 10 },
    ],
  },
  {
    provider: 'openai',
    id: 'gpt-4o-mini',
    displayName: 'GPT-4o mini',
    aliases: ['gpt-4o-mini-2024-07-18'],
    contextWindow: 128_000,
    maxOutputTokens: 16_384,
    prices: [{ from: '2024-07-18', inputPerMTok: 0.15, outputPerMTok: 0.6 }],
  },
  {
    provider: 'openai',
    id: 'gpt-4.1',
    displayName: 'GPT-4.1',
    aliases: ['gpt-4.1-2025-04-14'],
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    prices: [{ from: '2025-04-14', inputPerMTok: 2, outputPerMTok: 8 }],
  },
  {
    provider: 'openai',
    id: 'gpt-4.1-mini',
    displayName: 'GPT-4.1 mini',
    aliases: ['gpt-4.1-mini-2025-04-14'],
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    prices: [{ from: '2025-04-14', inputPerMTok: 0.4, outputPerMTok: 1.6 }],
  },
  {
    provider: 'openai',
    id: 'gpt-4.1-nano',
    displayName: 'GPT-4.1 nano',
    aliases: ['gpt-4.1-nano-2025-04-14'],
    contextWindow: 1_047_576,
    maxOutputTokens: 32_768,
    prices: [{ from: '2025-04-14', inputPerMTok: 0.1, outputPerMTok: 0.4 }],
  },
  {
    provider: 'openai',
    id: 'o3-mini',
    displayName: 'o3-mini',
    aliases: ['o3-mini-2025-01-31'],
    contextWindow: 200_000,
    maxOutputTokens: 100_000,
    prices: [{ from: '2025-01-31', inputPerMTok: 1.1, outputPerMTok: 4.4 }],
  },

  // Anthropic
  {
    provider: 'anthropic',
    id: 'claude-3-opus-20240229',
    displayName: 'Claude 3 Opus',
    aliases: ['claude-3-opus', 'claude-3-opus-latest'],
    contextWindow: 200_000,
    maxOutputTokens: 4_096,
    prices: [{ from: '2024-03-04', inputPerMTok: 15, outputPerMTok: 75 }],
    deprecated: true,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-sonnet-20240229',
    displayName: 'Claude 3 Sonnet',
    aliases: ['claude-3-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 4_096,
    prices: [{ from: '2024-03-04', inputPerMTok: 3, outputPerMTok: 15 }],
    deprecated: true,
  },
  {
    provider: 'anthropic',
    id: 'claude-3-haiku-20240307',
    displayName: 'Claude 3 Haiku',
    aliases: ['claude-3-haiku'],
    contextWindow: 200_000,
    maxOutputTokens: 4_096,
    prices: [{ from: '2024-03-13', inputPerMTok: 0.25, outputPerMTok: 1.25 }],
  },
  {
    provider: 'anthropic',
    id: 'claude-3-5-sonnet-20241022',
    displayName: 'Claude 3.5 Sonnet',
    aliases: ['claude-3-5-sonnet', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20240620', 'claude-3.5-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    prices: [{ from: '2024-06-20', inputPerMTok: 3, outputPerMTok: 15 }],
  },
  {
    provider: 'anthropic',
    id: 'claude-3-5-haiku-20241022',
    displayName: 'Claude 3.5 Haiku',
    aliases: ['claude-3-5-haiku', 'claude-3-5-haiku-latest', 'claude-3.5-haiku'],
    contextWindow: 200_000,
    maxOutputTokens: 8_192,
    prices: [
      { from: '2024-11-04', inputPerMTok: 1, outputPerMTok: 5 },
      { from: '2024-12-19', inputPerMTok: 0.8, outputPerMTok: 4 },
    ],
  },
  {
    provider: 'anthropic',
    id: 'claude-3-7-sonnet-20250219',
    displayName: 'Claude 3.7 Sonnet',
    aliases: ['claude-3-7-sonnet', 'claude-3-7-sonnet-latest', 'claude-3.7-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    prices: [{ from: '2025-02-24', inputPerMTok: 3, outputPerMTok: 15 }],
  },
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-20250514',
    displayName: 'Claude Sonnet 4',
    aliases: ['claude-sonnet-4', 'claude-sonnet-4-0', 'claude-4-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    prices: [{ from: '2025-05-22', inputPerMTok: 3, outputPerMTok: 15 }],
  },
  {
    provider: 'anthropic',
    id: 'claude-opus-4-20250514',
    displayName: 'Claude Opus 4',
    aliases: ['claude-opus-4', 'claude-opus-4-0', 'claude-4-opus'],
    contextWindow: 200_000,
    maxOutputTokens: 32_000,
    prices: [{ from: '2025-05-22', inputPerMTok: 15, outputPerMTok: 75 }],
  },
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-5-20250929',
    displayName: 'Claude Sonnet 4.5',
    aliases: ['claude-sonnet-4-5', 'claude-4-5-sonnet'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    prices: [{ from: '2025-09-29', inputPerMTok: 3, outputPerMTok: 15 }],
  },
  {
    provider: 'anthropic',
    id: 'claude-haiku-4-5-20251001',
    displayName: 'Claude Haiku 4.5',
    aliases: ['claude-haiku-4-5', 'claude-4-5-haiku'],
    contextWindow: 200_000,
    maxOutputTokens: 64_000,
    prices: [{ from: '2025-10-15', inputPerMTok: 1, outputPerMTok: 5 }],
  },

  // Google Gemini API (`googleai/`); `vertexai/` ids validate in the editor but cannot run
  {
    provider: 'googleai',
    id: 'gemini-1.5-flash',
    displayName: 'Gemini 1.5 Flash',
    aliases: [],
    contextWindow: 1_048_576,
    maxOutputTokens: 8_192,
    prices: [{ from: '2024-05-14', inputPerMTok: 0.075, outputPerMTok: 0.3 }],
  },
  {
    provider: 'googleai',
    id: 'gemini-1.5-pro',
    displayName: 'Gemini 1.5 Pro',
    aliases: [],
    contextWindow: 2_097_152,
    maxOutputTokens: 8_192,
    prices: [{ from: '2024-05-14', inputPerMTok: 1.25, outputPerMTok: 5 }],
  },
  {
    provider: 'googleai',
    id: 'gemini-2.0-flash',
    displayName: 'Gemini 2.0 Flash',
    aliases: [],
    contextWindow: 1_048_576,
    maxOutputTokens: 8_192,
    prices: [{ from: '2025-02-05', inputPerMTok: 0.1, outputPerMTok: 0.4 }],
  },
  {
    provider: 'googleai',
    id: 'gemini-2.5-flash',
    displayName: 'Gemini 2.5 Flash',
    aliases: [],
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    prices: [{ from: '2025-06-17', inputPerMTok: 0.3, outputPerMTok: 2.5 }],
  },
  {
    provider: 'googleai',
    id: 'gemini-2.5-pro',
    displayName: 'Gemini 2.5 Pro',
    aliases: [],
    contextWindow: 1_048_576,
    maxOutputTokens: 65_536,
    prices: [{ from: '2025-06-17', inputPerMTok: 1.25, outputPerMTok: 10 }],
  },
];

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

const byId = new Map<string, ModelInfo>();
for (const model of MODELS) {
  for (const id of [model.id, ...model.aliases]) byId.set(id.toLowerCase(), model);
}

/**
 * Finds a model by bare id, alias, or Dotprompt id (`anthropic/claude-3-haiku`).
 * A prefix that names another provider than the model's does not match.
 */
export function findModel(modelId: string): ModelInfo | undefined {
  const { prefix, provider, bareId } = parseModelId(modelId);
  const model = byId.get(bareId.toLowerCase());
  if (!model) return undefined;
  if (prefix !== undefined && provider !== model.provider) return undefined;
  return model;
}

/** The Dotprompt form of a model's id: `openai/gpt-4o`. */
export function qualifiedModelId(model: ModelInfo): string {
  return `${model.provider}/${model.id}`;
}

/** The price in force on `at` (defaults to now); the oldest price for dates before any. */
export function priceAt(model: ModelInfo, at: Date = new Date()): ModelPrice {
  const day = at.toISOString().slice(0, 10);
  let current = model.prices[0]!;
  for (const price of model.prices) if (price.from <= day) current = price;
  return current;
}

/** Cost in USD of a call, from token counts and the price in force at `at`. */
export function costUsd(model: ModelInfo, inputTokens: number, outputTokens: number, at?: Date): number {
  const price = priceAt(model, at);
  return (inputTokens * price.inputPerMTok + outputTokens * price.outputPerMTok) / 1_000_000;
}

/**
 * The catalog ids nearest to an unknown one, best first, for "did you mean" fixes.
 * Compares bare ids and aliases; keeps the caller's provider prefix style.
 */
export function nearestModelIds(modelId: string, limit = 3): string[] {
  const { prefix, bareId } = parseModelId(modelId);
  const wanted = bareId.toLowerCase();
  const scored: { id: string; score: number }[] = [];
  for (const model of MODELS) {
    if (prefix && PROVIDER_PREFIXES[prefix] && PROVIDER_PREFIXES[prefix] !== model.provider) continue;
    const best = Math.min(...[model.id, ...model.aliases].map((id) => distance(wanted, id.toLowerCase())));
    scored.push({ id: prefix ? `${prefix}/${model.id}` : model.id, score: best });
  }
  scored.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  return scored.slice(0, limit).map((entry) => entry.id);
}
