/**
 * Everything before the provider call: metadata, model resolution, input validation, rendering.
 * Any problem here is an `invalid_input` error, found before a single request is made.
 */
import { picoschema, type Message, type PromptMetadata, type ToolDefinition } from 'dotprompt';
import { resolveModel, type ResolvedModel } from '../providers/resolveModel.ts';
import type { ModelConfig, RequestedOutput } from '../providers/types.ts';
import { renderPromptMessages, sharedPromptMetadata, type RenderPromptOptions } from '../render/renderPrompt.ts';
import type { RunPromptOptions } from './types.ts';
import { validateInput } from './validateInput.ts';

/** A run ready to send. */
export interface PreparedRun {
  modelId: string;
  model: ResolvedModel;
  config: ModelConfig;
  messages: Message[];
  /** `output.format: json` (with the schema, as JSON Schema), when the prompt declares it. */
  output?: RequestedOutput;
  /** The tools offered: `toolDefs` and the `tools:` names resolved, inputs as JSON Schema. */
  tools?: ToolDefinition[];
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
    ...(options.schemas ? { schemas: options.schemas } : {}),
    ...(options.tools?.length ? { tools: Object.fromEntries(options.tools.map((tool) => [tool.name, tool])) } : {}),
  };
}

/** Tool inputs as JSON Schema, kept per (cached, shared) metadata: `toolDefs` may be written in Picoschema. */
const toolSchemas = new WeakMap<object, Promise<ToolDefinition[]>>();

function jsonSchemaTools(toolDefs: readonly ToolDefinition[]): Promise<ToolDefinition[]> {
  let tools = toolSchemas.get(toolDefs);
  if (!tools) {
    tools = Promise.all(
      toolDefs.map(async (tool) => {
        const converted: ToolDefinition = { ...tool, inputSchema: (await picoschema(tool.inputSchema)) ?? { type: 'object' } };
        if (tool.outputSchema) converted.outputSchema = await picoschema(tool.outputSchema);
        return converted;
      }),
    );
    toolSchemas.set(toolDefs, tools);
  }
  return tools;
}

/**
 * The output the prompt asks for, when it is JSON (text needs nothing sent). As in Genkit, a
 * schema without a format means JSON.
 */
function requestedOutput(meta: Readonly<PromptMetadata>): RequestedOutput | undefined {
  const output = meta.output;
  const format = output?.format ?? (output?.schema ? 'json' : undefined);
  if (format !== 'json') return undefined;
  return output?.schema ? { format: 'json', schema: output.schema } : { format: 'json' };
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
  // dotprompt leaves in `tools` the names it could not resolve.
  const unknownTools = meta.tools ?? [];
  if (unknownTools.length > 0) return fail(`No definition for tool${unknownTools.length > 1 ? 's' : ''} ${unknownTools.map((name) => `'${name}'`).join(', ')}`);
  let tools: ToolDefinition[] | undefined;
  try {
    tools = meta.toolDefs?.length ? await jsonSchemaTools(meta.toolDefs) : undefined;
  } catch (error) {
    return fail(`Invalid tool schema: ${errorText(error)}`);
  }
  // Defaults fill what the caller left out, as dotprompt does when it renders.
  // (dotprompt's render reads defaults only from override metadata, not from the frontmatter.)
  const defaults = meta.input?.default;
  const withDefaults = defaults ? { ...defaults, ...input } : input;
  const problem = validateInput(meta.input?.schema, withDefaults);
  if (problem) return fail(problem.message);

  try {
    const messages = await renderPromptMessages(options.source, withDefaults, render);
    const run: PreparedRun = { modelId, model: resolved.model, config, messages };
    const output = requestedOutput(meta);
    if (output) run.output = output;
    if (tools) run.tools = tools;
    return { ok: true, run };
  } catch (error) {
    return fail(errorText(error));
  }
}
