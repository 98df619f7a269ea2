/**
 * Local runs: straight from the extension host to the provider with the user's key from
 * SecretStorage and the base URL from settings, through core's `runPrompt` (streaming).
 */
import { readFileOrNull } from './readFileOrNull.ts';
import type { PartialResolver, ProviderRegistry, RunError, ToolDefinition } from '@promptstack/core';
import { promptModel } from '../promptInfo.ts';
import type { PromptStackContext } from '../context.ts';
import { ApiKeyStore, isKeyProvider, type KeyProvider } from './apiKeys.ts';
import { askToolResult } from './askToolResult.ts';
import { loadEngine } from './loadEngine.ts';
import { runFailedBeforeCall } from '@promptstack/core/runner/failedRun';
import { describeRunError, missingKeyMessage } from './runErrors.ts';
import type { RunOutcome, RunRequest, RunTarget } from './runTarget.ts';

/** What a local run (or test case) needs once its model, key and base URL are known. */
export interface LocalRunSetup {
  model: string;
  provider: KeyProvider;
  baseUrl: string;
  providers: ProviderRegistry;
  /** Reads `{{> name}}` partials beside the prompt, as the language server resolves them. */
  partialResolver: PartialResolver;
  /** The tools the prompt's `tools:` names, from `name.tool.yaml` (or `.tool.json`) beside it or in `tools/`. */
  tools?: ToolDefinition[];
}

/** Either a ready setup, or the error outcome to show instead of running. */
export type LocalRunPreparation = { ok: true; setup: LocalRunSetup } | { ok: false; outcome: RunOutcome };

/**
 * Works out the model (override, frontmatter, then the `defaultModel` setting), checks a key is
 * stored for its provider and builds the providers with the configured base URL.
 */
export async function prepareLocalRun(
  ctx: PromptStackContext,
  keys: ApiKeyStore,
  request: Pick<RunRequest, 'uri' | 'source' | 'model'>,
): Promise<LocalRunPreparation> {
  const engine = loadEngine(ctx.extensionContext);
  const config = ctx.config();
  let model: string;
  try {
    model = request.model ?? (await promptModel(ctx, { uri: request.uri, getText: () => request.source }));
  } catch (error) {
    return failed(config.defaultModel, { kind: 'invalid_input', message: error instanceof Error ? error.message : String(error) });
  }
  const resolved = engine.resolveModel(model);
  if (!resolved.ok) return failed(model, { kind: 'invalid_input', message: resolved.message });
  const provider = resolved.model.provider;
  if (!isKeyProvider(provider)) return failed(model, { kind: 'invalid_input', message: `Provider '${provider}' cannot be run locally` });
  const apiKey = await keys.get(provider);
  if (!apiKey) return failed(model, { kind: 'auth', message: missingKeyMessage(provider) }, missingKeyMessage(provider));
  const baseUrl = config.baseUrls[provider];
  const providers = engine.createProviderRegistry({ [provider]: { apiKey, baseURL: baseUrl } });
  // The files the language server resolves `{{> name}}` to (core's one rule); a document that is
  // not a file has none, and dotprompt reports the missing partial as a render error.
  const partialResolver = request.uri.scheme === 'file' ? engine.partialResolverBeside(request.uri.fsPath) : () => null;
  const setup: LocalRunSetup = { model, provider, baseUrl, providers, partialResolver };
  if (request.uri.scheme === 'file') {
    const { tools } = engine.resolveToolFilesFor(request.uri.fsPath, request.source, readFileOrNull);
    if (tools.length > 0) setup.tools = tools;
  }
  return { ok: true, setup };
}

/** The local run target (used whenever no backend session exists). */
export function createLocalRunTarget(ctx: PromptStackContext, keys: ApiKeyStore): RunTarget {
  return {
    kind: 'local',
    async run(request: RunRequest): Promise<RunOutcome> {
      const prepared = await prepareLocalRun(ctx, keys, request);
      if (!prepared.ok) return prepared.outcome;
      const { setup } = prepared;
      const engine = loadEngine(ctx.extensionContext);
      const outputSchemas = await engine.toolOutputSchemas(request.source, setup.tools);
      const result = await engine.runPrompt({
        source: request.source,
        input: request.input,
        model: setup.model,
        providers: setup.providers,
        partialResolver: setup.partialResolver,
        ...(setup.tools ? { tools: setup.tools } : {}),
        signal: request.signal,
        onToken: request.onToken ?? (() => undefined),
        // A tool call is answered by the user (a form from its output schema, else JSON), and the conversation carries on.
        onToolCall: askToolResult(ctx.team.ui, outputSchemas),
      });
      return {
        result,
        target: 'local',
        errorText: result.error ? describeRunError(result.error, { provider: setup.provider, baseUrl: setup.baseUrl }) : undefined,
      };
    },
  };
}

/** A file's text, or null when there is none (a tool name with no file stays unresolved, and the run names it). */

/** An error outcome for a run that never reached a provider. */
function failed(model: string, error: RunError, errorText = describeRunError(error)): LocalRunPreparation {
  return { ok: false, outcome: { result: runFailedBeforeCall({ model, error }), target: 'local', errorText } };
}
