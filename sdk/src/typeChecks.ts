/**
 * Compile-time only: the SDK's public copies of core's shapes (types.ts) must stay exchangeable
 * with core's own, so the type check fails the day they drift. Nothing here runs.
 */
import type {
  Message as CoreMessage,
  ModelConfig as CoreModelConfig,
  ProviderCredentialsMap as CoreCredentials,
  RunPromptOptions,
  RunResult as CoreRunResult,
} from '@promptstack/core';
import type { Message, ModelConfig, ProviderCredentialsMap, RunnerOptions, RunResult } from './types.ts';

type Assert<T extends true> = T;
type Assignable<From, To> = [From] extends [To] ? true : false;

export type TypeChecks = [
  Assert<Assignable<CoreRunResult, Omit<RunResult, 'messages'>>>,
  Assert<Assignable<CoreMessage['role'], Message['role']>>,
  Assert<Assignable<CoreModelConfig, ModelConfig>>,
  Assert<Assignable<ModelConfig, CoreModelConfig>>,
  Assert<Assignable<ProviderCredentialsMap, CoreCredentials>>,
  Assert<Assignable<Omit<RunnerOptions, 'history'>, Partial<RunPromptOptions>>>,
];
