/** The shapes of the model catalog, apart from the code that builds and reads it. */

/** Providers the catalog knows: those PromptStack can call and those it knows only by name (Genkit's Google plugins). */
export type ProviderId = 'openai' | 'anthropic' | 'googleai';

/** A price in force from a date, in US dollars per 1M tokens. */
export interface ModelPrice {
  /** ISO date (YYYY-MM-DD) from which this price applies; absent for the first price the source knows. */
  from?: string;
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the provider's prompt cache, when the provider prices them apart. */
  cachedInputPerMTok?: number;
  /** Dearer prices for long prompts (Gemini 2.5 Pro above 200k input tokens). */
  longContext?: { aboveInputTokens: number; inputPerMTok: number; outputPerMTok: number };
}

/** One model as the editor, the runner and the backend see it. */
export interface ModelInfo {
  provider: ProviderId;
  /** The provider's id, as sent to its API. */
  id: string;
  displayName: string;
  /** Other ids that name the same model (dated snapshots, `-latest`, short forms). */
  aliases: readonly string[];
  /** Tokens in and out together; absent when no source states it. */
  contextWindow?: number;
  /** The most tokens one answer may have; absent when no source states it. */
  maxOutputTokens?: number;
  /** Oldest first; empty when no source prices the model (its runs are unpriced). */
  prices: readonly ModelPrice[];
  deprecated?: boolean;
  /** Shown first by completion and pickers. */
  featured?: boolean;
}

/** Token counts of one call, as the cost needs them. */
export interface TokenCounts {
  /** Every input token, cached or not. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache (Anthropic bills them dearer). */
  cacheWriteTokens?: number;
}
