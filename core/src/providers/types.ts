/**
 * The provider interface the runner calls: one request shape (Dotprompt's rendered messages and
 * config), one completion shape, one stream chunk shape, whatever the API behind it.
 */
import type { JSONSchema, Message, ToolDefinition } from 'dotprompt';
import type { ClassifiedError } from './errors.ts';
import type { RunnableProviderId } from './runnableProviders.ts';

export type { RunnableProviderId } from './runnableProviders.ts';

/** Model settings from the frontmatter `config:` block, as Dotprompt/Genkit name them. */
export interface ModelConfig {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  /** Anthropic and Gemini; OpenAI has no top-k. */
  topK?: number;
  stopSequences?: string[];
  [key: string]: unknown;
}

/** What a provider is asked to complete. */
export interface ChatRequest {
  /** The id sent to the API (bare: `gpt-4o`, `claude-3-5-haiku-20241022`). */
  model: string;
  messages: Message[];
  config: ModelConfig;
  /** Anthropic needs max_tokens; this is used when `config.maxOutputTokens` is absent. */
  defaultMaxOutputTokens?: number;
  /**
   * True when the model is not in the catalog, i.e. served by an OpenAI-compatible server
   * (Ollama, vLLM): such servers get `max_tokens` rather than `max_completion_tokens`.
   */
  compatible?: boolean;
  /** Per-request timeout given to the SDK (the runner also enforces its own). */
  timeoutMs?: number;
  /** The answer's shape: JSON (validated against `schema` when given) or plain text. */
  output?: RequestedOutput;
  /** Tools the model may call (JSON Schema inputs). */
  tools?: ToolDefinition[];
}

/** The output a request asks for: `json` uses the provider's structured-output (or JSON) mode. */
export interface RequestedOutput {
  format: 'json' | 'text';
  schema?: JSONSchema;
}

/** A tool call the model asked for: the provider's call id, the tool name, the parsed arguments. */
export interface ToolCall {
  id: string;
  name: string;
  arguments: unknown;
}

/** Token counts as the provider reported them. */
export interface Usage {
  /** Every input token, read from the prompt cache or not. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the prompt cache (billed cheaper), when the provider says. */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache (Anthropic bills them dearer), when the provider says. */
  cacheWriteTokens?: number;
}

/** A finished, non-streamed answer. */
export interface Completion {
  text: string;
  usage: Usage;
  /** The provider's reason (`stop`, `length`, `end_turn`, `max_tokens`...). */
  finishReason?: string;
  /** The model id the provider says answered. */
  model?: string;
  /** Tool calls the model asked for (absent when none). */
  toolCalls?: ToolCall[];
}

/**
 * One piece of a streamed answer; a stream ends with exactly one `usage` chunk. Tool calls come
 * whole (`tool_call`), once the provider has streamed all of their arguments.
 */
export type Chunk =
  { type: 'text'; text: string } | { type: 'tool_call'; call: ToolCall } | { type: 'usage'; usage: Usage; finishReason?: string; model?: string };

/** A chat API. Errors are the SDK's own; `classifyProviderError` turns them into run errors. */
export interface ChatProvider {
  readonly id: RunnableProviderId;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<Completion>;
  stream(request: ChatRequest, signal?: AbortSignal): AsyncIterable<Chunk>;
  /**
   * Classifies the errors this provider's SDK throws, with the SDK's error classes as the
   * provider's module loaded them (undefined: not one of its own); the runner tries it before
   * `classifyProviderError`.
   */
  classifyError?(error: unknown, now: number): ClassifiedError | undefined;
}

/**
 * How to reach a provider. Nothing left out is read from the environment: no key means the
 * provider's 401, no base URL the provider's public API. Entry points read env variables.
 */
export interface ProviderCredentials {
  apiKey?: string;
  baseURL?: string;
  /** Default per-request timeout in milliseconds. */
  timeoutMs?: number;
}
