/**
 * Rendering a `.prompt` source into messages, with the `dotprompt` library itself so that
 * PromptStack renders exactly what Genkit renders (the conformance test holds us to it).
 */
import { Dotprompt } from 'dotprompt';
import type { DataArgument, Document, DotpromptOptions, JSONSchema, Message, PromptFunction, PromptMetadata, RenderedPrompt, ToolDefinition } from 'dotprompt';

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

/** The parts of dotprompt's (JS-public, TS-private) internals the isolation below touches. */
interface DotpromptInternals {
  handlebars: { create(): DotpromptInternals['handlebars']; helpers: Record<string, unknown>; registerHelper(name: string, fn: unknown): void };
  knownHelpers: Record<string, boolean>;
}

/**
 * dotprompt 1.1.2 registers partials and helpers on the one global Handlebars instance
 * (`Handlebars.noConflict()` returns it), so a partial defined for one prompt leaks into every
 * other one, which for a server rendering many workspaces is wrong. Each instance gets its own
 * Handlebars environment, with dotprompt's helpers copied over, before any partial is defined.
 */
function createDotprompt(options: RenderPromptOptions): Dotprompt {
  const dotprompt = new Dotprompt({
    partialResolver: options.partialResolver,
    schemas: options.schemas,
    tools: options.tools,
  });
  const internals = dotprompt as unknown as DotpromptInternals;
  const shared = internals.handlebars;
  const isolated = shared.create();
  // create() leaves out what the top-level build adds (Visitor, which dotprompt uses to find partials).
  for (const [key, value] of Object.entries(shared)) if (!(key in isolated)) (isolated as unknown as Record<string, unknown>)[key] = value;
  for (const name of Object.keys(internals.knownHelpers)) isolated.registerHelper(name, shared.helpers[name]);
  internals.handlebars = isolated;
  for (const [name, helper] of Object.entries(options.helpers ?? {})) dotprompt.defineHelper(name, helper);
  for (const [name, partial] of Object.entries(options.partials ?? {})) dotprompt.definePartial(name, partial);
  memoiseTemplateMetadata(dotprompt);
  return dotprompt;
}

/**
 * dotprompt 1.1.2's compiled render function resolves its prompt's own metadata (frontmatter
 * merge, Picoschema to JSON Schema) again on every call, with no overrides, and the answer
 * depends only on that parsed prompt and this instance's fixed schemas and tools; so it is kept
 * per parsed prompt. Calls with override metadata are not kept (`metadataOf` caches those).
 */
