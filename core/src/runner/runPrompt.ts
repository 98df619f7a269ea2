/**
 * Runs a `.prompt`: render with dotprompt, validate input, call the provider (streaming or not,
 * with timeouts, retries and cancel), and price the usage. The extension's local runs and the
 * backend's recorded runs both go through here, so they behave the same.
 */
import { costUsd } from '../models/catalog.ts';
import { createProviderRegistry } from '../providers/createProvider.ts';
import { systemClock } from './clock.ts';
import { describeViolations, validateOutput } from '../structured/validateOutput.ts';
import type { ChatRequest } from '../providers/types.ts';
import { runFailedBeforeCall } from './failedRun.ts';
import { prepareRun } from './prepareRun.ts';
import { DEFAULT_RETRY_POLICY } from './retry.ts';
import { runTurns } from './runTurns.ts';
import { DEFAULT_MAX_TOOL_TURNS, DEFAULT_TIMEOUT_MS, type RunPromptOptions, type RunResult } from './types.ts';

/** Default max_tokens for Anthropic when the config gives none, capped below the catalog limit. */
const DEFAULT_MAX_OUTPUT_TOKENS = 4096;

/** Runs a prompt once. Never throws: every failure is a result with `status: 'error'`. */
export async function runPrompt(options: RunPromptOptions): Promise<RunResult> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const startedAt = new Date(started).toISOString();

  if (options.signal?.aborted) {
    return runFailedBeforeCall({
      model: options.model ?? '',
      config: options.config ?? {},
      startedAt,
      error: { kind: 'cancelled', message: 'The run was cancelled' },
    });
  }
  const prepared = await prepareRun(options);
  if (!prepared.ok) {
    const { failure } = prepared;
    return runFailedBeforeCall({
      model: failure.modelId,
      messages: failure.messages,
      config: failure.config,
      startedAt,
      durationMs: clock.now() - started,
      error: { kind: 'invalid_input', message: failure.message },
    });
  }
  const { run } = prepared;
  const info = run.model.info;
  const provider = options.providers?.[run.model.provider] ?? createProviderRegistry(options.credentials, options.providers)[run.model.provider];

  const request: ChatRequest = {
    model: run.model.apiModel,
    messages: run.messages,
    config: run.config,
    compatible: info === undefined,
    defaultMaxOutputTokens: Math.min(info?.maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS, DEFAULT_MAX_OUTPUT_TOKENS),
  };
  if (run.output) request.output = run.output;
  if (run.tools) request.tools = run.tools;
  const outcome = await runTurns(
    request,
    {
      provider,
      stream: options.stream ?? options.onToken !== undefined,
      onToken: options.onToken,
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
      clock,
      random: options.random ?? Math.random,
    },
    { onToolCall: options.onToolCall, maxToolTurns: options.maxToolTurns ?? DEFAULT_MAX_TOOL_TURNS },
  );

  const { inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens } = outcome.usage;
  // Priced at the start of the run, so a price change mid-run or later never re-prices it.
  const cost = info ? costUsd(info, outcome.usage, new Date(started)) : undefined;
  const result: RunResult = {
    status: outcome.error ? 'error' : 'success',
    output: outcome.output,
    messages: run.messages,
    model: run.modelId,
    apiModel: run.model.apiModel,
    provider: run.model.provider,
    config: run.config,
    inputTokens,
    outputTokens,
    costUsd: cost ?? 0,
    priced: cost !== undefined,
    latencyMs: outcome.latencyMs,
    durationMs: clock.now() - started,
    startedAt,
    attempts: outcome.attempts,
  };
  if (cachedInputTokens) result.cachedInputTokens = cachedInputTokens;
  if (cacheWriteTokens) result.cacheWriteTokens = cacheWriteTokens;
  if (outcome.finishReason) result.finishReason = outcome.finishReason;
  if (outcome.toolCalls.length > 0) result.toolCalls = outcome.toolCalls;
  if (outcome.error) {
    const { kind, message, status } = outcome.error;
    result.error = status === undefined ? { kind, message } : { kind, message, status };
  } else if (run.output && !outcome.endedInToolCalls) {
    // The call happened and is kept (text, tokens, cost); only its verdict changes.
    const check = validateOutput(outcome.output, run.output.schema);
    if (check.value !== undefined) result.outputJson = check.value;
    result.schemaValid = check.valid;
    if (!check.valid) {
      result.status = 'error';
      result.error = { kind: 'invalid_output', message: describeViolations(check.violations), violations: check.violations };
    }
  }
  if (run.output && result.schemaValid === undefined) result.schemaValid = false;
  return result;
}
