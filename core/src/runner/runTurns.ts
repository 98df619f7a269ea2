/**
 * The conversation of one run: call the model; when it asks for tools, get their results from
 * `onToolCall`, send them back and call again, up to `maxToolTurns` turns that end in tool calls.
 * Usage, attempts and latency add up over the turns, since every call was made (and billed).
 */
import type { Message, Part } from 'dotprompt';
import type { ClassifiedError } from '../providers/errors.ts';
import type { ChatRequest, ToolCall, Usage } from '../providers/types.ts';
import { callProvider, type CallSettings } from './callProvider.ts';
import type { ToolCallHandler, ToolCallRecord } from './types.ts';

/** How the conversation ended. */
export interface TurnsOutcome {
  /** The last answer's text. */
  output: string;
  usage: Usage;
  finishReason?: string;
  error?: ClassifiedError;
  attempts: number;
  /** Summed over the turns. */
  latencyMs: number;
  /** Every tool call, with its result when one was given. */
  toolCalls: ToolCallRecord[];
  /** True when the last answer asked for tools (no handler to answer them). */
  endedInToolCalls: boolean;
}

/** What the loop needs besides the first request and the call settings. */
export interface TurnSettings {
  onToolCall?: ToolCallHandler;
  maxToolTurns: number;
}

function addUsage(total: Usage, more: Usage): Usage {
  const sum: Usage = { inputTokens: total.inputTokens + more.inputTokens, outputTokens: total.outputTokens + more.outputTokens };
  const cached = (total.cachedInputTokens ?? 0) + (more.cachedInputTokens ?? 0);
  const written = (total.cacheWriteTokens ?? 0) + (more.cacheWriteTokens ?? 0);
  if (cached) sum.cachedInputTokens = cached;
  if (written) sum.cacheWriteTokens = written;
  return sum;
}

/** The model's turn as Dotprompt parts: its text, then one `toolRequest` per call (`ref` is the call id). */
function modelTurn(text: string, calls: readonly ToolCall[]): Message {
  const content: Part[] = text ? [{ text }] : [];
  for (const call of calls) content.push({ toolRequest: { name: call.name, input: call.arguments, ref: call.id } });
  return { role: 'model', content };
}

function toolTurn(records: readonly ToolCallRecord[]): Message {
  return { role: 'tool', content: records.map((record) => ({ toolResponse: { name: record.name, output: record.result, ref: record.id } })) };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Runs the conversation to its final answer, an error, or tool calls nobody answers. Never throws. */
export async function runTurns(request: ChatRequest, settings: CallSettings, turns: TurnSettings): Promise<TurnsOutcome> {
  const toolCalls: ToolCallRecord[] = [];
  let messages = request.messages;
  let usage: Usage = { inputTokens: 0, outputTokens: 0 };
  let attempts = 0;
  let latencyMs = 0;
  for (let turn = 1; ; turn += 1) {
    const outcome = await callProvider({ ...request, messages }, settings);
    usage = addUsage(usage, outcome.usage);
    attempts += outcome.attempts;
    latencyMs += outcome.latencyMs;
    const done = { output: outcome.output, usage, finishReason: outcome.finishReason, attempts, latencyMs, toolCalls, endedInToolCalls: false };
    if (outcome.error) return { ...done, error: outcome.error };
    const calls = outcome.toolCalls ?? [];
    if (calls.length === 0) return done;
    const records: ToolCallRecord[] = calls.map((call) => ({ ...call, turn }));
    toolCalls.push(...records);
    if (!turns.onToolCall) return { ...done, finishReason: 'tool_calls', endedInToolCalls: true };
    if (turn > turns.maxToolTurns) {
      const message = `The model still called tools after ${turns.maxToolTurns} tool turn${turns.maxToolTurns === 1 ? '' : 's'} (maxToolTurns)`;
      return { ...done, finishReason: 'tool_calls', error: { kind: 'tool_turns', message, retryable: false } };
    }
    // One call at a time, in the model's order, so scripted results are handed out predictably.
    for (const record of records) {
      if (settings.signal?.aborted) return { ...done, error: { kind: 'cancelled', message: 'The run was cancelled', retryable: false } };
      try {
        record.result = await turns.onToolCall({ id: record.id, name: record.name, arguments: record.arguments }, settings.signal);
      } catch (error) {
        if (settings.signal?.aborted) return { ...done, error: { kind: 'cancelled', message: 'The run was cancelled', retryable: false } };
        return {
          ...done,
          finishReason: 'tool_calls',
          error: { kind: 'invalid_input', message: `Tool '${record.name}' gave no result: ${describe(error)}`, retryable: false },
        };
      }
    }
    messages = [...messages, modelTurn(outcome.output, calls), toolTurn(records)];
  }
}