function memoiseTemplateMetadata(dotprompt: Dotprompt): void {
  type RenderMetadata = (source: unknown, additional?: PromptMetadata) => Promise<PromptMetadata>;
  const target = dotprompt as unknown as { renderMetadata: RenderMetadata };
  const resolve = target.renderMetadata.bind(dotprompt);
  const kept = new WeakMap<object, Promise<PromptMetadata>>();
  target.renderMetadata = (source, additional) => {
    if (additional !== undefined || typeof source !== 'object' || source === null) return resolve(source, additional);
    let metadata = kept.get(source);
    if (!metadata) {
      metadata = resolve(source);
      kept.set(source, metadata);
      metadata.catch(() => kept.delete(source));
    }
    return metadata;
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parsing the frontmatter and compiling the Handlebars body cost far more than rendering, and a
 * batch renders one source thousands of times; so compiled prompts are kept per source (and the
 * data-only options), unless the options carry functions, which cannot be part of a key.
 */
interface CompiledEntry {
  dotprompt: Dotprompt;
  compiled?: Promise<PromptFunction>;
  metadata: Map<string, Promise<PromptMetadata>>;
}

const CACHE_LIMIT = 100;
/** Entries of sources rendered without partials, schemas or tools (the common case), by source. */
const bySource = new Map<string, CompiledEntry>();
/** Entries of sources rendered with them, by source and those options as JSON. */
const byOptions = new Map<string, CompiledEntry>();

function entryFor(source: string, options: RenderPromptOptions): CompiledEntry {
  if (options.partialResolver || options.helpers) return { dotprompt: createDotprompt(options), metadata: new Map() };
  // Keying by the source itself spares a JSON.stringify of the whole file on every render.
  const plain = !options.partials && !options.schemas && !options.tools;
  const cache = plain ? bySource : byOptions;
  const key = plain ? source : JSON.stringify([source, options.partials ?? null, options.schemas ?? null, options.tools ?? null]);
  let entry = cache.get(key);
  if (!entry) {
    entry = { dotprompt: createDotprompt(options), metadata: new Map() };
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, entry);
  }
  return entry;
}

/** Memoises a promise, forgetting it if it rejects (a later call retries, e.g. a partial added). */
function remember<T>(store: { get(): Promise<T> | undefined; set(value: Promise<T> | undefined): void }, make: () => Promise<T>): Promise<T> {
  const existing = store.get();
  if (existing) return existing;
  const created = make();
  store.set(created);
  created.catch(() => store.set(undefined));
  return created;
}

function metadataOf(entry: CompiledEntry, source: string, overrides: PromptMetadata | undefined): Promise<PromptMetadata> {
  const key = JSON.stringify(overrides ?? null);
  return remember({ get: () => entry.metadata.get(key), set: (value) => (value ? entry.metadata.set(key, value) : entry.metadata.delete(key)) }, () =>
    entry.dotprompt.renderMetadata(source, overrides),
  );
}

function compiledOf(entry: CompiledEntry, source: string): Promise<PromptFunction> {
  return remember({ get: () => entry.compiled, set: (value) => (entry.compiled = value) }, () => entry.dotprompt.compile(source));
}

function dataFor(input: Record<string, unknown>, options: RenderPromptOptions): DataArgument {
  const data: DataArgument = { input };
  if (options.messages) data.messages = options.messages;
  if (options.context) data.context = options.context;
  if (options.docs) data.docs = options.docs;
  return data;
}

/**
 * Renders `source` with `input` into `{ messages, config, model, input, output, ... }`.
 * Rejects with {@link PromptRenderError} when the template or its metadata is invalid.
 */
export async function renderPrompt(source: string, input: Record<string, unknown> = {}, options: RenderPromptOptions = {}): Promise<RenderedPrompt> {
  try {
    const entry = entryFor(source, options);
    // dotprompt 1.1.2's render() drops `input` and ignores the override metadata when it
    // resolves model/config; the spec (and a runner that honours overrides) wants both, so the
    // metadata comes from renderMetadata() with the overrides and the messages from render().
    const [metadata, render] = await Promise.all([metadataOf(entry, source, options.metadata), compiledOf(entry, source)]);
    const rendered = await render(dataFor(input, options), options.metadata);
    // A copy: the cached metadata must not change when a caller edits its result.
    return { ...structuredClone(metadata), messages: rendered.messages };
  } catch (error) {
    throw new PromptRenderError(`Cannot render prompt: ${describe(error)}`, { cause: error });
  }
}

/**
 * Only the messages of {@link renderPrompt}, for callers that took the metadata from
 * {@link sharedPromptMetadata} already (the runner): no metadata copy per render.
 */
export async function renderPromptMessages(source: string, input: Record<string, unknown> = {}, options: RenderPromptOptions = {}): Promise<Message[]> {
  try {
    const render = await compiledOf(entryFor(source, options), source);
    return (await render(dataFor(input, options), options.metadata)).messages;
  } catch (error) {
    throw new PromptRenderError(`Cannot render prompt: ${describe(error)}`, { cause: error });
  }
}

/**
 * The prompt's resolved metadata without rendering the body: model, config, and `input.schema`
 * already converted from Picoschema to JSON Schema. Rejects with {@link PromptRenderError}.
 */
export async function renderPromptMetadata(source: string, options: RenderPromptOptions = {}): Promise<PromptMetadata> {
  return structuredClone(await sharedPromptMetadata(source, options));
}

/**
 * {@link renderPromptMetadata} without the copy: the cached object itself, shared by every
 * call, so the caller must only read it (the runner does, once per run).
 */
export async function sharedPromptMetadata(source: string, options: RenderPromptOptions = {}): Promise<Readonly<PromptMetadata>> {
  try {
    return await metadataOf(entryFor(source, options), source, options.metadata);
  } catch (error) {
    throw new PromptRenderError(`Cannot read prompt metadata: ${describe(error)}`, { cause: error });
  }
}

/** The text of a rendered message's text parts, joined (media and tool parts left out). */
export function messageText(message: Message): string {
  return message.content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}
