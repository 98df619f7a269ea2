/** @promptstack/sdk: prompts served to Node services from PromptStack, and what they did logged back. */
export { PromptStack, type PromptStackOptions, type LogGenerationInput, type RunOptions, type LoggedRunResult } from './promptStack.ts';
export { Prompt, type RenderedMessages, type ServedPrompt, type ServedSplit, type ServedArm } from './prompt.ts';
export { PromptSplit } from './promptSplit.ts';
export { assignArm, unitBucket } from './assignment.ts';
export type { GetPromptOptions } from './promptCache.ts';
export type { DeliveryStats } from './deliveryQueue.ts';
export { PromptStackError } from './errors.ts';
export type { PromptReference, GenerationItem, ScoreItem, IngestAnswer } from './wire.ts';
export type { FetchLike } from './http.ts';
export type { Message, Part, ModelConfig, ProviderId, ProviderCredentials, ProviderCredentialsMap, RunError, RunResult, RunnerOptions } from './types.ts';
