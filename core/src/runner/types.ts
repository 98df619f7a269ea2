/** The runner's public shapes: what a run is given and what it records. */
import type { JSONSchema, Message, ToolDefinition } from 'dotprompt';
import type { ProviderCredentialsMap, ProviderRegistry } from '../providers/createProvider.ts';
import type { RunError } from '../providers/errors.ts';
import type { ModelConfig, RunnableProviderId, ToolCall } from '../providers/types.ts';
import type { PartialResolver } from '../render/renderPrompt.ts';
import type { Clock } from './clock.ts';
import type { RetryPolicy } from './retry.ts';

export type { RunError, RunErrorKind, SchemaViolation } from '../providers/errors.ts';
export type { ToolCall } from '../providers/types.ts';

/** Default bound on model turns that end in tool calls, per run. */
export const DEFAULT_MAX_TOOL_TURNS = 5;

/** A tool call as recorded with a run: the call, its result (when one was given) and the turn (1-based) it came in. */
export type ToolCallRecord = ToolCall & { result?: unknown; turn: number };

/** Answers a tool call with the tool's result (any JSON value); a rejection ends the run as an error. */
export type ToolCallHandler = (call: ToolCall, signal?: AbortSignal) => Promise<unknown>;

/** Default per-attempt timeout. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Everything a run needs. Only `source` is required. */
export interface RunPromptOptions {
  /** The whole `.prompt` file text. */
  source: string;
  input?: Record<string, unknown>;
  /** Overrides the frontmatter `model`. */
  model?: string;
  /** Merged over the frontmatter `config`. */
  config?: ModelConfig;
  partials?: Record<string, string>;
  partialResolver?: PartialResolver;
  /** Earlier turns for `{{history}}`. */
  history?: Message[];
  /** `@` variables (`context.state` is `@state`). */
  context?: Record<string, unknown>;
  /** Providers to use; missing ones are created from `credentials` (or the SDK env variables). */
  providers?: ProviderRegistry;
  credentials?: ProviderCredentialsMap;
  /** Cancels the run (a cancelled run is an error result of kind `cancelled`). */
  signal?: AbortSignal;
  /** Called with each streamed piece of text; giving it makes the run stream. */
  onToken?: (text: string) => void;
  /** Stream even without `onToken` (default: stream exactly when `onToken` is given). */
  stream?: boolean;
  /** Per-attempt timeout (default 60 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Time source for latency, cost date and backoff waits (tests inject one). */
  clock?: Clock;
  /** Jitter source in [0, 1) (tests inject one). */
  random?: () => number;
  /** Named schemas that `input.schema`/`output.schema` may reference (Picoschema type names). */
  schemas?: Record<string, JSONSchema>;
  /**
   * Tool definitions that the prompt's `tools:` names may refer to (resolved by the caller, e.g.
   * from files beside the prompt). The prompt's own `toolDefs` are always offered.
   */
  tools?: ToolDefinition[];
  /**
   * Answers the model's tool calls; the results go back to the model, which is called again.
   * Without it, a run whose answer calls tools ends there: a success with `toolCalls` recorded
   * and `finishReason` `tool_calls`.
   */
  onToolCall?: ToolCallHandler;
  /** Most model turns that may end in tool calls (default 5); one more is an error of kind `tool_turns`. */
  maxToolTurns?: number;
}

/** A finished run, successful or not. Runs never throw; failures are data. */
export interface RunResult {
  status: 'success' | 'error';
  /** The answer text (on error: whatever streamed before the failure). */
  output: string;
  /** The messages sent, exactly as dotprompt rendered them (empty when rendering failed). */
  messages: Message[];
  /** The model id as the prompt or run named it (`openai/gpt-4o`). */
  model: string;
  /** The id sent to the API. */
  apiModel?: string;
  provider?: RunnableProviderId;
  /** The config sent (frontmatter merged with overrides). */
  config: ModelConfig;
  /** Every input token, those read from or written to the prompt cache included. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those the provider read from its prompt cache (billed cheaper); absent when none. */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to Anthropic's prompt cache (billed dearer); absent when none. */
  cacheWriteTokens?: number;
  /** From usage x catalog price on the run's date; 0 when the model has no price (`priced: false`). */
  costUsd: number;
  priced: boolean;
  /** Time of the last attempt, request to last byte. */
  latencyMs: number;
  /** Whole run including retries and backoff waits. */
  durationMs: number;
  /** ISO time the run started (the date its price is taken at). */
  startedAt: string;
  finishReason?: string;
  error?: RunError;
  /** Provider calls made (0 when the run failed before calling). */
  attempts: number;
  /**
   * The parsed answer, when the prompt declares `output.format: json` (or an `output.schema`
   * without a format, which Genkit takes as JSON) and the answer is JSON.
   */
  outputJson?: unknown;
  /**
   * Present exactly when the prompt's output is JSON (as for `outputJson`): true when the answer parsed
   * (and matched `output.schema`, if any); false otherwise, and the run is then an `invalid_output` error.
   */
  schemaValid?: boolean;
  /** Every tool call the model made, in order, with the results given back. */
  toolCalls?: ToolCallRecord[];
}
