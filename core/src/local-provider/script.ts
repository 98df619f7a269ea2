/**
 * Scripted behaviour of the local provider, per model: latency, failures (seeded, so a test
 * run is repeatable), output and chunking. Shared by every provider's wire handler.
 */
import type { RunnableProviderId } from '../providers/runnableProviders.ts';

/** How the server fails a request. */
export interface FailWith {
  status: number;
  /** Sent as the `Retry-After` header: seconds (number) or any string (an HTTP date). */
  retryAfter?: number | string;
  message?: string;
}

/** One request as the server received it (what tests assert on). */
export interface LoggedRequest {
  /** Wire protocol the request came in on (the provider's id). */
  api: RunnableProviderId;
  method: string;
  path: string;
  /** Request headers, lower-cased names. */
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  model: string;
  stream: boolean;
  /** The status the server answered with. */
  status: number;
}

/** A tool call the server answers with (it gives the id). */
export interface ScriptedToolCall {
  name: string;
  arguments: unknown;
}

/** A tool call as written on the wire, with the id the server gave it. */
export interface AnswerToolCall extends ScriptedToolCall {
  id: string;
}

/** Behaviour for the models matching one pattern. */
export interface ModelScript {
  /** Delay before the response starts. */
  latencyMs?: number;
  /** Delay between streamed chunks (lets a test cancel mid-stream). */
  chunkDelayMs?: number;
  /** Share of requests that fail with `failWith` (0..1), drawn from the seeded generator. */
  failureRate?: number;
  /** The first N requests for this pattern fail with `failWith` (then the rate applies). */
  failFirst?: number;
  /** Defaults to a 500. */
  failWith?: FailWith;
  /** Answer text; defaults to an echo of the last user message. */
  output?: string | ((request: LoggedRequest) => string);
  /** Output tokens per streamed chunk (default 1). */
  tokensPerChunk?: number;
  /** Seed of the failure generator (default 1). */
  seed?: number;
  /** Input tokens reported as read from the prompt cache (capped at the request's input tokens). */
  cachedInputTokens?: number;
  /**
   * Answer with this value as JSON text (what every protocol's structured-output mode returns);
   * takes the place of `output`.
   */
  json?: unknown;
  /**
   * Tool calls to answer with. A list answers the first turn (a request with no tool results yet)
   * with these calls, and later turns with the text answer; a function is asked on every turn
   * (1 + the model's tool-call turns already in the request) and answers with text when it
   * returns nothing.
   */
  toolCalls?: ScriptedToolCall[] | ((request: LoggedRequest, turn: number) => ScriptedToolCall[] | undefined);
}

/** Scripts by model pattern: exact id or a glob with `*` (`gpt-*`, `*`). First match wins. */
export type ProviderScript = Record<string, ModelScript>;

/** What the server will do with one request. */
export type Plan =
  | { kind: 'fail'; latencyMs: number; failWith: FailWith }
  | {
      kind: 'answer';
      latencyMs: number;
      chunkDelayMs: number;
      tokens: string[];
      tokensPerChunk: number;
      truncated: boolean;
      cachedInputTokens: number;
      /** Empty unless this turn answers with tool calls (then `tokens` is empty). */
      toolCalls: ScriptedToolCall[];
    };

/** mulberry32: a tiny seeded generator, so failure rates are repeatable. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Splits text into the server's "tokens": words with their trailing whitespace. */
export function splitTokens(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? [];
}

/** Token count of request text, by the same word rule (deterministic, tests can predict it). */
export function countTokens(text: string): number {
  return (text.match(/\S+/g) ?? []).length;
}

/** Keeps per-pattern state (request counts, generators) across requests. */
export class ScriptBook {
  private readonly entries: { pattern: string; regex: RegExp; script: ModelScript; count: number; random: () => number }[];

  constructor(script: ProviderScript = {}) {
    this.entries = Object.entries(script).map(([pattern, model]) => ({
      pattern,
      regex: globToRegExp(pattern),
      script: model,
      count: 0,
      random: mulberry32(model.seed ?? 1),
    }));
  }

  /**
   * Decides the response to `request`, given the default echo text, the max token budget and the
   * turn (1 + the tool-call turns already in the request).
   */
  plan(request: LoggedRequest, echo: string, maxTokens: number | undefined, turn = 1): Plan {
    const entry = this.entries.find((candidate) => candidate.regex.test(request.model));
    const script = entry?.script ?? {};
    const latencyMs = script.latencyMs ?? 0;
    if (entry) {
      entry.count += 1;
      const failByCount = entry.count <= (script.failFirst ?? 0);
      // Always draw, so the sequence of outcomes depends only on the seed and request order.
      const draw = entry.random();
      if (failByCount || draw < (script.failureRate ?? 0)) {
        return { kind: 'fail', latencyMs, failWith: script.failWith ?? { status: 500, message: 'Scripted failure' } };
      }
    }
    const scripted = typeof script.toolCalls === 'function' ? script.toolCalls(request, turn) : turn === 1 ? script.toolCalls : undefined;
    const toolCalls = scripted ?? [];
    const json = typeof script.json === 'function' ? (script.json as (request: LoggedRequest) => unknown)(request) : script.json;
    const text = json !== undefined ? JSON.stringify(json) : typeof script.output === 'function' ? script.output(request) : (script.output ?? echo);
    const output = toolCalls.length > 0 ? '' : text;
    let tokens = splitTokens(output);
    const truncated = maxTokens !== undefined && tokens.length > maxTokens;
    if (truncated) tokens = tokens.slice(0, maxTokens);
    return {
      kind: 'answer',
      latencyMs,
      chunkDelayMs: script.chunkDelayMs ?? 0,
      tokens,
      tokensPerChunk: Math.max(1, script.tokensPerChunk ?? 1),
      truncated,
      cachedInputTokens: script.cachedInputTokens ?? 0,
      toolCalls,
    };
  }
}

/** Groups tokens into chunks of `size`. */
export function chunkTokens(tokens: string[], size: number): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += size) chunks.push(tokens.slice(i, i + size).join(''));
  return chunks;
}
