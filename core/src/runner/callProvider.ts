/**
 * One provider call with the runner's policies: per-attempt timeout, cancellation, retries with
 * backoff and `Retry-After`, streaming to `onToken`. Returns data; never throws.
 */
import { classifyProviderError, type ClassifiedError } from '../providers/errors.ts';
import type { ChatProvider, ChatRequest, ToolCall, Usage } from '../providers/types.ts';
import type { Clock } from './clock.ts';
import { retryDelay, type RetryPolicy } from './retry.ts';

/** How a call ended. */
export interface CallOutcome {
  output: string;
  usage: Usage;
  finishReason?: string;
  /** Tool calls the model asked for (absent when none). */
  toolCalls?: ToolCall[];
  error?: ClassifiedError;
  attempts: number;
  /** Duration of the last attempt. */
  latencyMs: number;
}

/** What a call needs besides the request. */
export interface CallSettings {
  provider: ChatProvider;
  stream: boolean;
  onToken?: (text: string) => void;
  signal?: AbortSignal;
  timeoutMs: number;
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
}

interface AttemptResult {
  output: string;
  usage: Usage;
  finishReason?: string;
  toolCalls?: ToolCall[];
  error?: ClassifiedError;
  /** Tokens already reached the caller, so a retry would repeat them. */
  emitted: boolean;
}

const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };

async function attempt(request: ChatRequest, settings: CallSettings): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  // Real timers here (not the injectable clock): the timeout must fire while the request is in flight.
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const cancel = () => controller.abort();
  settings.signal?.addEventListener('abort', cancel, { once: true });
  let output = '';
  let emitted = false;
  try {
    if (!settings.stream) {
      const completion = await settings.provider.complete(request, controller.signal);
      return { output: completion.text, usage: completion.usage, finishReason: completion.finishReason, toolCalls: completion.toolCalls, emitted };
    }
    let usage = NO_USAGE;
    let finishReason: string | undefined;
    const toolCalls: ToolCall[] = [];
    for await (const chunk of settings.provider.stream(request, controller.signal)) {
      if (chunk.type === 'text') {
        output += chunk.text;
        emitted = true;
        settings.onToken?.(chunk.text);
      } else if (chunk.type === 'tool_call') {
        toolCalls.push(chunk.call);
      } else {
        usage = chunk.usage;
        finishReason = chunk.finishReason;
      }
    }
    // An SDK may end a stream quietly on abort; an abort is never a success.
    if (controller.signal.aborted) throw new DOMException('aborted', 'AbortError');
    return { output, usage, finishReason, toolCalls: toolCalls.length > 0 ? toolCalls : undefined, emitted };
  } catch (error) {
    const now = settings.clock.now();
    let classified = settings.provider.classifyError?.(error, now) ?? classifyProviderError(error, now);
    if (timedOut) classified = { kind: 'timeout', message: `No answer within ${settings.timeoutMs} ms`, retryable: false };
    else if (settings.signal?.aborted) classified = { kind: 'cancelled', message: 'The run was cancelled', retryable: false };
    return { output, usage: NO_USAGE, error: classified, emitted };
  } finally {
    clearTimeout(timer);
    settings.signal?.removeEventListener('abort', cancel);
  }
}

/** Calls the provider until success, a final error, or the attempts run out. */
export async function callProvider(request: ChatRequest, settings: CallSettings): Promise<CallOutcome> {
  const { clock, policy } = settings;
  for (let attempts = 1; ; attempts += 1) {
    const started = clock.now();
    const result = await attempt({ ...request, timeoutMs: settings.timeoutMs }, settings);
    const latencyMs = clock.now() - started;
    if (!result.error) {
      const outcome: CallOutcome = { output: result.output, usage: result.usage, finishReason: result.finishReason, attempts, latencyMs };
      if (result.toolCalls?.length) outcome.toolCalls = result.toolCalls;
      return outcome;
    }
    const delay = result.emitted ? undefined : retryDelay(result.error, attempts, policy, settings.random);
    if (delay === undefined) return { output: result.output, usage: result.usage, error: result.error, attempts, latencyMs };
    await clock.sleep(delay, settings.signal);
    if (settings.signal?.aborted) {
      return { output: '', usage: NO_USAGE, error: { kind: 'cancelled', message: 'The run was cancelled', retryable: false }, attempts, latencyMs };
    }
  }
}
