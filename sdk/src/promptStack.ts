/**
 * The client: prompts served from memory and revalidated in the background, generations and
 * scores logged through a bounded, batched, retried queue. Nothing here throws into the
 * application except a first `getPrompt` that can neither reach the server nor read a fallback.
 */
import { randomUUID } from 'node:crypto';
import { runPrompt, type Message as CoreMessage } from '@promptstack/core';
import { DeliveryQueue, type DeliveryStats } from './deliveryQueue.ts';
import { PromptStackError, describeError } from './errors.ts';
import type { FetchLike, HttpClient } from './http.ts';
import type { Prompt } from './prompt.ts';
import { PromptCache, type GetPromptOptions } from './promptCache.ts';
import type { RunnerOptions, RunResult } from './types.ts';
import type { GenerationItem, PromptReference } from './wire.ts';

/** How the client reaches the server and paces its work. */
export interface PromptStackOptions {
  /** An API key (`psk_...`) with `prompts:read` and `generations:write`. */
  apiKey: string;
  /** The server's origin, e.g. `https://promptstack.example.com`. */
  baseUrl: string;
  /**
   * The project, for a workspace-wide key: the default of `getPrompt`'s `projectId`, and where the
   * server looks up the prompt names of logged generations. A project key needs none.
   */
  projectId?: string;
  /** How long a fetched prompt is served before it is revalidated (default 60 s). */
  ttlMs?: number;
  /** Per-request timeout (default 2 s): past it the stale copy or fallback is served, or a batch retried. */
  timeoutMs?: number;
  /** Receives every failure the client handles for you (it never throws them). Default: `console.warn`. */
  onError?: (error: PromptStackError) => void;
  /** Queued items are sent at least this often (default 1 s). */
  flushIntervalMs?: number;
  /** Items per request, and the queue length that triggers a send at once (default 100, at most 1000). */
  maxBatch?: number;
  /** Items kept at most; past it new items are dropped and counted (default 10,000). */
  maxQueue?: number;
  /** How long `flush()` (and the flush at exit) keeps retrying (default 10 s). */
  flushTimeoutMs?: number;
  /** First retry wait ceiling (default 500 ms); doubles per failure up to `retryMaxMs` (default 30 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** Flush when the process is about to exit (`beforeExit`; default true). */
  flushOnExit?: boolean;
  /** The `fetch` to use (default: the global one). */
  fetch?: FetchLike;
}

/** What the application did with a prompt. Only `prompt` and `output` are required. */
export interface LogGenerationInput {
  /** The prompt (as `getPrompt` gave it) or its name with an optional version or label. */
  prompt: Prompt | PromptReference;
  input?: unknown;
  output: string;
  /** Default: the prompt's model. */
  model?: string;
  usage?: { inputTokens: number; outputTokens: number };
  latencyMs?: number;
  /** Default: `error` when `error` is given, else `success`. */
  status?: 'success' | 'error';
  error?: string | Error;
  /** Leave out to have the server price the usage from its price list. */
  costUsd?: number;
  /** The application's end user. */
  userId?: string;
  sessionId?: string;
  metadata?: Record<string, unknown>;
  /** The idempotency id; default a new UUID. */
  id?: string;
  /** Default: now. */
  startedAt?: Date | string;
}

/** Options of {@link PromptStack.run}: what core's runner needs, and what to log beside the result. */
export interface RunOptions extends RunnerOptions {
  userId?: string;
  sessionId?: string;
  metadata?: Record<string, unknown>;
}

/** A run's result with the id it was logged under (for scores). */
export type LoggedRunResult = RunResult & { generationId: string };

export class PromptStack {
  private readonly cache: PromptCache;
  private readonly queue: DeliveryQueue;
  private readonly reportError: (error: PromptStackError) => void;
  private readonly onBeforeExit: (() => void) | undefined;
  private exiting = false;
  private readonly projectId: string | undefined;

