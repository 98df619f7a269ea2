/** Public surface of @promptstack/core: the .prompt format, the model catalog, the runner. */
export * from './models/catalog.ts';
export * from './format/types.ts';
export * from './stats/index.ts';
export { analyzePromptFile } from './format/analyzePromptFile.ts';
export { KNOWN_FRONTMATTER_KEYS, findFrontmatterKey, type FrontmatterKeyInfo, type FrontmatterValueKind } from './format/knownKeys.ts';
export { DOTPROMPT_HELPERS, findHelper, type HelperInfo } from './format/helpers.ts';
export { PICOSCHEMA_SCALAR_TYPES } from './format/picoschema.ts';
export { lookupInputPath, type PathLookup } from './format/variableChecks.ts';
export { LineIndex } from './format/lineIndex.ts';
// Running prompts: rendering, providers, runner, test cases, local provider.
export {
  renderPrompt,
  renderPromptMetadata,
  messageText,
  PromptRenderError,
  type RenderPromptOptions,
  type PartialResolver,
  type Message,
  type Part,
  type Role,
  type RenderedPrompt,
  type PromptMetadata,
} from './render/renderPrompt.ts';
export type {
  ChatProvider,
  ChatRequest,
  Completion,
  Chunk,
  Usage,
  ModelConfig,
  ProviderCredentials,
  RunnableProviderId,
  RequestedOutput,
  ToolCall,
} from './providers/types.ts';
export type { ToolDefinition, JSONSchema } from 'dotprompt';
export {
  resolveToolFiles,
  resolveToolFilesFor,
  parseToolFile,
  toolFileCandidates,
  toolNamesOf,
  TOOL_FILE_EXTENSIONS,
  type ReadToolFile,
  type ToolFileProblem,
  type ToolFilesBeside,
} from './render/toolFiles.ts';
export { strictCompatible, type StrictSchemaProblem } from './structured/strictCompatible.ts';
export { createOpenAIProvider } from './providers/openaiProvider.ts';
export { createAnthropicProvider } from './providers/anthropicProvider.ts';
export { createProvider, createProviderRegistry, type ProviderCredentialsMap, type ProviderRegistry } from './providers/createProvider.ts';
export { MissingCredentialsError, unconfiguredProviders } from './providers/unconfiguredProviders.ts';
export { RUNNABLE_PROVIDERS, RUNNABLE_PROVIDER_IDS, isRunnableProviderId, runnableProvider, type RunnableProviderInfo } from './providers/runnableProviders.ts';
export { PROVIDER_MODULES, type ProviderModule } from './providers/registry.ts';
export { resolveModel, type ResolvedModel } from './providers/resolveModel.ts';
export { classifyProviderError, parseRetryAfter, type RunError, type RunErrorKind, type ClassifiedError, type SchemaViolation } from './providers/errors.ts';
export { toOpenAIMessages, toOpenAIBody } from './providers/openaiMessages.ts';
export { toAnthropicMessages, toAnthropicBody, ANTHROPIC_FALLBACK_MAX_TOKENS } from './providers/anthropicMessages.ts';
export { runPrompt } from './runner/runPrompt.ts';
export { runFailedBeforeCall, type UnsentRun } from './runner/failedRun.ts';
export { toolOutputSchemas } from './runner/toolOutputSchemas.ts';
export {
  DEFAULT_TIMEOUT_MS,
  DEFAULT_MAX_TOOL_TURNS,
  type RunPromptOptions,
  type RunResult,
  type ToolCallRecord,
  type ToolCallHandler,
} from './runner/types.ts';
export { systemClock, type Clock } from './runner/clock.ts';
export { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './runner/retry.ts';
export { validateInput, type InputProblem } from './runner/validateInput.ts';
export { estimateRunCost, estimateTokens, CHARS_PER_TOKEN, TOKENS_PER_MESSAGE, type CostEstimate } from './runner/estimateRunCost.ts';
export { createProviderLimiter, DEFAULT_PROVIDER_CONCURRENCY, PROVIDER_CONCURRENCY_DEFAULTS, type ProviderLimiter } from './runner/limiter.ts';
export {
  assertionSchema,
  assertionShapeSchema,
  testCaseSchema,
  testCasesFileSchema,
  toolScriptSchema,
  defaultPromptPath,
  type Assertion,
  type AssertionType,
  type TestCase,
  type TestCasesFile,
  type ToolScript,
} from './testcases/schema.ts';
export { compileUserRegex, USER_REGEX_SYNTAX_NOTE, type CompiledUserRegex, type UserRegex } from './testcases/userRegex.ts';
export { parseTestCases, type ParsedTestCases, type TestCasesDiagnostic } from './testcases/parseTestCases.ts';
export {
  evaluateAssertions,
  testPassed,
  judgeCostUsd,
  DEFAULT_JUDGE_THRESHOLD,
  type AssertionResult,
  type EvaluateOptions,
  type JudgeUsage,
} from './testcases/evaluateAssertions.ts';
export { judgeOutput, parseJudgeAnswer, JUDGE_PROMPT, DEFAULT_JUDGE_MODEL, type JudgeOptions, type JudgeVerdict } from './testcases/judge.ts';
export { runTestCase, type TestCaseResult } from './testcases/runTestCase.ts';
