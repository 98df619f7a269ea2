/**
 * The public shapes the SDK shares with core's renderer and runner, declared here so that the
 * published type declarations stand alone (core is bundled into the JavaScript, not published).
 * `typeChecks.ts` holds them to core's own types: if core changes, the type check fails.
 */

/** Model settings from the frontmatter `config:` block, as Dotprompt names them. */
export interface ModelConfig {
  temperature?: number;
  maxOutputTokens?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  [key: string]: unknown;
}

/** One part of a rendered message: text, media, data or a tool call (Dotprompt's `Part`). */
export interface Part {
  text?: string;
  media?: { url: string; contentType?: string };
  data?: unknown;
  toolRequest?: unknown;
  toolResponse?: unknown;
  metadata?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A rendered message (Dotprompt's `Message`): `model` is the assistant's role. */
export interface Message {
  role: 'system' | 'user' | 'model' | 'tool';
  content: Part[];
  metadata?: Record<string, unknown>;
}

/** The providers `run` can call. */
export type ProviderId = 'openai' | 'anthropic' | 'googleai';

/** How to reach one provider; nothing left out is read from the environment. */
export interface ProviderCredentials {
  apiKey?: string;
  baseURL?: string;
  timeoutMs?: number;
}

/** Credentials per provider. */
export type ProviderCredentialsMap = Partial<Record<ProviderId, ProviderCredentials>>;

/** Why a run failed (`invalid_output`: the answer is not JSON or breaks `output.schema`; `tool_turns`: too many tool rounds). */
export interface RunError {
  kind: 'rate_limit' | 'auth' | 'timeout' | 'cancelled' | 'provider' | 'network' | 'invalid_input' | 'invalid_output' | 'tool_turns';
  message: string;
  status?: number;
  /** `invalid_output` only: where the answer breaks the schema and how. */
  violations?: Array<{ path: string; message: string }>;
}

/** A tool call the model made, with the result it was given and the turn it came in. */
export interface ToolCallRecord {
  id: string;
  name: string;
  arguments: unknown;
  result?: unknown;
  turn: number;
}

/** A finished run (core's `RunResult`): runs never throw, failures are data. */
export interface RunResult {
  status: 'success' | 'error';
  output: string;
  messages: Message[];
  model: string;
  apiModel?: string;
  provider?: ProviderId;
  config: ModelConfig;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens?: number;
  cacheWriteTokens?: number;
  /** From usage x price on the run's date; 0 when the model has no price (`priced: false`). */
  costUsd: number;
  priced: boolean;
  latencyMs: number;
  durationMs: number;
  startedAt: string;
  finishReason?: string;
  error?: RunError;
  attempts: number;
  /** The parsed answer when the prompt's output is JSON. */
  outputJson?: unknown;
  /** Present when the output is JSON: whether the answer parsed and matched `output.schema`. */
  schemaValid?: boolean;
  toolCalls?: ToolCallRecord[];
}

/** What `run` passes on to core's runner. */
export interface RunnerOptions {
  credentials?: ProviderCredentialsMap;
  /** Overrides the prompt's model. */
  model?: string;
  /** Merged over the prompt's config. */
  config?: ModelConfig;
  /** Earlier turns for `{{history}}`. */
  history?: Message[];
  /** `@` variables. */
  context?: Record<string, unknown>;
  signal?: AbortSignal;
  /** Streams, calling this with each piece of text. */
  onToken?: (text: string) => void;
  /** Per-attempt timeout of the provider call (default 60 s). */
  timeoutMs?: number;
}
