/**
 * Everything before the provider call: metadata, model resolution, input validation, rendering.
 * Any problem here is an `invalid_input` error, found before a single request is made.
 */
import type { Message } from 'dotprompt';
import { resolveModel, type ResolvedModel } from '../providers/resolveModel.ts';
import type { ModelConfig } from '../providers/types.ts';
import { renderPromptMessages, sharedPromptMetadata, type RenderPromptOptions } from '../render/renderPrompt.ts';
import type { RunPromptOptions } from './types.ts';
import { validateInput } from './validateInput.ts';

/** A run ready to send. */
export interface PreparedRun {
  modelId: string;
  model: ResolvedModel;
  config: ModelConfig;
  messages: Message[];
}

/** Why a run could not be prepared, with what was known by then. */
export interface PrepareFailure {
  message: string;
  modelId: string;
  config: ModelConfig;
  messages: Message[];
}

function renderOptions(options: RunPromptOptions): RenderPromptOptions {
  const metadata: RenderPromptOptions['metadata'] = {};
  if (options.model) metadata.model = options.model;
  if (options.config) metadata.config = options.config;
  return {
    partials: options.partials,
    partialResolver: options.partialResolver,
    messages: options.history,
    context: options.context,
    metadata,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Resolves, validates and renders; never throws. */
export async function prepareRun(options: RunPromptOptions): Promise<{ ok: true; run: PreparedRun } | { ok: false; failure: PrepareFailure }> {
  const render = renderOptions(options);
  const input = options.input ?? {};
  let meta;
  try {
    // The cached metadata itself (read here, never changed): a run copies only its config.
    meta = await sharedPromptMetadata(options.source, render);
  } catch (error) {
    return { ok: false, failure: { message: errorText(error), modelId: options.model ?? '', config: options.config ?? {}, messages: [] } };
  }
  const modelId = meta.model ?? '';
  const config = (meta.config ? structuredClone(meta.config) : {}) as ModelConfig;
  const fail = (message: string, messages: Message[] = []) => ({ ok: false as const, failure: { message, modelId, config, messages } });

  const resolved = resolveModel(modelId);
  if (!resolved.ok) return fail(resolved.message);
  // Defaults fill what the caller left out, as dotprompt does when it renders.
  // (dotprompt's render reads defaults only from override metadata, not from the frontmatter.)
  const defaults = meta.input?.default;
  const withDefaults = defaults ? { ...defaults, ...input } : input;
  const problem = validateInput(meta.input?.schema, withDefaults);
  if (problem) return fail(problem.message);

  try {
    const messages = await renderPromptMessages(options.source, withDefaults, render);
    return { ok: true, run: { modelId, model: resolved.model, config, messages } };
  } catch (error) {
    return fail(errorText(error));
  }
}
