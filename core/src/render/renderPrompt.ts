/**
 * Rendering a `.prompt` source into messages, with the `dotprompt` library itself so that
 * PromptStack renders exactly what Genkit renders (the conformance test holds us to it).
 */
import { Dotprompt } from 'dotprompt';
import type {
  DataArgument,
  Document,
  DotpromptOptions,
  JSONSchema,
  Message,
  PromptMetadata,
  RenderedPrompt,
  ToolDefinition,
} from 'dotprompt';

export type { Message, Part, Role, RenderedPrompt, PromptMetadata, JSONSchema } from 'dotprompt';

/** Resolves a partial by name (`{{> name}}`) to its source, or null when there is none. */
export type PartialResolver = (name: string) => string | null | Promise<string | null>;

/** Everything a render may need besides the template and its input. */
export interface RenderPromptOptions {
  /** Partials by name (`_name.prompt` files beside the prompt, read by the caller). */
  partials?: Record<string, string>;
  /** Looked up for partials not in `partials`. */
  partialResolver?: PartialResolver;
  /** Named schemas that `input.schema`/`output.schema` may reference. */
  schemas?: Record<string, JSONSchema>;
  /** Tool definitions that `tools:` may name. */
  tools?: Record<string, ToolDefinition>;
  /** Extra Handlebars helpers, on top of Dotprompt's own. */
  helpers?: DotpromptOptions['helpers'];
  /** Previous turns, inserted by `{{history}}` (or appended). */
  messages?: Message[];
  /** Context items, exposed as `@` variables (`context.state` is `@state`). */
  context?: Record<string, unknown>;
  /** Documents made available to the template. */
  docs?: Document[];
  /** Metadata that overrides the frontmatter (model, config...), as Dotprompt merges it. */
  metadata?: PromptMetadata;
}

/** Why a prompt could not be rendered (bad template, missing partial, bad schema). */
export class PromptRenderError extends Error {
  override readonly name = 'PromptRenderError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

function createDotprompt(options: RenderPromptOptions): Dotprompt {
  const dotprompt = new Dotprompt({
    partials: options.partials,
    partialResolver: options.partialResolver,
    schemas: options.schemas,
    tools: options.tools,
    helpers: options.helpers,
  });
  return dotprompt;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Renders `source` with `input` into `{ messages, config, model, input, output, ... }`.
 * Rejects with {@link PromptRenderError} when the template or its metadata is invalid.
 */
export async function renderPrompt(
  source: string,
  input: Record<string, unknown> = {},
  options: RenderPromptOptions = {},
): Promise<RenderedPrompt> {
  const data: DataArgument = { input };
  if (options.messages) data.messages = options.messages;
  if (options.context) data.context = options.context;
  if (options.docs) data.docs = options.docs;
  try {
    const dotprompt = createDotprompt(options);
    // dotprompt 1.1.2's render() drops `input` and ignores the override metadata when it
    // resolves model/config; the spec (and a runner that honours overrides) wants both, so the
    // metadata comes from renderMetadata() with the overrides and the messages from render().
    const [metadata, rendered] = await Promise.all([
      dotprompt.renderMetadata(source, options.metadata),
      dotprompt.render(source, data, options.metadata),
    ]);
    return { ...metadata, messages: rendered.messages };
  } catch (error) {
    throw new PromptRenderError(`Cannot render prompt: ${describe(error)}`, { cause: error });
  }
}

/**
 * The prompt's resolved metadata without rendering the body: model, config, and `input.schema`
 * already converted from Picoschema to JSON Schema. Rejects with {@link PromptRenderError}.
 */
export async function renderPromptMetadata(
  source: string,
  options: RenderPromptOptions = {},
): Promise<PromptMetadata> {
  try {
    return await createDotprompt(options).renderMetadata(source, options.metadata);
  } catch (error) {
    throw new PromptRenderError(`Cannot read prompt metadata: ${describe(error)}`, { cause: error });
  }
}

/** The text of a rendered message's text parts, joined (media and tool parts left out). */
export function messageText(message: Message): string {
  return message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}