  constructor(options: PromptStackOptions) {
    if (!options || typeof options.apiKey !== 'string' || options.apiKey === '') throw new PromptStackError('PromptStack needs an apiKey (psk_...)');
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl))
      throw new PromptStackError(`PromptStack needs a baseUrl starting with http:// or https:// (got ${JSON.stringify(options.baseUrl)})`);
    const onError = options.onError ?? ((error: PromptStackError) => console.warn(`[promptstack] ${error.message}`));
    // A throwing hook must not break the client's own bookkeeping.
    this.reportError = (error) => {
      try {
        onError(error);
      } catch {}
    };
    const fetchImpl = options.fetch ?? ((input: string, init: RequestInit) => globalThis.fetch(input, init));
    const client: HttpClient = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      apiKey: options.apiKey,
      timeoutMs: options.timeoutMs ?? 2_000,
      fetch: fetchImpl,
    };
    this.cache = new PromptCache(client, options.ttlMs ?? 60_000, this.reportError);
    this.projectId = options.projectId;
    this.queue = new DeliveryQueue(client, {
      projectId: options.projectId,
      maxQueue: options.maxQueue ?? 10_000,
      maxBatch: options.maxBatch ?? 100,
      flushIntervalMs: options.flushIntervalMs ?? 1_000,
      flushTimeoutMs: options.flushTimeoutMs ?? 10_000,
      backoff: { baseMs: options.retryBaseMs ?? 500, maxMs: options.retryMaxMs ?? 30_000 },
      onError: this.reportError,
    });
    if (options.flushOnExit !== false) {
      this.onBeforeExit = () => this.flushAtExit();
      process.on('beforeExit', this.onBeforeExit);
    }
  }

  /**
   * The prompt under `label` (default `production`) or `version`. After the first fetch it comes
   * from memory (the same object, an already-resolved promise); see the README for revalidation
   * and fallback. A label split by a live experiment answers the arm assigned to `unitKey` (the same
   * arm for the same key in every process, with no request), or a random arm by weight without one;
   * the prompt's `version` is the arm and `experimentId` the experiment, and generations logged with
   * it carry both. Rejects only when a first fetch fails and no `fallback` file can be read.
   */
  getPrompt(name: string, options?: GetPromptOptions): Promise<Prompt> {
    if (this.projectId !== undefined && options?.projectId === undefined) return this.cache.get(name, { ...options, projectId: this.projectId });
    return this.cache.get(name, options);
  }

  /** Queues one generation for delivery and returns its id (for scores). Never throws. */
  logGeneration(generation: LogGenerationInput): string {
    const id = typeof generation?.id === 'string' && generation.id ? generation.id : randomUUID();
    try {
      const item = toWire(id, generation);
      this.queue.enqueue({ kind: 'generation', id, json: JSON.stringify(item) });
    } catch (error) {
      this.queue.stats.rejected++;
      this.reportError(new PromptStackError(`Cannot log generation ${id}: ${describeError(error)}`, { cause: error }));
    }
    return id;
  }

  /** Queues a score (a thumbs up, a rating) for a logged generation; sent after that generation. Never throws. */
  score(generationId: string, name: string, value: number, comment?: string): void {
    if (typeof generationId !== 'string' || typeof name !== 'string' || name === '' || typeof value !== 'number' || !Number.isFinite(value)) {
      this.queue.stats.rejected++;
      this.reportError(new PromptStackError(`Cannot score generation ${String(generationId)}: needs a generation id, a name and a finite number value`));
      return;
    }
    this.queue.enqueue({ kind: 'score', body: comment === undefined ? { generationId, name, value } : { generationId, name, value, comment } });
  }

  /**
   * Runs the prompt with core's runner (render, call the provider, price), logs the generation,
   * and returns the result with its `generationId`. Like the runner, never throws: a failed call
   * is a result with `status: 'error'`, and is logged as one.
   */
  async run(prompt: Prompt, input: Record<string, unknown> = {}, options: RunOptions = {}): Promise<LoggedRunResult> {
    const { userId, sessionId, metadata, ...runOptions } = options;
    const { history, ...rest } = runOptions;
    const core = await runPrompt({ ...rest, ...(history ? { history: history as CoreMessage[] } : {}), source: prompt.source, input });
    const result = core as RunResult;
    const generation: LogGenerationInput = {
      prompt,
      input,
      output: result.output,
      model: result.model,
      usage: { inputTokens: result.inputTokens, outputTokens: result.outputTokens },
      latencyMs: result.latencyMs,
      status: result.status,
      startedAt: result.startedAt,
    };
    if (result.error) generation.error = result.error.message;
    if (result.priced) generation.costUsd = result.costUsd;
    if (userId !== undefined) generation.userId = userId;
    if (sessionId !== undefined) generation.sessionId = sessionId;
    if (metadata !== undefined) generation.metadata = metadata;
    return { ...result, generationId: this.logGeneration(generation) };
  }

  /** Delivers everything queued (retrying up to `flushTimeoutMs`). Never rejects; failures go to `onError`. */
  flush(): Promise<void> {
    return this.queue.flush();
  }

  /** Flushes and stops the timers; the client logs nothing more afterwards. */
  async close(): Promise<void> {
    if (this.onBeforeExit) process.off('beforeExit', this.onBeforeExit);
    await this.queue.close();
  }

  /** A snapshot of the delivery counters. */
  get stats(): DeliveryStats {
    return { ...this.queue.stats };
  }

  /** At exit: one last flush; what it cannot deliver is counted as dropped and reported. */
  private flushAtExit(): void {
    if (this.exiting || this.queue.stats.queued === 0) return;
    this.exiting = true;
    void this.queue.flush().then(() => {
      const left = this.queue.abandon();
      if (left > 0) this.reportError(new PromptStackError(`${left} item(s) could not be delivered before the process exited`));
      this.exiting = false;
    });
  }
}

