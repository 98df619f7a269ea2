/**
 * The run engine: the parts of @promptstack/core that run prompts (partials read from the files the
 * language server resolves them to, the tools `tools:` names from their files beside the prompt), read tests files and analyse A/B tests. Bundled on its own as
 * dist/engine.js and loaded on first use (`loadEngine`), because the provider SDKs, dotprompt and
 * zod together are larger than the whole extension bundle's 1.5 MB budget and are not needed to
 * activate or to edit a prompt.
 */
export {
  analyzeAbTest,
  createProviderLimiter,
  createProviderRegistry,
  defaultPromptPath,
  evaluateAssertions,
  listModels,
  parseTestCases,
  qualifiedModelId,
  resolveModel,
  runPrompt,
  runTestCase,
  testPassed,
  toolOutputSchemas,
} from '@promptstack/core';
export { collectPartialsBeside, partialResolverBeside } from '@promptstack/core/render/partialFiles';
export { resolveToolFiles, resolveToolFilesFor, toolNamesOf } from '@promptstack/core/render/toolFiles';