function isPrompt(prompt: LogGenerationInput['prompt']): prompt is Prompt {
  return typeof (prompt as Prompt).reference === 'function';
}

/** The wire item for a generation; throws on what the server would reject anyway. */
function toWire(id: string, generation: LogGenerationInput): GenerationItem {
  const { prompt } = generation;
  if (!prompt || typeof prompt.name !== 'string' || prompt.name === '')
    throw new Error('`prompt` must be a Prompt or { name, version?, label?, experimentId? }');
  const reference = isPrompt(prompt) ? prompt.reference() : prompt;
  const model = generation.model ?? (isPrompt(prompt) ? (prompt.model ?? undefined) : undefined);
  if (typeof model !== 'string' || model === '') throw new Error('`model` is required when the prompt names none');
  const error = generation.error instanceof Error ? generation.error.message : generation.error;
  const startedAt = generation.startedAt instanceof Date ? generation.startedAt.toISOString() : (generation.startedAt ?? new Date().toISOString());
  const item: GenerationItem = {
    id,
    prompt: reference,
    model,
    input: generation.input ?? null,
    output: typeof generation.output === 'string' ? generation.output : JSON.stringify(generation.output ?? ''),
    // The server stores whole tokens and milliseconds.
    usage: { inputTokens: Math.round(generation.usage?.inputTokens ?? 0), outputTokens: Math.round(generation.usage?.outputTokens ?? 0) },
    latencyMs: Math.round(generation.latencyMs ?? 0),
    status: generation.status ?? (error ? 'error' : 'success'),
    startedAt,
  };
  if (error) item.error = error;
  if (generation.costUsd !== undefined) item.costUsd = generation.costUsd;
  if (generation.userId !== undefined) item.userId = generation.userId;
  if (generation.sessionId !== undefined) item.sessionId = generation.sessionId;
  if (generation.metadata !== undefined) item.metadata = generation.metadata;
  return item;
}
